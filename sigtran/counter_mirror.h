// The layers' counter groups (common/counters.h) as libosmocore rate-counter
// groups and stat item groups, so that "show rate-counters", "show stats",
// "stats reporter statsd" and the other Osmocom tools see them.
//
// The layers count lock-free in their own atomics on whatever thread they
// run; the mirror, on the osmo thread, creates one rate_ctr_group per group
// (named "cmr_" + prefix, descriptions from the layer's tables) and one
// osmo_stat_item_group for its gauges, and every `period` adds the counters'
// deltas and sets the gauges. Groups that go away are freed at the next
// round. An index two live groups of one kind share is replaced by the next
// free one (libosmocore insists on unique (prefix, index) pairs).
#pragma once

#include <chrono>

namespace cmr::sigtran {

// Osmo thread, once, after rate_ctr_init() and osmo_stats_init()
// (start_osmo_runtime does both): mirrors what is registered now and
// keeps mirroring every `period`.
void start_counter_mirror(void* talloc_ctx,
                          std::chrono::milliseconds period = std::chrono::seconds(1));

// Osmo thread: one round now (tests).
void sync_counter_mirror();

}  // namespace cmr::sigtran
