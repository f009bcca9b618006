// The RTP checker (tools/cmr-ssf/rtp_checker.h): a stream built like the IP's
// (media/rtp/rtp_sender: 20 ms G.711 frames, random SSRC/sequence/timestamp,
// marker first) passes; every kind of corruption is named.
#include "tools/cmr-ssf/rtp_checker.h"

#include <gtest/gtest.h>

namespace cmr::tools::ssf {
namespace {

using bytes = std::vector<std::uint8_t>;

std::shared_ptr<const bytes> rendition(std::size_t frames) {
  auto b = std::make_shared<bytes>(frames * 160);
  for (std::size_t i = 0; i < b->size(); ++i)
    (*b)[i] = static_cast<std::uint8_t>((i * 7 + i / 160) & 0xff);
  return b;
}

struct stream {
  std::uint16_t seq = 65530;  // wraps during the test
  std::uint32_t ts = 0xfffffe00;
  std::uint32_t ssrc = 0x12345678;
  std::uint8_t pt = 8;
  bool first = true;
  bytes packet(std::span<const std::uint8_t> payload) {
    bytes p{0x80,
            static_cast<std::uint8_t>(pt | (first ? 0x80 : 0)),
            static_cast<std::uint8_t>(seq >> 8),
            static_cast<std::uint8_t>(seq & 0xff),
            static_cast<std::uint8_t>(ts >> 24),
            static_cast<std::uint8_t>(ts >> 16),
            static_cast<std::uint8_t>(ts >> 8),
            static_cast<std::uint8_t>(ts),
            static_cast<std::uint8_t>(ssrc >> 24),
            static_cast<std::uint8_t>(ssrc >> 16),
            static_cast<std::uint8_t>(ssrc >> 8),
            static_cast<std::uint8_t>(ssrc)};
    p.insert(p.end(), payload.begin(), payload.end());
    first = false;
    ++seq;
    ts += static_cast<std::uint32_t>(payload.size());
    return p;
  }
};

// Plays `r` `reps` times through the checker, applying `mutate` to packet i.
rtp_checker play(const std::shared_ptr<const bytes>& r, int reps,
                 const std::function<void(std::size_t, bytes&, stream&)>& mutate = {}) {
  rtp_checker c(r, 8);
  stream s;
  std::size_t i = 0;
  for (int k = 0; k < reps; ++k)
    for (std::size_t off = 0; off < r->size(); off += 160, ++i) {
      auto p = s.packet(std::span<const std::uint8_t>(r->data() + off, 160));
      if (mutate) mutate(i, p, s);
      if (!p.empty()) c.on_packet(p);
    }
  return c;
}

TEST(rtp_checker, GoodStreamOfTwoRepetitionsPasses) {
  const auto r = rendition(50);
  auto c = play(r, 2);
  const auto rep = c.finish(2, true);
  EXPECT_TRUE(rep.ok) << rep.problem;
  EXPECT_TRUE(rep.content_checked);
  EXPECT_EQ(rep.packets, 100U);
  EXPECT_EQ(rep.payload_bytes, 16000U);
}

TEST(rtp_checker, InterruptedPlayIsAPrefixAndPasses) {
  const auto r = rendition(50);
  auto c = play(r, 1);
  EXPECT_TRUE(c.finish(std::nullopt, true).ok);
}

TEST(rtp_checker, CompletedPlayWithTooFewRepetitionsFails) {
  const auto r = rendition(50);
  auto c = play(r, 1);
  const auto rep = c.finish(2, true);
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.problem.find("expected 16000"), std::string::npos) << rep.problem;
}

TEST(rtp_checker, CorruptedPayloadByteIsFound) {
  const auto r = rendition(50);
  auto c = play(r, 1, [](std::size_t i, bytes& p, stream&) {
    if (i == 7) p[12 + 40] ^= 0x01;
  });
  const auto rep = c.finish(1, true);
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.problem.find("payload byte 1160"), std::string::npos) << rep.problem;
}

TEST(rtp_checker, LostPacketIsASequenceGap) {
  const auto r = rendition(50);
  auto c = play(r, 1, [](std::size_t i, bytes& p, stream&) {
    if (i == 10) p.clear();
  });
  const auto rep = c.finish(std::nullopt, true);
  EXPECT_FALSE(rep.ok);
  EXPECT_NE(rep.problem.find("sequence"), std::string::npos) << rep.problem;
}

TEST(rtp_checker, WrongPayloadTypeSsrcOrMarkerFail) {
  const auto r = rendition(10);
  auto pt = play(r, 1, [](std::size_t i, bytes& p, stream&) {
    if (i == 3) p[1] = static_cast<std::uint8_t>((p[1] & 0x80) | 0);
  });
  EXPECT_NE(pt.finish(std::nullopt, true).problem.find("payload type 0"), std::string::npos);
  auto ssrc = play(r, 1, [](std::size_t i, bytes& p, stream&) {
    if (i == 4) p[11] ^= 0xff;
  });
  EXPECT_NE(ssrc.finish(std::nullopt, true).problem.find("SSRC"), std::string::npos);
  auto marker = play(r, 1, [](std::size_t i, bytes& p, stream&) {
    if (i == 0) p[1] &= 0x7f;
  });
  EXPECT_NE(marker.finish(std::nullopt, true).problem.find("marker"), std::string::npos);
  auto ts = play(r, 1, [](std::size_t i, bytes& p, stream&) {
    if (i == 5) p[7] ^= 0x10;
  });
  EXPECT_NE(ts.finish(std::nullopt, true).problem.find("timestamp"), std::string::npos);
}

TEST(rtp_checker, OtherResourceDoesNotMatch) {
  const auto r = rendition(10);
  auto other = std::make_shared<bytes>(*r);
  (*other)[0] ^= 0x55;
  rtp_checker c(other, 8);
  stream s;
  c.on_packet(s.packet(std::span<const std::uint8_t>(r->data(), 160)));
  EXPECT_FALSE(c.finish(std::nullopt, true).ok);
}

TEST(rtp_checker, EmptyStreamAndGarbage) {
  rtp_checker empty(rendition(1), 8);
  const auto rep = empty.finish(1, true);
  EXPECT_FALSE(rep.ok);
  EXPECT_EQ(rep.problem, "no RTP received");
  rtp_checker junk(nullptr, std::nullopt);
  const bytes short_packet{0x80, 0x08, 0x00};
  junk.on_packet(short_packet);
  EXPECT_FALSE(junk.finish(std::nullopt, false).ok);
}

TEST(rtp_checker, HeadersOnlyWithoutExpectedContent) {
  const auto r = rendition(5);
  rtp_checker c(nullptr, std::nullopt);
  stream s;
  s.pt = 0;
  for (std::size_t off = 0; off < r->size(); off += 160)
    c.on_packet(s.packet(std::span<const std::uint8_t>(r->data() + off, 160)));
  const auto rep = c.finish(7, true);  // repetitions cannot be checked without content
  EXPECT_TRUE(rep.ok);
  EXPECT_FALSE(rep.content_checked);
}

}  // namespace
}  // namespace cmr::tools::ssf
