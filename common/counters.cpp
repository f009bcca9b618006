#include "common/counters.h"

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <utility>
#include <vector>

namespace cmr {
namespace {

struct registry {
  std::mutex mu;
  std::vector<const counter_group*> groups;
  std::atomic<std::uint64_t> generation{0};
  std::atomic<std::uint64_t> next_serial{1};
};

registry& reg() {
  static registry r;
  return r;
}

}  // namespace

counter_group::counter_group(const counter_group_desc& desc, unsigned index, std::string name)
    : desc_(desc),
      index_(index),
      name_(std::move(name)),
      serial_(reg().next_serial.fetch_add(1)),
      counters_(new std::atomic<std::uint64_t>[desc.counters.size()]),
      gauges_(new std::atomic<std::int64_t>[desc.gauges.size()]) {
  for (std::size_t i = 0; i < desc.counters.size(); ++i) counters_[i].store(0);
  for (std::size_t i = 0; i < desc.gauges.size(); ++i) gauges_[i].store(0);
  auto& r = reg();
  const std::lock_guard lock(r.mu);
  r.groups.push_back(this);
  ++r.generation;
}

counter_group::~counter_group() {
  auto& r = reg();
  const std::lock_guard lock(r.mu);
  r.groups.erase(std::remove(r.groups.begin(), r.groups.end(), this), r.groups.end());
  ++r.generation;
}

std::size_t counter_group::counter_index(std::string_view name) const {
  for (std::size_t i = 0; i < desc_.counters.size(); ++i)
    if (name == desc_.counters[i].name) return i;
  throw std::logic_error(std::string(desc_.prefix) + ": no counter " + std::string(name));
}

std::size_t counter_group::gauge_index(std::string_view name) const {
  for (std::size_t i = 0; i < desc_.gauges.size(); ++i)
    if (name == desc_.gauges[i].name) return i;
  throw std::logic_error(std::string(desc_.prefix) + ": no gauge " + std::string(name));
}

std::string counter_group::text() const {
  std::string s;
  for (std::size_t i = 0; i < desc_.gauges.size(); ++i)
    s += std::string(desc_.gauges[i].name) + ' ' + std::to_string(gauge(i)) + '\n';
  for (std::size_t i = 0; i < desc_.counters.size(); ++i)
    s += std::string(desc_.counters[i].name) + ' ' + std::to_string(value(i)) + '\n';
  return s;
}

void for_each_counter_group(const std::function<void(const counter_group&)>& fn) {
  auto& r = reg();
  const std::lock_guard lock(r.mu);
  for (const auto* g : r.groups) fn(*g);
}

std::uint64_t counter_groups_generation() {
  return reg().generation.load();
}

}  // namespace cmr
