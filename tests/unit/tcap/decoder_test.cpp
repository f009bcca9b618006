// The direct TCAP reader (in/codec/tcap_decoder.cpp) against the asn1c
// decoder: decode_tc_message and decode_tc_message_asn1c must agree on every
// input, success or failure: golden vectors, generated messages, and random
// mutations of them (the reader declines what it does not fully understand,
// and then asn1c decides).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/unit/tcap/random_messages.h"

namespace cmr::in::codec {
namespace {

using namespace test;

void expect_same(std::span<const std::uint8_t> in, const char* what, int i) {
  auto fast = decode_tc_message(in);
  auto ref = decode_tc_message_asn1c(in);
  ASSERT_EQ(fast.has_value(), ref.has_value()) << what << " " << i;
  if (fast) {
    ASSERT_EQ(*fast, *ref) << what << " " << i;
  } else {
    ASSERT_EQ(fast.error().what, ref.error().what) << what << " " << i;
  }
}

TEST(TcapDecoder, GoldenVectorsDecodeAlike) {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(CMR_SOURCE_DIR "/tests/golden")) {
    if (e.path().extension() != ".hex") continue;
    std::ifstream in(e.path());
    std::string line;
    bytes wire;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream ls(line);
      std::string h;
      while (ls >> h) wire.push_back(static_cast<std::uint8_t>(std::stoul(h, nullptr, 16)));
    }
    expect_same(wire, "golden", n++);
  }
  EXPECT_GT(n, 50);
}

TEST(TcapDecoder, GeneratedAndMutatedMessagesDecodeAlike) {
  std::mt19937 rng(4711);
  int decoded = 0;
  for (int i = 0; i < 20000; ++i) {
    const bytes wire = encode_tc_message(random_message(rng));
    if (wire.empty()) continue;
    expect_same(wire, "generated", i);
    if (decode_tc_message(wire)) ++decoded;
    for (int k = 0; k < 5; ++k) {
      bytes b = wire;
      const int edits = 1 + static_cast<int>(R(rng) % 3);
      for (int e = 0; e < edits; ++e) {
        const std::size_t at = R(rng) % b.size();
        switch (R(rng) % 4) {
          case 0:
            b[at] = static_cast<std::uint8_t>(R(rng));
            break;
          case 1:
            b[at] ^= static_cast<std::uint8_t>(1U << (R(rng) % 8));
            break;
          case 2:
            b.erase(b.begin() + static_cast<std::ptrdiff_t>(at));
            break;
          default:
            b.insert(b.begin() + static_cast<std::ptrdiff_t>(at),
                     static_cast<std::uint8_t>(R(rng)));
        }
        if (b.empty()) b.push_back(0x62);
      }
      expect_same(b, "mutated", i);
    }
  }
  EXPECT_GT(decoded, 10000);
}

}  // namespace
}  // namespace cmr::in::codec
