// Read-only store views (store::open_reader) for the management read path:
// authentication lookups on a cache miss, Login's password check and the
// read-only operations. Each view is used by one thread at a time; with at
// least as many views as io threads an io thread rarely waits, and never for
// the writer (WAL readers see the last commit).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.h"

namespace cmr::mgmt {

class reader_pool {
public:
  static store::store_result<std::unique_ptr<reader_pool>> open(const std::string& path, std::size_t size);

  // A view and the lock that makes it this thread's until released.
  struct lease {
    store::store* db = nullptr;
    std::unique_lock<std::mutex> lock;
  };
  lease acquire();

private:
  reader_pool() = default;
  struct view {
    std::unique_ptr<store::store> db;
    std::mutex mu;
  };
  std::vector<std::unique_ptr<view>> views_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace cmr::mgmt
