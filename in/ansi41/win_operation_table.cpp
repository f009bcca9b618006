#include "in/ansi41/win_operation_table.h"

#include "in/ansi41/win_operations.h"

namespace cmr::in::ansi41 {

tcap::operation_table win_operation_table() {
  using namespace std::chrono_literals;
  using tcap::op_class;
  tcap::operation_table t;
  const struct {
    std::int32_t code;
    op_class cls;
    std::chrono::milliseconds timeout;
  } specs[] = {
      {opcode::analyzed_information(), op_class::c1, 60s},
      {opcode::seize_resource(), op_class::c1, 5s},
      {opcode::connect_resource(), op_class::c2, 5s},
      {opcode::instruction_request(), op_class::c1, 60s},
      {opcode::srf_directive(), op_class::c1, 120s},
      {opcode::disconnect_resource(), op_class::c2, 5s},
      {opcode::t_busy(), op_class::c1, 5s},
      {opcode::t_no_answer(), op_class::c1, 5s},
      {opcode::t_answer(), op_class::c1, 5s},
      {opcode::t_disconnect(), op_class::c1, 5s},
      {opcode::o_disconnect(), op_class::c1, 5s},
      {opcode::call_control_directive(), op_class::c1, 5s},
  };
  for (const auto& s : specs) t.set({s.code, s.cls, s.timeout, operation_name(s.code)});
  return t;
}

}  // namespace cmr::in::ansi41
