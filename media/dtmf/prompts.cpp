#include "media/dtmf/prompts.h"

extern "C" {
#include <spandsp.h>
}

namespace cmr::media::dtmf {
namespace {

constexpr int k_level_dbm0 = -13;

void append_tone(std::vector<std::int16_t>& pcm, int hz, int ms) {
  tone_gen_descriptor_t* d = tone_gen_descriptor_init(nullptr, hz, k_level_dbm0, 0, 0, ms, 0, 0, 0, 0);
  tone_gen_state_t* g = d != nullptr ? tone_gen_init(nullptr, d) : nullptr;
  const std::size_t samples = static_cast<std::size_t>(ms) * 8;
  const std::size_t at = pcm.size();
  pcm.resize(at + samples, 0);
  if (g != nullptr) tone_gen(g, pcm.data() + at, static_cast<int>(samples));
  if (g != nullptr) tone_gen_free(g);
  if (d != nullptr) tone_gen_descriptor_free(d);
}

void append_silence(std::vector<std::int16_t>& pcm, int ms) {
  pcm.resize(pcm.size() + static_cast<std::size_t>(ms) * 8, 0);
}

}  // namespace

std::vector<std::uint8_t> builtin_prompt(ringback::prompt_kind kind, g711_law law) {
  std::vector<std::int16_t> pcm;
  switch (kind) {
    case ringback::prompt_kind::confirmed:
      for (int hz : {1000, 1400, 1800}) {
        append_tone(pcm, hz, 150);
        append_silence(pcm, 50);
      }
      break;
    case ringback::prompt_kind::refused:
      append_tone(pcm, 400, 400);
      append_silence(pcm, 200);
      append_tone(pcm, 400, 400);
      break;
    case ringback::prompt_kind::offer:
      append_tone(pcm, 1000, 600);
      break;
  }
  append_silence(pcm, 200);
  return law == g711_law::alaw ? encode_alaw(pcm) : encode_ulaw(pcm);
}

}  // namespace cmr::media::dtmf
