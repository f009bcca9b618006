// Local transaction IDs: 32-bit, unpredictable to a peer (so that a stray or
// forged Continue is unlikely to hit a live dialogue), never 0, never one in
// use. A splitmix64 sequence from a random seed; collisions are retried.
#pragma once

#include <cstdint>
#include <functional>

namespace cmr::in::tcap {

class tid_allocator {
public:
  explicit tid_allocator(std::uint64_t seed);
  // Seeded from std::random_device.
  tid_allocator();

  // A fresh TID for which in_use() is false.
  std::uint32_t allocate(const std::function<bool(std::uint32_t)>& in_use);

private:
  std::uint32_t next();
  std::uint64_t state_;
};

}  // namespace cmr::in::tcap
