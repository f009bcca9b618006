// Operation class and invocation timer per operation code (TS 29.078 clause
// 6/7 operation timers, which ETSI INAP CS-1 shares for these operations).
// The TCAP layer starts the timer when an Invoke is sent and reports
// TC-L-CANCEL when it expires; the class decides which replies are expected
// (Q.771: class 2 reports only failure, class 4 nothing, ...).
//
// Timer values: 29.078 gives ranges, "short" 1-10 s, "medium" 1-60 s,
// "long" 1 s-30 min; the defaults below take a value inside each range and
// configuration may override any entry.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "in/tcap/tc_primitives.h"

namespace cmr::in::tcap {

struct operation_spec {
  std::int32_t opcode = 0;
  op_class cls = op_class::c1;
  std::chrono::milliseconds timeout{10000};
  const char* name = "";
};

class operation_table {
public:
  // The CAP v2-v4 / INAP CS-1 operations this node uses, with 29.078 classes.
  static operation_table cap_inap_defaults();

  // Known operation, or nullptr.
  [[nodiscard]] const operation_spec* find(std::int32_t opcode) const;
  // Class/timer for an operation; unknown operations get class 1 and the
  // fallback timer (the TC-user decides whether to reject them).
  [[nodiscard]] operation_spec lookup(std::int32_t opcode) const;

  void set(const operation_spec& spec);
  std::chrono::milliseconds fallback_timeout{30000};

private:
  std::vector<operation_spec> ops_;  // sorted by opcode
};

}  // namespace cmr::in::tcap
