// The decision engine as the protocol layers use it: looks up the owner's
// current snapshot, reads the injected clock and runs decide(). Thread-safe:
// any number of call threads may decide concurrently.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "common/clock.h"
#include "common/histogram.h"
#include "store/async_loader.h"
#include "store/decision.h"
#include "store/decision_port.h"
#include "store/media_set.h"
#include "store/rotation.h"
#include "store/snapshot.h"

namespace cmr::store {


class decision_engine final : public decision_port {
public:
  // All references must outlive the engine.
  decision_engine(const snapshot_source& snapshots, const resource_lookup& resources,
                  const cmr::clock& clock, rotation_state& rotation, system_defaults defaults);

  // The returned decision keeps the snapshot and the system defaults it was
  // made from alive, so its views and explain() stay valid on their own.
  // On a cache miss this reads the store on the calling thread.
  [[nodiscard]] decision decide(std::string_view owner, service svc, std::string_view other_party,
                                media_set caps) const;

  // The same decision, without ever reading the store on the calling
  // thread: when the owner's snapshot is in memory (or no loader is set) the
  // decision is returned at once and `later` is dropped; otherwise nullopt
  // is returned, the snapshot is loaded on the loader's threads and `later`
  // gets the decision there (the caller posts it to its own executor). The
  // clock is read when the decision is made.
  // Its time goes to the "decision" histogram ("show cmr latency",
  // /metrics): path "immediate" from the call to the decision returned,
  // path "deferred" from the call to the decision made on the loader's
  // thread (the store read included, the post back to the caller not).
  [[nodiscard]] std::optional<decision> decide_or_defer(const decision_request& r,
                                                        decided_fn later) override;
  // Where decide_or_defer() sends misses; nullptr: decide there and then.
  // Set before calls start (not thread-safe against them).
  void set_loader(async_loader* loader) { loader_ = loader; }

  // Decides in[i] into out[i] for every i, exactly as calling decide() on
  // each in order would (same clock reads, same rotation and random draws,
  // same loads on a cache miss), but overlaps the memory latency of the
  // lookups: while one request is decided, the snapshot of the one
  // k_snapshot_distance ahead and the cache slot of the one
  // 2 * k_snapshot_distance ahead are already on their way (docs/decision.md,
  // "Batches"). out.size() must be at least in.size(); only in.size()
  // decisions are written.
  void decide_many(std::span<const decision_request> in, std::span<decision> out) const;

  // A hint for a protocol layer that just parsed a message naming `owner`
  // and will ask decide() for it soon: starts loading the owner's cache slot.
  // No lock, no wait, no effect on any result.
  void prefetch(std::string_view owner) const { snapshots_.prefetch_entry(owner); }

  // How far ahead decide_many() prefetches snapshots (and twice that for the
  // cache slots). One decision takes longer than a DRAM round trip, so a
  // small distance hides both misses; larger only fills the L1 with lines
  // not yet needed.
  static constexpr std::size_t k_snapshot_distance = 2;

  // Replaces the system defaults (SystemSetting); calls in flight finish with
  // the old ones.
  void set_system_defaults(system_defaults defaults);
  [[nodiscard]] std::shared_ptr<const system_defaults> current_system_defaults() const;

private:
  [[nodiscard]] decision decide_with(snapshot_ptr snap, std::string_view owner, service svc,
                                     std::string_view other_party, media_set caps,
                                     bool default1_only = false) const;

  const snapshot_source& snapshots_;
  async_loader* loader_ = nullptr;
  const resource_lookup& resources_;
  const cmr::clock& clock_;
  rotation_state& rotation_;
  std::atomic<std::shared_ptr<const system_defaults>> defaults_;
  histogram immediate_time_, deferred_time_;
};

}  // namespace cmr::store
