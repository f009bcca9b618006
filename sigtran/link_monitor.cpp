#include "sigtran/link_monitor.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sigtran/osmo_headers.h"
#include "sigtran/osmo_list.h"
#include "sigtran/log.h"

namespace cmr::sigtran {
namespace {

std::string pc_str(const osmo_ss7_instance* inst, std::uint32_t pc) {
  char buf[32];
  return osmo_ss7_pointcode_print_buf(buf, sizeof buf, inst, pc);
}

std::string fsm_state(osmo_fsm_inst* fi) {
  return fi != nullptr ? osmo_fsm_inst_state_name(fi) : "-";
}

link_row asp_row(osmo_ss7_asp* asp) {
  link_row r;
  r.what = link_row::kind::asp;
  r.name = asp->cfg.name != nullptr ? asp->cfg.name : "";
  r.role = std::string(get_value_string(osmo_ss7_asp_role_names, asp->cfg.role)) +
           (asp->cfg.is_server ? " server" : " client");
  r.state = fsm_state(asp->fi);
  r.protocol = osmo_ss7_asp_protocol_name(asp->cfg.proto);
  r.active = osmo_ss7_asp_active(asp);
  if (asp->sock_name != nullptr) {
    r.peer = asp->sock_name;
  } else if (asp->cfg.remote.host_cnt > 0 && asp->cfg.remote.host[0] != nullptr) {
    r.peer = std::string(asp->cfg.remote.host[0]) + ":" + std::to_string(asp->cfg.remote.port);
  } else {
    r.peer.assign(1, '-');  // not = "-": GCC 12 -O3 false -Wrestrict
  }
  return r;
}

link_row as_row(osmo_ss7_as* as) {
  link_row r;
  r.what = link_row::kind::as;
  r.name = as->cfg.name != nullptr ? as->cfg.name : "";
  r.role = "routing-key pc " + pc_str(as->inst, as->cfg.routing_key.pc);
  if (as->cfg.pc_override.dpc != 0) r.role += " override dpc " + pc_str(as->inst, as->cfg.pc_override.dpc);
  r.state = fsm_state(as->fi);
  r.protocol = osmo_ss7_asp_protocol_name(as->cfg.proto);
  r.active = osmo_ss7_as_active(as);
  for (osmo_ss7_asp* asp : as->cfg.asps) {
    if (asp == nullptr || asp->cfg.name == nullptr) continue;
    if (!r.peer.empty()) r.peer += ",";
    r.peer += asp->cfg.name;
  }
  if (r.peer.empty()) r.peer.assign(1, '-');  // not = "-": GCC 12 -O3 false -Wrestrict
  return r;
}

const counter_desc k_link_counters[] = {
    {"went-up", "Times the link became active"},
    {"went-down", "Times the link stopped being active"},
};
const gauge_desc k_link_gauges[] = {
    {"up", "1 while the link is active (ASP_ACTIVE / AS_ACTIVE), else 0", ""},
};
const counter_group_desc k_asp_desc{"sigtran-asp", "SIGTRAN ASP (name: the ASP's)", k_link_counters,
                                    k_link_gauges};
const counter_group_desc k_as_desc{"sigtran-as", "SIGTRAN AS (name: the AS's)", k_link_counters,
                                   k_link_gauges};
constexpr std::size_t k_went_up = 0;
constexpr std::size_t k_went_down = 1;
constexpr std::size_t k_up = 0;

link_change_observer& observer() {
  static link_change_observer o;  // osmo thread only
  return o;
}

const char* kind_name(link_row::kind k) { return k == link_row::kind::asp ? "ASP" : "AS"; }

using row_key = std::pair<link_row::kind, std::string>;

std::map<row_key, const link_row*> by_key(const link_snapshot& s) {
  std::map<row_key, const link_row*> m;
  for (const auto& r : s.links) m[{r.what, r.name}] = &r;
  return m;
}

}  // namespace

void set_link_change_observer(link_change_observer o) { observer() = std::move(o); }

link_monitor::link_monitor(link_table& table, std::uint32_t cs7_instance,
                           std::chrono::milliseconds interval)
    : table_(table), instance_(cs7_instance), interval_(interval) {}

link_monitor::~link_monitor() { stop(); }

void link_monitor::start() {
  poll();
  timer_ = std::make_unique<osmo_timer>([this] {
    poll();
    timer_->schedule(interval_);
  });
  timer_->schedule(interval_);
}

void link_monitor::stop() { timer_.reset(); }

link_snapshot link_monitor::read() const {
  link_snapshot s;
  osmo_ss7_instance* inst = osmo_ss7_instance_find(instance_);
  if (inst == nullptr) return s;
  for_each_entry<osmo_ss7_asp>(&inst->asp_list, [&](osmo_ss7_asp* asp) { s.links.push_back(asp_row(asp)); });
  for_each_entry<osmo_ss7_as>(&inst->as_list, [&](osmo_ss7_as* as) { s.links.push_back(as_row(as)); });
  if (inst->rtable_system != nullptr) {
    for_each_entry<osmo_ss7_route>(&inst->rtable_system->routes, [&](osmo_ss7_route* rt) {
      route_row r;
      r.pc = rt->cfg.pc;
      r.mask = rt->cfg.mask;
      r.destination = rt->cfg.linkset_name != nullptr ? rt->cfg.linkset_name : "";
      r.active = rt->dest.as != nullptr && osmo_ss7_as_active(rt->dest.as);
      s.routes.push_back(std::move(r));
    });
  }
  if (osmo_ss7_pc_is_valid(inst->cfg.primary_pc)) s.local_pcs.push_back(inst->cfg.primary_pc);
  return s;
}

void link_monitor::poll() {
  link_snapshot now = read();
  if (!first_ && now == last_) return;
  const auto before = by_key(last_);
  const auto after = by_key(now);
  // Logged first, then told: the observer may be slow (a TRAP per client).
  std::vector<std::pair<const link_row*, bool>> changed;
  for (const auto& [key, row] : after) {
    const auto it = before.find(key);
    if (it == before.end()) {
      CMR_LOG(sigtran, notice, "%s %s (%s %s, %s): %s", kind_name(row->what), row->name.c_str(),
              row->protocol.c_str(), row->role.c_str(), row->peer.c_str(), row->state.c_str());
      changed.emplace_back(row, false);
    } else if (it->second->state != row->state || it->second->peer != row->peer) {
      CMR_LOG(sigtran, notice, "%s %s (%s %s, %s): %s -> %s", kind_name(row->what),
              row->name.c_str(), row->protocol.c_str(), row->role.c_str(), row->peer.c_str(),
              it->second->state.c_str(), row->state.c_str());
      if (it->second->state != row->state) changed.emplace_back(row, false);
    }
  }
  for (const auto& [key, row] : before)
    if (after.count(key) == 0) {
      CMR_LOG(sigtran, notice, "%s %s: removed (was %s)", kind_name(row->what), row->name.c_str(),
              row->state.c_str());
      changed.emplace_back(row, true);
    }
  count(last_, now);
  if (observer())
    for (const auto& [row, removed] : changed) observer()(*row, removed);
  first_ = false;
  last_ = now;
  table_.update(std::move(now));
}

void link_monitor::count(const link_snapshot& before, const link_snapshot& after) {
  const auto was = by_key(before);
  const auto now = by_key(after);
  for (const auto& [key, row] : now) {
    auto& g = groups_[key];
    if (!g) {
      const bool asp = key.first == link_row::kind::asp;
      g = std::make_unique<counter_group>(asp ? k_asp_desc : k_as_desc,
                                          asp ? next_asp_index_++ : next_as_index_++, key.second);
    }
    g->set(k_up, row->active ? 1 : 0);
    const auto it = was.find(key);
    const bool was_active = it != was.end() && it->second->active;
    if (row->active && !was_active) g->inc(k_went_up);
    if (!row->active && was_active) g->inc(k_went_down);
  }
  for (auto it = groups_.begin(); it != groups_.end();) {
    if (now.count(it->first) == 0)
      it = groups_.erase(it);
    else
      ++it;
  }
}

}  // namespace cmr::sigtran
