#include "tools/cmr-ssf/load_stats.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>

namespace cmr::tools::ssf {

std::size_t latency_histogram::index(std::uint64_t v) {
  if (v < (1U << sub_bits)) return static_cast<std::size_t>(v);
  const int msb = 63 - std::countl_zero(v);
  const int shift = msb - sub_bits;
  const std::uint64_t sub = (v >> shift) & ((1U << sub_bits) - 1);
  return (static_cast<std::size_t>(shift + 1) << sub_bits) + static_cast<std::size_t>(sub);
}

std::uint64_t latency_histogram::upper(std::size_t i) {
  if (i < (1U << sub_bits)) return i;
  const std::size_t shift = (i >> sub_bits) - 1;
  const std::uint64_t sub = i & ((1U << sub_bits) - 1);
  return (((std::uint64_t{1} << sub_bits) | sub) << shift) + ((std::uint64_t{1} << shift) - 1);
}

void latency_histogram::add(std::chrono::microseconds v) {
  const auto us = static_cast<std::uint64_t>(std::max<std::int64_t>(0, v.count()));
  ++counts_[std::min(index(us), buckets - 1)];
  ++count_;
  max_ = std::max(max_, us);
}

std::uint64_t latency_histogram::quantile(double q) const {
  if (count_ == 0) return 0;
  const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets; ++i) {
    seen += counts_[i];
    if (seen >= std::max<std::uint64_t>(rank, 1)) return std::min(upper(i), max_);
  }
  return max_;
}

void load_stats::record(const call_record& r) {
  ++finished;
  ++outcomes[static_cast<std::size_t>(r.outcome)];
  if (r.failure != failure_kind::none) {
    ++failed;
    ++failures[static_cast<std::size_t>(r.failure)];
    if (first_failure.empty()) first_failure = std::string(to_string(r.failure)) + ": " + r.detail;
  }
  if (r.has_setup) setup.add(r.setup);
}

std::string load_stats::summary(double seconds, double target_rate) const {
  auto ms = [](std::uint64_t us) {
    char b[32];
    std::snprintf(b, sizeof b, "%.3f", static_cast<double>(us) / 1000.0);
    return std::string(b);
  };
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.1f",
                seconds > 0 ? static_cast<double>(finished) / seconds : 0.0);
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.3f", seconds);
  std::string s =
      "summary calls=" + std::to_string(started) + " completed=" + std::to_string(finished) +
      " seconds=" + secs + " rate=" + rate + " target_rate=" +
      (target_rate > 0 ? std::to_string(static_cast<long long>(target_rate)) : std::string("max")) +
      " max_concurrent=" + std::to_string(max_live) + " setup_p50_ms=" + ms(setup.quantile(0.50)) +
      " setup_p90_ms=" + ms(setup.quantile(0.90)) + " setup_p99_ms=" + ms(setup.quantile(0.99)) +
      " setup_max_ms=" + ms(setup.max());
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    if (outcomes[i] != 0 && static_cast<call_outcome>(i) != call_outcome::failed)
      s += std::string(" ") + to_string(static_cast<call_outcome>(i)) + "=" +
           std::to_string(outcomes[i]);
  s += " failures=" + std::to_string(failed);
  for (std::size_t i = 1; i < failures.size(); ++i)
    if (failures[i] != 0)
      s += std::string(" failure_") + to_string(static_cast<failure_kind>(i)) + "=" +
           std::to_string(failures[i]);
  if (!first_failure.empty()) s += " first_failure=\"" + first_failure + "\"";
  return s;
}

}  // namespace cmr::tools::ssf
