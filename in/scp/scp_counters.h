// What the SCP service logic counts: "show cmr scp", the tests and, through
// common/counters.h, libosmocore's "show rate-counters" / "show stats" and
// statsd (group "cmr_scp") read these. The service and its mappings update
// them on their strand; the VTY reads them from the osmo thread.
#pragma once

#include <cstdint>
#include <string>

#include "common/counters.h"

namespace cmr::in::scp {

struct scp_counters {
  scp_counters();
  scp_counters(const scp_counters&) = delete;
  scp_counters& operator=(const scp_counters&) = delete;

  counter_group group;
  using counter = counter_ref;
  counter idp_received{group, "idp-received"};
  counter idp_undecodable{group, "idp-undecodable"};
  counter idp_missing_parameter{group, "idp-missing-parameter"};
  counter unknown_service_key{group, "unknown-service-key"};
  counter unsupported_trigger{group, "unsupported-trigger"};
  counter no_resource{group, "no-resource"};
  counter decisions_deferred{group, "decisions-deferred"};
  counter internal_failures{group, "internal-failures"};
  counter ssf_refusals{group, "ssf-refusals"};
  counter malformed_components{group, "malformed-components"};
  counter unexpected_operations{group, "unexpected-operations"};
  counter mistyped_arguments{group, "mistyped-arguments"};
  counter profile_connect_to_resource{group, "profile-connect-to-resource"};
  counter profile_temporary_connection{group, "profile-temporary-connection"};
  counter profile_call_party_handling{group, "profile-call-party-handling"};
  counter profile_alerting_pattern{group, "profile-alerting-pattern"};
  counter profile_route_via_platform{group, "profile-route-via-platform"};
  counter profile_win_resource{group, "profile-win-resource"};
  counter platform_loops{group, "platform-loops"};
  counter assist_requests{group, "assist-requests"};
  counter assist_unknown_correlation{group, "assist-unknown-correlation"};
  counter assist_timeouts{group, "assist-timeouts"};
  counter announcement_timeouts{group, "announcement-timeouts"};
  counter dialogues_aborted{group, "dialogues-aborted"};
  counter activity_tests{group, "activity-tests"};
  counter activity_test_failures{group, "activity-test-failures"};
  counter calls_continued{group, "calls-continued"};
  counter calls_answered{group, "calls-answered"};
  counter calls_busy{group, "calls-busy"};
  counter calls_no_answer{group, "calls-no-answer"};
  counter calls_abandoned{group, "calls-abandoned"};
  counter calls_error{group, "calls-error"};
  counter charging_write_failures{group, "charging-write-failures"};
  // ANSI-41 (in/win): event triggers for no live call, seizures the IP
  // refused or never answered.
  counter win_unmatched_triggers{group, "win-unmatched-triggers"};
  counter win_seize_failures{group, "win-seize-failures"};
  // On-line copy (spec 5.7): keys collected, what they did, copies by outcome.
  counter online_digits{group, "online-digits"};
  counter online_copies{group, "online-copies"};
  counter online_copy_refusals{group, "online-copy-refusals"};
  counter online_copy_repeated{group, "online-copy-repeated"};
  counter online_offers{group, "online-offers"};
  counter online_skips{group, "online-skips"};
  counter online_stops{group, "online-stops"};
  counter online_floods{group, "online-floods"};
  counter online_late_digits{group, "online-late-digits"};
  // Levels, set by the service (calls) and the CAP/INAP mapping (dialogues).
  gauge_ref live_calls{group, "live-calls"};
  gauge_ref live_answered{group, "live-answered"};
  gauge_ref tcap_dialogues{group, "tcap-dialogues"};
  gauge_ref win_transactions{group, "win-transactions"};

  // The counters as "name value" lines, '\n'-separated (the gauges are
  // printed by the service and the mapping, before these).
  [[nodiscard]] std::string text() const;
};

}  // namespace cmr::in::scp
