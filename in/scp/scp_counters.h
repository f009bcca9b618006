// What the SCP service logic counts: "show cmr scp" and the tests read these.
// Atomics: the service updates them on its strand, the VTY reads them from
// the osmo thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace cmr::in::scp {

struct scp_counters {
  using counter = std::atomic<std::uint64_t>;
  counter idp_received{0};           // InitialDP components received
  counter idp_undecodable{0};        // TC-U-REJECT mistypedParameter
  counter idp_missing_parameter{0};  // ReturnError missingParameter
  counter unknown_service_key{0};    // Continue
  counter unsupported_trigger{0};    // event type not served for the key: Continue
  counter no_resource{0};            // unknown subscriber / nothing to present: Continue
  counter decisions_deferred{0};     // the owner's settings were read off the strand first
  counter internal_failures{0};      // anything that went wrong inside: Continue
  counter ssf_refusals{0};  // the SSF answered an instruction with ReturnError/Reject: Continue
  counter malformed_components{0};   // TC-L-REJECT seen (Reject sent by the layer)
  counter unexpected_operations{0};  // TC-U-REJECT unrecognizedOperation sent
  counter mistyped_arguments{0};     // TC-U-REJECT mistypedParameter sent (in a call)
  counter profile_connect_to_resource{0};
  counter profile_temporary_connection{0};
  counter profile_call_party_handling{0};
  counter profile_alerting_pattern{0};
  counter assist_requests{0};             // ARI received
  counter assist_unknown_correlation{0};  // ReturnError unexpectedDataValue
  counter assist_timeouts{0};             // no ARI within assist-timeout
  counter announcement_timeouts{0};       // no SpecializedResourceReport in time
  counter dialogues_aborted{0};           // U-ABORT / P-ABORT (incl. inactivity) of a call
  counter activity_tests{0};              // ActivityTest sent to a quiet SSF dialogue
  counter activity_test_failures{0};      // no result: SSF taken as gone, dialogue aborted
  counter calls_continued{0};             // outcomes, one per charging record
  counter calls_answered{0};
  counter calls_busy{0};
  counter calls_no_answer{0};
  counter calls_abandoned{0};
  counter calls_error{0};
  counter charging_write_failures{0};

  // "name value" lines, '\n'-separated.
  [[nodiscard]] std::string text() const;
};

}  // namespace cmr::in::scp
