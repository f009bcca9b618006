#include "store/decision.h"

#include <algorithm>
#include <array>
#include <span>
#include <vector>

#include "store/conditions.h"
#include "store/log.h"
#include "store/time_zone_cache.h"

namespace cmr::store {

namespace {

using cs = compact_snapshot;

// Evaluation order of settings: ascending priority, ties in presentation_type
// order. The loader already sorts, but decide() is also fed by tests and other
// code, so the order is established here on a small index array (a stable
// insertion sort: O(n) on sorted input, no allocation up to inline_max).
class setting_order {
public:
  explicit setting_order(std::span<const cs::setting> s) : settings_(s) {
    const std::size_t n = s.size();
    if (n > inline_max) heap_.resize(n);
    std::uint32_t* idx = n > inline_max ? heap_.data() : inline_.data();
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t j = i;
      while (j > 0 && less(i, idx[j - 1])) {
        idx[j] = idx[j - 1];
        --j;
      }
      idx[j] = static_cast<std::uint32_t>(i);
    }
    order_ = std::span<const std::uint32_t>(idx, n);
  }
  [[nodiscard]] std::span<const std::uint32_t> indices() const { return order_; }

private:
  static constexpr std::size_t inline_max = 32;
  [[nodiscard]] bool less(std::size_t a, std::size_t b) const {
    const auto& x = settings_[a];
    const auto& y = settings_[b];
    if (x.priority != y.priority) return x.priority < y.priority;
    return x.type < y.type;
  }
  std::span<const cs::setting> settings_;
  std::array<std::uint32_t, inline_max> inline_{};
  std::vector<std::uint32_t> heap_;
  std::span<const std::uint32_t> order_;
};

class decider {
public:
  decider(const decision_input& in, const cs& snap, const resource_lookup& res, rotation_state& rot,
          decision& d)
      : in_(in), snap_(snap), res_(res), rot_(rot), d_(d), now_(in.now.time_since_epoch().count()) {
    other_ = in.other_party;
    if (!other_.empty() && other_.front() == '+') other_.remove_prefix(1);
  }

  bool rule_matches(const cs::setting& s, const cs::rule& r, std::size_t si, std::size_t ri) {
    switch (s.type) {
      case presentation_type::group:
        return in_group(r.condition);
      case presentation_type::time: {
        auto w = parse_time_window(snap_.text(r.condition));
        if (!w) return bad_condition(si, ri, w.error());
        return matches(*w, local());
      }
      case presentation_type::date: {
        auto dc = parse_date_condition(snap_.text(r.condition));
        if (!dc) return bad_condition(si, ri, dc.error());
        return matches(*dc, local());
      }
      case presentation_type::presence:
        return presence_matches(snap_.text(r.condition), snap_.presence());
      case presentation_type::location:
        return location_matches(snap_.text(r.condition), snap_.location());
    }
    return false;
  }

  // First usable candidate of `items`; records it in the decision.
  bool pick(std::span<const cs::item> items, candidate_source src) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      const cs::item& item = items[i];
      if (item.what == item_ref::kind::resource) {
        if (auto r = usable(item.id, nullptr, src, library_of(item.what, item.id))) {
          d_.resource = std::move(r);
          d_.item_index = i;
          return true;
        }
        continue;
      }
      const cs::box* box = find_box(item.id);
      if (box == nullptr) {
        skip(src, skip_reason::box_unknown, snap_.text(item.id), {});
        continue;
      }
      const auto members = snap_.list(box->resources);
      const std::size_t n = members.size();
      if (n == 0) {
        skip(src, skip_reason::box_empty, snap_.text(item.id), {});
        continue;
      }
      const lib_state box_lib = library_of(item.what, item.id);
      const auto walk = rot_.begin(snap_.id(), snap_.text(box->id), box->mode, n);
      for (std::size_t k = 0; k < n; ++k) {
        const cs::text_ref rid = members[(walk.start + k) % n];
        if (auto r = usable(rid, box, src, box_lib)) {
          rotation_state::chosen(walk, k);
          d_.resource = std::move(r);
          d_.item_index = i;
          d_.box_id = snap_.text(box->id);
          d_.box_mode = box->mode;
          return true;
        }
      }
    }
    return false;
  }

  // The system default: library membership is not required.
  bool pick_system(const std::string& id) {
    if (id.empty()) return false;
    auto r = check_resource(id, {}, candidate_source::system_default);
    if (!r) return false;
    d_.resource = std::move(r);
    d_.item_index = 0;
    return true;
  }

