// The "scp" config node: SCP service logic (in/scp, docs/cs-delivery.md).
//
//   scp
//    service-key 100 cmrbt connect-to-resource
//    service-key 101 cmrt alerting-pattern
//    service-key 102 cmrbt temporary-connection
//    service-key 110 cmrbt call-party-handling
//    country-code 49
//    national-prefix 0
//    international-prefix 00
//    assist-prefix cap-v4 49604
//    scf-id 491720000100
//    announcement repetitions 1
//    no-answer-timer 30
//    call-party-handling busy release
//    assist-timeout 10
//    inactivity-timer 7200
//    activity-test-interval 300
//    charging-records cmr-charging.jsonl
//
// Also "show cmr scp" (counters and live calls) in the view and enable nodes.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "sigtran/vty_node.h"
#include "sigtran/vty_nodes.h"

namespace cmr {
namespace {
std::mutex g_query_mutex;
scp_status_query g_query;
}  // namespace

void set_scp_status_query(scp_status_query query) {
  const std::lock_guard lock(g_query_mutex);
  g_query = std::move(query);
}

}  // namespace cmr

namespace cmr::sigtran {
namespace {

server_config* g_cfg = nullptr;  // the running configuration; osmo thread only

std::uint32_t to_u32(const char* s) {
  return static_cast<std::uint32_t>(std::strtoul(s, nullptr, 10));  // range checked by the parser
}

bool all_digits(const char* s, std::size_t max) {
  const std::size_t n = std::strlen(s);
  if (n == 0 || n > max) return false;
  return std::all_of(s, s + n, [](char c) { return c >= '0' && c <= '9'; });
}

int write_scp(struct vty* vty) {
  const scp_settings& c = g_cfg->scp;
  vty_out(vty, "scp%s", VTY_NEWLINE);
  for (const auto& k : c.service_keys)
    vty_out(vty, " service-key %u %s %s%s", k.key, k.cmrt ? "cmrt" : "cmrbt", to_string(k.profile),
            VTY_NEWLINE);
  vty_out(vty, " country-code %s%s", c.country_code.c_str(), VTY_NEWLINE);
  vty_out(vty, " national-prefix %s%s", c.national_prefix.c_str(), VTY_NEWLINE);
  vty_out(vty, " international-prefix %s%s", c.international_prefix.c_str(), VTY_NEWLINE);
  vty_out(vty, " assist-prefix cap-v2 %s%s", c.assist_prefix_cap_v2.c_str(), VTY_NEWLINE);
  vty_out(vty, " assist-prefix cap-v3 %s%s", c.assist_prefix_cap_v3.c_str(), VTY_NEWLINE);
  vty_out(vty, " assist-prefix cap-v4 %s%s", c.assist_prefix_cap_v4.c_str(), VTY_NEWLINE);
  vty_out(vty, " assist-prefix inap %s%s", c.assist_prefix_inap.c_str(), VTY_NEWLINE);
  if (!c.scf_id.empty()) vty_out(vty, " scf-id %s%s", c.scf_id.c_str(), VTY_NEWLINE);
  if (c.announcement_duration_s != 0)
    vty_out(vty, " announcement duration %u%s", c.announcement_duration_s, VTY_NEWLINE);
  else
    vty_out(vty, " announcement repetitions %u%s", c.announcement_repetitions, VTY_NEWLINE);
  vty_out(vty, " no-answer-timer %u%s", c.no_answer_timer_s, VTY_NEWLINE);
  vty_out(vty, " call-party-handling busy %s%s", c.cph_busy_release ? "release" : "continue",
          VTY_NEWLINE);
  vty_out(vty, " call-party-handling no-answer %s%s",
          c.cph_no_answer_release ? "release" : "continue", VTY_NEWLINE);
  vty_out(vty, " assist-timeout %u%s", c.assist_timeout_s, VTY_NEWLINE);
  vty_out(vty, " inactivity-timer %u%s", c.inactivity_timer_s, VTY_NEWLINE);
  vty_out(vty, " activity-test-interval %u%s", c.activity_test_interval_s, VTY_NEWLINE);
  if (!c.charging_records.empty())
    vty_out(vty, " charging-records %s%s", c.charging_records.c_str(), VTY_NEWLINE);
  vty_out(vty, "!%s", VTY_NEWLINE);
  return CMD_SUCCESS;
}

int cfg_service_key(cmd_element*, struct vty* vty, int, const char* argv[]) {
  scp_service_key k;
  k.key = to_u32(argv[0]);
  k.cmrt = std::strcmp(argv[1], "cmrt") == 0;
  const std::string p = argv[2];
  if (p == "alerting-pattern")
    k.profile = scp_profile::alerting_pattern;
  else if (p == "temporary-connection")
    k.profile = scp_profile::temporary_connection;
  else if (p == "call-party-handling")
    k.profile = scp_profile::call_party_handling;
  else
    k.profile = scp_profile::connect_to_resource;
  if (k.cmrt && k.profile == scp_profile::call_party_handling)
    return vty_reject(vty, "call-party-handling is a ringback (cmrbt) profile");
  if (!k.cmrt && k.profile == scp_profile::alerting_pattern)
    return vty_reject(vty, "alerting-pattern is a ringtone (cmrt) profile");
  auto& keys = g_cfg->scp.service_keys;
  auto it = std::lower_bound(keys.begin(), keys.end(), k.key,
                             [](const scp_service_key& a, std::uint32_t b) { return a.key < b; });
  if (it != keys.end() && it->key == k.key)
    *it = k;
  else
    keys.insert(it, k);
  return CMD_SUCCESS;
}

int cfg_no_service_key(cmd_element*, struct vty*, int, const char* argv[]) {
  const std::uint32_t key = to_u32(argv[0]);
  auto& keys = g_cfg->scp.service_keys;
  std::erase_if(keys, [key](const scp_service_key& k) { return k.key == key; });
  return CMD_SUCCESS;
}

int cfg_country_code(cmd_element*, struct vty* vty, int, const char* argv[]) {
  if (!all_digits(argv[0], 3)) return vty_reject(vty, "country-code: 1 to 3 digits");
  g_cfg->scp.country_code = argv[0];
  return CMD_SUCCESS;
}

int cfg_national_prefix(cmd_element*, struct vty* vty, int, const char* argv[]) {
  if (!all_digits(argv[0], 4)) return vty_reject(vty, "national-prefix: 1 to 4 digits");
  g_cfg->scp.national_prefix = argv[0];
  return CMD_SUCCESS;
}

int cfg_international_prefix(cmd_element*, struct vty* vty, int, const char* argv[]) {
  if (!all_digits(argv[0], 4)) return vty_reject(vty, "international-prefix: 1 to 4 digits");
  g_cfg->scp.international_prefix = argv[0];
  return CMD_SUCCESS;
}

int cfg_assist_prefix(cmd_element*, struct vty* vty, int, const char* argv[]) {
  if (!all_digits(argv[1], 16)) return vty_reject(vty, "assist-prefix: 1 to 16 digits");
  auto& s = g_cfg->scp;
  const std::string family = argv[0];
  (family == "cap-v2"   ? s.assist_prefix_cap_v2
   : family == "cap-v3" ? s.assist_prefix_cap_v3
   : family == "cap-v4" ? s.assist_prefix_cap_v4
                        : s.assist_prefix_inap) = argv[1];
  return CMD_SUCCESS;
}

int cfg_scf_id(cmd_element*, struct vty* vty, int, const char* argv[]) {
  if (!all_digits(argv[0], 16)) return vty_reject(vty, "scf-id: 1 to 16 digits");
  g_cfg->scp.scf_id = argv[0];
  return CMD_SUCCESS;
}

int cfg_no_scf_id(cmd_element*, struct vty*, int, const char*[]) {
  g_cfg->scp.scf_id.clear();
  return CMD_SUCCESS;
}

int cfg_announcement(cmd_element*, struct vty*, int, const char* argv[]) {
  const std::uint32_t v = to_u32(argv[1]);
  if (std::strcmp(argv[0], "duration") == 0) {
    g_cfg->scp.announcement_duration_s = v;
  } else {
    g_cfg->scp.announcement_repetitions = v;
    g_cfg->scp.announcement_duration_s = 0;
  }
  return CMD_SUCCESS;
}

int cfg_no_answer_timer(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->scp.no_answer_timer_s = to_u32(argv[0]);
  return CMD_SUCCESS;
}

int cfg_cph(cmd_element*, struct vty*, int, const char* argv[]) {
  const bool release = std::strcmp(argv[1], "release") == 0;
  (std::strcmp(argv[0], "busy") == 0 ? g_cfg->scp.cph_busy_release
                                     : g_cfg->scp.cph_no_answer_release) = release;
  return CMD_SUCCESS;
}

int cfg_assist_timeout(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->scp.assist_timeout_s = to_u32(argv[0]);
  return CMD_SUCCESS;
}

int cfg_inactivity(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->scp.inactivity_timer_s = to_u32(argv[0]);
  return CMD_SUCCESS;
}

int cfg_activity_test(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->scp.activity_test_interval_s = to_u32(argv[0]);
  return CMD_SUCCESS;
}

int cfg_charging(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->scp.charging_records = argv[0];
  return CMD_SUCCESS;
}

int cfg_no_charging(cmd_element*, struct vty*, int, const char*[]) {
  g_cfg->scp.charging_records.clear();
  return CMD_SUCCESS;
}

int show_scp(cmd_element*, struct vty* vty, int, const char*[]) {
  return vty_print_status(vty, g_query_mutex, g_query, "SCP service logic not running");
}

cmd_element g_show{};

#define PROFILE_DOC                                                                         \
  "User interaction: ConnectToResource + PlayAnnouncement\n"                                \
  "User interaction: EstablishTemporaryConnection to an assisting IP (ARI)\n"               \
  "CAP v4 call party handling: IP on the caller's segment, InitiateCallAttempt to callee\n" \
  "CMRT: the resource's alertingPattern in ContinueWithArgument / Connect\n"

}  // namespace

void install_scp_vty_node(server_config& cfg) {
  g_cfg = &cfg;
  vty_node node(scp_node, "scp", "Configure the SCP service logic (CAP / INAP)\n",
                "%s(config-scp)# ", &write_scp);
  node.add(
          "service-key <0-2147483647> (cmrbt|cmrt) "
          "(connect-to-resource|temporary-connection|call-party-handling|alerting-pattern)",
          "An InitialDP serviceKey served by CMR\nService key\nCustomized ringback\n"
          "Customized ringtone\n" PROFILE_DOC,
          &cfg_service_key)
      .add("no service-key <0-2147483647>",
           NO_STR "An InitialDP serviceKey served by CMR\nService key\n", &cfg_no_service_key)
      .add("country-code DIGITS", "Own country code (national numbers get it)\nDigits\n",
           &cfg_country_code)
      .add("national-prefix DIGITS", "Trunk prefix stripped from national numbers\nDigits\n",
           &cfg_national_prefix)
      .add("international-prefix DIGITS",
           "International prefix stripped from numbers of unknown nature\nDigits\n",
           &cfg_international_prefix)
      .add("assist-prefix (cap-v2|cap-v3|cap-v4|inap) DIGITS",
           "Routing prefix of the assisting IP (ETC), followed by the correlation id\n"
           "CAP phase 2\nCAP phase 3\nCAP phase 4\nETSI INAP CS-1\nDigits\n",
           &cfg_assist_prefix)
      .add("scf-id DIGITS", "scfID sent in EstablishTemporaryConnection\nDigits\n", &cfg_scf_id)
      .add("no scf-id", NO_STR "scfID sent in EstablishTemporaryConnection\n", &cfg_no_scf_id)
      .add("announcement (repetitions|duration) <1-32767>",
           "How long PlayAnnouncement plays\nnumberOfRepetitions\nduration in seconds\nValue\n",
           &cfg_announcement)
      .add("no-answer-timer <0-3600>",
           "applicationTimer of the no-answer event (call-party-handling)\nSeconds (0: not sent)\n",
           &cfg_no_answer_timer)
      .add("call-party-handling (busy|no-answer) (release|continue)",
           "What call-party-handling does when the callee does not answer\nCallee busy\n"
           "No answer\nReleaseCall\nDisconnectLeg + ContinueWithArgument\n",
           &cfg_cph)
      .add("assist-timeout <1-600>",
           "Time the assisting IP has to send AssistRequestInstructions\nSeconds\n",
           &cfg_assist_timeout)
      .add("inactivity-timer <1-86400>",
           "A dialogue without any message for this long is aborted\nSeconds\n", &cfg_inactivity)
      .add("activity-test-interval <0-86400>",
           "Send ActivityTest on a call's SSF dialogue quiet for this long; no result aborts it\n"
           "Seconds (0: never)\n",
           &cfg_activity_test)
      .add("charging-records PATH", "Append one JSON charging record per call to\nFile path\n",
           &cfg_charging)
      .add("no charging-records", NO_STR "Append one JSON charging record per call to\n",
           &cfg_no_charging);
  node.install();

  g_show.string = "show cmr scp";
  g_show.doc = SHOW_STR
      "CMR server\n"
      "SCP service logic counters and live calls\n";
  g_show.func = &show_scp;
  install_element_ve(&g_show);
}

}  // namespace cmr::sigtran
