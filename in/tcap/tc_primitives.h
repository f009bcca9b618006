// The TC-user interface of Q.771 as plain values: what a TC-user asks of the
// TCAP layer (requests) and what it is told (indications). Protocol-neutral:
// CAP and INAP both sit on these; operation arguments stay raw BER bytes that
// the CAP/INAP layer decodes by operation code (in/codec/operations_codec.h).
//
// Q.771 passes each component as its own primitive with a "last component"
// flag; here a dialogue indication carries its components in order instead,
// which is the same information without one callback per component.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "in/codec/codec_types.h"
#include "sigtran/sccp_types.h"

namespace cmr::in::tcap {

using codec::bytes;
using codec::oid;

// The local transaction ID doubles as the dialogue ID the TC-user sees.
using dialogue_id = std::uint32_t;

// Q.771 operation classes: which outcomes the invoker is told about.
enum class op_class : std::uint8_t {
  c1 = 1,  // success and failure reported
  c2 = 2,  // only failure reported
  c3 = 3,  // only success reported
  c4 = 4,  // neither
};

// Q.773 problem codes, per problem type.
enum class general_problem : std::uint8_t {
  unrecognized_component = 0,
  mistyped_component = 1,
  badly_structured_component = 2,
};
enum class invoke_problem : std::uint8_t {
  duplicate_invocation = 0,
  unrecognized_operation = 1,
  mistyped_parameter = 2,
  resource_limitation = 3,
  initiating_release = 4,
  unrecognized_linked_id = 5,
  linked_response_unexpected = 6,
  unexpected_linked_operation = 7,
};
const char* to_string(invoke_problem p);
enum class return_result_problem : std::uint8_t {
  unrecognized_invoke_id = 0,
  return_result_unexpected = 1,
  mistyped_parameter = 2,
};
enum class return_error_problem : std::uint8_t {
  unrecognized_invoke_id = 0,
  return_error_unexpected = 1,
  unrecognized_error = 2,
  unexpected_error = 3,
  mistyped_parameter = 4,
};

// A problem as carried by a Reject component: type + code.
struct reject_problem {
  enum class type : std::uint8_t { general, invoke, return_result, return_error };
  type kind = type::general;
  std::uint8_t code = 0;
  static reject_problem of(general_problem p) {
    return {type::general, static_cast<std::uint8_t>(p)};
  }
  static reject_problem of(invoke_problem p) {
    return {type::invoke, static_cast<std::uint8_t>(p)};
  }
  static reject_problem of(return_result_problem p) {
    return {type::return_result, static_cast<std::uint8_t>(p)};
  }
  static reject_problem of(return_error_problem p) {
    return {type::return_error, static_cast<std::uint8_t>(p)};
  }
  bool operator==(const reject_problem&) const = default;
};

// --- components ------------------------------------------------------------------

// One component indication (TC-INVOKE ... TC-U-REJECT, TC-L-REJECT).
struct component_ind {
  enum class kind : std::uint8_t {
    invoke,           // TC-INVOKE
    result_last,      // TC-RESULT-L
    result_not_last,  // TC-RESULT-NL
    u_error,          // TC-U-ERROR
    l_reject,         // TC-L-REJECT: this layer found the received component faulty
    r_reject,         // TC-R-REJECT: the peer's component sublayer rejected one of ours
    u_reject,         // TC-U-REJECT: the peer's TC-user rejected one of ours
  };
  kind type = kind::invoke;
  std::optional<std::int8_t> invoke_id;  // nullopt: not derivable (rejects only)
  std::optional<std::int8_t> linked_id;  // invoke only
  std::int32_t code = 0;                 // opcode (invoke, results) or error code
  std::optional<bytes> parameter;        // the argument/result/error TLV, raw
  reject_problem problem;                // rejects only
  bool operator==(const component_ind&) const = default;
};

// --- dialogue indications ----------------------------------------------------------

enum class dialogue_ind_kind : std::uint8_t { begin, continue_, end };

// TC-BEGIN / TC-CONTINUE / TC-END indications.
struct dialogue_ind {
  dialogue_ind_kind type = dialogue_ind_kind::begin;
  dialogue_id id = 0;
  std::optional<oid> ac_name;  // begin: the proposed context; first continue/end: the AARE's
  sigtran::sccp_address peer;  // the calling address of the received message
  std::vector<component_ind> components;
};

// Why the provider (or this layer) ended a dialogue: TC-P-ABORT.
enum class p_abort_reason : std::uint8_t {
  unrecognized_message_type = 0,  // the Q.773 P-AbortCause values first
  unrecognized_transaction_id = 1,
  badly_formatted_transaction_portion = 2,
  incorrect_transaction_portion = 3,
  resource_limitation = 4,
  abnormal_dialogue = 16,           // ABRT from the peer's dialogue-service-provider
  no_common_dialogue_portion = 17,  // the peer answered our AARQ without an AARE
  inactivity_timeout = 18,          // local: the dialogue inactivity timer expired
};
const char* to_string(p_abort_reason r);

struct p_abort_ind {
  dialogue_id id = 0;
  p_abort_reason reason = p_abort_reason::resource_limitation;
  bool local = false;  // detected here rather than received from the peer
};

// TC-U-ABORT indication. A dialogue refusal (the peer rejected our context)
// arrives as a U-ABORT carrying the AARE: ac_not_supported says so.
struct u_abort_ind {
  dialogue_id id = 0;
  bool ac_not_supported = false;
  std::optional<oid> ac_name;  // the context the peer named in its AARE
  // ANSI TCAP: the peer's UserAbortInformation TLV (F8 ...) as received,
  // when its Abort carried one (the ITU layer leaves it empty).
  std::optional<bytes> user_info;
};

// TC-L-CANCEL (operation timer expiry): the invocation is over.
struct l_cancel_ind {
  dialogue_id id = 0;
  std::int8_t invoke_id = 0;
  std::int32_t opcode = 0;
};

// TC-NOTICE: a message of this dialogue could not be delivered. Either this
// node's SCCP service refused it (local: no active route, link down; the
// request that sent it also returned tc_error::send_failed when the refusal
// was immediate) or the network returned it (an N-NOTICE carrying a UDTS,
// e.g. return cause 4 unequipped user at the destination). The dialogue is
// not ended: the TC-user decides (typically TC-U-ABORT or prearranged end).
// Reported only while the dialogue is open; id 0 for a returned
// unidirectional message, which belongs to no dialogue.
struct notice_ind {
  dialogue_id id = 0;
  std::uint8_t return_cause = 7;  // Q.713 3.12 (sigtran::return_cause), 7 unqualified
  bool local = false;             // refused here rather than returned by the network
  sigtran::sccp_address called;   // where the message was going
};

// TC-UNI indication: a Unidirectional message (Q.774 3.2.x): invokes of
// class 4 operations outside any dialogue. Only invoke components are
// delivered; anything else in it is discarded (there is no dialogue to reject
// on). The context is the AUDT's, none without a dialogue portion.
struct uni_ind {
  std::optional<oid> ac_name;
  sigtran::sccp_address peer;   // the calling address
  sigtran::sccp_address local;  // the called address
  std::vector<component_ind> components;
};

// --- requests ------------------------------------------------------------------------

struct invoke_req {
  std::int8_t invoke_id = 0;
  std::optional<std::int8_t> linked_id;
  std::int32_t opcode = 0;
  std::optional<bytes> parameter;  // the complete argument TLV
  // Overrides the operation table's class / timer when set.
  std::optional<op_class> cls;
  std::optional<std::chrono::milliseconds> timeout;
};

// Errors a request can return (the TC-user's mistake or a dead dialogue).
enum class tc_error : std::uint8_t {
  no_such_dialogue,
  wrong_state,  // the request is not allowed in the dialogue's state
  duplicate_invoke_id,
  no_such_invocation,
  encode_failed,
  send_failed,
};
const char* to_string(tc_error e);

}  // namespace cmr::in::tcap
