// Resampling to the 8 kHz playout rate keeps frequency and level and keeps
// out what would alias; checked on files written and decoded by libsndfile.
#include "media/resampler.h"

#include <gtest/gtest.h>

#include <cmath>

#include "media/audio_decoder.h"
#include "media/g711.h"
#include "media/playout_encoder.h"
#include "media_test_util.h"

namespace cmr::media {
namespace {

using testing::make_audio;

struct measure {
  double frequency = 0;  // from zero crossings
  double rms = 0;        // in 16-bit units
};

// Skips 50 ms at both ends (the filter's edge behaviour is not the subject).
measure analyse(const std::vector<std::int16_t>& pcm, int rate) {
  const std::size_t skip = static_cast<std::size_t>(rate) / 20;
  measure m;
  if (pcm.size() <= 2 * skip) return m;
  std::size_t crossings = 0;
  double sum = 0;
  for (std::size_t i = skip; i < pcm.size() - skip; ++i) {
    sum += static_cast<double>(pcm[i]) * pcm[i];
    if ((pcm[i - 1] < 0) != (pcm[i] < 0)) ++crossings;
  }
  const auto n = static_cast<double>(pcm.size() - 2 * skip);
  m.frequency = static_cast<double>(crossings) / 2.0 / (n / rate);
  m.rms = std::sqrt(sum / n);
  return m;
}

decoded_audio decode(const testing::bytes& file) {
  auto fmt = parse_format("audio/wav");
  auto d = decode_audio(*fmt, file, 60);
  EXPECT_TRUE(d.has_value()) << (d ? "" : d.error().message);
  return d ? std::move(*d) : decoded_audio{};
}

constexpr double k_sine_rms_half_scale = 0.5 * 32767.0 / std::numbers::sqrt2;

TEST(Resampler, StereoCdRateSineKeepsFrequencyAndLevel) {
  const auto d = decode(make_audio(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 1.0, 1000.0, 0.5));
  ASSERT_EQ(d.channels, 2);
  const auto pcm = to_playout_pcm(d);
  EXPECT_NEAR(static_cast<double>(pcm.size()), 8000.0, 1.0);
  const auto m = analyse(pcm, 8000);
  EXPECT_NEAR(m.frequency, 1000.0, 10.0);
  EXPECT_NEAR(m.rms, k_sine_rms_half_scale, k_sine_rms_half_scale * 0.02);
}

TEST(Resampler, PassbandEdgeToneKeepsLevel) {
  const auto d = decode(make_audio(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 1, 1.0, 3000.0, 0.5));
  const auto m = analyse(to_playout_pcm(d), 8000);
  EXPECT_NEAR(m.frequency, 3000.0, 15.0);
  EXPECT_NEAR(m.rms, k_sine_rms_half_scale, k_sine_rms_half_scale * 0.05);
}

TEST(Resampler, ToneAboveNyquistDoesNotAlias) {
  // 6 kHz at 44.1 kHz would fold to 2 kHz at 8 kHz without the low-pass.
  const auto d = decode(make_audio(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 1, 1.0, 6000.0, 0.5));
  const auto m = analyse(to_playout_pcm(d), 8000);
  EXPECT_LT(m.rms, k_sine_rms_half_scale * 0.005);  // below -46 dB
}

TEST(Resampler, UpsamplingKeepsFrequency) {
  const auto d = decode(make_audio(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 6000, 1, 1.0, 1000.0, 0.5));
  const auto pcm = to_playout_pcm(d);
  EXPECT_NEAR(static_cast<double>(pcm.size()), 8000.0, 1.0);
  const auto m = analyse(pcm, 8000);
  EXPECT_NEAR(m.frequency, 1000.0, 10.0);
  EXPECT_NEAR(m.rms, k_sine_rms_half_scale, k_sine_rms_half_scale * 0.02);
}

TEST(Resampler, SameRateIsIdentityAndDcKeepsLevel) {
  const std::vector<float> dc(1000, 0.25F);
  EXPECT_EQ(resampler(8000, 8000).process(dc), dc);
  const auto down = resampler(32000, 8000).process(dc);
  ASSERT_EQ(down.size(), 250U);
  for (float v : down) EXPECT_NEAR(v, 0.25F, 1e-4F);
}

TEST(Resampler, MixToMonoAverages) {
  const std::vector<float> stereo = {1.0F, 0.0F, 0.5F, 0.5F, -1.0F, 1.0F};
  EXPECT_EQ(mix_to_mono(stereo, 2), (std::vector<float>{0.5F, 0.5F, 0.0F}));
}

TEST(PlayoutEncoder, WholeFramesPaddedWithSilence) {
  // 0.1 s at 8 kHz = 800 samples = 5 frames; 0.105 s = 840 -> 6 frames, 120 bytes padding.
  const auto d = decode(make_audio(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, 0.105));
  const auto p = make_playout(d);
  EXPECT_EQ(p.frames(), 6U);
  ASSERT_EQ(p.alaw.size(), 960U);
  ASSERT_EQ(p.ulaw.size(), 960U);
  for (std::size_t i = 840; i < 960; ++i) {
    EXPECT_EQ(p.alaw[i], alaw_silence);
    EXPECT_EQ(p.ulaw[i], ulaw_silence);
  }
}

}  // namespace
}  // namespace cmr::media
