// Counters the Osmocom way, without libosmocore: a layer describes its
// counters (name + description, libosmocore's rate_ctr_desc) and gauges
// (name + description + unit, libosmocore's stat items) once, and owns one
// counter_group per instance. Increments are lock-free atomics from any
// thread. Every live group is in a registry that sigtran/ mirrors into
// libosmocore rate-counter groups and stat items on the osmo thread, so that
// "show rate-counters", "show stats", the CTRL interface and "stats reporter
// statsd" see them as in every Osmocom program; the layers' own "show cmr
// ..." views read the same values.
//
// A layer that keeps its counters as named members (++c.calls) binds each
// member to the group by name with counter_ref / gauge_ref:
//
//   const counter_desc k_ctrs[] = {{"calls", "Calls seen"}};
//   const counter_group_desc k_desc{"sip-as", "SIP application server", k_ctrs};
//   struct as_counters {
//     counter_group group{k_desc};
//     counter_ref calls{group, "calls"};
//   };
//
// In libosmocore the group is named "cmr_" + prefix (sigtran/counter_mirror.h):
// "show rate-counters" lists it under its description, statsd reports
// "<reporter prefix>.cmr_sip-as.<index or name>.calls".
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

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
  const char* prefix;       // "scp": in libosmocore the group "cmr_scp", instance 0, 1, ...
  const char* description;  // "SCP service logic"
  std::span<const counter_desc> counters;
  std::span<const gauge_desc> gauges = {};
};

class counter_group {
public:
  // Registers the group; `index` tells instances of one kind apart (the SSN
  // of an SCCP user, say), `name` too where an index says little ("ip",
  // "as": the SIP stacks of the IP and the application server). `desc` must
  // outlive the group (static data).
  explicit counter_group(const counter_group_desc& desc, unsigned index = 0, std::string name = {});
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

  // The position of a counter / gauge by its name; throws std::logic_error
  // for a name the description does not have (a programming error, found
  // when the layer is constructed).
  [[nodiscard]] std::size_t counter_index(std::string_view name) const;
  [[nodiscard]] std::size_t gauge_index(std::string_view name) const;
  [[nodiscard]] std::atomic<std::uint64_t>& counter_cell(std::size_t i) { return counters_[i]; }
  [[nodiscard]] std::atomic<std::int64_t>& gauge_cell(std::size_t i) { return gauges_[i]; }

  [[nodiscard]] const counter_group_desc& desc() const { return desc_; }
  [[nodiscard]] unsigned index() const { return index_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  // Unique for the process lifetime (a new group at a freed group's address
  // still gets a new serial): how the mirror tells groups apart.
  [[nodiscard]] std::uint64_t serial() const { return serial_; }
  // "name value" lines, gauges first then counters, each ending in '\n'
  // (the "show cmr ..." views).
  [[nodiscard]] std::string text() const;

private:
  const counter_group_desc& desc_;
  unsigned index_;
  std::string name_;
  std::uint64_t serial_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counters_;
  std::unique_ptr<std::atomic<std::int64_t>[]> gauges_;
};

// One counter of a group as a named member: ++, +=, load() and reading as
// a number, like the std::atomic it replaces. Lock-free, any thread.
class counter_ref {
public:
  counter_ref(counter_group& g, std::string_view name)
      : cell_(&g.counter_cell(g.counter_index(name))) {}
  counter_ref(const counter_ref&) = delete;
  counter_ref& operator=(const counter_ref&) = delete;

  counter_ref& operator++() {
    cell_->fetch_add(1, std::memory_order_relaxed);
    return *this;
  }
  std::uint64_t operator++(int) { return cell_->fetch_add(1, std::memory_order_relaxed); }
  counter_ref& operator+=(std::uint64_t n) {
    cell_->fetch_add(n, std::memory_order_relaxed);
    return *this;
  }
  [[nodiscard]] std::uint64_t load(std::memory_order o = std::memory_order_relaxed) const {
    return cell_->load(o);
  }
  operator std::uint64_t() const { return load(); }  // NOLINT(google-explicit-constructor)

private:
  std::atomic<std::uint64_t>* cell_;
};

// One gauge (a level: live calls, open dialogues) of a group as a member.
class gauge_ref {
public:
  gauge_ref(counter_group& g, std::string_view name) : cell_(&g.gauge_cell(g.gauge_index(name))) {}
  gauge_ref(const gauge_ref&) = delete;
  gauge_ref& operator=(const gauge_ref&) = delete;

  gauge_ref& operator=(std::int64_t v) {
    cell_->store(v, std::memory_order_relaxed);
    return *this;
  }
  gauge_ref& operator++() {
    cell_->fetch_add(1, std::memory_order_relaxed);
    return *this;
  }
  gauge_ref& operator--() {
    cell_->fetch_sub(1, std::memory_order_relaxed);
    return *this;
  }
  gauge_ref& operator+=(std::int64_t d) {
    cell_->fetch_add(d, std::memory_order_relaxed);
    return *this;
  }
  [[nodiscard]] std::int64_t load(std::memory_order o = std::memory_order_relaxed) const {
    return cell_->load(o);
  }
  operator std::int64_t() const { return load(); }  // NOLINT(google-explicit-constructor)

private:
  std::atomic<std::int64_t>* cell_;
};

// The registry, for the mirror (sigtran/) and tests: runs `fn` for every
// live group under the registry's lock (groups cannot go meanwhile; do not
// create or destroy groups inside `fn`).
void for_each_counter_group(const std::function<void(const counter_group&)>& fn);
// Changes whenever a group is created or destroyed.
[[nodiscard]] std::uint64_t counter_groups_generation();

}  // namespace cmr
