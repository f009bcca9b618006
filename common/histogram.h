// Latency histograms beside the counters (common/counters.h): a layer
// describes a histogram once (name, description, unit, fixed bucket bounds)
// and owns one histogram per instance; observe() is two relaxed atomic adds
// (the bucket and the sum) from any thread, no lock, no allocation. Every
// live histogram is in a registry that the management port's /metrics
// (mgmt/metrics_exposition.h) and "show cmr latency" walk.
//
//   constexpr double k_bounds[] = {0.001, 0.01, 0.1, 1};  // seconds, ascending
//   const histogram_desc k_desc{"scp-idp-to-answer", "InitialDP to ...", "seconds", k_bounds};
//   histogram h{k_desc};
//   h.observe(std::chrono::steady_clock::now() - t0);
//
// Buckets are kept per bucket (not cumulative) and the count is their sum,
// so that a reader never sees a cumulative bucket above the count, however
// the adds of concurrent observers interleave with the read.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace cmr {

struct histogram_desc {
  const char* name;         // "scp-idp-to-answer": lower case, '-' separated
  const char* description;  // "InitialDP received to the first answer sent"
  const char* unit;         // "seconds": the only unit observe() takes
  // Upper bounds of the buckets, in seconds, strictly ascending; the
  // "+Inf" bucket comes on top of these.
  std::span<const double> bounds;
};

// A consistent-enough copy of a histogram: per-bucket counts (the last one
// is +Inf), the sum of the observations in nanoseconds, their count.
struct histogram_snapshot {
  std::vector<std::uint64_t> buckets;
  std::uint64_t sum_ns = 0;
  std::uint64_t count = 0;
  // The q-quantile (0 < q < 1) as Prometheus' histogram_quantile() estimates
  // it: linear inside the bucket it falls in, from 0 for the first bucket.
  // Falling in +Inf: the largest finite bound. -1 when empty.
  [[nodiscard]] double quantile(double q, std::span<const double> bounds) const;
};

class histogram {
public:
  // `label_name` / `label_value` tell instances of one histogram apart
  // ("path" "memory" / "loaded"); empty: the only one. `desc` must outlive
  // the histogram (static data). Throws std::logic_error for bounds that
  // are empty or not strictly ascending (a programming error).
  explicit histogram(const histogram_desc& desc, std::string label_name = {},
                     std::string label_value = {});
  ~histogram();
  histogram(const histogram&) = delete;
  histogram& operator=(const histogram&) = delete;

  void observe(std::chrono::nanoseconds d) {
    const auto ns = d.count() < 0 ? std::uint64_t{0} : static_cast<std::uint64_t>(d.count());
    std::size_t i = 0;
    const std::size_t n = bounds_ns_.size();
    while (i < n && ns > bounds_ns_[i]) ++i;  // a dozen bounds: a scan beats a search
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    sum_ns_.fetch_add(ns, std::memory_order_relaxed);
  }

  [[nodiscard]] histogram_snapshot snapshot() const;
  [[nodiscard]] const histogram_desc& desc() const { return desc_; }
  [[nodiscard]] const std::string& label_name() const { return label_name_; }
  [[nodiscard]] const std::string& label_value() const { return label_value_; }

private:
  const histogram_desc& desc_;
  std::string label_name_, label_value_;
  std::vector<std::uint64_t> bounds_ns_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bounds + 1 (+Inf)
  std::atomic<std::uint64_t> sum_ns_{0};
};

// Runs `fn` for every live histogram under the registry's lock, in the
// order they were created (do not create or destroy histograms inside).
void for_each_histogram(const std::function<void(const histogram&)>& fn);

// "show cmr latency": per histogram its name and description, then a line
// per instance (its label first) with the count, sum, mean and the
// approximate p50, p90 and p99 (from the buckets), durations in a readable
// unit; "no latency histograms" when there are none.
[[nodiscard]] std::string histograms_text();

// A duration in seconds for people: "850 us", "12.5 ms", "1.20 s".
[[nodiscard]] std::string readable_seconds(double s);

}  // namespace cmr
