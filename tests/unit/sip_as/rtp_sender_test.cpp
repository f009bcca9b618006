// The RTP player against a real UDP socket on 127.0.0.1: headers (version,
// payload type, marker, consecutive sequence numbers and timestamps, one
// SSRC), payload bytes equal to the rendition's frames, 20 ms pacing, loop
// and stop. Bounded: every wait has a deadline.
#include "media/rtp/rtp_sender.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>
#include <vector>

namespace cmr::media::rtp {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;
using namespace std::chrono_literals;

// A rendition file whose frame i is filled with (i * 7 + offset) bytes.
class rendition_file {
public:
  explicit rendition_file(std::size_t frames) {
    std::array<char, 32> tmpl{};
    std::snprintf(tmpl.data(), tmpl.size(), "/tmp/cmr-rtp-XXXXXX");
    const int fd = ::mkstemp(tmpl.data());
    EXPECT_GE(fd, 0);
    ::close(fd);
    path_ = tmpl.data();
    std::ofstream out(path_, std::ios::binary);
    for (std::size_t i = 0; i < frames; ++i)
      for (std::size_t b = 0; b < playout_frame_bytes; ++b) out.put(static_cast<char>(i * 7 + b));
  }
  ~rendition_file() { std::remove(path_.c_str()); }
  rendition_file(const rendition_file&) = delete;
  rendition_file& operator=(const rendition_file&) = delete;
  std::shared_ptr<const playout_rendition> open(g711_law law) const {
    auto r = playout_rendition::open(path_, law);
    EXPECT_TRUE(r.has_value());
    return std::make_shared<const playout_rendition>(std::move(*r));
  }

private:
  std::string path_;
};

struct received {
  std::vector<std::uint8_t> bytes;
  std::chrono::steady_clock::time_point at;
};

// Receives up to `count` datagrams or until `deadline`, driving `io`.
std::vector<received> receive(asio::io_context& io, udp::socket& sock, std::size_t count,
                              std::chrono::milliseconds limit) {
  std::vector<received> out;
  sock.non_blocking(true);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::array<std::uint8_t, 2048> buf{};
  while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
    io.run_for(2ms);
    boost::system::error_code ec;
    while (out.size() < count) {  // a slow turn can find more queued: leave them
      const auto n = sock.receive(asio::buffer(buf), 0, ec);
      if (ec) break;
      out.push_back({{buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n)},
                     std::chrono::steady_clock::now()});
    }
  }
  return out;
}

std::uint16_t u16(const std::vector<std::uint8_t>& p, std::size_t at) {
  return static_cast<std::uint16_t>(p[at] << 8 | p[at + 1]);
}
std::uint32_t u32(const std::vector<std::uint8_t>& p, std::size_t at) {
  return static_cast<std::uint32_t>(p[at]) << 24 | static_cast<std::uint32_t>(p[at + 1]) << 16 |
         static_cast<std::uint32_t>(p[at + 2]) << 8 | p[at + 3];
}

class RtpSenderTest : public ::testing::TestWithParam<g711_law> {};

TEST_P(RtpSenderTest, PacketsCarryTheRenditionWithCorrectHeaders) {
  asio::io_context io;
  const auto lo = asio::ip::make_address("127.0.0.1");
  udp::socket rx(io, {lo, 0});
  rendition_file file(5);
  const auto rendition = file.open(GetParam());
  port_pool ports({0, 0});
  auto sender = rtp_sender::create(io, ports, lo, rx.local_endpoint(), rendition);
  ASSERT_TRUE(sender.has_value()) << sender.error();
  auto s = *sender;
  EXPECT_NE(s->local_port(), 0);
  const auto before = rtp_sender::active_streams();
  s->start();
  EXPECT_EQ(rtp_sender::active_streams(), before + 1);
  const auto got = receive(io, rx, 12, 2s);
  s->stop();
  s->stop();  // idempotent
  io.run_for(20ms);
  EXPECT_EQ(rtp_sender::active_streams(), before);
  ASSERT_EQ(got.size(), 12U);

  const std::uint8_t pt = GetParam() == g711_law::alaw ? 8 : 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const auto& p = got[i].bytes;
    ASSERT_EQ(p.size(), rtp_sender::header_bytes + playout_frame_bytes);
    EXPECT_EQ(p[0], 0x80) << "V=2, no P, X, CC";
    EXPECT_EQ(p[1] & 0x7f, pt);
    EXPECT_EQ((p[1] & 0x80) != 0, i == 0) << "marker only on the first packet";
    EXPECT_EQ(u16(p, 2), static_cast<std::uint16_t>(u16(got[0].bytes, 2) + i));
    EXPECT_EQ(u32(p, 4), u32(got[0].bytes, 4) + 160U * i);
    EXPECT_EQ(u32(p, 8), s->ssrc());
    // Looping: packet i carries frame i % 5.
    const auto frame = rendition->frame(i % 5);
    EXPECT_TRUE(std::equal(frame.begin(), frame.end(), p.begin() + 12)) << "packet " << i;
  }
  // 20 ms pacing: 11 intervals take about 220 ms (generous bounds for a
  // shared 2-core box, but far from a burst).
  const auto span = got.back().at - got.front().at;
  EXPECT_GE(span, 180ms);
  EXPECT_LE(span, 600ms);
}

