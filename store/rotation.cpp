#include "store/rotation.h"

#include <mutex>

namespace cmr::store {

rotation_state::rotation_state()
    : own_random_(std::make_unique<thread_random_source>()), random_(*own_random_) {}

rotation_state::rotation_state(random_source& rnd) : random_(rnd) {}

std::size_t rotation_state::key_hash::operator()(const key_view& k) const {
  const std::size_t a = std::hash<std::string_view>{}(k.owner);
  const std::size_t b = std::hash<std::string_view>{}(k.box);
  return a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
}

std::atomic<std::uint64_t>& rotation_state::counter(std::string_view owner,
                                                    std::string_view box_id) {
  const key_view kv{owner, box_id};
  const std::size_t h = key_hash{}(kv);
  // The shard uses the high bits; the map inside uses the whole hash.
  shard& s = shards_[(h >> 16) % shard_count];
  {
    std::shared_lock lock(s.mutex);
    const auto it = s.counters.find(kv);
    if (it != s.counters.end()) return *it->second;
  }
  std::unique_lock lock(s.mutex);
  auto it = s.counters.find(kv);
  if (it == s.counters.end())
    it = s.counters
             .emplace(key{std::string(owner), std::string(box_id)},
                      std::make_unique<std::atomic<std::uint64_t>>(0))
             .first;
  return *it->second;
}

rotation_state::walk rotation_state::begin(std::string_view owner, std::string_view box_id,
                                           play_mode mode, std::size_t size) {
  walk w;
  if (size == 0) return w;
  if (mode == play_mode::random) {
    w.start = static_cast<std::size_t>(random_.below(size));
    return w;
  }
  w.counter = &counter(owner, box_id);
  // fetch_add claims a slot, so concurrent calls do not all play the same member.
  w.start = static_cast<std::size_t>(w.counter->fetch_add(1, std::memory_order_relaxed) % size);
  return w;
}

void rotation_state::chosen(const walk& w, std::size_t skipped) {
  if (w.counter != nullptr && skipped > 0)
    w.counter->fetch_add(skipped, std::memory_order_relaxed);
}

}  // namespace cmr::store
