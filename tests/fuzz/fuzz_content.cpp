// Fuzz target: an uploaded content file as media/content_service checks it:
// the declared Format (parse_format), the magic-number and structure sniffer
// (media/content_sniffer), and for audio the libsndfile decode (WAV, FLAC,
// Ogg) and the playout renditions (resampling, G.711). The first byte picks
// the declared Format from a table; the rest is the file. Asserts that what
// decodes is within the duration limit and becomes whole 20 ms playout
// frames of equal A-law and u-law length, and that text which passes the
// sniffer is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "fuzz_check.h"
#include "media/audio_decoder.h"
#include "media/content_format.h"
#include "media/content_sniffer.h"
#include "media/playout_encoder.h"

namespace {

constexpr std::string_view formats[] = {
    "audio/wav",           "audio/wav;codecs=1", "audio/x-wav;codecs=6", "audio/wave;codecs=7",
    "audio/vnd.wave;codecs=3", "audio/flac",     "audio/ogg",            "audio/ogg;codecs=opus",
    "audio/ogg;codecs=vorbis", "audio/ogg;codecs=flac", "video/mp4",     "video/3gpp",
    "image/png",           "image/jpeg",         "image/gif",            "text/plain;charset=utf-8",
    "text/vcard",
};

// Small enough that a fuzzed header claiming hours of audio is refused
// quickly, large enough for every seed.
constexpr std::uint32_t max_seconds = 30;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cmr::media;
  if (size == 0) return 0;
  const auto fmt = parse_format(formats[data[0] % std::size(formats)]);
  CMR_FUZZ_CHECK(fmt.has_value());
  const std::span<const std::uint8_t> body(data + 1, size - 1);

  if (sniff_mismatch(fmt->family, body)) return 0;
  if (fmt->family == format_family::text || fmt->family == format_family::vcard)
    CMR_FUZZ_CHECK(is_valid_utf8(std::string_view(reinterpret_cast<const char*>(body.data()), body.size())));
  if (!is_audio(fmt->family)) return 0;

  auto decoded = decode_audio(*fmt, body, max_seconds);
  if (!decoded) return 0;
  CMR_FUZZ_CHECK(decoded->sample_rate > 0 && decoded->channels > 0);
  CMR_FUZZ_CHECK(decoded->frames() <= static_cast<std::size_t>(decoded->sample_rate) * max_seconds);
  const auto playout = make_playout(*decoded);
  CMR_FUZZ_CHECK(playout.alaw.size() == playout.ulaw.size());
  CMR_FUZZ_CHECK(playout.alaw.size() % playout_frame_bytes == 0);
  return 0;
}
