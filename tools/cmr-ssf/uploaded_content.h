// Expected content the way a lab knows it: the audio file it uploaded to the
// server for an announcement (CMR-5 PUT /cmr/1/resources/<id>/content),
// turned into the G.711 playout renditions by the server's own code (media/:
// the Format's magic-number check, decoding, mono mix, resampling to 8 kHz,
// G.711, padding to whole 20 ms frames, as media::content_service does at
// upload), so the bytes compare equal to what the IP plays.
//
//   --expect-content N=FILE   announcement N plays FILE (repeatable)
//   --expect-content FILE     every other announcement (and the
//                             EstablishTemporaryConnection bearer) plays FILE
//
// The Format an upload declares comes from the extension (upload_format).
// Every file is rendered at start-up: a missing, unreadable or undecodable
// file is a start-up error naming the file, not a failed call later.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/result.h"
#include "media/playout_encoder.h"
#include "tools/cmr-ssf/expected_content.h"

namespace cmr::tools::ssf {

struct content_spec {
  std::optional<std::uint32_t> announcement;  // nullopt: the default (every other one)
  std::string path;
  bool operator==(const content_spec&) const = default;
};
// "FILE" or "N=FILE" (N decimal, up to 4294967295); nullopt when malformed.
std::optional<content_spec> parse_content_spec(const std::string& text);

// The Format an upload of `path` declares, by extension (case-insensitive):
// .wav/.wave audio/wav, .flac audio/flac, .ogg/.oga/.opus audio/ogg.
std::optional<std::string> upload_format(const std::string& path);

// The playout renditions the server prepares for an upload of this file;
// the error names the file and says why the server would refuse it.
cmr::result<media::playout_audio, std::string> render_upload(const std::string& path);

class uploaded_content final : public content_source {
public:
  // `fixed_announcement` (--expect-announcement) stands for the bearer of
  // an EstablishTemporaryConnection, which names no announcement.
  static cmr::result<std::unique_ptr<uploaded_content>, std::string> open(
      const std::vector<content_spec>& specs, std::optional<std::uint32_t> fixed_announcement);

  // The file given for the announcement, else the default file; nullptr
  // when neither (only RTP headers are checked; logged once per announcement).
  expected_bytes expected(std::optional<std::uint32_t> announcement_id,
                          media::g711_law law) override;
  [[nodiscard]] std::vector<media::g711_law> laws() const override {
    return {media::g711_law::alaw, media::g711_law::ulaw};
  }

private:
  struct renditions {
    expected_bytes alaw;
    expected_bytes ulaw;
  };
  explicit uploaded_content(std::optional<std::uint32_t> fixed) : fixed_(fixed) {}

  std::map<std::uint32_t, renditions> by_announcement_;
  std::optional<renditions> default_;
  std::optional<std::uint32_t> fixed_;
  std::set<std::uint32_t> unknown_logged_;
};

}  // namespace cmr::tools::ssf
