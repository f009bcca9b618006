#include "sigtran/ctrl_variables.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <optional>

#include "common/counters.h"
#include "sigtran/log.h"
#include "sigtran/osmo_headers.h"

// libosmocore exports its list of log targets but declares it only in an
// uninstalled header; the VTY's "logging level" walks the same list.
extern "C" struct llist_head osmo_log_target_list;

namespace cmr::sigtran {

ctrl_tree& ctrl_tree_state() {
  static auto* t = new ctrl_tree;
  return *t;
}

namespace {

using answer = result<std::string, std::string>;

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// --- log levels -----------------------------------------------------------
// cmr.log.<category>.level: the VTY's "logging level <category> <level>" on
// every configured log target (stderr, file, syslog, journal; not the telnet
// sessions' own, which each user sets), so "show running-config" shows it.

struct level_name {
  const char* name;
  std::uint8_t level;
};
constexpr level_name k_levels[] = {{"debug", LOGL_DEBUG},
                                   {"info", LOGL_INFO},
                                   {"notice", LOGL_NOTICE},
                                   {"error", LOGL_ERROR},
                                   {"fatal", LOGL_FATAL}};

std::string level_text(unsigned level) {
  for (const auto& l : k_levels)
    if (l.level == level) return l.name;
  return std::to_string(level);
}

// The libosmocore category of a VTY name ("mgmt", "lctrl"), -1 when none.
int category_of(std::string_view name) {
  if (osmo_log_info == nullptr) return -1;
  for (unsigned i = 0; i < osmo_log_info->num_cat; ++i) {
    const char* n = osmo_log_info->cat[i].name;
    if (n == nullptr || n[0] == '\0') continue;
    const std::string_view vty_name(n + 1);  // "DMGMT" -> "MGMT"
    if (vty_name.size() == name.size() &&
        std::equal(name.begin(), name.end(), vty_name.begin(),
                   [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
      return static_cast<int>(i);
  }
  return -1;
}

template <typename F>
void for_each_configured_target(F f) {
  // By hand: llist_for_each_entry needs GNU typeof (sigtran/osmo_list.h), and
  // log_target links through `entry`, not `list`.
  for (llist_head* p = osmo_log_target_list.next; p != &osmo_log_target_list; p = p->next) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
    auto* t =
        reinterpret_cast<log_target*>(reinterpret_cast<char*>(p) - offsetof(log_target, entry));
#pragma GCC diagnostic pop
    if (t->type != LOG_TGT_TYPE_VTY) f(*t);
  }
}

answer get_log_level(int cat) {
  unsigned most = 0;
  bool any = false;
  log_tgt_mutex_lock();
  for_each_configured_target([&](log_target& t) {
    if (t.categories[cat].enabled == 0) return;
    if (!any || t.categories[cat].loglevel < most) most = t.categories[cat].loglevel;
    any = true;
  });
  log_tgt_mutex_unlock();
  if (!any) return unexpected{std::string("no log target logs this category")};
  return level_text(most);
}

answer set_log_level(int cat, std::string_view category, std::string_view value) {
  const auto* l = std::find_if(std::begin(k_levels), std::end(k_levels),
                               [&](const level_name& n) { return value == n.name; });
  if (l == std::end(k_levels))
    return unexpected{std::string("invalid level, expected debug, info, notice, error or fatal")};
  const auto was = get_log_level(cat);
  const std::string before = was ? *was : std::string("-");
  log_tgt_mutex_lock();
  for_each_configured_target([&](log_target& t) {
    t.categories[cat].enabled = 1;
    t.categories[cat].loglevel = l->level;
  });
  log_tgt_mutex_unlock();
  CMR_LOG(sigtran, notice, "CTRL: log level of %.*s set to %s (was %s)",
          static_cast<int>(category.size()), category.data(), l->name, before.c_str());
  return std::string(l->name);
}

// --- levels of the layers ---------------------------------------------------
// cmr.<service>.<level>: a gauge of the layer's counter group, read now from
// its atomic (not the mirror's once-a-second copy). A layer that does not run
// has no group: the answer says so.

struct gauge_variable {
  const char* name;     // "cmr.scp.live-calls"
  const char* prefix;   // counter group: "scp"
  const char* gauge;    // "live-calls"
  const char* service;  // for "... not running"
};
constexpr gauge_variable k_gauges[] = {
    {"cmr.scp.live-calls", "scp", "live-calls", "SCP"},
    {"cmr.scp.live-answered", "scp", "live-answered", "SCP"},
    {"cmr.scp.tcap-dialogues", "scp", "tcap-dialogues", "SCP"},
    {"cmr.ip.calls-active", "ip", "calls-active", "intelligent peripheral"},
    {"cmr.sip.calls-active", "sip-as", "calls-active", "SIP application server"},
    {"cmr.mgmt.writer-waiting", "mgmt-writer", "waiting", "management interface"},
};

struct running_variable {
  const char* name;
  const char* prefix;
};
constexpr running_variable k_running[] = {{"cmr.scp.running", "scp"},
                                          {"cmr.ip.running", "ip"},
                                          {"cmr.sip.running", "sip-as"},
                                          {"cmr.mgmt.running", "mgmt"}};

answer read_gauge(const gauge_variable& v) {
  std::optional<std::int64_t> value;
  for_each_counter_group([&](const counter_group& g) {
    if (value || std::string_view(g.desc().prefix) != v.prefix) return;
    for (std::size_t i = 0; i < g.desc().gauges.size(); ++i)
      if (std::string_view(g.desc().gauges[i].name) == v.gauge) value = g.gauge(i);
  });
  if (!value) return unexpected{std::string(v.service) + " not running"};
  return std::to_string(*value);
}

bool group_exists(std::string_view prefix) {
  bool found = false;
  for_each_counter_group([&](const counter_group& g) {
    if (std::string_view(g.desc().prefix) == prefix) found = true;
  });
  return found;
}

// --- SIGTRAN links -------------------------------------------------------------

// "cmr.sigtran.asp.<name>.<field>": kind, name and field, or nothing.
struct link_ref {
  link_row::kind what;
  std::string_view name;
  std::string_view field;
};
std::optional<link_ref> parse_link(std::string_view var) {
  link_ref r{};
  if (starts_with(var, "cmr.sigtran.asp.")) {
    r.what = link_row::kind::asp;
    var.remove_prefix(16);
  } else if (starts_with(var, "cmr.sigtran.as.")) {
    r.what = link_row::kind::as;
    var.remove_prefix(15);
  } else {
    return std::nullopt;
  }
  // The name may hold dots itself: the field is the last part.
  const auto dot = var.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  r.name = var.substr(0, dot);
  r.field = var.substr(dot + 1);
  return r;
}

answer get_link(const link_ref& ref) {
  if (ctrl_tree_state().links == nullptr) return unexpected{std::string("SIGTRAN not running")};
  for (const auto& row : ctrl_tree_state().links->links()) {
    if (row.what != ref.what || row.name != ref.name) continue;
    if (ref.field == "state") return row.state;
    if (ref.field == "active") return std::string(row.active ? "1" : "0");
    if (ref.field == "peer") return row.peer;
    if (ref.field == "protocol") return row.protocol;
    return unexpected{std::string(k_ctrl_not_found)};
  }
  return unexpected{std::string(ref.what == link_row::kind::asp ? "no such ASP" : "no such AS")};
}

answer link_names(link_row::kind what) {
  if (ctrl_tree_state().links == nullptr) return unexpected{std::string("SIGTRAN not running")};
  std::string names;
  for (const auto& row : ctrl_tree_state().links->links()) {
    if (row.what != what) continue;
    if (!names.empty()) names += ',';
    names += row.name;
  }
  return names;
}

// --- the "cmr." tree ------------------------------------------------------------

}  // namespace

answer ctrl_tree_get(std::string_view var) {
  auto& s = ctrl_tree_state();
  if (const auto it = s.added.find(var); it != s.added.end()) return it->second.get();
  if (var == "cmr.version") return s.version;
  if (var == "cmr.uptime")
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::steady_clock::now() - s.started)
                              .count());
  if (var == "cmr.stats.interval") return std::to_string(osmo_stats_config->interval);
  if (var == "cmr.sigtran.asp-names") return link_names(link_row::kind::asp);
  if (var == "cmr.sigtran.as-names") return link_names(link_row::kind::as);
  if (const auto ref = parse_link(var)) return get_link(*ref);
  for (const auto& g : k_gauges)
    if (var == g.name) return read_gauge(g);
  for (const auto& r : k_running)
    if (var == r.name) return std::string(group_exists(r.prefix) ? "1" : "0");
  if (starts_with(var, "cmr.log.") && ends_with(var, ".level")) {
    const auto category = var.substr(8, var.size() - 8 - 6);
    const int cat = category_of(category);
    if (cat < 0) return unexpected{"no log category " + std::string(category)};
    return get_log_level(cat);
  }
  return unexpected{std::string(k_ctrl_not_found)};
}

namespace {

answer set_stats_interval(std::string_view value) {
  int seconds = -1;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc() || end != value.data() + value.size() || seconds < 0 || seconds > 65535)
    return unexpected{std::string("invalid interval, expected 0-65535 seconds")};
  const int before = osmo_stats_config->interval;
  if (const int rc = osmo_stats_set_interval(seconds); rc < 0)
    return unexpected{std::string("cannot set the interval: ") + std::strerror(-rc)};
  CMR_LOG(sigtran, notice, "CTRL: stats interval set to %d s (was %d s)", seconds, before);
  return std::to_string(seconds);
}

}  // namespace

answer ctrl_tree_set(std::string_view var, std::string_view value) {
  auto& s = ctrl_tree_state();
  if (const auto it = s.added.find(var); it != s.added.end()) {
    if (!it->second.set) return unexpected{it->second.refusal};
    return it->second.set(value);
  }
  if (starts_with(var, "cmr.log.") && ends_with(var, ".level")) {
    const auto category = var.substr(8, var.size() - 8 - 6);
    const int cat = category_of(category);
    if (cat < 0) return unexpected{"no log category " + std::string(category)};
    return set_log_level(cat, category, value);
  }
  if (var == "cmr.stats.interval") return set_stats_interval(value);
  // Everything else GET knows is state, not a setting (even when GET cannot
  // answer right now: a service that does not run).
  if (auto known = ctrl_tree_get(var); !known && known.error() == k_ctrl_not_found) return known;
  return unexpected{std::string("read-only")};
}

// libosmoctrl's callbacks for the one element "cmr *" (every variable

}  // namespace cmr::sigtran
