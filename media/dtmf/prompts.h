// The built-in prompts of on-line copy (spec 5.7; used when the
// `presentation-control` node names no resource for them): short tone
// sequences made by spandsp's tone generator, in the stream's G.711 law.
//   confirmed: three rising beeps (1000, 1400, 1800 Hz; 150 ms each, 50 ms apart)
//   refused:   two low tones (400 Hz, 400 ms each, 200 ms apart)
//   offer:     one 1000 Hz beep of 600 ms
// 200 ms of silence follows each, before the ringback resumes.
#pragma once

#include <cstdint>
#include <vector>

#include "common/ringback_control.h"
#include "media/g711.h"

namespace cmr::media::dtmf {

// G.711 octets, a whole number of 20 ms frames (wrap with
// playout_rendition::owned for the RTP player).
std::vector<std::uint8_t> builtin_prompt(ringback::prompt_kind kind, g711_law law);

}  // namespace cmr::media::dtmf
