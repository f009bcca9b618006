// What cmr-ssf counts while it runs: calls started and finished, outcomes,
// failures by kind, and the setup latency (TC-BEGIN InitialDP sent -> the
// SCP's first TC-CONTINUE/TC-END received) in a log-linear histogram (64
// sub-buckets per power of two of microseconds: under 1.6 % error, fixed
// size, so memory stays flat however long the run).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>

#include "tools/cmr-ssf/ssf_engine.h"

namespace cmr::tools::ssf {

class latency_histogram {
public:
  void add(std::chrono::microseconds v);
  // q in [0, 1]; microseconds (the upper edge of the bucket holding it, never above max()).
  [[nodiscard]] std::uint64_t quantile(double q) const;
  [[nodiscard]] std::uint64_t max() const { return max_; }
  [[nodiscard]] std::uint64_t count() const { return count_; }

private:
  static constexpr int sub_bits = 6;
  static constexpr std::size_t buckets = (64 - sub_bits + 1) << sub_bits;
  static std::size_t index(std::uint64_t v);
  static std::uint64_t upper(std::size_t i);
  std::array<std::uint64_t, buckets> counts_{};
  std::uint64_t count_ = 0;
  std::uint64_t max_ = 0;
};

struct load_stats {
  std::uint64_t started = 0;
  std::uint64_t finished = 0;
  std::uint64_t failed = 0;
  std::size_t max_live = 0;
  std::array<std::uint64_t, 7> outcomes{};  // by call_outcome
  std::array<std::uint64_t, static_cast<std::size_t>(failure_kind::count_)> failures{};
  std::string first_failure;
  latency_histogram setup;

  void record(const call_record& r);
  // "summary calls=... rate=... setup_p50_ms=... failures=N [failure_KIND=N ...]".
  [[nodiscard]] std::string summary(double seconds, double target_rate) const;
};

}  // namespace cmr::tools::ssf
