#include "in/ansi_tcap/component_map.h"

namespace cmr::in::ansi_tcap {

namespace {
using tcap::reject_problem;
using rtype = reject_problem::type;
using kind = codec::tc_component::kind;

const bytes k_empty_set{0xf2, 0x00};

std::int8_t as_id(std::uint8_t v) {
  return static_cast<std::int8_t>(v);
}
std::uint8_t as_octet(std::int8_t v) {
  return static_cast<std::uint8_t>(v);
}
}  // namespace

reject_problem to_shared_problem(std::uint16_t p) {
  const auto spec = static_cast<std::uint8_t>(p & 0xff);
  switch (p >> 8) {
    case 1:
      if (p == problem::unrecognized_component_type)
        return reject_problem::of(tcap::general_problem::unrecognized_component);
      if (p == problem::badly_structured_component_portion)
        return reject_problem::of(tcap::general_problem::badly_structured_component);
      return reject_problem::of(tcap::general_problem::mistyped_component);
    case 2:
      switch (p) {
        case problem::invoke_duplicate_invocation:
          return reject_problem::of(tcap::invoke_problem::duplicate_invocation);
        case problem::invoke_unrecognized_operation:
          return reject_problem::of(tcap::invoke_problem::unrecognized_operation);
        case problem::invoke_unrecognized_correlation_id:
          return reject_problem::of(tcap::invoke_problem::unrecognized_linked_id);
        default:
          return reject_problem::of(tcap::invoke_problem::mistyped_parameter);
      }
    case 3:
      if (spec >= 1 && spec <= 3)
        return {rtype::return_result, static_cast<std::uint8_t>(spec - 1)};
      break;
    case 4:
      if (spec >= 1 && spec <= 5) return {rtype::return_error, static_cast<std::uint8_t>(spec - 1)};
      break;
    default:
      break;
  }
  // Transaction-portion problems (T1.114-1988 style) and unknown codes.
  return reject_problem::of(tcap::general_problem::badly_structured_component);
}

std::uint16_t to_ansi_problem(reject_problem p) {
  switch (p.kind) {
    case rtype::general:
      if (p.code == 0) return problem::unrecognized_component_type;
      if (p.code == 2) return problem::badly_structured_component_portion;
      return problem::incorrect_component_coding;
    case rtype::invoke:
      switch (static_cast<tcap::invoke_problem>(p.code)) {
        case tcap::invoke_problem::duplicate_invocation:
          return problem::invoke_duplicate_invocation;
        case tcap::invoke_problem::unrecognized_operation:
          return problem::invoke_unrecognized_operation;
        case tcap::invoke_problem::unrecognized_linked_id:
        case tcap::invoke_problem::linked_response_unexpected:
        case tcap::invoke_problem::unexpected_linked_operation:
          return problem::invoke_unrecognized_correlation_id;
        default:
          return problem::invoke_incorrect_parameter;
      }
    case rtype::return_result:
      return static_cast<std::uint16_t>(0x0300 | ((p.code <= 2 ? p.code : 2) + 1));
    case rtype::return_error:
      return static_cast<std::uint16_t>(0x0400 | ((p.code <= 4 ? p.code : 4) + 1));
  }
  return problem::incorrect_component_coding;
}

codec::tc_component to_shared(const component& c) {
  codec::tc_component s;
  s.parameter = c.parameter;
  switch (c.type) {
    case component::kind::invoke_last:
    case component::kind::invoke_not_last:
      s.type = kind::invoke;
      s.invoke_id = as_id(c.invoke_id.value_or(0));
      if (c.correlation_id) s.linked_id = as_id(*c.correlation_id);
      s.code.local = pack(c.operation);
      break;
    case component::kind::return_result_last:
    case component::kind::return_result_not_last:
      s.type = c.type == component::kind::return_result_last ? kind::return_result_last
                                                             : kind::return_result_not_last;
      s.invoke_id = as_id(c.correlation_id.value_or(0));
      s.has_result = false;  // no operation code: the sublayer takes the invocation's
      break;
    case component::kind::return_error:
      s.type = kind::return_error;
      s.invoke_id = as_id(c.correlation_id.value_or(0));
      s.code.local = pack(c.error);
      break;
    case component::kind::reject: {
      s.type = kind::reject;
      s.parameter.reset();
      s.invoke_id_derivable = c.correlation_id.has_value();
      s.invoke_id = as_id(c.correlation_id.value_or(0));
      const auto p = to_shared_problem(c.problem);
      s.problem = static_cast<codec::tc_component::problem_type>(p.kind);
      s.problem_code = p.code;
      break;
    }
  }
  return s;
}

component to_ansi(const codec::tc_component& s) {
  component c;
  switch (s.type) {
    case kind::invoke:
      c.type = component::kind::invoke_last;
      c.invoke_id = as_octet(s.invoke_id);
      if (s.linked_id) c.correlation_id = as_octet(*s.linked_id);
      c.operation = unpack(s.code.local);
      c.parameter = s.parameter ? *s.parameter : k_empty_set;
      break;
    case kind::return_result_last:
    case kind::return_result_not_last:
      c.type = s.type == kind::return_result_last ? component::kind::return_result_last
                                                  : component::kind::return_result_not_last;
      c.correlation_id = as_octet(s.invoke_id);
      // A result without parameter goes without one (T1.114: optional);
      // only an Invoke always carries its SET (tshark's ANSI MAP needs it).
      c.parameter = s.parameter;
      break;
    case kind::return_error:
      c.type = component::kind::return_error;
      c.correlation_id = as_octet(s.invoke_id);
      c.error = unpack(s.code.local);
      c.parameter = s.parameter;
      break;
    case kind::reject:
      c.type = component::kind::reject;
      if (s.invoke_id_derivable) c.correlation_id = as_octet(s.invoke_id);
      c.problem = to_ansi_problem({static_cast<reject_problem::type>(s.problem), s.problem_code});
      c.parameter = k_empty_set;
      break;
  }
  return c;
}

}  // namespace cmr::in::ansi_tcap
