// The CMR Format of a resource's content: a MIME type with an optional
// RFC 4281 "codecs" parameter (DESIGN.md section 6). Only the types below are
// accepted for upload; each maps to one MediaType family.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cmr::store {
// store/model.h defines it; declared here so that rendering audio
// (cmr_media_audio, used by test equipment) needs no store header.
enum class media_type : std::uint8_t;
}  // namespace cmr::store

namespace cmr::media {

enum class format_family : std::uint8_t {
  wav,        // audio/wav, audio/x-wav, audio/wave, audio/vnd.wave
  flac,       // audio/flac, audio/x-flac
  ogg,        // audio/ogg
  mp4,        // video/mp4
  three_gpp,  // video/3gpp
  png,        // image/png
  jpeg,       // image/jpeg
  gif,        // image/gif
  text,       // text/plain (UTF-8)
  vcard,      // text/vcard, text/x-vcard
};

struct content_format {
  format_family family = format_family::wav;
  std::string mime;    // lowercase type/subtype as declared
  std::string codecs;  // RFC 4281 codecs value, unquoted; empty when absent

  // The Content-Type to serve: the declared type plus codecs (quoted when it
  // holds more than one token), charset=utf-8 for text (validated at upload).
  [[nodiscard]] std::string content_type() const;
  [[nodiscard]] store::media_type media_type() const;
  [[nodiscard]] std::string_view extension() const;  // without the dot
};

// nullopt when malformed or not an accepted type. A text/plain charset other
// than utf-8/us-ascii is refused (the bytes are validated as UTF-8).
std::optional<content_format> parse_format(std::string_view declared);

bool is_audio(format_family f);

}  // namespace cmr::media
