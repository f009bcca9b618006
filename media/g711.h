// ITU-T G.711 companding: 16-bit linear PCM to and from A-law and u-law.
// The playout renditions are encoded once at upload with these, so the RTP
// player never transcodes per call (DESIGN.md section 8).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace cmr::media {

// The two laws of the playout renditions (RTP payload types 8 PCMA, 0 PCMU).
enum class g711_law : std::uint8_t { alaw, ulaw };

// Encoders take 16-bit linear samples; A-law uses the top 13 bits, u-law the
// top 14 (G.711 Tables 1a/2a: the 16-bit value is the 13/14-bit one scaled).
std::uint8_t linear_to_alaw(std::int16_t pcm);
std::uint8_t linear_to_ulaw(std::int16_t pcm);
// Decoders return the Table 1b/2b reconstruction value scaled to 16 bits.
std::int16_t alaw_to_linear(std::uint8_t code);
std::int16_t ulaw_to_linear(std::uint8_t code);

// Whole-buffer helpers.
std::vector<std::uint8_t> encode_alaw(std::span<const std::int16_t> pcm);
std::vector<std::uint8_t> encode_ulaw(std::span<const std::int16_t> pcm);

// Silence as transmitted: the codes of linear 0 (0xD5 in A-law, 0xFF in u-law).
inline constexpr std::uint8_t alaw_silence = 0xD5;
inline constexpr std::uint8_t ulaw_silence = 0xFF;

}  // namespace cmr::media
