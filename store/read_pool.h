// Reader connections for the caches. WAL lets them read while the writer
// writes; each is used by one thread at a time, so a cache miss on one
// thread never waits for a write transaction or for another thread's miss
// on a different reader.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.h"
#include "store/resource_repository.h"
#include "store/snapshot.h"
#include "store/snapshot_loader.h"

namespace cmr::store {

class read_pool {
public:
  // The database must exist with the current schema (the writer made sure).
  static store_result<std::unique_ptr<read_pool>> open(const std::string& path, std::size_t size);

  store_result<snapshot_ptr> load_snapshot(std::string_view subscriber_id);  // nullptr: none
  store_result<resource_ptr> load_resource(std::string_view resource_id);    // nullptr: none

private:
  struct reader {
    std::unique_ptr<db> conn;
    std::unique_ptr<snapshot_loader> snapshots;
    std::unique_ptr<resource_repository> resources;
    std::mutex mu;
  };
  read_pool() = default;
  // A free reader if there is one, else waits for one.
  std::unique_lock<std::mutex> acquire(reader*& out);

  std::vector<std::unique_ptr<reader>> readers_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace cmr::store
