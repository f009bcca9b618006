#include "in/scp/assist_registry.h"

#include <cstdio>

namespace cmr::in::scp {
namespace {
constexpr std::uint32_t k_ids = 100000000;  // 8 digits
}

assist_registry::assist_registry(std::optional<std::uint64_t> seed) {
  std::mt19937_64 rng(seed ? *seed : std::random_device{}());
  next_ = static_cast<std::uint32_t>(rng() % k_ids);
}

std::string assist_registry::allocate(std::uint64_t call_id) {
  if (live_.size() >= k_ids) return {};
  for (;;) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08u", next_);
    next_ = (next_ + 1) % k_ids;
    if (live_.emplace(buf, call_id).second) return buf;
  }
}

std::optional<std::uint64_t> assist_registry::find(const std::string& correlation) const {
  auto it = live_.find(correlation);
  if (it == live_.end()) return std::nullopt;
  return it->second;
}

void assist_registry::release(const std::string& correlation) {
  live_.erase(correlation);
}

}  // namespace cmr::in::scp
