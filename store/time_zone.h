// A time zone: UTC offsets over time from a TZif file (RFC 8536) or a fixed
// offset. GCC 12's libstdc++ has no std::chrono tzdb, hence our own reader.
// Instances are immutable and shared through time_zone_cache.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/civil_time.h"
#include "store/model.h"
#include "store/posix_tz.h"
#include "common/result.h"

namespace cmr::store {

class time_zone {
public:
  // A zone that is always `offset` seconds east of UTC.
  static time_zone fixed(std::string name, std::int32_t offset);
  // "UTC", "UTC+05:30", "UTC-03" (two-digit hours up to 14, optional :MM).
  static result<time_zone, std::string> parse_fixed(std::string_view name);
  // Parses TZif data: the v2+ 64-bit section and its footer when present,
  // else the v1 32-bit section.
  static result<time_zone, std::string> from_tzif(std::string name, std::string_view data);

  [[nodiscard]] std::int32_t offset_at(timestamp utc) const;
  [[nodiscard]] civil_time to_local(timestamp utc) const;
  [[nodiscard]] const std::string& name() const { return name_; }

private:
  struct local_type {
    std::int32_t utc_offset = 0;
    bool is_dst = false;
  };

  std::string name_;
  std::vector<std::int64_t> transitions_;  // ascending UTC instants
  std::vector<std::uint8_t> transition_types_;
  std::vector<local_type> types_;  // types_[0] applies before the first transition
  std::optional<posix_tz> footer_;  // after the last transition
};

}  // namespace cmr::store
