#include "sigtran/counter_mirror.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/counters.h"
#include "sigtran/osmo_headers.h"
#include "sigtran/osmo_timer.h"

namespace cmr::sigtran {
namespace {

// libosmocore keeps pointers to its descriptions for a group's lifetime:
// built once per kind of group, kept for the process lifetime.
struct osmo_desc {
  std::string prefix;  // "cmr_scp"
  std::vector<rate_ctr_desc> counters;
  rate_ctr_group_desc counter_group{};
  std::vector<osmo_stat_item_desc> gauges;
  std::unique_ptr<osmo_stat_item_group_desc> gauge_group;
};

struct mirrored {
  rate_ctr_group* counters = nullptr;
  osmo_stat_item_group* gauges = nullptr;
  std::vector<std::uint64_t> copied;  // counter values already added
  std::vector<std::int64_t> set_to;   // gauge values last set
  const std::string* prefix = nullptr;
  unsigned index = 0;
  bool seen = false;
};

struct mirror_state {
  void* ctx = nullptr;
  std::chrono::milliseconds period{1000};
  std::unique_ptr<osmo_timer> timer;
  std::map<const counter_group_desc*, std::unique_ptr<osmo_desc>> descs;
  std::unordered_map<std::uint64_t, mirrored> groups;  // by counter_group::serial()
  std::map<std::string, std::set<unsigned>> indexes;   // in use, by prefix
};

// Osmo thread only. Never destroyed: its osmo timer belongs to the osmo
// thread's timer tree, which a destructor at exit (main thread) must not touch.
mirror_state& state() {
  static auto* s = new mirror_state;
  return *s;
}

const osmo_desc& desc_for(const counter_group_desc& d) {
  auto& slot = state().descs[&d];
  if (slot) return *slot;
  slot = std::make_unique<osmo_desc>();
  auto& o = *slot;
  o.prefix = std::string("cmr_") + d.prefix;
  for (const auto& c : d.counters) o.counters.push_back({c.name, c.description});
  o.counter_group.group_name_prefix = o.prefix.c_str();
  o.counter_group.group_description = d.description;
  o.counter_group.class_id = OSMO_STATS_CLASS_GLOBAL;
  o.counter_group.num_ctr = static_cast<unsigned>(o.counters.size());
  o.counter_group.ctr_desc = o.counters.data();
  for (const auto& g : d.gauges) {
    osmo_stat_item_desc item{};
    item.name = g.name;
    item.description = g.description;
    item.unit = (g.unit != nullptr && *g.unit != '\0') ? g.unit : OSMO_STAT_ITEM_NO_UNIT;
    item.default_value = 0;
    o.gauges.push_back(item);
  }
  o.gauge_group.reset(
      new osmo_stat_item_group_desc{o.prefix.c_str(), d.description, OSMO_STATS_CLASS_GLOBAL,
                                    static_cast<unsigned>(o.gauges.size()), o.gauges.data()});
  return o;
}

mirrored create(const counter_group& g) {
  auto& s = state();
  const osmo_desc& o = desc_for(g.desc());
  mirrored m;
  m.prefix = &o.prefix;
  auto& used = s.indexes[o.prefix];
  m.index = g.index();
  if (used.count(m.index) != 0) m.index = *used.rbegin() + 1;
  used.insert(m.index);
  if (!o.counters.empty()) {
    m.counters = rate_ctr_group_alloc(s.ctx, &o.counter_group, m.index);
    if (m.counters != nullptr && !g.name().empty())
      rate_ctr_group_set_name(m.counters, g.name().c_str());
  }
  if (!o.gauges.empty()) {
    m.gauges = osmo_stat_item_group_alloc(s.ctx, o.gauge_group.get(), m.index);
    if (m.gauges != nullptr && !g.name().empty())
      osmo_stat_item_group_set_name(m.gauges, g.name().c_str());
  }
  m.copied.assign(o.counters.size(), 0);
  m.set_to.assign(o.gauges.size(), 0);
  return m;
}

void copy(const counter_group& g, mirrored& m) {
  if (m.counters != nullptr) {
    for (std::size_t i = 0; i < m.copied.size(); ++i) {
      const std::uint64_t now = g.value(i);
      std::uint64_t delta = now - m.copied[i];
      if (delta == 0) continue;
      m.copied[i] = now;
      rate_ctr* c = rate_ctr_group_get_ctr(m.counters, static_cast<unsigned>(i));
      // rate_ctr_add() takes an int.
      constexpr std::uint64_t step = std::numeric_limits<int>::max();
      for (; delta > step; delta -= step) rate_ctr_add(c, static_cast<int>(step));
      rate_ctr_add(c, static_cast<int>(delta));
    }
  }
  if (m.gauges != nullptr) {
    for (std::size_t i = 0; i < m.set_to.size(); ++i) {
      const std::int64_t now = g.gauge(i);
      if (now == m.set_to[i]) continue;
      m.set_to[i] = now;
      const auto v = static_cast<std::int32_t>(std::clamp<std::int64_t>(
          now, std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()));
      osmo_stat_item_set(osmo_stat_item_group_get_item(m.gauges, static_cast<unsigned>(i)), v);
    }
  }
}

void release(mirrored& m) {
  if (m.counters != nullptr) rate_ctr_group_free(m.counters);
  if (m.gauges != nullptr) osmo_stat_item_group_free(m.gauges);
  state().indexes[*m.prefix].erase(m.index);
}

}  // namespace

void sync_counter_mirror() {
  auto& s = state();
  for (auto& [serial, m] : s.groups) m.seen = false;
  // Under the registry's lock: no group can go while its atomics are read.
  for_each_counter_group([&s](const counter_group& g) {
    auto it = s.groups.find(g.serial());
    if (it == s.groups.end()) it = s.groups.emplace(g.serial(), create(g)).first;
    it->second.seen = true;
    copy(g, it->second);
  });
  for (auto it = s.groups.begin(); it != s.groups.end();) {
    if (it->second.seen) {
      ++it;
    } else {
      release(it->second);
      it = s.groups.erase(it);
    }
  }
}

void start_counter_mirror(void* talloc_ctx, std::chrono::milliseconds period) {
  auto& s = state();
  if (s.timer) return;
  s.ctx = talloc_ctx;
  s.period = period;
  s.timer = std::make_unique<osmo_timer>([] {
    sync_counter_mirror();
    state().timer->schedule(state().period);
  });
  sync_counter_mirror();
  s.timer->schedule(period);
}

}  // namespace cmr::sigtran
