// Encoded answers of cacheable read-only operations (GetResourceList: the
// catalogue pages every client asks for), kept without their TransactionId
// and keyed by format and the request's cache key. Authentication still
// runs for every request; only the store read and the encoding are saved.
//
// Staleness is excluded by a generation number: a page is stored with the
// generation read *before* its store read began, and kept only while that is
// still the current one. Every committed resource change (store observer)
// and every committed list change (handler_options::catalogue_changed, run
// after the COMMIT) starts a new generation and drops all pages, so a page
// read from a snapshot older than a commit is never served after it. A page
// also ends at `fresh_until` (the first expiry among the resources it lists).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"
#include "store/store.h"

namespace cmr::mgmt {

class response_cache final : public store::change_listener {
public:
  struct page {
    std::string body;          // the encoded response, no TransactionId
    std::size_t tid_at = 0;    // where a TransactionId line goes in `body`
    store::timestamp fresh_until = store::timestamp::max();
    std::uint64_t generation = 0;
  };

  explicit response_cache(std::size_t capacity = 4096) : capacity_(capacity) {}

  // The page for `key` while it is current and fresh at `now`; null otherwise.
  [[nodiscard]] std::shared_ptr<const page> find(std::string_view key, store::timestamp now) const;
  // Read before the store read a page is made from.
  [[nodiscard]] std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  // Dropped when p->generation is no longer current.
  void put(std::string key, std::shared_ptr<const page> p);
  void invalidate();

  [[nodiscard]] std::uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }

  // store::change_listener: a resource's metadata, status or expiry may be
  // on any page.
  void subscriber_changed(const std::string&) override {}
  void all_subscribers_changed() override {}
  void resource_changed(const std::string&) override { invalidate(); }

private:
  struct hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::size_t capacity_;
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const page>, hash, std::equal_to<>> pages_;
  std::atomic<std::uint64_t> generation_{1};
  mutable std::atomic<std::uint64_t> hits_{0};
  mutable std::atomic<std::uint64_t> misses_{0};
};

}  // namespace cmr::mgmt
