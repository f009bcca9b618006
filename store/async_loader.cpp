#include "store/async_loader.h"

namespace cmr::store {
namespace {

const counter_desc k_counters[] = {
    {"loads", "Owners read from the store off the callers' threads (decision deferred)"},
    {"coalesced", "Waits that joined a load already queued"},
};
const gauge_desc k_gauges[] = {{"queued", "Owners waiting for a loader thread", "owners"}};
const counter_group_desc k_desc{"store-loader", "Store: asynchronous snapshot loader", k_counters,
                                k_gauges};

}  // namespace

async_loader::counters::counters() : group(k_desc) {}

async_loader::async_loader(const snapshot_source& source, std::size_t threads) : source_(source) {
  if (threads == 0) threads = 1;
  workers_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { run(); });
}

async_loader::~async_loader() { stop(); }

void async_loader::stop() {
  {
    const std::lock_guard lock(mu_);
    if (stop_ && workers_.empty()) return;
    stop_ = true;
    queue_.clear();
    waiting_.clear();
  }
  cv_.notify_all();
  for (auto& w : workers_) w.join();
  workers_.clear();
}

void async_loader::load(std::string_view owner, done_fn done) {
  {
    const std::lock_guard lock(mu_);
    if (stop_) return;
    auto [it, fresh] = waiting_.try_emplace(std::string(owner));
    it->second.push_back(std::move(done));
    if (!fresh) {
      ++counters_.coalesced;
      return;
    }
    queue_.emplace_back(owner);
    counters_.queued = static_cast<std::int64_t>(queue_.size());
  }
  cv_.notify_one();
}

void async_loader::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    std::string owner = std::move(queue_.front());
    queue_.pop_front();
    counters_.queued = static_cast<std::int64_t>(queue_.size());
    ++counters_.loads;
    lock.unlock();
    snapshot_ptr snap = source_.find_snapshot(owner);  // the SQLite read, off the callers
    lock.lock();
    auto node = waiting_.extract(owner);
    lock.unlock();
    if (!node.empty()) {
      for (auto& done : node.mapped()) {
        try {
          done(snap);
        } catch (...) {
          // A waiter's failure is its own; the others still get the snapshot.
        }
      }
    }
    lock.lock();
  }
}

std::uint64_t async_loader::loads() const {
  const std::lock_guard lock(mu_);
  return counters_.loads;
}
std::uint64_t async_loader::coalesced() const {
  const std::lock_guard lock(mu_);
  return counters_.coalesced;
}
std::size_t async_loader::queued() const {
  const std::lock_guard lock(mu_);
  return queue_.size();
}

}  // namespace cmr::store