INSTANTIATE_TEST_SUITE_P(Laws, RtpSenderTest, ::testing::Values(g711_law::alaw, g711_law::ulaw));

TEST(RtpSender, WithoutLoopItStopsAfterTheLastFrameAndReports) {
  asio::io_context io;
  const auto lo = asio::ip::make_address("127.0.0.1");
  udp::socket rx(io, {lo, 0});
  rendition_file file(3);
  port_pool ports({0, 0});
  sender_options o;
  o.loop = false;
  auto s =
      rtp_sender::create(io, ports, lo, rx.local_endpoint(), file.open(g711_law::alaw), o).value();
  bool finished = false;
  s->on_finished = [&] { finished = true; };
  s->start();
  const auto got = receive(io, rx, 10, 400ms);
  EXPECT_EQ(got.size(), 3U);
  EXPECT_TRUE(finished);
  EXPECT_FALSE(s->running());
  EXPECT_EQ(s->packets_sent(), 3U);
}

// Repetitions with a pause: the rendition, gap_frames of silence, the
// rendition again, in one stream (sequence and timestamp run on, no marker
// after the first packet); max_frames counts the silence too.
TEST(RtpSender, GapFramesOfSilenceBetweenRepetitions) {
  for (const auto law : {g711_law::alaw, g711_law::ulaw}) {
    asio::io_context io;
    const auto lo = asio::ip::make_address("127.0.0.1");
    udp::socket rx(io, {lo, 0});
    rendition_file file(3);
    const auto rendition = file.open(law);
    port_pool ports({0, 0});
    sender_options o;
    o.gap_frames = 2;
    o.max_frames = 3 + 2 + 3;  // two repetitions
    auto s = rtp_sender::create(io, ports, lo, rx.local_endpoint(), rendition, o).value();
    bool finished = false;
    s->on_finished = [&] { finished = true; };
    s->start();
    const auto got = receive(io, rx, 20, 600ms);
    ASSERT_EQ(got.size(), 8U);
    EXPECT_TRUE(finished);
    const std::uint8_t quiet = law == g711_law::alaw ? 0xD5 : 0xFF;
    for (std::size_t i = 0; i < got.size(); ++i) {
      const auto& p = got[i].bytes;
      EXPECT_EQ(u16(p, 2), static_cast<std::uint16_t>(u16(got[0].bytes, 2) + i));
      EXPECT_EQ(u32(p, 4), u32(got[0].bytes, 4) + 160U * i);
      EXPECT_EQ((p[1] & 0x80) != 0, i == 0);
      if (i == 3 || i == 4) {
        EXPECT_TRUE(
            std::all_of(p.begin() + 12, p.end(), [&](std::uint8_t b) { return b == quiet; }))
            << "packet " << i << " is not silence";
      } else {
        const auto frame = rendition->frame(i < 3 ? i : i - 5);
        EXPECT_TRUE(std::equal(frame.begin(), frame.end(), p.begin() + 12)) << "packet " << i;
      }
    }
  }
}

