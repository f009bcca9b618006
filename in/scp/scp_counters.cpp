#include "in/scp/scp_counters.h"

namespace cmr::in::scp {

std::string scp_counters::text() const {
  std::string s;
  const auto line = [&s](const char* name, const counter& c) {
    s += name;
    s += ' ';
    s += std::to_string(c.load(std::memory_order_relaxed));
    s += '\n';
  };
  line("idp-received", idp_received);
  line("idp-undecodable", idp_undecodable);
  line("idp-missing-parameter", idp_missing_parameter);
  line("unknown-service-key", unknown_service_key);
  line("unsupported-trigger", unsupported_trigger);
  line("no-resource", no_resource);
  line("decisions-deferred", decisions_deferred);
  line("internal-failures", internal_failures);
  line("ssf-refusals", ssf_refusals);
  line("malformed-components", malformed_components);
  line("unexpected-operations", unexpected_operations);
  line("mistyped-arguments", mistyped_arguments);
  line("profile-connect-to-resource", profile_connect_to_resource);
  line("profile-temporary-connection", profile_temporary_connection);
  line("profile-call-party-handling", profile_call_party_handling);
  line("profile-alerting-pattern", profile_alerting_pattern);
  line("assist-requests", assist_requests);
  line("assist-unknown-correlation", assist_unknown_correlation);
  line("assist-timeouts", assist_timeouts);
  line("announcement-timeouts", announcement_timeouts);
  line("dialogues-aborted", dialogues_aborted);
  line("activity-tests", activity_tests);
  line("activity-test-failures", activity_test_failures);
  line("calls-continued", calls_continued);
  line("calls-answered", calls_answered);
  line("calls-busy", calls_busy);
  line("calls-no-answer", calls_no_answer);
  line("calls-abandoned", calls_abandoned);
  line("calls-error", calls_error);
  line("charging-write-failures", charging_write_failures);
  return s;
}

}  // namespace cmr::in::scp
