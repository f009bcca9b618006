#include "media/playout_encoder.h"

#include <algorithm>
#include <cmath>

#include "media/g711.h"
#include "media/resampler.h"

namespace cmr::media {

std::vector<std::int16_t> to_playout_pcm(const decoded_audio& audio) {
  const auto resampled = resampler(audio.sample_rate, playout_rate).process(audio.mono);
  std::vector<std::int16_t> pcm;
  pcm.reserve(resampled.size());
  for (float s : resampled) {
    const float scaled = std::clamp(s * 32767.0F, -32768.0F, 32767.0F);
    pcm.push_back(static_cast<std::int16_t>(std::lrint(scaled)));
  }
  return pcm;
}

playout_audio make_playout(const decoded_audio& audio) {
  auto pcm = to_playout_pcm(audio);
  playout_audio out;
  out.alaw = encode_alaw(pcm);
  out.ulaw = encode_ulaw(pcm);
  // Pad with the codes of silence (not zero bytes: 0x00 is a loud value in both laws).
  const std::size_t padded =
      std::max<std::size_t>(1, (pcm.size() + playout_frame_bytes - 1) / playout_frame_bytes) *
      playout_frame_bytes;
  out.alaw.resize(padded, alaw_silence);
  out.ulaw.resize(padded, ulaw_silence);
  return out;
}

}  // namespace cmr::media
