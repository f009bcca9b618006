// The demo data behind the README's run command: a small catalogue and two
// subscribers with groups and rules, so that a first call finds something.
#pragma once

#include "store/store.h"

namespace cmr::store {

inline constexpr const char* k_demo_subscriber_a = "491700000001";
inline constexpr const char* k_demo_subscriber_b = "491700000002";

// Inserts the demo data in one transaction when the database has no
// resources; does nothing otherwise (idempotent).
store_result<void> seed_demo_catalogue(store& s);

}  // namespace cmr::store
