// cmr-ssf's keys during the ringback: --press/--dtmf/--expect-prompt, and
// the stream split the RTP check uses after a key.
#include <gtest/gtest.h>

#include "media/dtmf/prompts.h"
#include "tools/cmr-ssf/key_presses.h"
#include "tools/cmr-ssf/options.h"

namespace cmr::tools::ssf {
namespace {

TEST(ssf_keys, PressListParsesAndBadOnesAreRefused) {
  auto p = parse_presses("*@2000,#@5000,7@0");
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, (std::vector<key_press>{{'*', 2000}, {'#', 5000}, {'7', 0}}));
  for (const char* bad : {"", "*", "*@", "x@100", "*@-1", "*@1e3", "*@100,", "**@1", "*@99999999"})
    EXPECT_FALSE(parse_presses(bad)) << bad;
}

TEST(ssf_keys, OptionsCarryTheKeys) {
  auto o = parse_options({"-c", "x.cfg", "--press", "*@1500", "--dtmf", "inband", "--expect-prompt",
                          "refused"});
  ASSERT_TRUE(o) << o.error();
  EXPECT_EQ(o->presses, (std::vector<key_press>{{'*', 1500}}));
  EXPECT_TRUE(o->dtmf_inband);
  EXPECT_EQ(o->expect_prompt, ringback::prompt_kind::refused);
  EXPECT_FALSE(parse_options({"-c", "x.cfg", "--dtmf", "sip-info"}));
  EXPECT_FALSE(parse_options({"-c", "x.cfg", "--expect-prompt", "maybe"}));
  EXPECT_FALSE(parse_options({"-c", "x.cfg", "--press", "Z@1"}));
}

std::vector<std::uint8_t> rtp(std::uint32_t ssrc, std::uint16_t seq, const std::uint8_t* p, std::size_t n) {
  std::vector<std::uint8_t> b(12 + n, 0);
  b[0] = 0x80;
  b[1] = 8;
  b[2] = static_cast<std::uint8_t>(seq >> 8);
  b[3] = static_cast<std::uint8_t>(seq & 0xff);
  for (int i = 0; i < 4; ++i) b[8 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>((ssrc >> (24 - 8 * i)) & 0xff);
  for (std::size_t i = 0; i < n; ++i) b[12 + i] = p[i];
  return b;
}

TEST(ssf_keys, StreamsSplitBySsrcAndThePromptIsFoundExactly) {
  const auto prompt = media::dtmf::builtin_prompt(ringback::prompt_kind::confirmed, media::g711_law::alaw);
  ASSERT_EQ(prompt.size() % 160, 0U);
  stream_segments s;
  const std::vector<std::uint8_t> ring(160, 0x55);
  s.on_packet(rtp(1, 1, ring.data(), ring.size()));
  s.on_packet(rtp(1, 2, ring.data(), ring.size()));
  for (std::size_t i = 0; i < prompt.size(); i += 160) s.on_packet(rtp(2, static_cast<std::uint16_t>(i), prompt.data() + i, 160));
  s.on_packet(rtp(3, 9, ring.data(), ring.size()));
  s.on_packet(std::vector<std::uint8_t>{0x01, 0x02});  // not RTP
  EXPECT_EQ(s.streams(), 3U);
  EXPECT_EQ(s.packets(), 3U + prompt.size() / 160);
  EXPECT_TRUE(s.later_stream_is(prompt));
  EXPECT_FALSE(s.later_stream_is(media::dtmf::builtin_prompt(ringback::prompt_kind::refused,
                                                             media::g711_law::alaw)));
  ASSERT_NE(s.first(), nullptr);
  EXPECT_EQ(s.first()->size(), 320U);
}

}  // namespace
}  // namespace cmr::tools::ssf
