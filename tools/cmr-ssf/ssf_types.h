// Vocabulary of the gsmSSF/MSC emulator (cmr-ssf): what a call does on the
// switch side (the scenario), how it ended (outcome, failure kind) and the
// settings of the call model. docs/cmr-ssf.md describes the behaviour.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "in/codec/codec_types.h"
#include "in/codec/operation_types.h"
#include "sigtran/sccp_types.h"

namespace cmr::in::tcap {}  // namespace cmr::in::tcap

namespace cmr::tools::ssf {

// The tool speaks the product's protocol layers as any switch would.
namespace codec = in::codec;
namespace tcap = in::tcap;

using codec::protocol_variant;
using std::chrono::milliseconds;

// What the parties do once the SCP lets the call proceed (Continue, Connect,
// ContinueWithArgument, or InitiateCallAttempt for the alerted leg).
struct scenario {
  enum class kind : std::uint8_t {
    answer,     // the callee answers after `after`, talks for `hold`, hangs up
    busy,       // the callee is busy (after `after`)
    no_answer,  // nobody answers: the no-answer timer expires
    abandon,    // the caller hangs up `after` after the call started (IDP)
  };
  kind what = kind::answer;
  milliseconds after{0};
  milliseconds hold{0};  // answered calls: conversation time before disconnect
  // No-answer timer when the SCP armed noAnswer without applicationTimer.
  milliseconds no_answer_time{std::chrono::seconds(5)};
};
const char* to_string(scenario::kind k);
// "answer", "answer:N", "busy", "no-answer", "abandon:N" (N seconds, decimals allowed).
std::optional<scenario> parse_scenario(const std::string& text);

// How a call ended from the switch's point of view.
enum class call_outcome : std::uint8_t {
  answered,
  busy,
  no_answer,
  abandoned,
  continued,  // the SCP let the call go unmonitored (TC-END with Continue/Connect/CWA)
  released,   // the SCP released the call (ReleaseCall)
  failed,     // see failure_kind
};
const char* to_string(call_outcome o);

// Why a call failed. Every one but `none` is a protocol or bearer error and
// makes cmr-ssf exit non-zero.
enum class failure_kind : std::uint8_t {
  none,
  timeout,        // no progress within the call timeout
  p_abort,        // TC-P-ABORT (either side's provider)
  u_abort,        // TC-U-ABORT from the SCP
  refused,        // dialogue refusal (application context not supported)
  rejected,       // the SCP rejected one of our components (TC-R/U-REJECT)
  bad_component,  // the SCP sent a component we rejected (TC-L-REJECT, undecodable argument)
  unexpected,     // an operation or message out of sequence for the profile
  scp_error,      // the SCP answered with ReturnError
  send_failed,    // the TCAP layer could not send
  bearer,         // the SIP bearer to the IP failed (non-2xx, timeout, transport)
  rtp_mismatch,   // the RTP received differs from the expected resource
  rtp_missing,    // no RTP while a play was expected
  count_,
};
const char* to_string(failure_kind k);

// The call model's settings (one per engine).
struct ssf_settings {
  protocol_variant variant = protocol_variant::cap_v2;
  sigtran::sccp_address scp;  // PC + SSN of the SCP
  std::uint32_t service_key = 100;
  // IDP eventTypeBCSM: termAttemptAuthorized (TDP 12) or collectedInfo /
  // analysedInformation (originating triggers).
  codec::event_type_bcsm trigger = codec::event_type_bcsm::term_attempt_authorized;
  scenario sc;
  // Signalling only: no SIP bearer; a PlayAnnouncement asking for completion
  // is answered with SpecializedResourceReport at once.
  bool no_bearer = false;
  // route-via-platform: a Connect whose destination starts with this prefix
  // is placed on the SIP trunk to the platform (trunk.h); empty: never.
  std::string platform_prefix;
  // A call without progress for this long is aborted (TC-U-ABORT) and failed.
  milliseconds call_timeout{std::chrono::seconds(60)};
  // Per-call trace lines (single mode); off in load mode.
  bool trace = false;
  // --protocol ansi41 (win_engine.h): the MSC's identity in MSCID and every
  // BillingID, and the AnalyzedInformation's TriggerType.
  std::uint32_t mscid = 0x000101;  // 24 bits: market 1, switch 1
  std::uint8_t win_trigger_type = 1;  // All_Calls
};

// The application context an SSF proposes for the variant (docs/cs-delivery.md 1).
const codec::oid& ssf_context(protocol_variant v);
const char* protocol_name(protocol_variant v);  // cap-v2 | cap-v3 | cap-v4 | inap
std::optional<protocol_variant> parse_protocol(const std::string& text);

}  // namespace cmr::tools::ssf
