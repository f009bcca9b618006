// Where random box play mode gets its randomness; injected so tests can fix
// the sequence.
#pragma once

#include <cstdint>
#include <random>

namespace cmr::store {

class random_source {
public:
  virtual ~random_source() = default;
  // A value in [0, bound); bound > 0.
  [[nodiscard]] virtual std::uint64_t below(std::uint64_t bound) = 0;
};

// Default source: one splitmix64 state per thread (no lock on the hot path),
// seeded from std::random_device. Not for cryptography.
class thread_random_source final : public random_source {
public:
  [[nodiscard]] std::uint64_t below(std::uint64_t bound) override {
    thread_local std::uint64_t state = seed();
    state += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return z % bound;  // the modulo bias is irrelevant for picking a ringtone
  }

private:
  static std::uint64_t seed() {
    std::random_device rd;
    return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  }
};

}  // namespace cmr::store
