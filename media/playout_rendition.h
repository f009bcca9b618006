// Read access to a resource's playout rendition for the RTP player: the
// G.711 file prepared at upload, memory-mapped, handed out as 20 ms frames.
// The mapping stays valid after a new upload replaces (and unlinks) the
// file, so a call in progress finishes the old content cleanly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "media/g711.h"
#include "media/playout_encoder.h"

namespace cmr::store {
class content_repository;
}

namespace cmr::media {

class playout_rendition {
public:
  using frame_span = std::span<const std::uint8_t, playout_frame_bytes>;

  // Maps a rendition file; refuses an empty file or one that is not a whole
  // number of frames.
  static cmr::result<playout_rendition, std::string> open(const std::string& path, g711_law law);
  // Looks the file up in the content records ("alaw"/"ulaw" kind).
  static cmr::result<playout_rendition, std::string> load(store::content_repository& contents,
                                                          std::string_view resource_id,
                                                          g711_law law);

  // Owns `bytes` (built-in prompts, tests); they are padded with G.711
  // silence to a whole number of frames. Refuses an empty buffer.
  static cmr::result<playout_rendition, std::string> owned(std::vector<std::uint8_t> bytes,
                                                           g711_law law);

  playout_rendition(playout_rendition&& other) noexcept;
  playout_rendition& operator=(playout_rendition&& other) noexcept;
  playout_rendition(const playout_rendition&) = delete;
  playout_rendition& operator=(const playout_rendition&) = delete;
  ~playout_rendition();

  [[nodiscard]] g711_law law() const { return law_; }
  [[nodiscard]] std::size_t frame_count() const { return size_ / playout_frame_bytes; }
  // i < frame_count().
  [[nodiscard]] frame_span frame(std::size_t i) const;
  [[nodiscard]] std::span<const std::uint8_t> bytes() const { return {data_, size_}; }
  // RTP payload type (RFC 3551): 8 PCMA, 0 PCMU.
  [[nodiscard]] std::uint8_t payload_type() const { return law_ == g711_law::alaw ? 8 : 0; }

private:
  playout_rendition(const std::uint8_t* data, std::size_t size, g711_law law)
      : data_(data), size_(size), law_(law) {}
  void release();

  std::vector<std::uint8_t> owned_;  // owned() only; data_ points into it
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  g711_law law_ = g711_law::alaw;
};

}  // namespace cmr::media
