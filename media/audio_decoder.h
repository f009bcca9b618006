// Decodes an uploaded audio file from memory with libsndfile (virtual I/O,
// no temporary file). Decoding the whole stream is the proof that the bytes
// are the audio their Format declares (DESIGN.md section 6, issue: "a
// decodable audio stream").
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "media/content_format.h"
#include "common/result.h"

namespace cmr::media {

struct decoded_audio {
  // Mixed to mono while decoding (channels averaged): the renditions are
  // mono, and keeping one channel bounds memory for many-channel uploads.
  std::vector<float> mono;  // full scale +-1.0
  int channels = 0;         // of the upload
  int sample_rate = 0;
  int sf_format = 0;  // libsndfile SF_FORMAT_* (container | encoding)
  [[nodiscard]] std::size_t frames() const { return mono.size(); }
};

struct decode_error {
  enum class code : std::uint8_t {
    undecodable,  // not the declared container/encoding, or broken
    too_long,     // longer than the configured maximum duration
  } what = code::undecodable;
  std::string message;
};

// Accepted: WAV with PCM (8/16/24/32-bit), float, A-law or u-law samples;
// FLAC; Ogg Vorbis, Opus or FLAC. A codecs parameter (RFC 2361 WAV numbers
// 1/3/6/7, or vorbis/opus/flac) must agree with the stream.
cmr::result<decoded_audio, decode_error> decode_audio(const content_format& declared,
                                                      std::span<const std::uint8_t> bytes,
                                                      std::uint32_t max_seconds);

}  // namespace cmr::media
