#include "media/resampler.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cmr::media {
namespace {

constexpr int k_zero_crossings = 16;
constexpr int k_table_resolution = 512;  // points per zero crossing
constexpr double k_cutoff_fraction = 0.92;

double blackman(double x) {                       // x in [0, 1]: 0 at the centre, 1 at the edge
  const double p = std::numbers::pi * (x + 1.0);  // map to the window's right half
  return 0.42 - 0.5 * std::cos(p) + 0.08 * std::cos(2.0 * p);
}

}  // namespace

resampler::resampler(int in_rate, int out_rate) : in_rate_(in_rate), out_rate_(out_rate) {
  const double ratio = static_cast<double>(out_rate) / static_cast<double>(in_rate);
  cutoff_ = 0.5 * std::min(1.0, ratio) * k_cutoff_fraction;
  half_width_ = k_zero_crossings / (2.0 * cutoff_);
  // table_[i] holds the window times sinc at zero-crossing distance i / res.
  const int n = k_zero_crossings * k_table_resolution + 2;
  table_.resize(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double z = static_cast<double>(i) / k_table_resolution;  // in zero crossings
    const double x = std::min(1.0, z / k_zero_crossings);
    const double s = z == 0.0 ? 1.0 : std::sin(std::numbers::pi * z) / (std::numbers::pi * z);
    table_[static_cast<std::size_t>(i)] = static_cast<float>(s * blackman(x));
  }
}

float resampler::kernel(double t) const {
  const double z = std::abs(t) * 2.0 * cutoff_ * k_table_resolution;
  const auto i = static_cast<std::size_t>(z);
  if (i + 1 >= table_.size()) return 0.0F;
  const auto frac = static_cast<float>(z - static_cast<double>(i));
  return table_[i] + (table_[i + 1] - table_[i]) * frac;
}

std::vector<float> resampler::process(std::span<const float> in) const {
  if (in_rate_ == out_rate_) return {in.begin(), in.end()};
  const double step = static_cast<double>(in_rate_) / static_cast<double>(out_rate_);
  const auto out_len =
      static_cast<std::size_t>(std::llround(static_cast<double>(in.size()) / step));
  std::vector<float> out(out_len);
  const auto last = static_cast<std::ptrdiff_t>(in.size()) - 1;
  for (std::size_t n = 0; n < out_len; ++n) {
    const double centre = static_cast<double>(n) * step;
    auto lo = static_cast<std::ptrdiff_t>(std::ceil(centre - half_width_));
    auto hi = static_cast<std::ptrdiff_t>(std::floor(centre + half_width_));
    lo = std::max<std::ptrdiff_t>(lo, 0);
    hi = std::min(hi, last);
    float acc = 0.0F;
    float weight = 0.0F;
    for (auto k = lo; k <= hi; ++k) {
      const float h = kernel(static_cast<double>(k) - centre);
      acc += h * in[static_cast<std::size_t>(k)];
      weight += h;
    }
    out[n] = weight > 1e-6F ? acc / weight : 0.0F;
  }
  return out;
}

std::vector<float> mix_to_mono(std::span<const float> interleaved, int channels) {
  if (channels <= 1) return {interleaved.begin(), interleaved.end()};
  const auto ch = static_cast<std::size_t>(channels);
  const std::size_t frames = interleaved.size() / ch;
  std::vector<float> out(frames);
  const float scale = 1.0F / static_cast<float>(channels);
  for (std::size_t f = 0; f < frames; ++f) {
    float sum = 0.0F;
    for (std::size_t c = 0; c < ch; ++c) sum += interleaved[f * ch + c];
    out[f] = sum * scale;
  }
  return out;
}

}  // namespace cmr::media
