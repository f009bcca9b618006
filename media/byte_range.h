// HTTP Range header (RFC 7233, "bytes" unit only) for content downloads.
#pragma once

#include <cstdint>
#include <string_view>

namespace cmr::media {

struct byte_range_request {
  enum class kind : std::uint8_t {
    none,           // no header, another unit, or malformed: serve the whole content (200)
    single,         // first..last inclusive, clamped to the content (206)
    multiple,       // more than one range: served as 200 with the whole content
                    // (no multipart/byteranges; the clients we serve ask for one)
    unsatisfiable,  // 416 with Content-Range: bytes */size
  } what = kind::none;
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  [[nodiscard]] std::uint64_t length() const { return last - first + 1; }
};

byte_range_request parse_byte_range(std::string_view header, std::uint64_t size);

}  // namespace cmr::media
