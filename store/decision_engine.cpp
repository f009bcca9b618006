#include "store/decision_engine.h"

#include <algorithm>
#include <cassert>

#include "store/log.h"

namespace cmr::store {
namespace {

// A decision from an in-memory snapshot takes microseconds; one that reads
// SQLite first (deferred) a millisecond or more behind a busy loader.
// 1 us to 1 s.
constexpr double k_bounds[] = {0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005,
                               0.0001,   0.00025,   0.0005,   0.001,   0.0025,   0.005,
                               0.01,     0.025,     0.05,     0.1,     0.25,     1};
const histogram_desc k_decision_time{
    "decision", "Decision engine: a decision asked (CS and SIP) to the decision made, by path",
    "seconds", k_bounds};

}  // namespace

decision_engine::decision_engine(const snapshot_source& snapshots,
                                 const resource_lookup& resources, const cmr::clock& clock,
                                 rotation_state& rotation, system_defaults defaults)
    : snapshots_(snapshots),
      resources_(resources),
      clock_(clock),
      rotation_(rotation),
      defaults_(std::make_shared<const system_defaults>(std::move(defaults))),
      immediate_time_(k_decision_time, "path", "immediate"),
      deferred_time_(k_decision_time, "path", "deferred") {}

decision decision_engine::decide(std::string_view owner, service svc,
                                 std::string_view other_party, media_set caps) const {
  return decide_with(snapshots_.find_snapshot(owner), owner, svc, other_party, caps);
}

std::optional<decision> decision_engine::decide_or_defer(const decision_request& r,
                                                         decided_fn later) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto at_once = [&](snapshot_ptr snap) {
    auto d = decide_with(std::move(snap), r.owner, r.svc, r.other_party, r.caps, r.default1_only);
    immediate_time_.observe(std::chrono::steady_clock::now() - t0);
    return d;
  };
  if (loader_ == nullptr) return at_once(snapshots_.find_snapshot(r.owner));
  if (auto snap = snapshots_.find_cached(r.owner)) return at_once(std::move(*snap));
  CMR_LOG(decide, debug, "%.*s: snapshot not in memory, loading", static_cast<int>(r.owner.size()),
          r.owner.data());
  loader_->load(r.owner, [this, t0, owner = std::string(r.owner), svc = r.svc,
                          other = std::string(r.other_party), caps = r.caps,
                          only1 = r.default1_only, later = std::move(later)](snapshot_ptr snap) {
    auto d = decide_with(std::move(snap), owner, svc, other, caps, only1);
    deferred_time_.observe(std::chrono::steady_clock::now() - t0);
    later(std::move(d));
  });
  return std::nullopt;
}

decision decision_engine::decide_with(snapshot_ptr snap, std::string_view owner, service svc,
                                      std::string_view other_party, media_set caps,
                                      bool default1_only) const {
  std::shared_ptr<const system_defaults> defaults = defaults_.load(std::memory_order_acquire);
  if (!snap) {
    decision d;
    d.svc = svc;
    d.why = decision::reason::not_found;
    d.unknown_owner = std::string(owner);
    d.defaults = defaults.get();
    d.defaults_hold = std::move(defaults);
    return d;
  }
  decision_input in;
  in.owner = std::string(owner);
  in.svc = svc;
  in.other_party = std::string(other_party);
  in.now = clock_.now();
  in.caps = caps;
  in.default1_only = default1_only;
  decision d = store::decide(in, *snap, resources_, rotation_, *defaults);
  // explain() allocates: CMR_LOG evaluates it only when debug logging is on.
  CMR_LOG(decide, debug, "%s", d.explain().c_str());
  d.snapshot_hold = std::move(snap);
  d.defaults_hold = std::move(defaults);
  return d;
}

void decision_engine::decide_many(std::span<const decision_request> in,
                                  std::span<decision> out) const {
  assert(out.size() >= in.size());
  const std::size_t n = std::min(in.size(), out.size());
  constexpr std::size_t d = k_snapshot_distance;
  // A software pipeline: slot prefetches run 2d ahead, snapshot prefetches d
  // ahead (by then the slot is in cache, so probing it under the shard lock
  // does not wait), and decide() itself is the unchanged single call, which
  // is what keeps the results identical to calling it in a loop.
  for (std::size_t i = 0; i < std::min(n, 2 * d); ++i) snapshots_.prefetch_entry(in[i].owner);
  for (std::size_t i = 0; i < std::min(n, d); ++i) snapshots_.prefetch_snapshot(in[i].owner);
  for (std::size_t i = 0; i < n; ++i) {
    if (i + 2 * d < n) snapshots_.prefetch_entry(in[i + 2 * d].owner);
    if (i + d < n) snapshots_.prefetch_snapshot(in[i + d].owner);
    const decision_request& r = in[i];
    out[i] = decide(r.owner, r.svc, r.other_party, r.caps);
  }
}

void decision_engine::set_system_defaults(system_defaults defaults) {
  defaults_.store(std::make_shared<const system_defaults>(std::move(defaults)),
                  std::memory_order_release);
}

std::shared_ptr<const system_defaults> decision_engine::current_system_defaults() const {
  return defaults_.load(std::memory_order_acquire);
}

}  // namespace cmr::store
