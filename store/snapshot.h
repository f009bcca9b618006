// The immutable, in-memory view of one subscriber that the ringing decision
// engine reads (DESIGN.md section 4): built from the store on first use,
// cached, and replaced as a whole when a write touches the subscriber, so a
// call never waits on a writer.
//
// Two forms:
// - subscriber_snapshot: plain structs and vectors. The loader reads the
//   database into it, tests write it by hand, and expand() gives it back.
// - compact_snapshot: what the cache holds and decide() reads. One allocation
//   (the shared_ptr control block included) with every string interned once
//   in a pool, group members packed into sorted 64-bit numbers, library
//   entries reduced to (item, expiry). The part a decision reads comes
//   first (header, rules, library, groups, string pool), the member numbers
//   last, so a decision's reads are a few adjacent cache lines that the
//   snapshot cache prefetches together (docs/store.md, "Snapshot layout").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/ringback_control.h"
#include "store/model.h"

namespace cmr::store {

struct service_rules {
  // Sorted by (priority, presentation_type) ascending: evaluation order.
  std::vector<preference_setting> settings;
  std::vector<item_ref> default1;
  std::vector<item_ref> default2;
};

struct group_members {
  std::string group_id;
  std::vector<std::string> members;  // sorted member ids (E.164 digits)
};

struct subscriber_snapshot {
  subscriber sub;  // password_hash is left empty in snapshots
  std::array<service_rules, 2> rules;  // index: static_cast<int>(service) - 1
  std::vector<group_members> groups;   // sorted by group_id
  std::vector<library_entry> library;  // the Personal Resource Library
  std::vector<resource_box> boxes;     // the subscriber's boxes, sorted by id
  // CMR-6 PresentationControl (from_subscriber set); nullopt: the system's apply.
  std::optional<ringback::controls> controls;

  [[nodiscard]] const service_rules& rules_for(service s) const {
    return rules[static_cast<std::size_t>(s) - 1];
  }
};

class compact_snapshot;
using snapshot_ptr = std::shared_ptr<const compact_snapshot>;
using resource_ptr = std::shared_ptr<const resource>;

// Builds the compact form (one allocation). Group members may be given in
// any order; settings keep their order.
snapshot_ptr compact(const subscriber_snapshot& s);

class compact_snapshot {
public:
  // A string in the pool. Every string is interned once per snapshot, so two
  // text_refs of one snapshot are equal exactly when their strings are.
  struct text_ref {
    std::uint32_t off = 0;  // from the pool's start
    std::uint32_t len = 0;
    friend bool operator==(const text_ref&, const text_ref&) = default;
  };
  template <class T>
  struct list_ref {
    std::uint32_t off = 0;  // bytes from the snapshot's start
    std::uint32_t count = 0;
  };
  struct item {
    text_ref id;
    item_ref::kind what = item_ref::kind::resource;
  };
  struct rule {
    text_ref condition;
    list_ref<item> items;
  };
  struct setting {
    presentation_type type = presentation_type::group;
    std::int32_t priority = 0;
    list_ref<rule> rules;
  };
  struct service_lists {
    list_ref<setting> settings;
    list_ref<item> default1;
    list_ref<item> default2;
  };
  struct library_item {
    text_ref id;
    item_ref::kind what = item_ref::kind::resource;
    std::int64_t expires = k_never;  // seconds since the epoch
  };
  // Member numbers that are not 1..17 plain digits (never seen from the
  // management interface, which checks E.164) stay text, in `other_members`.
  struct group {
    text_ref id;
    std::uint32_t members_off = 0;  // index into the member numbers
    std::uint32_t members_count = 0;
    list_ref<text_ref> other_members;  // sorted by text
  };
  struct box {
    text_ref id;
    text_ref owner;
    text_ref name;
    play_mode mode = play_mode::random;
    list_ref<text_ref> resources;  // ordered
  };
  static constexpr std::int64_t k_never = std::numeric_limits<std::int64_t>::max();

  // A member number as stored: digit count in the top 7 bits, the value
  // below, so "0049..." and "49..." differ. nullopt: not packable.
  static std::optional<std::uint64_t> pack_number(std::string_view digits);

