// PromptAndCollectUserInformation (48) and its result ReceivedInformation,
// CAP v2/v3/v4 (3GPP TS 29.078) and ETSI Core INAP CS-1, and the Generic
// Digits of the collected digits (docs/cs-delivery.md, "On-line copy").
#include <IN-CollectedDigits.h>
#include <IN-CollectedInfo.h>
#include <IN-PromptAndCollectUserInformationArg.h>
#include <IN-ReceivedInformationArg.h>

#include "in/codec/asn1_support.h"
#include "in/codec/information_to_send.h"
#include "in/codec/operations_codec.h"

namespace cmr::in::codec {

using namespace detail;

namespace {

bool is_v4(protocol_variant v) { return v == protocol_variant::cap_v4; }

BOOLEAN_t* new_bool(const std::optional<bool>& b) {
  return b ? new_value<BOOLEAN_t>(*b ? 0xff : 0) : nullptr;
}
std::optional<bool> opt_bool(const BOOLEAN_t* b) {
  if (b == nullptr) return std::nullopt;
  return *b != 0;
}

int nibble_of_key(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c == '*') return 0xb;
  if (c == '#') return 0xc;
  return -1;
}
char key_of_nibble(unsigned n) {
  if (n <= 9) return static_cast<char>('0' + n);
  if (n == 0xb) return '*';
  if (n == 0xc) return '#';
  return 0;
}

}  // namespace

bytes encode_collected_digits(const std::string& digits, bool ia5, std::uint8_t type_of_digits) {
  if (digits.empty() || digits.size() > 30) return {};
  const bool odd = digits.size() % 2 != 0;
  const std::uint8_t scheme = ia5 ? 2 : (odd ? 1 : 0);
  bytes out{static_cast<std::uint8_t>((scheme << 5) | (type_of_digits & 0x1f))};
  if (ia5) {
    for (char c : digits) {
      if (nibble_of_key(c) < 0) return {};
      out.push_back(static_cast<std::uint8_t>(c));
    }
    return out;
  }
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    const int lo = nibble_of_key(digits[i]);
    const int hi = i + 1 < digits.size() ? nibble_of_key(digits[i + 1]) : 0;
    if (lo < 0 || hi < 0) return {};
    out.push_back(static_cast<std::uint8_t>(lo | (hi << 4)));
  }
  return out;
}

std::optional<std::string> decode_collected_digits(std::span<const std::uint8_t> octets) {
  if (octets.size() < 2) return std::nullopt;
  const unsigned scheme = octets[0] >> 5;
  const auto rest = octets.subspan(1);
  std::string s;
  if (scheme == 2) {
    for (auto o : rest) {
      if (nibble_of_key(static_cast<char>(o)) < 0) return std::nullopt;
      s += static_cast<char>(o);
    }
    return s;
  }
  if (scheme > 1) return std::nullopt;
  const bool odd = scheme == 1;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const char lo = key_of_nibble(rest[i] & 0x0fU);
    if (lo == 0) return std::nullopt;
    s += lo;
    if (i + 1 == rest.size() && odd) break;
    const char hi = key_of_nibble(rest[i] >> 4U);
    if (hi == 0) return std::nullopt;
    s += hi;
  }
  return s;
}

// --- PromptAndCollectUserInformation ------------------------------------------------------

decode_result<prompt_and_collect> decode_prompt_and_collect(protocol_variant v, in_bytes in) {
  auto d = decode_as<IN_PromptAndCollectUserInformationArg_t>(
      &asn_DEF_IN_PromptAndCollectUserInformationArg, in);
  if (!d) return cmr::unexpected{d.error()};
  const auto& x = *d.value();
  prompt_and_collect a;
  switch (x.collectedInfo.present) {
    case IN_CollectedInfo_PR_collectedDigits: {
      const auto& c = x.collectedInfo.choice.collectedDigits;
      auto& o = a.digits;
      o.minimum_digits = opt_long<std::uint8_t>(c.minimumNbOfDigits);
      o.maximum_digits = static_cast<std::uint8_t>(c.maximumNbOfDigits);
      o.end_of_reply_digit = opt_bytes(c.endOfReplyDigit);
      o.cancel_digit = opt_bytes(c.cancelDigit);
      o.start_digit = opt_bytes(c.startDigit);
      o.first_digit_timeout_s = opt_long<std::uint8_t>(c.firstDigitTimeOut);
      o.inter_digit_timeout_s = opt_long<std::uint8_t>(c.interDigitTimeOut);
      o.error_treatment = opt_long<std::uint8_t>(c.errorTreatment);
      o.interruptable_ann_ind = opt_bool(c.interruptableAnnInd);
      o.voice_information = opt_bool(c.voiceInformation);
      o.voice_back = opt_bool(c.voiceBack);
      if (o.minimum_digits && *o.minimum_digits > o.maximum_digits)
        return cmr::unexpected{bad_value("minimumNbOfDigits above maximumNbOfDigits")};
      break;
    }
    case IN_CollectedInfo_PR_iA5Information:
      if (is_cap(v)) return cmr::unexpected{not_supported("iA5Information", v)};
      a.ia5_information = true;
      a.ia5_value = x.collectedInfo.choice.iA5Information != 0;
      break;
    default:
      return cmr::unexpected{not_supported("collectedInfo alternative", v)};
  }
  a.disconnect_from_ip_forbidden = opt_bool(x.disconnectFromIPForbidden);
  if (x.informationToSend != nullptr) {
    play_announcement info;
    if (auto err = information_from_asn(v, *x.informationToSend, info)) return cmr::unexpected{std::move(*err)};
    a.information = std::move(info);
  }
  if (!extensions_from_asn(x.extensions, a.ext)) return cmr::unexpected{bad_value("extensions")};
  if (is_v4(v)) {
    a.call_segment = opt_long<std::uint8_t>(x.callSegmentID);
    a.request_announcement_started = opt_bool(x.requestAnnouncementStartedNotification);
  }
  return a;
}

