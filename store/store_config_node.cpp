#include "store/store_config_node.h"

namespace cmr::store {
namespace {

constexpr config::keyword<bool> synchronous_modes[] = {{"normal", false}, {"full", true}};
constexpr config::keyword<service> services[] = {{"cmrbt", service::cmrbt},
                                                 {"cmrt", service::cmrt}};

#define SYNC_DOC "SQLite synchronous mode of the WAL store\n"
#define SVC_DOC "Ringback (caller side)\nRingtone (callee side)\n"
#define DEFAULT_DOC "System default resource, used when a subscriber's settings give none\n"
#define DEMO_DOC "Seed the demo catalogue into an empty store at start\n"

std::string* default_of(store_settings& c, std::string_view word) {
  const auto svc = config::parse_keyword(services, word);
  if (!svc) return nullptr;
  return *svc == service::cmrt ? &c.system_default.cmrt : &c.system_default.cmrbt;
}

}  // namespace

std::vector<config::command> database_commands(store_settings& c) {
  return {
      {"database PATH",
       "Subscriber and resource store\nSQLite database file (created when missing)\n",
       [&c](config::args a) -> config::outcome {
         // "database synchronous" without a mode would otherwise become a file name.
         if (a[0] == "synchronous")
           return config::refuse("database synchronous needs 'normal' or 'full'");
         c.open.path = a[0];
         return ok;
       }},
      {"database synchronous (normal|full)",
       "Subscriber and resource store\n" SYNC_DOC
       "synchronous=NORMAL: fast; an OS crash or power loss may lose the last commits\n"
       "synchronous=FULL: every acknowledged write survives an OS crash or power loss\n",
       [&c](config::args a) -> config::outcome {
         const auto full = config::parse_keyword(synchronous_modes, a[0]);
         if (!full) return config::refuse("database synchronous needs 'normal' or 'full'");
         c.open.synchronous_full = *full;
         return ok;
       }},
      config::assign("snapshot-cache-size <0-100000000>",
                     "Subscriber snapshots cached in memory for the decision engine\n"
                     "Number of subscribers (0: no cache)\n",
                     c.open.snapshot_cache_capacity),
  };
}

std::vector<config::command> catalogue_commands(store_settings& c) {
  return {
      config::assign_value("demo-catalogue", DEMO_DOC, c.demo_catalogue, true),
      config::assign_value("no demo-catalogue", config::no_doc(DEMO_DOC), c.demo_catalogue, false),
      {"system-default (cmrbt|cmrt) RESOURCE_ID", DEFAULT_DOC SVC_DOC "ResourceId\n",
       [&c](config::args a) -> config::outcome {
         if (a[1].size() > 64) return config::refuse("resource id longer than 64 characters");
         std::string* slot = default_of(c, a[0]);
         if (slot == nullptr) return config::refuse("system-default: cmrbt or cmrt");
         *slot = a[1];
         return ok;
       }},
      {"no system-default (cmrbt|cmrt)", config::no_doc(DEFAULT_DOC SVC_DOC),
       [&c](config::args a) -> config::outcome {
         std::string* slot = default_of(c, a[0]);
         if (slot == nullptr) return config::refuse("system-default: cmrbt or cmrt");
         slot->clear();
         return ok;
       }},
  };
}

void write_database_lines(config::writer& w, const store_settings& c) {
  w.line(" database ", c.open.path);
  w.line(" database synchronous ", config::keyword_of(synchronous_modes, c.open.synchronous_full));
  w.line(" snapshot-cache-size ", c.open.snapshot_cache_capacity);
}

void write_catalogue_lines(config::writer& w, const store_settings& c) {
  w.line(c.demo_catalogue ? " demo-catalogue" : " no demo-catalogue");
  if (!c.system_default.cmrbt.empty()) w.line(" system-default cmrbt ", c.system_default.cmrbt);
  if (!c.system_default.cmrt.empty()) w.line(" system-default cmrt ", c.system_default.cmrt);
}

config::show_command decision_show_command(const decision_slot& slot) {
  return {"show cmr decision OWNER (cmrbt|cmrt) [OTHER_PARTY]",
          config::show_doc("CMR server\n"
                           "Ringing decision for a call now, with its explanation\n"
                           "Owner: the CMR subscriber whose settings apply (E.164 digits)\n"
                           "Customized ringback (caller side)\n"
                           "Customized ringtone (callee side)\n"
                           "The other party (E.164 digits)\n"),
          [&slot](config::args a) -> result<std::string, std::string> {
            const auto svc = config::parse_keyword(services, a[1]);
            if (!svc) return unexpected{std::string("service: cmrbt or cmrt")};
            const std::string_view other = a.size() > 2 ? a[2] : std::string_view();
            if (auto text = slot.read(a[0], *svc, other)) return std::move(*text);
            return unexpected{std::string("no decision engine running")};
          }};
}

}  // namespace cmr::store
