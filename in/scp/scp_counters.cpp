#include "in/scp/scp_counters.h"

namespace cmr::in::scp {
namespace {

// In the order "show cmr scp" prints them.
const counter_desc k_counters[] = {
    {"idp-received", "InitialDP components received"},
    {"idp-undecodable", "InitialDP arguments that did not decode (TC-U-REJECT mistypedParameter)"},
    {"idp-missing-parameter",
     "InitialDP without a mandatory parameter (ReturnError missingParameter)"},
    {"unknown-service-key", "InitialDP with a service key not configured (Continue)"},
    {"unsupported-trigger", "Event type not served for the service key (Continue)"},
    {"no-resource", "Unknown subscriber or nothing to present (Continue)"},
    {"decisions-deferred", "Decisions whose owner was read from the store off the strand first"},
    {"internal-failures", "Calls continued after an internal failure"},
    {"ssf-refusals", "Instructions the SSF answered with ReturnError or Reject (Continue)"},
    {"malformed-components", "TC-L-REJECT seen (Reject sent by the TCAP layer)"},
    {"unexpected-operations", "TC-U-REJECT unrecognizedOperation sent"},
    {"mistyped-arguments", "TC-U-REJECT mistypedParameter sent within a call"},
    {"profile-connect-to-resource", "Calls served with the connect-to-resource profile"},
    {"profile-temporary-connection", "Calls served with the temporary-connection profile"},
    {"profile-call-party-handling", "Calls served with the call-party-handling profile"},
    {"profile-alerting-pattern", "Calls served with the alerting-pattern profile"},
    {"profile-route-via-platform", "Calls routed to the ringback platform (route-via-platform)"},
    {"profile-win-resource", "ANSI-41 calls served with the win-resource profile"},
    {"platform-loops",
     "Triggers of a call already routed via the platform (prefix, or its returning leg): Continue"},
    {"assist-requests", "AssistRequestInstructions received from an IP"},
    {"assist-unknown-correlation",
     "ARI with an unknown correlation ID (ReturnError unexpectedDataValue)"},
    {"assist-timeouts", "No ARI within the assist-timeout"},
    {"announcement-timeouts", "No SpecializedResourceReport in time"},
    {"dialogues-aborted", "Call dialogues ended by U-ABORT or P-ABORT (inactivity included)"},
    {"activity-tests", "ActivityTest sent to a quiet SSF dialogue"},
    {"activity-test-failures", "ActivityTest without result: SSF taken as gone, dialogue aborted"},
    {"calls-continued", "Calls ended as continued (one charging record each)"},
    {"calls-answered", "Calls ended after an answer"},
    {"calls-busy", "Calls ended busy"},
    {"calls-no-answer", "Calls ended without answer"},
    {"calls-abandoned", "Calls abandoned by the caller"},
    {"calls-error", "Calls ended in error"},
    {"charging-write-failures", "Charging records that could not be written"},
    {"win-unmatched-triggers", "ANSI-41 event triggers whose BillingID names no live call"},
    {"win-seize-failures", "SeizeResource refused or unanswered by the IP (the call proceeds)"},
    {"online-digits", "Keys collected during a ringback (PromptAndCollectUserInformation results)"},
    {"online-copies", "On-line copies made (copied or already owned: confirmed)"},
    {"online-copy-refusals", "On-line copies refused (privacy, credit, library, store)"},
    {"online-copy-repeated", "Copy keys after the call's first copy (not copied again)"},
    {"online-offers", "Copy keys from callers who are no CMR subscribers (offer prompt)"},
    {"online-skips", "Skip keys (the next resource of the box)"},
    {"online-stops", "Stop keys (the presentation stopped)"},
    {"online-floods", "Calls whose keys exceeded the per-call limit (keys ignored from then)"},
    {"online-late-digits",
     "Collected digits for a call already over or not collecting (ignored)"},
};

const gauge_desc k_gauges[] = {
    {"live-calls", "Calls the SCP is serving now", "calls"},
    {"live-answered", "Live calls past their answer", "calls"},
    {"tcap-dialogues", "Open TCAP dialogues of the CAP/INAP mapping", "dialogues"},
    {"win-transactions", "Open ANSI TCAP transactions of the ANSI-41 mapping", "transactions"},
};

const counter_group_desc k_desc{"scp", "SCP service logic (CAP/INAP, ANSI-41)", k_counters, k_gauges};

}  // namespace

scp_counters::scp_counters() : group(k_desc) {}

std::string scp_counters::text() const {
  std::string s;
  for (std::size_t i = 0; i < k_desc.counters.size(); ++i) {
    s += k_desc.counters[i].name;
    s += ' ';
    s += std::to_string(group.value(i));
    s += '\n';
  }
  return s;
}

}  // namespace cmr::in::scp
