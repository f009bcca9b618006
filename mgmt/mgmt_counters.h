// What the management interface counts (common/counters.h): the CMR
// requests and their verdicts (libosmocore group "cmr_mgmt"), the HTTP
// connections refused at the caps ("cmr_mgmt-http") and the group-commit
// writer ("cmr_mgmt-writer"). Any thread, lock-free.
#pragma once

#include "common/counters.h"

namespace cmr::mgmt {

struct mgmt_counters {
  mgmt_counters();
  counter_group group;
  counter_ref requests{group, "requests"};
  counter_ref unknown_operation{group, "unknown-operation"};
  counter_ref unsupported_type{group, "unsupported-type"};
  counter_ref succeeded{group, "succeeded"};
  counter_ref refused{group, "refused"};
  counter_ref general_errors{group, "general-errors"};
  counter_ref cache_hits{group, "cache-hits"};
  counter_ref busy{group, "busy"};
};

struct mgmt_http_counters {
  mgmt_http_counters();
  counter_group group;
  counter_ref refused_connections{group, "refused-connections"};
  counter_ref refused_per_address{group, "refused-per-address"};
};

struct mgmt_writer_counters {
  mgmt_writer_counters();
  counter_group group;
  counter_ref requests{group, "requests"};
  counter_ref transactions{group, "transactions"};
  counter_ref failed_commits{group, "failed-commits"};
  counter_ref refused{group, "refused"};
  gauge_ref waiting{group, "waiting"};
};

}  // namespace cmr::mgmt
