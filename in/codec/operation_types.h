// Building blocks shared by the CAP/INAP operation structs.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "in/codec/address.h"
#include "in/codec/codec_types.h"

namespace cmr::in::codec {

// Extension field: operator-specific, carried through unchanged.
struct extension_field {
  std::int64_t local_type = 0;     // used when global_type is empty
  std::optional<oid> global_type;
  std::optional<std::uint8_t> criticality;  // 0 ignore (default), 1 abort; absent = default
  bytes value;                              // complete TLV of the value
  bool operator==(const extension_field&) const = default;
};
using extensions = std::vector<extension_field>;

// LegID: sendingSideID [0] (SCF -> SSF) or receivingSideID [1] (SSF -> SCF).
struct leg_id {
  bool sending_side = true;
  std::uint8_t leg = 1;  // 1 = leg1 (calling), 2 = leg2 (called), 3.. more legs (v4)
  bool operator==(const leg_id&) const = default;
};

// EventTypeBCSM values (common to CAP and INAP CS-1).
enum class event_type_bcsm : std::uint8_t {
  orig_attempt_authorized = 1,  // INAP only
  collected_info = 2,
  analyzed_information = 3,
  route_select_failure = 4,
  o_called_party_busy = 5,
  o_no_answer = 6,
  o_answer = 7,
  o_mid_call = 8,
  o_disconnect = 9,
  o_abandon = 10,
  term_attempt_authorized = 12,
  t_busy = 13,
  t_no_answer = 14,
  t_answer = 15,
  t_mid_call = 16,
  t_disconnect = 17,
  t_abandon = 18,
  o_term_seized = 19,
  call_accepted = 27,
  o_change_of_position = 50,
  t_change_of_position = 51,
  o_service_change = 52,
  t_service_change = 53,
};

enum class monitor_mode : std::uint8_t { interrupted = 0, notify_and_continue = 1, transparent = 2 };

struct misc_call_info {
  bool notification = false;              // messageType: request (false) / notification
  std::optional<std::uint8_t> dp_assignment;
  bool operator==(const misc_call_info&) const = default;
};

// The wire octets of an ISUP-format number are kept as received so that a
// relayed value is never altered; q763_number helpers read and build them.
using isup_number = bytes;

}  // namespace cmr::in::codec
