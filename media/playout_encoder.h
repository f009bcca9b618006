// Turns decoded audio into the playout renditions: 8 kHz mono, G.711 A-law
// and u-law, a whole number of 20 ms frames (160 bytes each), the last one
// padded with silence, so the RTP player sends file bytes as they are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "media/audio_decoder.h"

namespace cmr::media {

inline constexpr int playout_rate = 8000;
inline constexpr std::size_t playout_frame_bytes = 160;  // 20 ms at 8 kHz, one byte per sample

struct playout_audio {
  std::vector<std::uint8_t> alaw;
  std::vector<std::uint8_t> ulaw;
  [[nodiscard]] std::size_t frames() const { return alaw.size() / playout_frame_bytes; }
};

// Mono mix, resampling (see resampler.h), 16-bit rounding with clipping, G.711.
playout_audio make_playout(const decoded_audio& audio);

// The 8 kHz mono signal before G.711 (exposed for the resampling tests).
std::vector<std::int16_t> to_playout_pcm(const decoded_audio& audio);

}  // namespace cmr::media
