// Sample-rate conversion for the playout renditions: band-limited
// interpolation with a Blackman-windowed sinc kernel.
//
// Why this and not linear interpolation: a ringback uploaded at 44.1 kHz has
// energy far above the 4 kHz Nyquist limit of the 8 kHz rendition; without a
// low-pass it folds back as audible aliasing. The kernel's cutoff is placed at
// 0.92 x the lower Nyquist frequency (3.68 kHz for 8 kHz output), it spans 16
// zero crossings on each side (Blackman window: about -74 dB stop band), and
// each output sample is normalised by the sum of the taps used, so DC and slow
// signals keep their level exactly. The kernel is tabulated (512 points per
// zero crossing, linear interpolation between them), which keeps the cost at
// one multiply-add per tap.
#pragma once

#include <span>
#include <vector>

namespace cmr::media {

class resampler {
public:
  resampler(int in_rate, int out_rate);

  // Converts a whole mono signal. The output has round(n * out/in) samples.
  [[nodiscard]] std::vector<float> process(std::span<const float> in) const;

  [[nodiscard]] int in_rate() const { return in_rate_; }
  [[nodiscard]] int out_rate() const { return out_rate_; }

private:
  [[nodiscard]] float kernel(double t) const;  // t in input samples from the centre

  int in_rate_;
  int out_rate_;
  double cutoff_ = 0;      // cycles per input sample
  double half_width_ = 0;  // in input samples
  std::vector<float> table_;
};

// Averages interleaved channels into one (equal weights, so a stereo file
// with the same signal on both sides keeps its level).
std::vector<float> mix_to_mono(std::span<const float> interleaved, int channels);

}  // namespace cmr::media
