// ANSI TCAP codec against bad input: every golden vector truncated at every
// length and with random bit flips (no crash, no read past the buffer under
// ASan, and whatever decodes re-encodes to the same value), and the errors
// named for specific malformed packages and components.
#include <gtest/gtest.h>

#include <random>

#include "golden.h"
#include "in/ansi_tcap/ansi_tcap_message.h"

namespace cmr::in::ansi_tcap::test {
namespace {

void consistent(const bytes& in) {
  auto p = parse_package(in);
  auto m = decode_message(in);
  if (!m) return;
  ASSERT_TRUE(p.has_value());
  const bytes again = encode_message(*m);
  if (again.empty()) return;
  auto back = decode_message(again);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, *m);
}

TEST(AnsiBadInput, TruncatedEverywhere) {
  for (const auto& name : k_golden_names) {
    const bytes in = golden(name);
    for (std::size_t n = 0; n < in.size(); ++n) {
      const bytes cut(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n));
      EXPECT_FALSE(decode_message(cut).has_value()) << name << " cut at " << n;
      EXPECT_FALSE(parse_package(cut).has_value()) << name << " cut at " << n;
    }
  }
}

TEST(AnsiBadInput, RandomBitFlips) {
  std::mt19937 rng(12);
  for (const auto& name : k_golden_names) {
    const bytes in = golden(name);
    for (int i = 0; i < 2000; ++i) {
      bytes b = in;
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int f = 0; f < flips; ++f)
        b[rng() % b.size()] ^= static_cast<std::uint8_t>(1U << (rng() % 8));
      consistent(b);
    }
  }
}

TEST(AnsiBadInput, PackageErrorsNameTheCauseAndTheTids) {
  // Unknown package type with a readable TID.
  auto e = parse_package(bytes{0xe7, 0x06, 0xc7, 0x04, 0x01, 0x02, 0x03, 0x04});
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().cause, p_abort_cause::unrecognized_package_type);
  EXPECT_EQ(e.error().originating_tid, std::optional<std::uint32_t>(0x01020304));

  // A Query with an 8-octet TID.
  e = parse_package(bytes{0xe2, 0x0c, 0xc7, 0x08, 1, 2, 3, 4, 5, 6, 7, 8, 0xe8, 0x00});
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().cause, p_abort_cause::incorrect_transaction_portion);

  // A Conversation with garbage after its components: both TIDs salvaged.
  e = parse_package(bytes{0xe5, 0x0e, 0xc7, 0x08, 1, 2, 3, 4, 5, 6, 7, 8, 0xe8, 0x00, 0x04, 0x00});
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().cause, p_abort_cause::badly_structured_transaction_portion);
  EXPECT_EQ(e.error().originating_tid, std::optional<std::uint32_t>(0x01020304));
  EXPECT_EQ(e.error().responding_tid, std::optional<std::uint32_t>(0x05060708));

  // Indefinite length.
  e = parse_package(bytes{0xe2, 0x80, 0xc7, 0x04, 1, 2, 3, 4, 0x00, 0x00});
  ASSERT_FALSE(e.has_value());

  // A bad dialogue portion.
  e = parse_package(bytes{0xe2, 0x0a, 0xc7, 0x04, 1, 2, 3, 4, 0xf9, 0x02, 0x04, 0x00});
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().cause, p_abort_cause::badly_structured_dialogue_portion);
}

TEST(AnsiBadInput, FaultyComponentsAreSalvagedOneByOne) {
  // Query: [unknown component tag E7] [Invoke 2 with a 3-octet opcode] [good Invoke 3]
  const bytes in{0xe2, 0x1f, 0xc7, 0x04, 1,    2,    3,    4,    0xe8, 0x17, 0xe7,
                 0x00, 0xe9, 0x08, 0xcf, 0x01, 0x02, 0xd1, 0x03, 0x09, 0x49, 0x00,
                 0xe9, 0x09, 0xcf, 0x01, 0x03, 0xd1, 0x02, 0x09, 0x49, 0xf2, 0x00};
  auto p = parse_package(in);
  ASSERT_TRUE(p.has_value()) << p.error().detail;
  ASSERT_EQ(p.value().components.size(), 3U);
  EXPECT_FALSE(p.value().components[0].ok);
  EXPECT_EQ(p.value().components[0].bad.problem, problem::unrecognized_component_type);
  EXPECT_FALSE(p.value().components[1].ok);
  EXPECT_EQ(p.value().components[1].bad.problem, problem::incorrect_component_coding);
  EXPECT_EQ(p.value().components[1].bad.component_id, std::optional<std::uint8_t>(2));
  ASSERT_TRUE(p.value().components[2].ok);
  EXPECT_FALSE(decode_message(in).has_value()) << "strict decode refuses the package";

  // A Reject without its parameter set.
  const bytes rej{0xe4, 0x11, 0xc7, 0x04, 1,    2,    3,    4,    0xe8, 0x09,
                  0xec, 0x07, 0xcf, 0x01, 0x05, 0xd5, 0x02, 0x02, 0x02};
  auto r = parse_package(rej);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r.value().components.size(), 1U);
  EXPECT_FALSE(r.value().components[0].ok);
  EXPECT_EQ(r.value().components[0].bad.problem, problem::incorrect_component_portion);
}

}  // namespace
}  // namespace cmr::in::ansi_tcap::test