private:
  enum class lib_state : std::uint8_t { absent, expired, valid };

  // Ids are interned per snapshot: equal refs, equal strings.
  [[nodiscard]] lib_state library_of(item_ref::kind what, cs::text_ref id) const {
    lib_state st = lib_state::absent;
    for (const cs::library_item& e : snap_.library()) {
      if (e.what != what || e.id != id) continue;
      if (e.expires > now_) return lib_state::valid;
      st = lib_state::expired;
    }
    return st;
  }

  resource_ptr usable(cs::text_ref rid, const cs::box* box, candidate_source src, lib_state via) {
    const std::string_view box_id = box != nullptr ? snap_.text(box->id) : std::string_view{};
    if (via != lib_state::valid && box != nullptr) {
      // A box member is also usable when the member itself is in the library.
      const lib_state own = library_of(item_ref::kind::resource, rid);
      if (own == lib_state::valid || (own == lib_state::expired && via == lib_state::absent))
        via = own;
    }
    if (via != lib_state::valid) {
      skip(src, via == lib_state::expired ? skip_reason::library_expired : skip_reason::not_in_library,
           snap_.text(rid), box_id);
      return nullptr;
    }
    return check_resource(snap_.text(rid), box_id, src);
  }

  resource_ptr check_resource(std::string_view rid, std::string_view box_id, candidate_source src) {
    resource_ptr r = res_.find_resource(rid);
    skip_reason why{};
    if (!r)
      why = skip_reason::resource_unknown;
    else if (r->status == resource_status::inactive)
      why = skip_reason::inactive;
    else if (r->status == resource_status::suspended)
      why = skip_reason::suspended;
    else if (r->expires_at && *r->expires_at <= in_.now)
      why = skip_reason::expired;
    else if (!in_.caps.has(r->type))
      why = skip_reason::media_not_carried;
    else
      return r;
    skip(src, why, rid, box_id);
    return nullptr;
  }

  void skip(candidate_source src, skip_reason why, std::string_view id, std::string_view box_id) {
    d_.skipped.push_back(skipped_candidate{src, why, id, box_id});
  }

  [[nodiscard]] const cs::box* find_box(cs::text_ref id) const {
    for (const cs::box& b : snap_.boxes())
      if (b.id == id) return &b;
    return nullptr;
  }

  [[nodiscard]] bool in_group(cs::text_ref group_id) const {
    if (other_.empty()) return false;
    for (const cs::group& g : snap_.groups()) {
      if (g.id != group_id) continue;
      // Members are sorted numbers (snapshot.h): a binary search over 8-byte
      // keys touches two or three cache lines of one snapshot.
      if (const auto n = cs::pack_number(other_)) {
        const auto m = snap_.members(g);
        const auto* bytes = reinterpret_cast<const char*>(m.data());
        for (std::size_t off = 0; off < m.size_bytes(); off += 64) __builtin_prefetch(bytes + off);
        return std::binary_search(m.begin(), m.end(), *n);
      }
      const auto others = snap_.list(g.other_members);
      const auto it = std::lower_bound(others.begin(), others.end(), other_,
                                       [&](cs::text_ref t, std::string_view v) { return snap_.text(t) < v; });
      return it != others.end() && snap_.text(*it) == other_;
    }
    return false;
  }

  bool bad_condition(std::size_t si, std::size_t ri, const std::string& why) {
    if (d_.bad_conditions++ == 0) {
      d_.first_bad_setting = si;
      d_.first_bad_rule = ri;
    }
    CMR_LOG(decide, debug, "subscriber %.*s: ignoring stored condition: %s",
            static_cast<int>(snap_.id().size()), snap_.id().data(), why.c_str());
    return false;
  }

  // The owner's local time, computed on first use.
  const civil_time& local() {
    if (!d_.local_time_used) {
      d_.local_time_used = true;
      auto zone = time_zone_cache::global().find(snap_.time_zone());
      if (zone) {
        d_.local = (*zone)->to_local(in_.now);
      } else {
        d_.zone_unknown = true;
        d_.local = civil_from_local_seconds(in_.now.time_since_epoch().count(), 0);
      }
    }
    return d_.local;
  }

  const decision_input& in_;
  const cs& snap_;
  const resource_lookup& res_;
  rotation_state& rot_;
  decision& d_;
  std::int64_t now_;
  std::string_view other_;
};

}  // namespace

decision decide(const decision_input& in, const compact_snapshot& snap,
                const resource_lookup& resources, rotation_state& rotation,
                const system_defaults& defaults) {
  decision d;
  d.svc = in.svc;
  d.snapshot = &snap;
  d.defaults = &defaults;
  if (!snap.subscribed(in.svc)) {
    d.why = decision::reason::not_subscribed;
    return d;
  }
  if (snap.status() == subscriber_status::suspended) {
    d.why = decision::reason::suspended;
    return d;
  }
  const auto& rules = snap.rules_for(in.svc);
  const auto settings = snap.list(rules.settings);
  decider run(in, snap, resources, rotation, d);
  if (in.default1_only) {
    d.why = run.pick(snap.list(rules.default1), candidate_source::default1) ? decision::reason::default1
                                                                              : decision::reason::nothing;
    return d;
  }

  const setting_order order(settings);
  for (const std::uint32_t si : order.indices()) {
    const cs::setting& s = settings[si];
    const auto srules = snap.list(s.rules);
    for (std::size_t ri = 0; ri < srules.size() && !d.rule; ++ri) {
      if (run.rule_matches(s, srules[ri], si, ri))
        d.rule = matched_rule{s.type, s.priority, si, ri, snap.text(srules[ri].condition)};
    }
    if (!d.rule) continue;
    if (run.pick(snap.list(srules[d.rule->rule_index].items), candidate_source::rule)) {
      d.why = decision::reason::rule;
      return d;
    }
    break;  // the first matching rule decides, even when it gave nothing usable
  }

  if (d.rule ? run.pick(snap.list(rules.default1), candidate_source::default1)
             : run.pick(snap.list(rules.default2), candidate_source::default2)) {
    d.why = d.rule ? decision::reason::default1 : decision::reason::default2;
    return d;
  }
  if (run.pick_system(defaults.for_service(in.svc))) {
    d.why = decision::reason::system_default;
    return d;
  }
  d.why = decision::reason::nothing;
  return d;
}

decision decide(const decision_input& in, const subscriber_snapshot& snap,
                const resource_lookup& resources, rotation_state& rotation,
                const system_defaults& defaults) {
  snapshot_ptr c = compact(snap);
  decision d = decide(in, *c, resources, rotation, defaults);
  d.snapshot_hold = std::move(c);
  return d;
}

}  // namespace cmr::store
