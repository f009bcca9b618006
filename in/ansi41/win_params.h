// The X.S0004-550 parameters the WIN operations carry: their identifiers
// (checked against Wireshark's ansi_map.asn), a view of a received parameter
// SET, and one reader / writer per parameter type. Internal to cmr_in_ansi41.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "in/ansi41/win_ber.h"
#include "in/ansi41/win_operations.h"

namespace cmr::in::ansi41::param {

// A parameter: context-specific tag number, primitive or constructed, and
// the name a decode_error carries.
struct id {
  std::uint32_t number = 0;
  bool constructed = false;
  const char* name = "";
};

// X.S0004-550 parameter identifiers, [n] IMPLICIT (tag bytes in comments).
inline constexpr id billing_id_p{1, false, "BillingID"};                            // 81
inline constexpr id digits_dialed{4, false, "Digits (Dialed)"};                     // 84
inline constexpr id digits_collected{4, false, "Digits"};                           // 84
inline constexpr id min_p{8, false, "MobileIdentificationNumber"};                  // 88
inline constexpr id esn_p{9, false, "ElectronicSerialNumber"};                      // 89
inline constexpr id mscid_p{21, false, "MSCID"};                                    // 95
inline constexpr id announcement_code_p{76, false, "AnnouncementCode"};             // 9F 4C
inline constexpr id calling_party_digits1{80, false, "CallingPartyNumberDigits1"};  // 9F 50
inline constexpr id destination_digits{87, false, "DestinationDigits"};             // 9F 57
inline constexpr id pstn_termination{95, true, "PSTNTermination"};                  // BF 5F
inline constexpr id intersystem_termination{89, true, "IntersystemTermination"};    // BF 59
inline constexpr id termination_list{120, true, "TerminationList"};                 // BF 78
inline constexpr id transaction_capability{123, false, "TransactionCapability"};    // 9F 7B
inline constexpr id action_code_p{128, false, "ActionCode"};                        // 9F 81 00
inline constexpr id announcement_list{130, true, "AnnouncementList"};               // BF 81 02
inline constexpr id digit_collection_control_p{139, false, "DigitCollectionControl"};  // 9F 81 0B
inline constexpr id preferred_language{147, false, "PreferredLanguageIndicator"};   // 9F 81 13
inline constexpr id routing_digits{150, false, "RoutingDigits"};                    // 9F 81 16
inline constexpr id imsi_p{242, false, "IMSI"};                                     // 9F 81 72
inline constexpr id private_specialized_resource{265, false,
                                                 "PrivateSpecializedResource"};        // 9F 82 09
inline constexpr id specialized_resource{274, false, "SpecializedResource"};           // 9F 82 12
inline constexpr id time_date_offset_p{275, false, "TimeDateOffset"};                  // 9F 82 13
inline constexpr id trigger_capability{277, false, "TriggerCapability"};               // 9F 82 15
inline constexpr id trigger_type_p{279, false, "TriggerType"};                         // 9F 82 17
inline constexpr id win_capability_p{280, true, "WINCapability"};                      // BF 82 18
inline constexpr id win_operations_capability{281, false, "WINOperationsCapability"};  // 9F 82 19
inline constexpr id release_cause_p{308, false, "ReleaseCause"};                       // 9F 82 34
inline constexpr id time_of_day_p{309, false, "TimeOfDay"};                            // 9F 82 35
inline constexpr id call_status_p{310, false, "CallStatus"};                           // 9F 82 36

// The SET [PRIVATE 18] as received: its framing checked, its elements listed.
class set_view {
public:
  // Malformed unless `set` is exactly one F2 TLV whose contents are a
  // sequence of well-framed elements.
  static result<set_view, decode_error> open(ber::span set);
  // The first context-specific element with that tag number (a repeated
  // parameter: the first one counts), or nullptr.
  [[nodiscard]] const ber::element* find(std::uint32_t number) const;

private:
  std::vector<ber::element> elems_;
};

decode_error missing(const id& p);
decode_error bad_value(const id& p, std::string detail);

// Readers: false when the contents cannot be read as that type.
bool read_digits(ber::span v, digits& out);
bool read_billing_id(ber::span v, billing_id& out);
bool read_mscid(ber::span v, std::uint32_t& out);
bool read_octet(ber::span v, std::uint8_t& out);       // OCTET STRING, first octet
bool read_enumerated(ber::span v, std::uint8_t& out);  // ENUMERATED 0-255
bool read_integer(ber::span v, std::int32_t& out);     // INTEGER, 1-4 octets
bool read_bytes(ber::span v, bytes& out);              // OCTET STRING, at least 1 octet
bool read_min(ber::span v, std::string& out);          // MINType: 10 BCD digits
bool read_u32(ber::span v, std::uint32_t& out);        // 4 octets, big-endian (ESN)
bool read_i16(ber::span v, std::int16_t& out);         // 2 octets, two's complement
bool read_win_capability(ber::span v, win_capability& out);
bool read_announcement_list(ber::span v, std::vector<announcement_code>& out);
// TerminationList: the DestinationDigits of its first PSTN or intersystem
// termination, none when it has only local ones.
bool read_termination_list(ber::span v, std::optional<digits>& out);

// Reads parameter `p` from `s` into `out` when present. An error when it is
// present but unreadable (or of the wrong form), or absent and `mandatory`.
template <typename T, typename Reader>
std::optional<decode_error> get(const set_view& s, const id& p, Reader reader,
                                std::optional<T>& out, bool mandatory = false) {
  const ber::element* e = s.find(p.number);
  if (e == nullptr) {
    if (mandatory) return missing(p);
    return std::nullopt;
  }
  if (e->is_constructed != p.constructed)
    return bad_value(
        p, p.constructed ? "primitive, constructed expected" : "constructed, primitive expected");
  T v{};
  if (!reader(e->value, v)) return bad_value(p, "unreadable contents");
  out = std::move(v);
  return std::nullopt;
}
template <typename T, typename Reader>
std::optional<decode_error> get_m(const set_view& s, const id& p, Reader reader, T& out) {
  std::optional<T> v;
  if (auto err = get(s, p, reader, v, true)) return err;
  out = std::move(*v);
  return std::nullopt;
}

// Writers: the parameter's whole TLV appended to `out`.
void put_bytes(bytes& out, const id& p, ber::span v);
void put_digits(bytes& out, const id& p, const digits& d);
void put_billing_id(bytes& out, const billing_id& b);
void put_mscid(bytes& out, std::uint32_t mscid);
void put_octet(bytes& out, const id& p, std::uint8_t v);
void put_enumerated(bytes& out, const id& p, std::uint8_t v);
void put_integer(bytes& out, const id& p, std::int32_t v);
void put_min(bytes& out, const std::string& min);
void put_u32(bytes& out, const id& p, std::uint32_t v);
void put_i16(bytes& out, const id& p, std::int16_t v);
void put_win_capability(bytes& out, const win_capability& w);
void put_announcement_list(bytes& out, const std::vector<announcement_code>& list);
void put_termination_list(bytes& out, const digits& destination);
// The SET around the parameters.
bytes wrap_set(const bytes& params);

}  // namespace cmr::in::ansi41::param
