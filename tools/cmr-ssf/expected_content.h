// What cmr-ssf expects the IP to play, for the RTP check: the bytes of the
// G.711 playout rendition of a play. It learns them the way a lab would,
// from files, never from the server's store:
//   uploaded_content.h   the audio files the lab uploaded to the server
//                        (--expect-content), rendered as the server renders them
//   g711_file_content.h  one headerless G.711 file for every play (--expect-file)
// EstablishTemporaryConnection does not tell the switch which announcement
// the SCP will ask the IP for: the source's default (or the announcement
// named by --expect-announcement) stands for it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "media/g711.h"

namespace cmr::tools::ssf {

using expected_bytes = std::shared_ptr<const std::vector<std::uint8_t>>;

class content_source {
public:
  virtual ~content_source() = default;
  // The rendition for a play form (announcement id) or, without one, the
  // configured default; nullptr when unknown (only headers are checked).
  virtual expected_bytes expected(std::optional<std::uint32_t> announcement_id,
                                  media::g711_law law) = 0;
  // The laws this source can check (offered in SDP, preferred first).
  [[nodiscard]] virtual std::vector<media::g711_law> laws() const = 0;
};

// Reads a whole file (nullopt when unreadable).
std::optional<std::vector<std::uint8_t>> read_whole_file(const std::string& path);

}  // namespace cmr::tools::ssf