TEST(RtpSender, StopBeforeStartSendsNothing) {
  asio::io_context io;
  const auto lo = asio::ip::make_address("127.0.0.1");
  udp::socket rx(io, {lo, 0});
  rendition_file file(3);
  port_pool ports({0, 0});
  auto s =
      rtp_sender::create(io, ports, lo, rx.local_endpoint(), file.open(g711_law::ulaw)).value();
  s->stop();
  s->start();
  EXPECT_TRUE(receive(io, rx, 1, 100ms).empty());
}

// A stream answered sendrecv takes what the peer sends (counted, dropped);
// one answered sendonly leaves its socket alone.
TEST(RtpSender, ReceivesWhatThePeerSendsWhenAskedTo) {
  for (const bool receive_on : {true, false}) {
    SCOPED_TRACE(receive_on ? "receive" : "send only");
    asio::io_context io;
    const auto lo = asio::ip::make_address("127.0.0.1");
    udp::socket peer(io, {lo, 0});
    rendition_file file(3);
    port_pool ports({0, 0});
    sender_options o;
    o.receive = receive_on;
    auto sender =
        rtp_sender::create(io, ports, lo, peer.local_endpoint(), file.open(g711_law::alaw), o);
    ASSERT_TRUE(sender.has_value()) << sender.error();
    auto s = *sender;
    s->start();
    const std::array<std::uint8_t, 172> pkt{0x80, 0x08};
    for (int i = 0; i < 5; ++i) peer.send_to(asio::buffer(pkt), {lo, s->local_port()});
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    while (receive_on && s->packets_received() < 5 && std::chrono::steady_clock::now() < deadline)
      io.run_for(5ms);
    io.run_for(50ms);
    EXPECT_EQ(s->packets_received(), receive_on ? 5U : 0U);
    EXPECT_GT(s->packets_sent(), 0U);
    s->stop();
    io.run_for(20ms);
  }
}

// Presentation control (spec 5.7): a prompt interjected mid-stream plays
// whole, then the rendition resumes at the frame it was interrupted at, in
// the same stream (sequence numbers run on); replace() starts the next
// rendition from its first frame; replace(nullptr) sends silence.
TEST(RtpSender, InterjectedPromptThenTheRingbackResumesWhereItWas) {
  asio::io_context io;
  const auto lo = asio::ip::make_address("127.0.0.1");
  udp::socket rx(io, {lo, 0});
  rendition_file ring(50), other(4);
  const auto rendition = ring.open(g711_law::alaw);
  std::vector<std::uint8_t> prompt_bytes(2 * playout_frame_bytes, 0x42);
  auto prompt = std::make_shared<const playout_rendition>(
      playout_rendition::owned(prompt_bytes, g711_law::alaw).value());
  port_pool ports({0, 0});
  auto s = rtp_sender::create(io, ports, lo, rx.local_endpoint(), rendition).value();
  int prompts_done = 0;
  s->on_prompt_done = [&] { ++prompts_done; };
  s->start();
  auto got = receive(io, rx, 3, 500ms);
  ASSERT_EQ(got.size(), 3U);
  s->interject(prompt);
  auto more = receive(io, rx, 8, 800ms);
  ASSERT_EQ(more.size(), 8U);
  got.insert(got.end(), more.begin(), more.end());
  // Find the prompt's two frames; the frame after them continues the ringback.
  std::size_t at = 0;
  while (at < got.size() && got[at].bytes[12] != 0x42) ++at;
  ASSERT_LT(at + 2, got.size()) << "the prompt was not sent";
  EXPECT_EQ(got[at + 1].bytes[12], 0x42);
  EXPECT_EQ(got[at + 2].bytes[12], rendition->frame(at).data()[0]) << "resumes at frame " << at;
  for (std::size_t i = 1; i < got.size(); ++i)
    EXPECT_EQ(u16(got[i].bytes, 2), static_cast<std::uint16_t>(u16(got[i - 1].bytes, 2) + 1));
  EXPECT_EQ(prompts_done, 1);
  EXPECT_EQ(s->prompt_frames_sent(), 2U);
  // skip: the next rendition from its first frame
  const auto next = other.open(g711_law::alaw);
  s->replace(next);
  got = receive(io, rx, 30, 800ms);
  ASSERT_GE(got.size(), 5U);
  const auto first_other = next->frame(0);
  const auto it = std::find_if(got.begin(), got.end(), [&](const received& r) {
    return std::equal(first_other.begin(), first_other.end(), r.bytes.begin() + 12);
  });
  EXPECT_NE(it, got.end()) << "the replacement's first frame was not sent";
  // stop without a default: silence, and the stream goes on (the bearer stays up)
  s->replace(nullptr);
  receive(io, rx, 3, 200ms);
  got = receive(io, rx, 3, 300ms);
  ASSERT_EQ(got.size(), 3U);
  for (const auto& r : got)
    EXPECT_TRUE(std::all_of(r.bytes.begin() + 12, r.bytes.end(), [](std::uint8_t b) { return b == 0xD5; }));
  EXPECT_TRUE(s->running());
  // A prompt in the other law is refused (nothing sent of it)
  s->interject(std::make_shared<const playout_rendition>(
      playout_rendition::owned(prompt_bytes, g711_law::ulaw).value()));
  receive(io, rx, 5, 200ms);
  EXPECT_EQ(s->prompt_frames_sent(), 2U);
  s->stop();
  io.run_for(20ms);
}

