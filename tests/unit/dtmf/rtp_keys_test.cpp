// The caller's keys from the RTP of a bearer (media/dtmf/rtp_keys.h): RFC
// 4733 events written by the same code cmr-ssf uses, in-band tones in
// G.711 frames from spandsp's transmitter, one key per press whatever the
// packets; not-RTP and unknown events give nothing and are counted. The
// built-in prompts are whole frames and carry no DTMF.
#include <gtest/gtest.h>

#include "common/ringback_control.h"
#include "media/dtmf/prompts.h"
#include "media/dtmf/rtp_keys.h"

namespace cmr::media::dtmf::test {
namespace {

std::vector<std::uint8_t> rtp(std::uint8_t pt, std::uint16_t seq, std::uint32_t ts,
                              const std::vector<std::uint8_t>& payload) {
  std::vector<std::uint8_t> p{0x80, pt, static_cast<std::uint8_t>(seq >> 8),
                              static_cast<std::uint8_t>(seq),
                              static_cast<std::uint8_t>(ts >> 24),
                              static_cast<std::uint8_t>(ts >> 16),
                              static_cast<std::uint8_t>(ts >> 8),
                              static_cast<std::uint8_t>(ts), 1, 2, 3, 4};
  p.insert(p.end(), payload.begin(), payload.end());
  return p;
}

TEST(RtpKeys, Rfc4733PacketsGiveOneKeyPerPressWithRetransmissions) {
  rtp_key_listener l({.event_payload_type = 101, .inband = true});
  std::string got;
  std::uint16_t seq = 100;
  std::uint32_t ts = 8000;
  for (char key : std::string("*1#")) {
    const auto packets = rfc4733_key_packets(key, 101, seq, ts, 0x1234, 100);
    ASSERT_EQ(packets.size(), 5U + 3U);  // 5 updates of 20 ms, 3 end packets
    EXPECT_EQ(packets.front().bytes[1], 0x80 | 101);  // marker on the first
    for (const auto& p : packets) got += l.feed(p.bytes);
    for (const auto& p : packets) got += l.feed(p.bytes);  // all retransmitted
    seq = static_cast<std::uint16_t>(seq + packets.size());
    ts += 2000;
  }
  EXPECT_EQ(got, "*1#");
  EXPECT_EQ(l.keys(), 3U);
  EXPECT_EQ(l.malformed(), 0U);
}

TEST(RtpKeys, InbandTonesInBothLawsAreFound) {
  for (const auto law : {g711_law::alaw, g711_law::ulaw}) {
    rtp_key_listener l({.event_payload_type = 101, .inband = true});
    const std::uint8_t pt = law == g711_law::alaw ? 8 : 0;
    std::string got;
    std::uint16_t seq = 1;
    for (char key : std::string("*5")) {
      for (const auto& f : inband_key_frames(key, law)) {
        got += l.feed(rtp(pt, seq, seq * 160U, f));
        ++seq;
      }
    }
    std::vector<std::uint8_t> quiet(160, law == g711_law::alaw ? 0xD5 : 0xFF);
    for (int i = 0; i < 5; ++i, ++seq) got += l.feed(rtp(pt, seq, seq * 160U, quiet));
    EXPECT_EQ(got, "*5") << (law == g711_law::alaw ? "A-law" : "u-law");
  }
}

// A phone that sends events and tones reports each key once: once events
// were seen the audio is not searched (RFC 4733 2.6).
TEST(RtpKeys, InbandIsNotSearchedOnceEventsArrive) {
  rtp_key_listener l;
  std::string got;
  for (const auto& p : rfc4733_key_packets('7', 101, 1, 160, 9)) got += l.feed(p.bytes);
  std::uint16_t seq = 50;
  for (const auto& f : inband_key_frames('7', g711_law::alaw)) {
    got += l.feed(rtp(8, seq, seq * 160U, f));
    ++seq;
  }
  EXPECT_EQ(got, "7");
}

TEST(RtpKeys, WithoutANegotiatedEventTypeOnlyTonesCount) {
  rtp_key_listener l({.event_payload_type = std::nullopt, .inband = true});
  std::string got;
  for (const auto& p : rfc4733_key_packets('9', 101, 1, 160, 9)) got += l.feed(p.bytes);
  EXPECT_EQ(got, "");
}

TEST(RtpKeys, BadInputGivesNothingAndIsCounted) {
  rtp_key_listener l;
  EXPECT_EQ(l.feed({}), "");
  const std::vector<std::uint8_t> short_packet{0x80, 101, 0, 1};
  EXPECT_EQ(l.feed(short_packet), "");
  auto v1 = rtp(101, 1, 1, {10, 0x80, 0, 160});
  v1[0] = 0x40;  // version 1
  EXPECT_EQ(l.feed(v1), "");
  auto padded = rtp(101, 1, 1, {10, 0x80, 0, 160});
  padded[0] |= 0x20;
  padded.back() = 200;  // more padding than packet
  EXPECT_EQ(l.feed(padded), "");
  auto ext = rtp(101, 1, 1, {0, 0, 0xff, 0xff});
  ext[0] |= 0x10;  // an extension longer than the packet
  EXPECT_EQ(l.feed(ext), "");
  EXPECT_EQ(l.feed(rtp(101, 2, 2, {1, 2})), "");          // event payload too short
  EXPECT_EQ(l.feed(rtp(101, 3, 3, {200, 0x80, 0, 160})), "");  // event 200: no key
  EXPECT_EQ(l.malformed(), 6U);
  EXPECT_EQ(l.unknown_events(), 1U);
  EXPECT_EQ(l.keys(), 0U);
  EXPECT_TRUE(rfc4733_key_packets('x', 101, 1, 1, 1).empty());
  EXPECT_TRUE(inband_key_frames('x', g711_law::alaw).empty());
}

TEST(RtpKeys, ParseRtpSkipsCsrcAndExtension) {
  auto p = rtp(8, 7, 99, {});
  p[0] = 0x80 | 0x10 | 0x01;  // one CSRC, an extension
  const std::vector<std::uint8_t> tail{0, 0, 0, 1,               // CSRC
                                       0xbe, 0xde, 0, 1, 1, 2, 3, 4,  // extension of one word
                                       0xaa, 0xbb};
  p.insert(p.end(), tail.begin(), tail.end());
  const auto v = parse_rtp(p);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->payload_type, 8);
  EXPECT_EQ(v->sequence, 7);
  EXPECT_EQ(v->timestamp, 99U);
  ASSERT_EQ(v->payload.size(), 2U);
  EXPECT_EQ(v->payload[0], 0xaa);
}

TEST(BuiltinPrompts, WholeFramesDistinctAndFreeOfDtmf) {
  for (const auto law : {g711_law::alaw, g711_law::ulaw}) {
    std::vector<std::vector<std::uint8_t>> all;
    for (const auto k : {ringback::prompt_kind::confirmed, ringback::prompt_kind::refused,
                         ringback::prompt_kind::offer}) {
      const auto b = builtin_prompt(k, law);
      EXPECT_EQ(b.size() % 160, 0U);
      EXPECT_GE(b.size(), 160U * 20);  // at least 400 ms
      EXPECT_LE(b.size(), 160U * 75);  // at most 1.5 s
      inband_detector d(law);
      EXPECT_EQ(d.feed(b), "") << ringback::to_string(k);
      const std::uint8_t quiet = law == g711_law::alaw ? 0xD5 : 0xFF;
      EXPECT_GT(std::count_if(b.begin(), b.end(), [&](std::uint8_t x) { return x != quiet; }), 1000);
      all.push_back(b);
    }
    EXPECT_NE(all[0], all[1]);
    EXPECT_NE(all[1], all[2]);
  }
}

}  // namespace
}  // namespace cmr::media::dtmf::test