  [[nodiscard]] std::string_view text(text_ref t) const {
    return {reinterpret_cast<const char*>(this) + pool_off_ + t.off, t.len};
  }
  template <class T>
  [[nodiscard]] std::span<const T> list(list_ref<T> l) const {
    return {reinterpret_cast<const T*>(reinterpret_cast<const char*>(this) + l.off), l.count};
  }
  [[nodiscard]] std::span<const std::uint64_t> members(const group& g) const {
    return {reinterpret_cast<const std::uint64_t*>(reinterpret_cast<const char*>(this) + members_off_) +
                g.members_off,
            g.members_count};
  }
  [[nodiscard]] std::string_view id() const { return text(id_); }
  [[nodiscard]] std::string_view time_zone() const { return text(time_zone_); }
  [[nodiscard]] std::string_view presence() const { return text(presence_); }
  [[nodiscard]] std::string_view location() const { return text(location_); }
  [[nodiscard]] bool subscribed(service s) const { return s == service::cmrt ? cmrt_ : cmrbt_; }
  [[nodiscard]] subscriber_status status() const { return status_; }
  // The owner's CMR-6 PresentationControl settings (from_subscriber set),
  // nullopt when the owner has none. Builds the strings: not for the
  // decision's hot path.
  [[nodiscard]] std::optional<ringback::controls> controls() const;

  [[nodiscard]] const service_lists& rules_for(service s) const {
    return rules_[static_cast<std::size_t>(s) - 1];
  }
  [[nodiscard]] std::span<const group> groups() const { return list(groups_); }
  [[nodiscard]] std::span<const library_item> library() const { return list(library_); }
  [[nodiscard]] std::span<const box> boxes() const { return list(boxes_); }

  // Bytes in all, and bytes a decision reads (everything before the member
  // numbers): what the cache prefetches on a hit.
  [[nodiscard]] std::uint32_t size_bytes() const { return size_; }
  [[nodiscard]] std::uint32_t hot_bytes() const { return members_off_; }

  // Back to plain structs (tests, tools). Library entries come back with
  // what the compact form keeps: item and expiry.
  [[nodiscard]] subscriber_snapshot expand() const;

private:
  friend snapshot_ptr compact(const subscriber_snapshot& s);
  compact_snapshot() = default;

  std::uint32_t size_ = 0;
  std::uint32_t pool_off_ = 0;
  std::uint32_t members_off_ = 0;
  text_ref id_;
  text_ref time_zone_;
  text_ref presence_;
  text_ref location_;
  bool cmrbt_ = false;
  bool cmrt_ = false;
  subscriber_status status_ = subscriber_status::active;
  copy_privacy privacy_ = copy_privacy::allow;
  bool has_credit_limit_ = false;
  money_e4 credit_limit_ = 0;
  money_e4 charged_ = 0;
  std::array<service_lists, 2> rules_{};
  bool has_controls_ = false;
  ringback::forward_policy on_forward_ = ringback::forward_policy::forwarded_party;
  ringback::announcement_policy on_announcement_ = ringback::announcement_policy::stop;
  text_ref copy_keys_;
  text_ref skip_keys_;
  text_ref stop_keys_;
  list_ref<group> groups_;
  list_ref<library_item> library_;
  list_ref<box> boxes_;
};

// Looks up resources of the shared catalogue; implemented over the store with
// a cache, or over a plain map in tests.
class resource_lookup {
public:
  virtual ~resource_lookup() = default;
  // nullptr when the resource does not exist.
  [[nodiscard]] virtual resource_ptr find_resource(std::string_view id) const = 0;
};

// Gives the current snapshot of a subscriber; implemented by the store's
// snapshot cache (invalidated on every write to that subscriber), or by a plain
// map in tests.
class snapshot_source {
public:
  virtual ~snapshot_source() = default;
  // nullptr when the subscriber does not exist (or cannot be read: logged).
  [[nodiscard]] virtual snapshot_ptr find_snapshot(std::string_view subscriber_id) const = 0;
  // The snapshot when it is in memory (nullptr inside: known not to exist),
  // nullopt when find_snapshot() would have to read the store. A source
  // without a cache always has it.
  [[nodiscard]] virtual std::optional<snapshot_ptr> find_cached(
      std::string_view subscriber_id) const {
    return find_snapshot(subscriber_id);
  }

  // Hints for batches (decision_engine::decide_many, prefetch): start loading
  // the index entry of a subscriber without waiting for it, and, once that
  // had time to arrive, the snapshot it points at. They never change what
  // find_snapshot() returns; the defaults do nothing.
  virtual void prefetch_entry(std::string_view /*subscriber_id*/) const {}
  virtual void prefetch_snapshot(std::string_view /*subscriber_id*/) const {}
};

}  // namespace cmr::store
