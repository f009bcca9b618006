#include "apps/cmr-server/presentation_node.h"

#include <array>

namespace cmr::app {
namespace {

using ringback::announcement_policy;
using ringback::forward_policy;
using ringback::prompt_kind;

constexpr config::keyword<forward_policy> forwards[] = {{"continue", forward_policy::continue_owner},
                                                        {"stop", forward_policy::stop},
                                                        {"forwarded-party", forward_policy::forwarded_party}};
constexpr config::keyword<announcement_policy> announcements[] = {
    {"continue", announcement_policy::continue_ringback}, {"stop", announcement_policy::stop}};
constexpr config::keyword<prompt_kind> prompts[] = {
    {"confirmed", prompt_kind::confirmed}, {"refused", prompt_kind::refused}, {"offer", prompt_kind::offer}};

constexpr const char* k_keys_doc = "Distinct keys of 0-9 * # A-D, at most 4 (e.g. * or *9)\n";
constexpr const char* k_shutdown_doc = "Act on no key during the ringback (no telephone-event offered)\n";

// "copy-keys KEYS" and "no copy-keys" (the action then has no key).
void keys_commands(std::vector<config::command>& out, const char* name, const char* doc,
                   std::string& field) {
  const std::string syntax = std::string(name) + " KEYS";
  out.push_back({syntax, std::string(doc) + k_keys_doc, [&field, name](config::args a) -> config::outcome {
                   if (!ringback::valid_keys(a[0]))
                     return config::refuse(std::string(name) + " " + std::string(a[0]) +
                                           ": distinct keys of 0-9 * # A-D, at most 4");
                   field = a[0];
                   return ok;
                 }});
  out.push_back(config::assign_value("no " + std::string(name), config::no_doc(doc), field, std::string()));
}

// A resource id of CMR-5 (1-64 characters, no control characters or blanks).
bool resource_id(std::string_view v) {
  if (v.empty() || v.size() > 64) return false;
  for (const char c : v)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  return true;
}

void write(config::writer& w, const ringback::presentation_settings& s) {
  auto keys = [&w](const char* name, const std::string& k) {
    if (k.empty())
      w.line(" no ", name);
    else
      w.line(" ", name, " ", k);
  };
  w.line("presentation-control");
  keys("copy-keys", s.system.copy_keys);
  keys("skip-keys", s.system.skip_keys);
  keys("stop-keys", s.system.stop_keys);
  w.line(" forwarded-call ", config::keyword_of(forwards, s.system.on_forward));
  w.line(" network-announcement ", config::keyword_of(announcements, s.system.on_announcement));
  for (const auto& p : prompts) {
    const std::string& id = s.prompt(p.value);
    w.line(" prompt ", p.word, " ", id.empty() ? std::string("builtin") : id);
  }
  w.line(" non-subscriber ", s.offer_non_subscribers ? "offer" : "ignore");
  w.line(" max-keys-per-call ", s.max_keys_per_call);
  w.line(s.enabled ? " no shutdown" : " shutdown");
  w.line("!");
}

}  // namespace

config::node presentation_config_node(ringback::presentation_settings& s) {
  config::node n{"presentation-control",
                 "Configure the keys during the ringback (on-line copy, skip, stop) and the event rules\n",
                 "presentation"};
  auto& c = s.system;
  keys_commands(n.commands, "copy-keys", "Keys that copy the playing resource into the caller's library\n",
                c.copy_keys);
  keys_commands(n.commands, "skip-keys", "Keys that skip to the next resource of a box\n", c.skip_keys);
  keys_commands(n.commands, "stop-keys", "Keys that stop the presentation (then DefaultCMRResourceId1)\n",
                c.stop_keys);
  n.commands.push_back(
      {"forwarded-call (continue|stop|forwarded-party)",
       "When the owner's call is forwarded\nThe owner's ringback continues\nThe ringback stops (the network's "
       "tone)\nThe forwarded-to party's own ringback when it is a CMR subscriber, else the owner's\n",
       [&c](config::args a) -> config::outcome {
         const auto v = config::parse_keyword(forwards, a[0]);
         if (!v) return config::refuse("forwarded-call: continue, stop or forwarded-party");
         c.on_forward = *v;
         return ok;
       }});
  n.commands.push_back({"network-announcement (continue|stop)",
                        "When the network plays its own busy / no-answer announcement\nThe ringback "
                        "continues\nThe ringback stops\n",
                        [&c](config::args a) -> config::outcome {
                          const auto v = config::parse_keyword(announcements, a[0]);
                          if (!v) return config::refuse("network-announcement: continue or stop");
                          c.on_announcement = *v;
                          return ok;
                        }});
  n.commands.push_back(
      {"prompt (confirmed|refused|offer) RESOURCE",
       "The prompt played after a key, in the ringback's stream\nThe copy was made (or the caller had it)\n"
       "The copy was refused\nA caller who is no subscriber pressed the copy key\nA CMR-5 resource id, or "
       "builtin for the built-in prompt\n",
       [&s](config::args a) -> config::outcome {
         const auto k = config::parse_keyword(prompts, a[0]);
         if (!k) return config::refuse("prompt: confirmed, refused or offer");
         if (a[1] != "builtin" && !resource_id(a[1]))
           return config::refuse("prompt " + std::string(a[0]) + ": a resource id (1-64 characters) or builtin");
         s.prompt_resource[static_cast<std::size_t>(*k)] = a[1] == "builtin" ? std::string() : std::string(a[1]);
         return ok;
       }});
  n.commands.push_back({"non-subscriber (offer|ignore)",
                        "A copy key from a caller who is no CMR subscriber\nPlay the offer prompt\nDo nothing\n",
                        [&s](config::args a) -> config::outcome {
                          s.offer_non_subscribers = a[0] == "offer";
                          return ok;
                        }});
  n.commands.push_back(config::assign("max-keys-per-call <1-1000>",
                                      "Keys acted on per call; later ones are ignored (a flood)\nKeys\n",
                                      s.max_keys_per_call));
  n.commands.push_back(config::assign_value("shutdown", k_shutdown_doc, s.enabled, false));
  n.commands.push_back(config::assign_value("no shutdown", config::no_doc(k_shutdown_doc), s.enabled, true));
  n.write = [&s](config::writer& w) { write(w, s); };
  return n;
}

}  // namespace cmr::app
