// In-memory inputs for decision tests: a map-based resource catalogue and
// snapshot source, a scripted random source, and small builders.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/decision.h"
#include "store/random_source.h"
#include "store/snapshot.h"

namespace cmr::store::test {

inline timestamp utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  return timestamp{std::chrono::seconds{days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss}};
}

class map_resources final : public resource_lookup {
public:
  resource& add(std::string id, media_type type = media_type::audio) {
    auto r = std::make_shared<resource>();
    r->id = id;
    r->type = type;
    resource& ref = *r;
    map_[std::move(id)] = std::move(r);
    return ref;
  }
  void remove(std::string_view id) { map_.erase(map_.find(id)); }
  [[nodiscard]] resource_ptr find_resource(std::string_view id) const override {
    const auto it = map_.find(id);
    return it == map_.end() ? nullptr : it->second;
  }

private:
  std::map<std::string, std::shared_ptr<resource>, std::less<>> map_;
};

class map_snapshots final : public snapshot_source {
public:
  void put(const subscriber_snapshot& s) { map_[s.sub.id] = compact(s); }
  [[nodiscard]] snapshot_ptr find_snapshot(std::string_view id) const override {
    const auto it = map_.find(id);
    return it == map_.end() ? nullptr : it->second;
  }

private:
  std::map<std::string, snapshot_ptr, std::less<>> map_;
};

// Returns the scripted values in turn (modulo the bound).
class scripted_random final : public random_source {
public:
  explicit scripted_random(std::vector<std::uint64_t> v) : values_(std::move(v)) {}
  [[nodiscard]] std::uint64_t below(std::uint64_t bound) override {
    return values_[next_++ % values_.size()] % bound;
  }

private:
  std::vector<std::uint64_t> values_;
  std::size_t next_ = 0;
};

inline item_ref res(std::string id) { return item_ref{item_ref::kind::resource, std::move(id)}; }
inline item_ref box(std::string id) { return item_ref{item_ref::kind::box, std::move(id)}; }

inline subscriber_snapshot owner(std::string id, std::string zone = "UTC") {
  subscriber_snapshot s;
  s.sub.id = std::move(id);
  s.sub.cmrbt = true;
  s.sub.cmrt = true;
  s.sub.time_zone = std::move(zone);
  return s;
}

inline void own(subscriber_snapshot& s, const item_ref& item,
                std::optional<timestamp> expires = std::nullopt) {
  library_entry e;
  e.id = static_cast<std::int64_t>(s.library.size() + 1);
  e.subscriber_id = s.sub.id;
  e.item = item;
  e.expires_at = expires;
  s.library.push_back(e);
}

inline preference_setting setting(presentation_type t, std::int32_t priority,
                                  std::vector<preference_rule> rules) {
  return preference_setting{t, priority, std::move(rules)};
}

}  // namespace cmr::store::test
