// Counters the Osmocom way, without libosmocore: a layer describes its
// counters (name + description, libosmocore's rate_ctr_desc) and gauges
// (name + description + unit, libosmocore's stat items) once, and owns one
// counter_group per instance. Increments are lock-free atomics from any
// thread. Every live group is in a registry that sigtran/ mirrors into
// libosmocore rate-counter groups and stat items on the osmo thread, so that
// "show rate-counters", "show stats", the CTRL interface and "stats reporter
// statsd" see them as in every Osmocom program; the layers' own "show cmr
// ..." views read the same values.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

namespace cmr {

struct counter_desc {
  const char* name;         // "idp-received": lower case, '-' separated
  const char* description;  // "InitialDP components received"
};

struct gauge_desc {
  const char* name;
  const char* description;
  const char* unit;  // "calls", "dialogues", "" for none
};

// Static data of a kind of group (one per layer or object type).
struct counter_group_desc {
  const char* prefix;       // "scp": the group's name in libosmocore ("scp:0")
  const char* description;  // "SCP service logic"
  std::span<const counter_desc> counters;
  std::span<const gauge_desc> gauges = {};
};

class counter_group {
public:
  // Registers the group; `index` tells instances of one kind apart (the SSN
  // of an SCCP user, say). `desc` must outlive the group.
  explicit counter_group(const counter_group_desc& desc, unsigned index = 0);
  ~counter_group();
  counter_group(const counter_group&) = delete;
  counter_group& operator=(const counter_group&) = delete;

  void inc(std::size_t counter, std::uint64_t n = 1) {
    counters_[counter].fetch_add(n, std::memory_order_relaxed);
  }
  [[nodiscard]] std::uint64_t value(std::size_t counter) const {
    return counters_[counter].load(std::memory_order_relaxed);
  }
  void set(std::size_t gauge, std::int64_t v) {
    gauges_[gauge].store(v, std::memory_order_relaxed);
  }
  void add(std::size_t gauge, std::int64_t d) {
    gauges_[gauge].fetch_add(d, std::memory_order_relaxed);
  }
  [[nodiscard]] std::int64_t gauge(std::size_t gauge) const {
    return gauges_[gauge].load(std::memory_order_relaxed);
  }

  [[nodiscard]] const counter_group_desc& desc() const { return desc_; }
  [[nodiscard]] unsigned index() const { return index_; }
  // Unique for the process lifetime (a new group at a freed group's address
  // still gets a new serial): how the mirror tells groups apart.
  [[nodiscard]] std::uint64_t serial() const { return serial_; }
  // "name value" lines, gauges first then counters, each ending in '\n'
  // (the "show cmr ..." views).
  [[nodiscard]] std::string text() const;

private:
  const counter_group_desc& desc_;
  unsigned index_;
  std::uint64_t serial_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counters_;
  std::unique_ptr<std::atomic<std::int64_t>[]> gauges_;
};

// The registry, for the mirror (sigtran/) and tests: runs `fn` for every
// live group under the registry's lock (groups cannot go meanwhile; do not
// create or destroy groups inside `fn`).
void for_each_counter_group(const std::function<void(const counter_group&)>& fn);
// Changes whenever a group is created or destroyed.
[[nodiscard]] std::uint64_t counter_groups_generation();

}  // namespace cmr
