// libFuzzer: every ANSI-41 WIN parameter-SET decoder of in/ansi41 on the
// same input, and for each value one accepts, that it re-encodes to a SET
// that decodes back to the same value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "in/ansi41/win_operations.h"

namespace {
using namespace cmr::in::ansi41;

template <typename T, typename Decode>
void check(std::span<const std::uint8_t> in, Decode decode) {
  auto v = decode(in);
  if (!v) {
    // A missing or unreadable parameter names itself; bad framing does not.
    if (v.error().what != decode_error::kind::malformed && v.error().parameter.empty())
      std::abort();
    return;
  }
  const bytes again = encode(v.value());
  auto back = decode(again);
  if (!back || !(back.value() == v.value())) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> in{data, size};
  check<analyzed_information>(in, [](auto s) { return decode_analyzed_information(s); });
  check<analyzed_information_result>(in,
                                     [](auto s) { return decode_analyzed_information_result(s); });
  check<seize_resource>(in, [](auto s) { return decode_seize_resource(s); });
  check<seize_resource_result>(in, [](auto s) { return decode_seize_resource_result(s); });
  check<connect_resource>(in, [](auto s) { return decode_connect_resource(s); });
  check<srf_directive>(in, [](auto s) { return decode_srf_directive(s); });
  check<srf_directive_result>(in, [](auto s) { return decode_srf_directive_result(s); });
  for (auto op : {0, opcode::t_answer(), opcode::t_busy(), opcode::t_no_answer(),
                  opcode::t_disconnect(), opcode::o_disconnect()})
    check<event_trigger>(in, [op](auto s) { return decode_event_trigger(op, s); });
  check<event_trigger_result>(in, [](auto s) { return decode_event_trigger_result(s); });
  check<call_control_directive>(in, [](auto s) { return decode_call_control_directive(s); });
  check<call_control_directive_result>(
      in, [](auto s) { return decode_call_control_directive_result(s); });
  (void)decode_empty(in);
  return 0;
}
