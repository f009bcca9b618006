// The POSIX TZ rule string ("CET-1CEST,M3.5.0,M10.5.0/3") that ends a TZif v2+
// file (RFC 8536 section 3.3): it gives local time after the last listed
// transition, so DST keeps working for years the table does not cover
// (after 2037 in "fat" files, much sooner in "slim" ones).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace cmr::store {

class posix_tz {
public:
  // Parses a TZ string including the RFC 8536 extensions (hours -167..167 in
  // rule times). A zone with a DST name but no rules gets the US rules
  // M3.2.0,M11.1.0, as glibc does.
  static result<posix_tz, std::string> parse(std::string_view tz);

  // UTC offset in seconds east of UTC at the UTC instant `utc` (seconds since
  // the epoch).
  [[nodiscard]] std::int32_t offset_at(std::int64_t utc) const;
  [[nodiscard]] bool has_dst() const { return has_dst_; }
  [[nodiscard]] std::int32_t std_offset() const { return std_offset_; }
  [[nodiscard]] std::int32_t dst_offset() const { return dst_offset_; }

private:
  struct rule {
    enum class kind : std::uint8_t { julian_no_leap, julian_zero, month_week_day };
    kind what = kind::month_week_day;
    std::uint16_t day = 0;  // Jn: 1-365; n: 0-365; Mm.w.d: weekday 0-6
    std::uint8_t month = 0;
    std::uint8_t week = 0;        // 1-5, 5 = last
    std::int32_t time = 7200;     // seconds after local midnight, may be <0 or >24h
  };
  class parser;

  // Seconds since the epoch, in the local time frame the rule is written in.
  static std::int64_t local_transition(const rule& r, std::int32_t year);

  std::int32_t std_offset_ = 0;  // seconds east of UTC
  std::int32_t dst_offset_ = 0;
  bool has_dst_ = false;
  rule start_;
  rule end_;
};

}  // namespace cmr::store