// A non-looping play stopped without a default ends (the IP's play is over).
TEST(RtpSender, NonLoopingStreamReplacedByNothingFinishes) {
  asio::io_context io;
  const auto lo = asio::ip::make_address("127.0.0.1");
  udp::socket rx(io, {lo, 0});
  rendition_file file(100);
  port_pool ports({0, 0});
  sender_options o;
  o.loop = false;
  auto s = rtp_sender::create(io, ports, lo, rx.local_endpoint(), file.open(g711_law::ulaw), o).value();
  bool finished = false;
  s->on_finished = [&] { finished = true; };
  s->start();
  receive(io, rx, 2, 300ms);
  s->replace(nullptr);
  receive(io, rx, 100, 300ms);
  EXPECT_TRUE(finished);
  EXPECT_LT(s->packets_sent(), 50U);
}

// The caller's datagrams reach on_datagram on the stream's strand.
TEST(RtpSender, HandsThePeersDatagramsToTheListener) {
  asio::io_context io;
  const auto lo = asio::ip::make_address("127.0.0.1");
  udp::socket peer(io, {lo, 0});
  rendition_file file(3);
  port_pool ports({0, 0});
  sender_options o;
  o.receive = true;
  auto s = rtp_sender::create(io, ports, lo, peer.local_endpoint(), file.open(g711_law::alaw), o).value();
  std::vector<std::size_t> sizes;
  s->on_datagram = [&](std::span<const std::uint8_t> d) { sizes.push_back(d.size()); };
  s->start();
  const std::array<std::uint8_t, 16> pkt{0x80, 101};
  for (int i = 0; i < 3; ++i) peer.send_to(asio::buffer(pkt), {lo, s->local_port()});
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (sizes.size() < 3 && std::chrono::steady_clock::now() < deadline) io.run_for(5ms);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{16, 16, 16}));
  s->stop();
  io.run_for(20ms);
}

TEST(PortPool, HandsOutEvenPortsFromTheRangeAndSkipsTakenOnes) {
  asio::io_context io;
  const auto lo = asio::ip::make_address("127.0.0.1");
  port_pool ports({40000, 40011});
  std::vector<udp::socket> held;
  for (int i = 0; i < 6; ++i) {
    auto s = ports.open(io, lo);
    ASSERT_TRUE(s.has_value()) << s.error();
    const auto port = s->local_endpoint().port();
    EXPECT_EQ(port % 2, 0);
    EXPECT_GE(port, 40000);
    EXPECT_LE(port, 40011);
    held.push_back(std::move(*s));
  }
  EXPECT_FALSE(ports.open(io, lo).has_value()) << "six even ports, all held";
}

TEST(RtpSender, EmptyRenditionIsRefused) {
  asio::io_context io;
  port_pool ports({0, 0});
  EXPECT_FALSE(rtp_sender::create(io, ports, asio::ip::make_address("127.0.0.1"),
                                  {asio::ip::make_address("127.0.0.1"), 9}, nullptr)
                   .has_value());
}

}  // namespace
}  // namespace cmr::media::rtp
