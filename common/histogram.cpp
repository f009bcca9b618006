#include "common/histogram.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace cmr {
namespace {

struct registry {
  std::mutex mu;
  std::vector<const histogram*> all;
};

registry& reg() {
  static registry r;
  return r;
}

}  // namespace

histogram::histogram(const histogram_desc& desc, std::string label_name, std::string label_value)
    : desc_(desc),
      label_name_(std::move(label_name)),
      label_value_(std::move(label_value)),
      buckets_(new std::atomic<std::uint64_t>[desc.bounds.size() + 1]) {
  if (desc.bounds.empty()) throw std::logic_error(std::string(desc.name) + ": no bucket bounds");
  double prev = 0;
  for (const double b : desc.bounds) {
    if (!(b > prev)) throw std::logic_error(std::string(desc.name) + ": bounds not ascending");
    prev = b;
    bounds_ns_.push_back(static_cast<std::uint64_t>(std::llround(b * 1e9)));
  }
  for (std::size_t i = 0; i <= desc.bounds.size(); ++i) buckets_[i].store(0);
  auto& r = reg();
  const std::lock_guard lock(r.mu);
  r.all.push_back(this);
}

histogram::~histogram() {
  auto& r = reg();
  const std::lock_guard lock(r.mu);
  r.all.erase(std::remove(r.all.begin(), r.all.end(), this), r.all.end());
}

histogram_snapshot histogram::snapshot() const {
  histogram_snapshot s;
  s.buckets.reserve(bounds_ns_.size() + 1);
  for (std::size_t i = 0; i <= bounds_ns_.size(); ++i) {
    s.buckets.push_back(buckets_[i].load(std::memory_order_relaxed));
    s.count += s.buckets.back();
  }
  s.sum_ns = sum_ns_.load(std::memory_order_relaxed);
  return s;
}

double histogram_snapshot::quantile(double q, std::span<const double> bounds) const {
  if (count == 0 || bounds.empty()) return -1;
  const double rank = q * static_cast<double>(count);
  std::uint64_t below = 0;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    const std::uint64_t in = buckets[i];
    if (static_cast<double>(below + in) >= rank && in > 0) {
      if (i == bounds.size()) return bounds.back();  // +Inf: all we know is "above the last"
      const double lo = i == 0 ? 0.0 : bounds[i - 1];
      const double hi = bounds[i];
      return lo + (hi - lo) * (rank - static_cast<double>(below)) / static_cast<double>(in);
    }
    below += in;
  }
  return bounds.back();
}

void for_each_histogram(const std::function<void(const histogram&)>& fn) {
  auto& r = reg();
  const std::lock_guard lock(r.mu);
  for (const auto* h : r.all) fn(*h);
}

std::string readable_seconds(double s) {
  char buf[32];
  if (s < 0) return "-";
  if (s < 1e-3)
    std::snprintf(buf, sizeof buf, "%.0f us", s * 1e6);
  else if (s < 1)
    std::snprintf(buf, sizeof buf, "%.3g ms", s * 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.3g s", s);
  return buf;
}

std::string histograms_text() {
  std::string out;
  const histogram_desc* last = nullptr;
  for_each_histogram([&out, &last](const histogram& h) {
    const auto s = h.snapshot();
    const auto& d = h.desc();
    // The name and description once, then a line per instance.
    if (&d != last) out += std::string(d.name) + ": " + d.description + "\n";
    last = &d;
    out += "  ";
    if (!h.label_value().empty()) out += h.label_name() + "=" + h.label_value() + "  ";
    const double sum = static_cast<double>(s.sum_ns) / 1e9;
    out += "count " + std::to_string(s.count) + "  sum " + readable_seconds(sum);
    if (s.count > 0) {
      const double p99 = s.quantile(0.99, d.bounds);
      // In the +Inf bucket the estimate is only a floor.
      const bool above = s.buckets.back() > 0 && p99 >= d.bounds.back();
      out += "  mean " + readable_seconds(sum / static_cast<double>(s.count)) + "  p50 " +
             readable_seconds(s.quantile(0.5, d.bounds)) + "  p90 " +
             readable_seconds(s.quantile(0.9, d.bounds)) + "  p99 " + (above ? ">" : "") +
             readable_seconds(p99);
    }
    out += "\n";
  });
  return out.empty() ? "no latency histograms\n" : out;
}

}  // namespace cmr
