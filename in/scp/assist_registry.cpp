#include "in/scp/assist_registry.h"

#include <cstdio>

#include "in/codec/address.h"

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

codec::bytes assist_registry::encode_generic_digits(const std::string& digits) {
  const bool odd = digits.size() % 2 != 0;
  codec::bytes out{static_cast<std::uint8_t>((odd ? 1U : 0U) << 5U)};
  if (!codec::pack_bcd(digits, out, false)) return {};
  return out;
}

std::string assist_registry::decode_correlation(const codec::bytes& in) {
  if (in.size() >= 2) {
    const unsigned scheme = in[0] >> 5U;
    if (scheme <= 1) {
      std::string d = codec::unpack_bcd(std::span<const std::uint8_t>(in).subspan(1), scheme == 1);
      if (!d.empty() && d.find_first_not_of("0123456789") == std::string::npos) return d;
    }
  }
  if (auto n = codec::decode_q763_number(codec::q763_kind::generic, in);
      n && !n->digits.empty() && n->digits.find_first_not_of("0123456789") == std::string::npos)
    return n->digits;
  return {};
}

}  // namespace cmr::in::scp
