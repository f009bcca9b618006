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

bool subscribed(const subscriber& s, service svc) { return svc == service::cmrt ? s.cmrt : s.cmrbt; }

// Evaluation order of settings: ascending priority, ties in presentation_type
// order. The loader already sorts, but decide() is also fed by tests and other
// code, so the order is established here on a small index array (a stable
// insertion sort: O(n) on sorted input, no allocation up to inline_max).
class setting_order {
public:
  explicit setting_order(const std::vector<preference_setting>& s) : settings_(s) {
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
  const std::vector<preference_setting>& settings_;
  std::array<std::uint32_t, inline_max> inline_{};
  std::vector<std::uint32_t> heap_;
  std::span<const std::uint32_t> order_;
};

class decider {
public:
  decider(const decision_input& in, const subscriber_snapshot& snap, const resource_lookup& res,
          rotation_state& rot, decision& d)
      : in_(in), snap_(snap), res_(res), rot_(rot), d_(d) {
    other_ = in.other_party;
    if (!other_.empty() && other_.front() == '+') other_.remove_prefix(1);
  }

  bool rule_matches(const preference_setting& s, const preference_rule& r, std::size_t si,
                    std::size_t ri) {
    switch (s.type) {
      case presentation_type::group:
        return in_group(r.condition);
      case presentation_type::time: {
        auto w = parse_time_window(r.condition);
        if (!w) return bad_condition(si, ri, w.error());
        return matches(*w, local());
      }
      case presentation_type::date: {
        auto dc = parse_date_condition(r.condition);
        if (!dc) return bad_condition(si, ri, dc.error());
        return matches(*dc, local());
      }
      case presentation_type::presence:
        return presence_matches(r.condition, snap_.sub.presence);
      case presentation_type::location:
        return location_matches(r.condition, snap_.sub.location);
    }
    return false;
  }

  // First usable candidate of `items`; records it in the decision.
  bool pick(const std::vector<item_ref>& items, candidate_source src) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      const item_ref& item = items[i];
      if (item.what == item_ref::kind::resource) {
        if (auto r = usable(item.id, nullptr, src, library_of(item))) {
          d_.resource = std::move(r);
          d_.item_index = i;
          return true;
        }
        continue;
      }
      const resource_box* box = find_box(item.id);
      if (box == nullptr) {
        skip(src, skip_reason::box_unknown, item.id, {});
        continue;
      }
      const std::size_t n = box->resource_ids.size();
      if (n == 0) {
        skip(src, skip_reason::box_empty, item.id, {});
        continue;
      }
      const lib_state box_lib = library_of(item);
      const auto walk = rot_.begin(snap_.sub.id, box->id, box->mode, n);
      for (std::size_t k = 0; k < n; ++k) {
        const std::string& rid = box->resource_ids[(walk.start + k) % n];
        if (auto r = usable(rid, box, src, box_lib)) {
          rotation_state::chosen(walk, k);
          d_.resource = std::move(r);
          d_.item_index = i;
          d_.box_id = box->id;
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

  [[nodiscard]] lib_state library_of(const item_ref& item) const {
    return library_of(item.what, item.id);
  }
  // Takes a view so checking a box member does not copy its id.
  [[nodiscard]] lib_state library_of(item_ref::kind what, std::string_view id) const {
    lib_state st = lib_state::absent;
    for (const library_entry& e : snap_.library) {
      if (e.item.what != what || e.item.id != id) continue;
      if (!e.expires_at || *e.expires_at > in_.now) return lib_state::valid;
      st = lib_state::expired;
    }
    return st;
  }

  resource_ptr usable(const std::string& rid, const resource_box* box, candidate_source src,
                      lib_state via) {
    const std::string_view box_id = box != nullptr ? std::string_view(box->id) : std::string_view{};
    if (via != lib_state::valid && box != nullptr) {
      // A box member is also usable when the member itself is in the library.
      const lib_state own = library_of(item_ref::kind::resource, rid);
      if (own == lib_state::valid || (own == lib_state::expired && via == lib_state::absent))
        via = own;
    }
    if (via != lib_state::valid) {
      skip(src, via == lib_state::expired ? skip_reason::library_expired : skip_reason::not_in_library,
           rid, box_id);
      return nullptr;
    }
    return check_resource(rid, box_id, src);
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

  [[nodiscard]] const resource_box* find_box(std::string_view id) const {
    for (const resource_box& b : snap_.boxes)
      if (b.id == id) return &b;
    return nullptr;
  }

  [[nodiscard]] bool in_group(std::string_view group_id) const {
    if (other_.empty()) return false;
    for (const group_members& g : snap_.groups) {
      if (g.group_id != group_id) continue;
      // Members are sorted (snapshot.h): a binary search touches a few cache
      // lines where a scan of 20 numbers touches them all, which is what a
      // decision pays for per line once a million snapshots live in DRAM.
      const auto it = std::lower_bound(g.members.begin(), g.members.end(), other_,
                                       [](const std::string& m, std::string_view v) { return m < v; });
      return it != g.members.end() && *it == other_;
    }
    return false;
  }

  bool bad_condition(std::size_t si, std::size_t ri, const std::string& why) {
    if (d_.bad_conditions++ == 0) {
      d_.first_bad_setting = si;
      d_.first_bad_rule = ri;
    }
    CMR_LOG(decide, debug, "subscriber %s: ignoring stored condition: %s", snap_.sub.id.c_str(),
            why.c_str());
    return false;
  }

  // The owner's local time, computed on first use.
  const civil_time& local() {
    if (!d_.local_time_used) {
      d_.local_time_used = true;
      auto zone = time_zone_cache::global().find(snap_.sub.time_zone);
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
  const subscriber_snapshot& snap_;
  const resource_lookup& res_;
  rotation_state& rot_;
  decision& d_;
  std::string_view other_;
};

}  // namespace

decision decide(const decision_input& in, const subscriber_snapshot& snap,
                const resource_lookup& resources, rotation_state& rotation,
                const system_defaults& defaults) {
  decision d;
  d.svc = in.svc;
  d.snapshot = &snap;
  if (!subscribed(snap.sub, in.svc)) {
    d.why = decision::reason::not_subscribed;
    return d;
  }
  if (snap.sub.status == subscriber_status::suspended) {
    d.why = decision::reason::suspended;
    return d;
  }
  const service_rules& rules = snap.rules_for(in.svc);
  decider run(in, snap, resources, rotation, d);

  const setting_order order(rules.settings);
  for (const std::uint32_t si : order.indices()) {
    const preference_setting& s = rules.settings[si];
    for (std::size_t ri = 0; ri < s.rules.size() && !d.rule; ++ri) {
      if (run.rule_matches(s, s.rules[ri], si, ri))
        d.rule = matched_rule{s.type, s.priority, si, ri, s.rules[ri].condition};
    }
    if (!d.rule) continue;
    if (run.pick(s.rules[d.rule->rule_index].items, candidate_source::rule)) {
      d.why = decision::reason::rule;
      return d;
    }
    break;  // the first matching rule decides, even when it gave nothing usable
  }

  if (d.rule ? run.pick(rules.default1, candidate_source::default1)
             : run.pick(rules.default2, candidate_source::default2)) {
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

}  // namespace cmr::store
