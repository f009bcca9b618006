// The decision engine as the protocol layers use it: looks up the owner's
// current snapshot, reads the injected clock and runs decide(). Thread-safe:
// any number of call threads may decide concurrently.
#pragma once

#include <atomic>
#include <memory>
#include <string_view>

#include "store/clock.h"
#include "store/decision.h"
#include "store/media_set.h"
#include "store/rotation.h"
#include "store/snapshot.h"

namespace cmr::store {

class decision_engine {
public:
  // All references must outlive the engine.
  decision_engine(const snapshot_source& snapshots, const resource_lookup& resources,
                  const cmr::clock& clock, rotation_state& rotation, system_defaults defaults);

  // The returned decision keeps the snapshot and the system defaults it was
  // made from alive, so its views and explain() stay valid on their own.
  [[nodiscard]] decision decide(std::string_view owner, service svc, std::string_view other_party,
                                media_set caps) const;

  // Replaces the system defaults (SystemSetting); calls in flight finish with
  // the old ones.
  void set_system_defaults(system_defaults defaults);
  [[nodiscard]] std::shared_ptr<const system_defaults> current_system_defaults() const;

private:
  const snapshot_source& snapshots_;
  const resource_lookup& resources_;
  const cmr::clock& clock_;
  rotation_state& rotation_;
  std::atomic<std::shared_ptr<const system_defaults>> defaults_;
};

}  // namespace cmr::store
