// libFuzzer: TCAP message decoder, and re-encoding of whatever it accepts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "in/codec/tcap_message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cmr::in::codec;
  auto m = decode_tc_message({data, size});
  if (m) {
    bytes again = encode_tc_message(*m);
    // What decoded must encode, and that encoding must decode to the same value.
    if (again.empty() && !m->components.empty()) {
      bool any_result_without_parameter = false;
      for (const auto& c : m->components) {
        if (c.has_result && (!c.parameter || c.parameter->empty())) any_result_without_parameter = true;
      }
      if (!any_result_without_parameter && m->type != tc_type::abort) std::abort();
    }
    if (!again.empty()) {
      auto back = decode_tc_message(again);
      if (!back || !(back.value() == m.value())) std::abort();
    }
  }
  return 0;
}
