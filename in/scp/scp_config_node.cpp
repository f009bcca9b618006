#include "in/scp/scp_config_node.h"

#include <algorithm>
#include <string>

namespace cmr::in::scp {
namespace {

constexpr config::keyword<scp_profile> profiles[] = {
    {"connect-to-resource", scp_profile::connect_to_resource},
    {"temporary-connection", scp_profile::temporary_connection},
    {"call-party-handling", scp_profile::call_party_handling},
    {"alerting-pattern", scp_profile::alerting_pattern},
    {"route-via-platform", scp_profile::route_via_platform},
    {"win-resource", scp_profile::win_resource}};

constexpr config::keyword<bool> owners[] = {{"called", true}, {"calling", false}};

constexpr config::keyword<bool> services[] = {{"cmrbt", false}, {"cmrt", true}};
constexpr config::keyword<bool> releases[] = {{"release", true}, {"continue", false}};

#define PROFILE_DOC                                                                         \
  "User interaction: ConnectToResource + PlayAnnouncement\n"                                \
  "User interaction: EstablishTemporaryConnection to an assisting IP (ARI)\n"               \
  "CAP v4 call party handling: IP on the caller's segment, InitiateCallAttempt to callee\n" \
  "CMRT: the resource's alertingPattern in ContinueWithArgument / Connect\n"                \
  "Connect to platform-prefix + called number: the SIP AS plays the ringback\n"

config::outcome add_service_key(scp_settings& c, config::args a) {
  scp_service_key k;
  k.key = config::number<std::uint32_t>(a[0]);
  const auto cmrt = config::parse_keyword(services, a[1]);
  const auto profile = config::parse_keyword(profiles, a[2]);
  if (!cmrt || !profile) return config::refuse("service-key: unknown service or profile");
  k.cmrt = *cmrt;
  k.profile = *profile;
  if (k.cmrt && k.profile == scp_profile::call_party_handling)
    return config::refuse("call-party-handling is a ringback (cmrbt) profile");
  if (k.cmrt && k.profile == scp_profile::route_via_platform)
    return config::refuse("route-via-platform is a ringback (cmrbt) profile");
  if (!k.cmrt && k.profile == scp_profile::alerting_pattern)
    return config::refuse("alerting-pattern is a ringtone (cmrt) profile");
  if (k.profile == scp_profile::win_resource)
    return config::refuse("win-resource is an ANSI-41 profile: see win-trigger");
  auto& keys = c.service_keys;
  auto it = std::lower_bound(keys.begin(), keys.end(), k.key,
                             [](const scp_service_key& x, std::uint32_t y) { return x.key < y; });
  if (it != keys.end() && it->key == k.key)
    *it = k;
  else
    keys.insert(it, k);
  return ok;
}

config::outcome add_win_trigger(scp_settings& c, config::args a) {
  win_trigger t;
  t.trigger_type = config::number<std::uint8_t>(a[0]);
  const auto profile = config::parse_keyword(profiles, a[1]);
  const auto owner = config::parse_keyword(owners, a[2]);
  if (!profile || !owner) return config::refuse("win-trigger: unknown profile or owner");
  t.profile = *profile;
  t.owner_called = *owner;
  // The same list whether the defaults were in force or not: the first line
  // replaces them.
  if (!c.win_triggers_set) c.win_triggers = default_win_triggers();
  c.win_triggers_set = true;
  auto& v = c.win_triggers;
  auto it = std::lower_bound(v.begin(), v.end(), t.trigger_type,
                             [](const win_trigger& x, std::uint8_t y) { return x.trigger_type < y; });
  if (it != v.end() && it->trigger_type == t.trigger_type)
    *it = t;
  else
    v.insert(it, t);
  return ok;
}

// A command setting `field` to 1 to `max` decimal digits.
config::command digits(std::string syntax, std::string doc, std::string& field, std::size_t max) {
  const std::string name = syntax.substr(0, syntax.find(' '));
  return {
      std::move(syntax), std::move(doc), [&field, max, name](config::args a) -> config::outcome {
        const bool all =
            std::all_of(a[0].begin(), a[0].end(), [](char ch) { return ch >= '0' && ch <= '9'; });
        if (a[0].empty() || a[0].size() > max || !all)
          return config::refuse(name + ": 1 to " + std::to_string(max) + " digits");
        field = a[0];
        return ok;
      }};
}

void write(config::writer& w, const scp_settings& c) {
  w.line("scp");
  for (const auto& k : c.service_keys)
    w.line(" service-key ", k.key, " ", config::keyword_of(services, k.cmrt), " ",
           to_string(k.profile));
  w.line(" country-code ", c.country_code);
  w.line(" national-prefix ", c.national_prefix);
  w.line(" international-prefix ", c.international_prefix);
  write_assist_prefixes(w, c.assist_prefix);
  w.line(" platform-prefix ", c.platform_prefix);
  if (!c.scf_id.empty()) w.line(" scf-id ", c.scf_id);
  if (c.announcement_duration_s != 0)
    w.line(" announcement duration ", c.announcement_duration_s);
  else
    w.line(" announcement repetitions ", c.announcement_repetitions);
  w.line(" no-answer-timer ", c.no_answer_timer_s);
  w.line(" call-party-handling busy ", config::keyword_of(releases, c.cph_busy_release));
  w.line(" call-party-handling no-answer ", config::keyword_of(releases, c.cph_no_answer_release));
  w.line(" assist-timeout ", c.assist_timeout_s);
  w.line(" inactivity-timer ", c.inactivity_timer_s);
  w.line(" activity-test-interval ", c.activity_test_interval_s);
  if (!c.charging_records.empty()) w.line(" charging-records ", c.charging_records);
  if (c.online_copy)
    w.line(" online-copy first-digit-timeout ",
           static_cast<unsigned>(c.online_copy_first_digit_timeout_s));
  if (c.win_ssn != 0)
    w.line(" win-ssn ", static_cast<unsigned>(c.win_ssn));
  else
    w.line(" no win-ssn");
  if (!c.win_ip_point_code.empty())
    w.line(" win-ip point-code ", c.win_ip_point_code, " ssn ", static_cast<unsigned>(c.win_ip_ssn));
  else
    w.line(" win-ip ssn ", static_cast<unsigned>(c.win_ip_ssn));
  for (const auto& t : c.win_triggers_set ? c.win_triggers : default_win_triggers())
    w.line(" win-trigger ", static_cast<unsigned>(t.trigger_type), " ", to_string(t.profile), " ",
           config::keyword_of(owners, t.owner_called));
  w.line("!");
}

}  // namespace

const char* to_string(scp_profile p) {
  return config::keyword_of(profiles, p).data();
}

// TriggerType (X.S0004-550) 1 All_Calls, 24-28 the call-type triggers an
// originating MSC arms for outgoing calls (Local, IntraLATA toll,
// InterLATA toll, World Zone, International), 31
// Specific_Called_Party_Digit_String: the callee's ringback played from the
// originating side (called); others need a line of their own
// (docs/cdma-delivery.md, "Triggers").
std::vector<win_trigger> default_win_triggers() {
  std::vector<win_trigger> v;
  for (const int t : {1, 24, 25, 26, 27, 28, 31})
    v.push_back({static_cast<std::uint8_t>(t), false, scp_profile::win_resource, true});
  return v;
}

const win_trigger* scp_settings::find_win_trigger(std::uint8_t type) const {
  static const std::vector<win_trigger> defaults = default_win_triggers();
  const auto& v = win_triggers_set ? win_triggers : defaults;
  auto it = std::lower_bound(v.begin(), v.end(), type,
                             [](const win_trigger& x, std::uint8_t y) { return x.trigger_type < y; });
  return it != v.end() && it->trigger_type == type ? &*it : nullptr;
}

config::node scp_config_node(scp_settings& c) {
  config::node n{"scp", "Configure the SCP service logic (CAP / INAP)\n", "scp"};
  n.commands = {
      {"service-key <0-2147483647> (cmrbt|cmrt) "
       "(connect-to-resource|temporary-connection|call-party-handling|alerting-pattern|"
       "route-via-platform)",
       "An InitialDP serviceKey served by CMR\nService key\nCustomized ringback\n"
       "Customized ringtone\n" PROFILE_DOC,
       [&c](config::args a) { return add_service_key(c, a); }},
      {"no service-key <0-2147483647>",
       config::no_doc("An InitialDP serviceKey served by CMR\nService key\n"),
       [&c](config::args a) -> config::outcome {
         const auto key = config::number<std::uint32_t>(a[0]);
         std::erase_if(c.service_keys, [key](const scp_service_key& k) { return k.key == key; });
         return ok;
       }},
      digits("country-code DIGITS", "Own country code (national numbers get it)\nDigits\n",
             c.country_code, 3),
      digits("national-prefix DIGITS", "Trunk prefix stripped from national numbers\nDigits\n",
             c.national_prefix, 4),
      digits("international-prefix DIGITS",
             "International prefix stripped from numbers of unknown nature\nDigits\n",
             c.international_prefix, 4),
      assist_prefix_command(
          "Routing prefix of the assisting IP (ETC), followed by the correlation id\n"
          "CAP phase 2\nCAP phase 3\nCAP phase 4\nETSI INAP CS-1\nDigits\n",
          c.assist_prefix),
      digits("platform-prefix DIGITS",
             "Routing prefix of the ringback platform (route-via-platform), followed by the "
             "called number\nDigits\n",
             c.platform_prefix, 16),
      digits("scf-id DIGITS", "scfID sent in EstablishTemporaryConnection\nDigits\n", c.scf_id, 16),
      config::assign_value("no scf-id",
                           config::no_doc("scfID sent in EstablishTemporaryConnection\n"), c.scf_id,
                           std::string()),
      {"announcement (repetitions|duration) <1-32767>",
       "How long PlayAnnouncement plays\nnumberOfRepetitions\nduration in seconds\nValue\n",
       [&c](config::args a) -> config::outcome {
         const auto v = config::number<std::uint32_t>(a[1]);
         if (a[0] == "duration") {
           c.announcement_duration_s = v;
         } else {
           c.announcement_repetitions = v;
           c.announcement_duration_s = 0;
         }
         return ok;
       }},
      config::assign(
          "no-answer-timer <0-3600>",
          "applicationTimer of the no-answer event (call-party-handling)\nSeconds (0: not sent)\n",
          c.no_answer_timer_s),
      {"call-party-handling (busy|no-answer) (release|continue)",
       "What call-party-handling does when the callee does not answer\nCallee busy\n"
       "No answer\nReleaseCall\nDisconnectLeg + ContinueWithArgument\n",
       [&c](config::args a) -> config::outcome {
         const auto release = config::parse_keyword(releases, a[1]);
         if (!release) return config::refuse("call-party-handling: release or continue");
         (a[0] == "busy" ? c.cph_busy_release : c.cph_no_answer_release) = *release;
         return ok;
       }},
      config::assign("assist-timeout <1-600>",
                     "Time the assisting IP has to send AssistRequestInstructions\nSeconds\n",
                     c.assist_timeout_s),
      config::assign("inactivity-timer <1-86400>",
                     "A dialogue without any message for this long is aborted\nSeconds\n",
                     c.inactivity_timer_s),
      config::assign(
          "activity-test-interval <0-86400>",
          "Send ActivityTest on a call's SSF dialogue quiet for this long; no result aborts it\n"
          "Seconds (0: never)\n",
          c.activity_test_interval_s),
      config::assign("charging-records PATH",
                     "Append one JSON charging record per call to\nFile path\n",
                     c.charging_records),
      config::assign_value("no charging-records",
                           config::no_doc("Append one JSON charging record per call to\n"),
                           c.charging_records, std::string()),
      {"online-copy first-digit-timeout <1-30>",
       "Collect the caller's keys during the ringback (PromptAndCollectUserInformation, "
       "temporary-connection)\nTime the IP waits for a key after the ringback's last "
       "repetition\nSeconds\n",
       [&c](config::args a) -> config::outcome {
         c.online_copy = true;
         c.online_copy_first_digit_timeout_s = config::number<std::uint8_t>(a[0]);
         return ok;
       }},
      config::assign_value("online-copy", "Collect the caller's keys during the ringback "
                           "(PromptAndCollectUserInformation, temporary-connection)\n",
                           c.online_copy, true),
      config::assign_value("no online-copy",
                           config::no_doc("Collect the caller's keys during the ringback "
                                          "(PromptAndCollectUserInformation, temporary-connection)\n"),
                           c.online_copy, false),
      config::assign("win-ssn <2-254>",
                     "SSN of the SCP's ANSI-41 WIN service (ANSI TCAP)\nSubsystem number\n",
                     c.win_ssn),
      config::assign_value("no win-ssn",
                           config::no_doc("SSN of the SCP's ANSI-41 WIN service (ANSI TCAP)\n"),
                           c.win_ssn, std::uint8_t{0}),
      {"win-ip point-code POINT_CODE ssn <2-254>",
       "The IP that SeizeResource goes to (win-resource)\nIts point code\nPoint code\n"
       "Its SSN\nSubsystem number\n",
       [&c](config::args a) -> config::outcome {
         c.win_ip_point_code = a[0];
         c.win_ip_ssn = config::number<std::uint8_t>(a[1]);
         return ok;
       }},
      {"win-ip ssn <2-254>",
       "The IP that SeizeResource goes to (win-resource): the one in this server\nIts SSN\n"
       "Subsystem number\n",
       [&c](config::args a) -> config::outcome {
         c.win_ip_point_code.clear();
         c.win_ip_ssn = config::number<std::uint8_t>(a[0]);
         return ok;
       }},
      {"win-trigger <0-255> (win-resource|route-via-platform) (called|calling)",
       "An ANSI-41 AnalyzedInformation TriggerType served by CMR (customized ringback)\n"
       "TriggerType\nSeizeResource, ConnectResource, SRFDirective: the IP plays the resource\n"
       "RoutingDigits = platform-prefix + called number: the SIP AS plays the ringback\n"
       "The called party's subscription decides\nThe calling party's subscription decides\n",
       [&c](config::args a) { return add_win_trigger(c, a); }},
      {"no win-trigger <0-255>",
       config::no_doc("An ANSI-41 AnalyzedInformation TriggerType served by CMR (customized "
                      "ringback)\nTriggerType\n"),
       [&c](config::args a) -> config::outcome {
         if (!c.win_triggers_set) c.win_triggers = default_win_triggers();
         c.win_triggers_set = true;  // every line gone: none served (not the defaults again)
         const auto t = config::number<std::uint8_t>(a[0]);
         std::erase_if(c.win_triggers, [t](const win_trigger& x) { return x.trigger_type == t; });
         return ok;
       }},
  };
  n.write = [&c](config::writer& w) { write(w, c); };
  return n;
}

config::show_command scp_show_command(const status_slot& slot) {
  return config::show_status(
      "show cmr scp", config::show_doc("CMR server\nSCP service logic counters and live calls\n"),
      slot, "SCP service logic not running");
}

}  // namespace cmr::in::scp
