// Vocabulary shared by every codec entry point: the protocol variant, byte
// buffers, object identifiers and the decode error. Plain C++ only: asn1c
// types never appear outside in/codec/*.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace cmr::in::codec {

using bytes = std::vector<std::uint8_t>;
// Object identifier as its arcs, e.g. {0, 4, 0, 0, 1, 0, 50, 1}.
using oid = std::vector<std::uint32_t>;

std::string oid_to_string(const oid& o);

// Which ASN.1 definitions an argument is read or written with. The structs
// are the same for every variant; the variant decides the tags that differ
// and which fields may be sent.
enum class protocol_variant : std::uint8_t { cap_v2, cap_v3, cap_v4, inap_cs1 };

const char* to_string(protocol_variant v);
inline bool is_cap(protocol_variant v) { return v != protocol_variant::inap_cs1; }

struct decode_error {
  enum class kind : std::uint8_t {
    malformed,      // not valid BER for the expected type
    truncated,      // more bytes were needed
    too_large,      // input over the size limit
    trailing_data,  // bytes left after the value
    bad_value,      // valid BER, but a value the type does not allow
    not_supported,  // a construct this variant does not have
  };
  kind what = kind::malformed;
  std::string detail;
};

template <typename T>
using decode_result = cmr::result<T, decode_error>;

// Limits applied to every decode so that hostile input costs bounded work.
inline constexpr std::size_t max_message_size = 4096;  // larger than any SCCP UDT payload
inline constexpr std::size_t max_decoder_stack = 16 * 1024;

}  // namespace cmr::in::codec
