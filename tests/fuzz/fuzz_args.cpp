// libFuzzer: every CAP/INAP argument decoder. The first byte picks the
// variant (low 2 bits) and the operation (the rest); the remaining bytes are
// the parameter.
#include <cstddef>
#include <cstdint>

#include "arg_dispatch.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cmr::in::codec;
  using namespace cmr::in::codec::test;
  if (size < 1) return 0;
  static const std::int32_t ops[] = {0, 16, 17, 19, 20, 22, 23, 24, 32, 33, 47, 49, 53, 86, 88, 90, 93};
  static const std::int32_t errors[] = {1, 10, 11, 12};
  const auto v = static_cast<protocol_variant>(data[0] & 3);
  const unsigned sel = data[0] >> 2;
  const std::span<const std::uint8_t> in(data + 1, size - 1);
  constexpr unsigned n_ops = sizeof(ops) / sizeof(ops[0]);
  if (sel < n_ops) {
    static_cast<void>(reencode(v, arg_kind::invoke, ops[sel], in));
  } else if (sel == n_ops) {
    static_cast<void>(reencode(v, arg_kind::result, opcode::initiate_call_attempt, in));
  } else {
    static_cast<void>(reencode(v, arg_kind::error, errors[sel % 4], in));
  }
  return 0;
}
