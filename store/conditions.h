// Rule conditions of PreferenceSetting entries (spec Tables 18-22): parsers
// that reject malformed input with a precise message (the management layer
// validates PresentationRule requests with them) and matchers the decision
// engine evaluates against the owner's local time, presence and location.
//
// Accepted syntax
//   time:     HH:MM[:SS]-HH:MM[:SS][;DAYS]   half-open [start, end); start ==
//             end is the whole day; end 24:00[:00] is midnight; start > end
//             crosses midnight and DAYS then name the day the window STARTS.
//             DAYS: comma-separated Mon..Sun (any case) or ranges "Mon-Fri"
//             (a range may wrap: "Fri-Mon"); spaces around ',' and ';' are ok.
//   date:     YYYY-MM-DD | YYYY-MM-DD/YYYY-MM-DD (inclusive, start <= end) |
//             --MM-DD (every year; --02-29 matches on leap years only)
//   presence: exact, case-sensitive equality with the current presence.
//   location: the current location label equals the condition or lies beneath
//             it: labels are '/'-separated paths, so "DE/Berlin" matches
//             "DE/Berlin" and "DE/Berlin/Mitte" but not "DE/Berlin2".
//   group:    a GroupId; the engine checks the other party's membership.
// An empty current presence or location matches nothing. Presence, location
// and group conditions must be non-empty, without control characters and
// without leading or trailing blanks (which would silently never match).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "store/civil_time.h"
#include "store/model.h"
#include "common/result.h"

namespace cmr::store {

struct time_window {
  std::int32_t start = 0;  // seconds of day
  std::int32_t end = 0;    // exclusive, 1-86400; == start: the whole day
  std::uint8_t weekdays = 0x7f;  // bit d set: weekday d (0 = Sunday) allowed
  friend bool operator==(const time_window&, const time_window&) = default;
};

struct date_condition {
  enum class kind : std::uint8_t { single, range, yearly };
  kind what = kind::single;
  std::int64_t first = 0;  // days since 1970-01-01 (single, range)
  std::int64_t last = 0;   // inclusive
  std::uint8_t month = 0;  // yearly
  std::uint8_t day = 0;
  friend bool operator==(const date_condition&, const date_condition&) = default;
};

result<time_window, std::string> parse_time_window(std::string_view text);
result<date_condition, std::string> parse_date_condition(std::string_view text);

[[nodiscard]] bool matches(const time_window& w, const civil_time& local);
[[nodiscard]] bool matches(const date_condition& d, const civil_time& local);
[[nodiscard]] bool presence_matches(std::string_view condition, std::string_view current);
[[nodiscard]] bool location_matches(std::string_view condition, std::string_view current);

// Checks a condition of the given presentation type (group, presence and
// location: the text rules above; time and date: the parsers).
result<void, std::string> validate_condition(presentation_type type, std::string_view text);

}  // namespace cmr::store
