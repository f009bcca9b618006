// The "scp" config node's typed configuration: SCP service logic (DESIGN.md
// 7, docs/cs-delivery.md, the "scp" section of docs/configuration.md). The
// node (in/scp/scp_config_node.h) fills it; the composition root hands a copy
// to scp_service.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "in/assist_prefixes.h"

namespace cmr::in::scp {

// How a service key's calls are served (docs/cs-delivery.md section 3).
enum class scp_profile : std::uint8_t {
  connect_to_resource,   // user-interaction connect-to-resource
  temporary_connection,  // user-interaction temporary-connection (assisting IP, ARI)
  call_party_handling,   // CAP v4 only; other phases use connect_to_resource
  alerting_pattern,      // CMRT: alertingPattern in ContinueWithArgument / Connect
  route_via_platform,    // CMRBT: Connect to platform prefix + called number (SIP AS plays)
  win_resource,          // ANSI-41: SeizeResource, ConnectResource, SRFDirective (the IP plays)
};

// The profile's token in the configuration (and in the logs).
const char* to_string(scp_profile p);

// scp / service-key K (cmrbt|cmrt) PROFILE
struct scp_service_key {
  std::uint32_t key = 0;
  bool cmrt = false;  // false: cmrbt
  scp_profile profile = scp_profile::connect_to_resource;
};

// scp / win-trigger T (cmrbt|cmrt) PROFILE (called|calling): an ANSI-41
// AnalyzedInformation's TriggerType -> service, profile and whose
// subscription decides (docs/cdma-delivery.md).
struct win_trigger {
  std::uint8_t trigger_type = 0;
  bool cmrt = false;
  scp_profile profile = scp_profile::win_resource;
  bool owner_called = true;  // false: the caller's own ringback
  bool operator==(const win_trigger&) const = default;
};
// The win-trigger lines a configuration without any gets.
std::vector<win_trigger> default_win_triggers();

struct scp_settings {
  std::vector<scp_service_key> service_keys;  // sorted by key, unique
  // scp / country-code CC, national-prefix P, international-prefix P:
  // calling/called numbers are normalised to international digits without
  // prefix (the store's subscriber form).
  std::string country_code = "49";
  std::string national_prefix = "0";
  std::string international_prefix = "00";
  // scp / assist-prefix (cap-v2|cap-v3|cap-v4|inap) DIGITS
  assist_prefixes assist_prefix;
  // scp / platform-prefix DIGITS: route-via-platform routes the call to this
  // prefix + the called number (the SIP application server's "sip /
  // platform-prefix" must be the same digits); a trigger whose called number
  // carries it is never served (docs/cs-delivery.md section 7).
  std::string platform_prefix = "49609";
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
  // scp / win-ssn N (0: "no win-ssn", no ANSI-41): the SSN the SCP's ANSI
  // TCAP layer serves (docs/cdma-delivery.md); a "sigtran / sccp-user ssn".
  std::uint8_t win_ssn = 147;
  // scp / win-ip point-code PC ssn N: the IP that SeizeResource goes to
  // (PC empty: the instance's own, the IP in this server).
  std::string win_ip_point_code;
  std::uint8_t win_ip_ssn = 148;
  // scp / win-trigger lines, sorted by trigger type, unique; until the first
  // win-trigger or "no win-trigger" line, the defaults (default_win_triggers()).
  std::vector<win_trigger> win_triggers;
  bool win_triggers_set = false;
  [[nodiscard]] const win_trigger* find_win_trigger(std::uint8_t type) const;
  // scp / online-copy: the temporary-connection profile collects the
  // caller's keys during the ringback with PromptAndCollectUserInformation
  // instead of PlayAnnouncement (spec 5.7, docs/cs-delivery.md "On-line
  // copy"); "no online-copy" (the default): PlayAnnouncement as before.
  bool online_copy = false;
  // scp / online-copy first-digit-timeout S: after the ringback's last
  // repetition, how long the IP still waits for a key.
  std::uint8_t online_copy_first_digit_timeout_s = 1;
  // scp / charging-records PATH (empty: log lines only)
  std::string charging_records;

  // The assist prefix for a switch dialogue's protocol, named by its
  // configuration keyword ("cap-v2", "cap-v3", "cap-v4", "inap").
  [[nodiscard]] bool any_route_via_platform() const {
    for (const auto& k : service_keys)
      if (k.profile == scp_profile::route_via_platform) return true;
    // The default win-trigger lines are all win-resource.
    for (const auto& t : win_triggers)
      if (win_triggers_set && t.profile == scp_profile::route_via_platform) return true;
    return false;
  }

  [[nodiscard]] const std::string& assist_prefix_for(std::string_view protocol) const {
    for (const auto& f : assist_families)
      if (f.word == protocol) return assist_prefix.of(f.value);
    return assist_prefix.cap_v2;
  }
};

}  // namespace cmr::in::scp
