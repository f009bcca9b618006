// Bulk test data for benchmarks and capacity tests, written through the
// store API only (bulk_loader inside large transactions, never SQL).
#pragma once

#include <cstdint>

#include "store/store.h"

namespace cmr::bench {

inline constexpr int k_bench_resources = 10;

// Creates the benchmark catalogue ("bench-r0".."bench-r9") when missing.
store::store_result<void> ensure_bench_catalogue(store::store& s);

// Subscribers first_msisdn .. first_msisdn+count-1, each with 3 groups of 20
// members, a library of 10 resources, one preference setting of each
// presentation type (CMRBT) with DefaultCMRResourceId1/2, committed every
// `batch` subscribers.
store::store_result<void> generate_subscribers(store::store& s, std::uint64_t first_msisdn,
                                               std::uint64_t count, std::uint64_t batch = 10000);

}  // namespace cmr::bench
