// The immutable, in-memory view of one subscriber that the ringing decision
// engine reads (DESIGN.md section 4): built from the store on first use,
// cached, and replaced as a whole when a write touches the subscriber, so a
// call never waits on a writer.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

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

  [[nodiscard]] const service_rules& rules_for(service s) const {
    return rules[static_cast<std::size_t>(s) - 1];
  }
};

using snapshot_ptr = std::shared_ptr<const subscriber_snapshot>;
using resource_ptr = std::shared_ptr<const resource>;

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
};

}  // namespace cmr::store
