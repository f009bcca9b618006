// Every golden vector, truncated at every length and with random bit flips,
// fed to the TCAP decoder and to every argument decoder in every variant:
// the decoders must return (an error or a value), never crash or hang. Run
// under ASan (CMR_SANITIZE=address-undefined) this also catches leaks and
// out-of-bounds reads.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "arg_dispatch.h"
#include "golden_vectors.h"

namespace cmr::in::codec::test {
namespace {

void feed_everything(const bytes& b) {
  auto m = decode_tc_message(b);
  if (m) static_cast<void>(encode_tc_message(*m));
  const protocol_variant all[] = {protocol_variant::cap_v2, protocol_variant::cap_v3,
                                  protocol_variant::cap_v4, protocol_variant::inap_cs1};
  static const std::int32_t ops[] = {0, 16, 17, 19, 20, 22, 23, 24, 32, 33, 47, 49, 53, 86, 88, 90, 93};
  for (auto v : all) {
    for (auto op : ops) static_cast<void>(reencode(v, arg_kind::invoke, op, b));
    static_cast<void>(reencode(v, arg_kind::result, opcode::initiate_call_attempt, b));
    for (auto e : {1, 10, 11, 12}) static_cast<void>(reencode(v, arg_kind::error, e, b));
  }
}

std::vector<bytes> corpus() {
  std::vector<bytes> out;
  for (const auto& g : golden_vectors()) {
    bytes msg = encode_tc_message(g.msg);
    out.push_back(msg);
    auto m = decode_tc_message(msg);
    if (!m) continue;
    for (const auto& c : m->components) {
      if (c.parameter) out.push_back(*c.parameter);
    }
  }
  return out;
}

TEST(BadInput, TruncatedAtEveryLength) {
  for (const auto& b : corpus()) {
    for (std::size_t n = 0; n < b.size(); ++n) {
      bytes t(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n));
      EXPECT_FALSE(decode_tc_message(t).has_value() && n < 2);
      feed_everything(t);
    }
  }
}

TEST(BadInput, RandomBitFlips) {
  std::mt19937 rng(20240601);
  for (const auto& b : corpus()) {
    for (int round = 0; round < 40; ++round) {
      bytes f = b;
      int flips = 1 + static_cast<int>(rng() % 4);
      for (int i = 0; i < flips; ++i) {
        std::size_t pos = rng() % f.size();
        f[pos] = static_cast<std::uint8_t>(f[pos] ^ (1u << (rng() % 8)));
      }
      feed_everything(f);
    }
  }
}

}  // namespace
}  // namespace cmr::in::codec::test
