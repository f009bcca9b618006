#include "in/tcap/tid_allocator.h"

#include <random>

namespace cmr::in::tcap {

tid_allocator::tid_allocator(std::uint64_t seed) : state_(seed) {}

tid_allocator::tid_allocator() {
  std::random_device rd;
  state_ = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

std::uint32_t tid_allocator::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return static_cast<std::uint32_t>((z ^ (z >> 31)) >> 16);
}

std::uint32_t tid_allocator::allocate(const std::function<bool(std::uint32_t)>& in_use) {
  for (;;) {
    const std::uint32_t t = next();
    if (t != 0 && !in_use(t)) return t;
  }
}

}  // namespace cmr::in::tcap
