// The cost of listening for the caller's keys during a ringback (spec 5.7,
// media/dtmf/rtp_keys.h): every 20 ms G.711 frame the caller sends goes
// through the in-band DTMF receiver (spandsp) until RFC 4733 events arrive;
// a call whose phone sends events costs an RTP header parse per packet.
// Reference in the same run: decoding the frame's 160 samples to linear,
// which any media processing of the frame would do. Per-call budget: 50
// frames per second per call.
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "media/dtmf/rtp_keys.h"
#include "media/g711.h"

namespace {

using namespace cmr::media;

// 1 s of a 425 Hz tone at -20 dBm0 (speech-like energy, no DTMF), as RTP
// packets of 20 ms A-law frames.
std::vector<std::vector<std::uint8_t>> tone_packets() {
  std::vector<std::vector<std::uint8_t>> out;
  for (int f = 0; f < 50; ++f) {
    std::vector<std::uint8_t> p{0x80, 8, 0, static_cast<std::uint8_t>(f), 0, 0, 0, 0, 1, 2, 3, 4};
    for (int i = 0; i < 160; ++i) {
      const double t = (f * 160 + i) / 8000.0;
      p.push_back(linear_to_alaw(static_cast<std::int16_t>(2000.0 * std::sin(2 * M_PI * 425 * t))));
    }
    out.push_back(std::move(p));
  }
  return out;
}

void BM_Keys_InbandPerFrame(benchmark::State& state) {
  const auto packets = tone_packets();
  dtmf::rtp_key_listener l;
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(l.feed(packets[i]));
    i = (i + 1) % packets.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Keys_InbandPerFrame);

void BM_Keys_EventsOnlyPerPacket(benchmark::State& state) {
  const auto events = dtmf::rfc4733_key_packets('*', 101, 1, 160, 7);
  auto packets = tone_packets();
  dtmf::rtp_key_listener l;
  for (const auto& e : events) l.feed(e.bytes);  // events seen: in-band is off from now on
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(l.feed(packets[i]));
    i = (i + 1) % packets.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Keys_EventsOnlyPerPacket);

void BM_Reference_DecodeFrameToLinear(benchmark::State& state) {
  const auto packets = tone_packets();
  std::vector<std::int16_t> pcm(160);
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& p = packets[i];
    for (std::size_t k = 0; k < 160; ++k) pcm[k] = alaw_to_linear(p[12 + k]);
    benchmark::DoNotOptimize(pcm.data());
    i = (i + 1) % packets.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Reference_DecodeFrameToLinear);

}  // namespace

BENCHMARK_MAIN();
