#include "media/g711.h"

#include <array>

namespace cmr::media {
namespace {

// Upper ends of the eight segments (chords) of the magnitude, in the
// encoder's working resolution: 13-bit for A-law, 14-bit biased for u-law.
constexpr std::array<int, 8> k_alaw_seg_end = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};
constexpr std::array<int, 8> k_ulaw_seg_end = {0x3F,  0x7F,  0xFF,  0x1FF,
                                               0x3FF, 0x7FF, 0xFFF, 0x1FFF};
// u-law adds a bias of 33 (in 14-bit units; 0x84 in 16-bit) so that every
// segment starts at a power of two, and clips the magnitude at 8159.
constexpr int k_ulaw_bias = 0x84;
constexpr int k_ulaw_clip = 8159;

int segment(int magnitude, const std::array<int, 8>& ends) {
  for (int i = 0; i < 8; ++i)
    if (magnitude <= ends[static_cast<std::size_t>(i)]) return i;
  return 8;
}

}  // namespace

std::uint8_t linear_to_alaw(std::int16_t pcm) {
  int v = pcm >> 3;  // arithmetic shift: 13-bit two's complement
  int mask = 0xD5;   // sign bit set for positive values, even bits inverted (G.711 5.2)
  if (v < 0) {
    mask = 0x55;
    v = -v - 1;  // one's complement magnitude, as in the G.711 decision table
  }
  const int seg = segment(v, k_alaw_seg_end);
  if (seg >= 8) return static_cast<std::uint8_t>(0x7F ^ mask);
  int code = seg << 4;
  code |= seg < 2 ? (v >> 1) & 0x0F : (v >> seg) & 0x0F;
  return static_cast<std::uint8_t>(code ^ mask);
}

std::int16_t alaw_to_linear(std::uint8_t code) {
  const int a = code ^ 0x55;
  int t = (a & 0x0F) << 4;
  const int seg = (a & 0x70) >> 4;
  // Reconstruction at the middle of the quantisation interval.
  if (seg == 0) {
    t += 8;
  } else {
    t += 0x108;
    if (seg > 1) t <<= seg - 1;
  }
  return static_cast<std::int16_t>((a & 0x80) != 0 ? t : -t);
}

std::uint8_t linear_to_ulaw(std::int16_t pcm) {
  int v = pcm >> 2;  // 14-bit
  int mask = 0xFF;   // all bits inverted on the line (G.711 5.3)
  if (v < 0) {
    v = -v;
    mask = 0x7F;
  }
  if (v > k_ulaw_clip) v = k_ulaw_clip;
  v += k_ulaw_bias >> 2;
  const int seg = segment(v, k_ulaw_seg_end);
  if (seg >= 8) return static_cast<std::uint8_t>(0x7F ^ mask);
  const int code = (seg << 4) | ((v >> (seg + 1)) & 0x0F);
  return static_cast<std::uint8_t>(code ^ mask);
}

std::int16_t ulaw_to_linear(std::uint8_t code) {
  const int u = ~code & 0xFF;
  int t = ((u & 0x0F) << 3) + k_ulaw_bias;
  t <<= (u & 0x70) >> 4;
  return static_cast<std::int16_t>((u & 0x80) != 0 ? k_ulaw_bias - t : t - k_ulaw_bias);
}

std::vector<std::uint8_t> encode_alaw(std::span<const std::int16_t> pcm) {
  std::vector<std::uint8_t> out;
  out.reserve(pcm.size());
  for (auto s : pcm) out.push_back(linear_to_alaw(s));
  return out;
}

std::vector<std::uint8_t> encode_ulaw(std::span<const std::int16_t> pcm) {
  std::vector<std::uint8_t> out;
  out.reserve(pcm.size());
  for (auto s : pcm) out.push_back(linear_to_ulaw(s));
  return out;
}

}  // namespace cmr::media
