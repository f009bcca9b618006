// G.711 against values from the recommendation's tables and the classic
// reference implementation, plus exhaustive round trips.
#include "media/g711.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace cmr::media {
namespace {

// lin2alaw / lin2ulaw of v = -32768 + 257 k, k = 0..255, from Python's audioop
// (the CCITT reference implementation), as hex.
constexpr const char* k_alaw_ref =
    "2a2a2a2a2b2b2b2b28282828292929292e2e2e2e2f2f2f2f2c2c2c2c2d2d2d2d222222222323232320202020212121"
    "21"
    "262626262727272724242424252525253a3a3b3b383839393e3e3f3f3c3c3d3d323233333030313136363737343435"
    "35"
    "0a0b08090e0f0c0d02030001060704051a181e1c121016146b6f636779714d5dddcdf1f9e7e3efeb949690929c9e98"
    "9a"
    "85848786818083828d8c8f8e89888b8ab5b5b4b4b7b7b6b6b1b1b0b0b3b3b2b2bdbdbcbcbfbfbebeb9b9b8b8bbbbba"
    "ba"
    "a5a5a5a5a4a4a4a4a7a7a7a7a6a6a6a6a1a1a1a1a0a0a0a0a3a3a3a3a2a2a2a2adadadadacacacacafafafafaeaeae"
    "ae"
    "a9a9a9a9a8a8a8a8ababababaaaaaaaa";
constexpr const char* k_ulaw_ref =
    "00000000000101010102020202030303030404040405050505060606060707070708080808090909090a0a0a0a0b0b"
    "0b"
    "0b0c0c0c0c0d0d0d0d0e0e0e0e0f0f0f0f10101111121213131414151516161717181819191a1a1b1b1c1c1d1d1e1e"
    "1f"
    "1f202122232425262728292a2b2c2d2e2f31333537393b3d3f43474b4f575f6fefdfd7cfcbc7c3bfbdbbb9b7b5b3b1"
    "af"
    "aeadacabaaa9a8a7a6a5a4a3a2a1a09f9f9e9e9d9d9c9c9b9b9a9a9999989897979696959594949393929291919090"
    "8f"
    "8f8f8f8e8e8e8e8d8d8d8d8c8c8c8c8b8b8b8b8a8a8a8a898989898888888887878787868686868585858584848484"
    "83"
    "83838382828282818181818080808080";

int hex_byte(const char* s) {
  return std::stoi(std::string(s, 2), nullptr, 16);
}

TEST(G711, MatchesReferenceImplementation) {
  for (int k = 0; k < 256; ++k) {
    const auto v = static_cast<std::int16_t>(-32768 + 257 * k);
    EXPECT_EQ(linear_to_alaw(v), hex_byte(k_alaw_ref + 2 * k)) << v;
    EXPECT_EQ(linear_to_ulaw(v), hex_byte(k_ulaw_ref + 2 * k)) << v;
  }
}

TEST(G711, AlawKnownValues) {
  // Zero and the smallest magnitudes sit in segment 0 next to the sign:
  // 0xD5 / 0x55 are "+0" / "-0" after the even-bit inversion.
  EXPECT_EQ(linear_to_alaw(0), 0xD5);
  EXPECT_EQ(linear_to_alaw(-1), 0x55);
  EXPECT_EQ(linear_to_alaw(-8), 0x55);
  EXPECT_EQ(linear_to_alaw(32767), 0xAA);
  EXPECT_EQ(linear_to_alaw(-32768), 0x2A);
  EXPECT_EQ(linear_to_alaw(1000), 0xFA);
  EXPECT_EQ(linear_to_alaw(-1000), 0x7A);
  // Decoder: reconstruction values (16-bit scale) of Table 1b.
  EXPECT_EQ(alaw_to_linear(0xD5), 8);
  EXPECT_EQ(alaw_to_linear(0x55), -8);
  EXPECT_EQ(alaw_to_linear(0xAA), 32256);
  EXPECT_EQ(alaw_to_linear(0x2A), -32256);
  EXPECT_EQ(alaw_to_linear(0xFA), 1008);
}

TEST(G711, UlawKnownValues) {
  EXPECT_EQ(linear_to_ulaw(0), 0xFF);
  EXPECT_EQ(linear_to_ulaw(32767), 0x80);
  EXPECT_EQ(linear_to_ulaw(-32768), 0x00);
  EXPECT_EQ(linear_to_ulaw(1000), 0xCE);
  EXPECT_EQ(linear_to_ulaw(-1000), 0x4E);
  EXPECT_EQ(ulaw_to_linear(0xFF), 0);
  EXPECT_EQ(ulaw_to_linear(0x7F), 0);
  EXPECT_EQ(ulaw_to_linear(0x80), 32124);
  EXPECT_EQ(ulaw_to_linear(0x00), -32124);
  EXPECT_EQ(ulaw_to_linear(0xCE), 988);
}

TEST(G711, EveryCodeRoundTrips) {
  for (int c = 0; c < 256; ++c) {
    const auto code = static_cast<std::uint8_t>(c);
    EXPECT_EQ(linear_to_alaw(alaw_to_linear(code)), code) << "A-law " << c;
    // u-law has two zeros (0x7F and 0xFF); the encoder emits the positive one.
    const std::uint8_t expect_u = code == 0x7F ? 0xFF : code;
    EXPECT_EQ(linear_to_ulaw(ulaw_to_linear(code)), expect_u) << "u-law " << c;
  }
}

TEST(G711, QuantisationErrorWithinSegmentStep) {
  // Every 16-bit value decodes back within half a step of its segment
  // (steps double per segment: the relative error stays near 3 %).
  for (int v = -32768; v <= 32767; v += 7) {
    const auto pcm = static_cast<std::int16_t>(v);
    const int a = alaw_to_linear(linear_to_alaw(pcm));
    const int u = ulaw_to_linear(linear_to_ulaw(pcm));
    const int mag = std::abs(v);
    EXPECT_LE(std::abs(a - v), std::max(16, mag / 16 + 16)) << v;
    if (mag < 32000) {
      EXPECT_LE(std::abs(u - v), std::max(8, mag / 16 + 8)) << v;
    }
  }
}

TEST(G711, MonotonicAndSymmetric) {
  int prev_a = alaw_to_linear(linear_to_alaw(-32768));
  int prev_u = ulaw_to_linear(linear_to_ulaw(-32768));
  for (int v = -32767; v <= 32767; ++v) {
    const auto pcm = static_cast<std::int16_t>(v);
    const int a = alaw_to_linear(linear_to_alaw(pcm));
    const int u = ulaw_to_linear(linear_to_ulaw(pcm));
    EXPECT_GE(a, prev_a);
    EXPECT_GE(u, prev_u);
    prev_a = a;
    prev_u = u;
  }
  for (int c = 0; c < 128; ++c) {
    EXPECT_EQ(alaw_to_linear(static_cast<std::uint8_t>(c)),
              -alaw_to_linear(static_cast<std::uint8_t>(c | 0x80)));
    EXPECT_EQ(ulaw_to_linear(static_cast<std::uint8_t>(c)),
              -ulaw_to_linear(static_cast<std::uint8_t>(c | 0x80)));
  }
}

TEST(G711, BufferHelpers) {
  const std::int16_t pcm[] = {0, 1000, -1000};
  EXPECT_EQ(encode_alaw(pcm), (std::vector<std::uint8_t>{0xD5, 0xFA, 0x7A}));
  EXPECT_EQ(encode_ulaw(pcm), (std::vector<std::uint8_t>{0xFF, 0xCE, 0x4E}));
}

}  // namespace
}  // namespace cmr::media
