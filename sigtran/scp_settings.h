// The "scp" config node as plain C++ (filled by sigtran/scp_vty_node.cpp,
// read by apps/cmr-server and in/scp). See docs/cs-delivery.md and the "scp"
// section of docs/configuration.md.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cmr {

// How a service key's calls are served (docs/cs-delivery.md section 3).
enum class scp_profile : std::uint8_t {
  connect_to_resource,   // user-interaction connect-to-resource
  temporary_connection,  // user-interaction temporary-connection (assisting IP, ARI)
  call_party_handling,   // CAP v4 only; other phases use connect_to_resource
  alerting_pattern,      // CMRT: alertingPattern in ContinueWithArgument / Connect
};

// The profile's token in the configuration (and in the logs).
inline const char* to_string(scp_profile p) {
  switch (p) {
    case scp_profile::connect_to_resource:
      return "connect-to-resource";
    case scp_profile::temporary_connection:
      return "temporary-connection";
    case scp_profile::call_party_handling:
      return "call-party-handling";
    case scp_profile::alerting_pattern:
      return "alerting-pattern";
  }
  return "connect-to-resource";
}

// scp / service-key K (cmrbt|cmrt) PROFILE
struct scp_service_key {
  std::uint32_t key = 0;
  bool cmrt = false;  // false: cmrbt
  scp_profile profile = scp_profile::connect_to_resource;
};

struct scp_settings {
  std::vector<scp_service_key> service_keys;  // sorted by key, unique
  // scp / country-code CC, national-prefix P, international-prefix P:
  // calling/called numbers are normalised to international digits without
  // prefix (the store's subscriber form).
  std::string country_code = "49";
  std::string national_prefix = "0";
  std::string international_prefix = "00";
  // scp / assist-prefix (cap-v2|cap-v3|cap-v4|inap) DIGITS
  std::string assist_prefix_cap_v2 = "49602";
  std::string assist_prefix_cap_v3 = "49603";
  std::string assist_prefix_cap_v4 = "49604";
  std::string assist_prefix_inap = "49601";
  // scp / scf-id DIGITS (empty: scfID not sent)
  std::string scf_id;
  // scp / announcement repetitions N | duration S (duration 0: repetitions)
  std::uint32_t announcement_repetitions = 1;
  std::uint32_t announcement_duration_s = 0;
  // scp / no-answer-timer S (0: not configured, the SSF's own timer applies)
  std::uint32_t no_answer_timer_s = 0;
  // scp / call-party-handling (busy|no-answer) (release|continue)
  bool cph_busy_release = true;
  bool cph_no_answer_release = true;
  // scp / assist-timeout S: ETC sent, no ARI within it -> DFC + Continue
  std::uint32_t assist_timeout_s = 10;
  // scp / inactivity-timer S: a dialogue with no message either way is aborted
  std::uint32_t inactivity_timer_s = 7200;
  // scp / activity-test-interval S: a call's SSF dialogue quiet for S seconds
  // gets an ActivityTest; no ReturnResult within min(S, 10) s means the SSF
  // is gone: the dialogue is aborted and the call freed. 0: never.
  std::uint32_t activity_test_interval_s = 300;
  // scp / charging-records PATH (empty: log lines only)
  std::string charging_records;

  // The assist prefix for a switch dialogue's protocol ("cap-v2", "cap-v3",
  // "cap-v4", "inap").
  [[nodiscard]] const std::string& assist_prefix(std::string_view protocol) const {
    if (protocol == "cap-v3") return assist_prefix_cap_v3;
    if (protocol == "cap-v4") return assist_prefix_cap_v4;
    if (protocol == "inap") return assist_prefix_inap;
    return assist_prefix_cap_v2;
  }
};

// "show cmr scp": the composition root installs a query returning
// '\n'-separated "name value" lines (thread-safe: called on the osmo thread);
// an empty function removes it. Implemented in sigtran/scp_vty_node.cpp.
using scp_status_query = std::function<std::string()>;
void set_scp_status_query(scp_status_query query);

}  // namespace cmr
