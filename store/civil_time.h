// Local civil time as the decision engine's conditions see it: a calendar
// date, weekday and second of day, derived from UTC plus the zone's offset.
#pragma once

#include <chrono>
#include <cstdint>

namespace cmr::store {

struct civil_time {
  std::int32_t year = 1970;
  std::uint8_t month = 1;          // 1-12
  std::uint8_t day = 1;            // 1-31
  std::uint8_t weekday = 4;        // 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday)
  std::int32_t seconds_of_day = 0; // 0-86399
  std::int64_t days = 0;           // local date as days since 1970-01-01 (for date ranges)
  std::int32_t utc_offset = 0;     // seconds east of UTC that produced this time
};

// Splits seconds since the epoch *in local time* (UTC + offset) into fields.
inline civil_time civil_from_local_seconds(std::int64_t local_seconds, std::int32_t utc_offset) {
  using namespace std::chrono;
  civil_time c;
  std::int64_t days = local_seconds / 86400;
  std::int64_t rem = local_seconds % 86400;
  if (rem < 0) {  // floor division: negative times belong to the previous day
    rem += 86400;
    --days;
  }
  const sys_days dp{std::chrono::days{days}};
  const year_month_day ymd{dp};
  c.year = static_cast<int>(ymd.year());
  c.month = static_cast<std::uint8_t>(static_cast<unsigned>(ymd.month()));
  c.day = static_cast<std::uint8_t>(static_cast<unsigned>(ymd.day()));
  c.weekday = static_cast<std::uint8_t>(weekday{dp}.c_encoding());
  c.seconds_of_day = static_cast<std::int32_t>(rem);
  c.days = days;
  c.utc_offset = utc_offset;
  return c;
}

// Days since 1970-01-01 of a proleptic Gregorian date (no validation).
inline std::int64_t days_from_civil(std::int32_t y, unsigned m, unsigned d) {
  using namespace std::chrono;
  const sys_days dp{year{y} / month{m} / day{d}};
  return dp.time_since_epoch().count();
}

inline bool is_leap_year(std::int32_t y) { return std::chrono::year{y}.is_leap(); }

}  // namespace cmr::store
