// libFuzzer: the ANSI TCAP package parser and strict decoder, and
// re-encoding of whatever they accept.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "in/ansi_tcap/ansi_tcap_message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cmr::in::ansi_tcap;
  auto p = parse_package({data, size});
  auto m = decode_message({data, size});
  // The strict decoder accepts a subset of what the parser accepts.
  if (m && !p) std::abort();
  if (p) {
    for (const auto& c : p.value().components) {
      if (!c.ok) continue;
      message one;
      one.type = p.value().msg.type;
      one.components.push_back(*c.ok);
      (void)encode_message(one);
    }
  }
  if (m) {
    const cmr::in::codec::bytes again = encode_message(*m);
    // Everything decoded re-encodes (definite, minimal lengths), and that
    // encoding decodes to the same value.
    if (again.empty()) std::abort();
    auto back = decode_message(again);
    if (!back || !(back.value() == m.value())) std::abort();
  }
  return 0;
}