bytes encode_prompt_and_collect(protocol_variant v, const prompt_and_collect& a) {
  asn_owned<IN_PromptAndCollectUserInformationArg_t> x(&asn_DEF_IN_PromptAndCollectUserInformationArg);
  if (a.ia5_information) {
    if (is_cap(v)) return {};
    x->collectedInfo.present = IN_CollectedInfo_PR_iA5Information;
    x->collectedInfo.choice.iA5Information = a.ia5_value ? 0xff : 0;
  } else {
    x->collectedInfo.present = IN_CollectedInfo_PR_collectedDigits;
    auto& c = x->collectedInfo.choice.collectedDigits;
    const auto& o = a.digits;
    c.minimumNbOfDigits = new_long(o.minimum_digits);
    c.maximumNbOfDigits = o.maximum_digits;
    c.endOfReplyDigit = new_bytes(o.end_of_reply_digit);
    c.cancelDigit = new_bytes(o.cancel_digit);
    c.startDigit = new_bytes(o.start_digit);
    c.firstDigitTimeOut = new_long(o.first_digit_timeout_s);
    c.interDigitTimeOut = new_long(o.inter_digit_timeout_s);
    c.errorTreatment = new_long(o.error_treatment);
    c.interruptableAnnInd = new_bool(o.interruptable_ann_ind);
    c.voiceInformation = new_bool(o.voice_information);
    c.voiceBack = new_bool(o.voice_back);
  }
  x->disconnectFromIPForbidden = new_bool(a.disconnect_from_ip_forbidden);
  if (a.information) {
    x->informationToSend = alloc<IN_InformationToSend_t>();
    if (!information_to_asn(v, *a.information, *x->informationToSend)) return {};
  }
  x->extensions = extensions_to_asn(a.ext);
  if (is_v4(v)) {
    x->callSegmentID = new_long(a.call_segment);
    x->requestAnnouncementStartedNotification = new_bool(a.request_announcement_started);
  }
  return der_encode_value(&asn_DEF_IN_PromptAndCollectUserInformationArg, x.get());
}

// --- ReceivedInformation ----------------------------------------------------------------------

decode_result<received_information> decode_received_information(protocol_variant v, in_bytes in) {
  auto d = decode_as<IN_ReceivedInformationArg_t>(&asn_DEF_IN_ReceivedInformationArg, in);
  if (!d) return cmr::unexpected{d.error()};
  const auto& x = *d.value();
  received_information a;
  switch (x.present) {
    case IN_ReceivedInformationArg_PR_digitsResponse:
      a.digits = to_bytes(x.choice.digitsResponse);
      break;
    case IN_ReceivedInformationArg_PR_iA5Response:
      if (is_cap(v)) return cmr::unexpected{not_supported("iA5Response", v)};
      a.ia5 = true;
      a.text.assign(reinterpret_cast<const char*>(x.choice.iA5Response.buf),
                    static_cast<std::size_t>(x.choice.iA5Response.size));
      break;
    default:
      return cmr::unexpected{not_supported("ReceivedInformationArg alternative", v)};
  }
  return a;
}

bytes encode_received_information(protocol_variant v, const received_information& a) {
  asn_owned<IN_ReceivedInformationArg_t> x(&asn_DEF_IN_ReceivedInformationArg);
  if (a.ia5) {
    if (is_cap(v)) return {};
    x->present = IN_ReceivedInformationArg_PR_iA5Response;
    OCTET_STRING_fromBuf(&x->choice.iA5Response, a.text.data(), static_cast<int>(a.text.size()));
  } else {
    x->present = IN_ReceivedInformationArg_PR_digitsResponse;
    set_bytes(x->choice.digitsResponse, a.digits);
  }
  return der_encode_value(&asn_DEF_IN_ReceivedInformationArg, x.get());
}

}  // namespace cmr::in::codec
