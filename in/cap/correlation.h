// How a correlation id travels in CAP and INAP (docs/cs-delivery.md section
// 4): EstablishTemporaryConnection carries it as Q.763 Generic Digits; the
// assisting IP's AssistRequestInstructions sends it back as Generic Digits
// or a Generic Number (some IPs send their whole routing number).
#pragma once

#include <string>

#include "in/codec/codec_types.h"

namespace cmr::in::cap {

// Q.763 Generic Digits (BCD, type of digits 0) of an id; empty when the
// digits do not encode.
codec::bytes encode_generic_digits(const std::string& digits);
// The digits of an ARI's correlationID (Generic Digits, or a Generic
// Number); empty when neither reading gives decimal digits.
std::string decode_correlation(const codec::bytes& in);

}  // namespace cmr::in::cap
