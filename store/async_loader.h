// Loads subscriber snapshots off the callers' threads. A call whose owner's
// snapshot is not in memory must not run a SQLite query on the thread that
// serves every other call (the SCP's strand, the SIP thread): the decision
// engine hands the owner to this loader instead, and the call waits while
// others go on. Each owner is loaded once however many calls wait for it
// (they are all called back with the same snapshot), on one of `threads`
// worker threads, through the snapshot source (so the snapshot lands in the
// cache on the way). Callbacks run on the worker thread: callers post them
// to their own executor.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/counters.h"
#include "store/snapshot.h"

namespace cmr::store {

class async_loader {
public:
  using done_fn = std::function<void(snapshot_ptr)>;  // nullptr: no such subscriber

  // `source` must outlive the loader.
  async_loader(const snapshot_source& source, std::size_t threads);
  // Stops the workers after the load each one is running (and its
  // callbacks); owners still queued are not loaded and their callbacks never
  // run. Idempotent; load() afterwards drops its callback. Call it before
  // whatever the callbacks use goes away.
  void stop();
  ~async_loader();
  async_loader(const async_loader&) = delete;
  async_loader& operator=(const async_loader&) = delete;

  // Any thread.
  void load(std::string_view owner, done_fn done);

  [[nodiscard]] std::uint64_t loads() const;     // owners read from the store
  [[nodiscard]] std::uint64_t coalesced() const;  // waits that joined a load already queued
  [[nodiscard]] std::size_t queued() const;       // owners waiting for a worker

private:
  void run();

  const snapshot_source& source_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  std::unordered_map<std::string, std::vector<done_fn>> waiting_;  // queued or loading
  bool stop_ = false;
  // libosmocore group "cmr_store-loader" (common/counters.h).
  struct counters {
    counters();
    counter_group group;
    counter_ref loads{group, "loads"}, coalesced{group, "coalesced"};
    gauge_ref queued{group, "queued"};
  };
  counters counters_;
  std::vector<std::thread> workers_;
};

}  // namespace cmr::store
