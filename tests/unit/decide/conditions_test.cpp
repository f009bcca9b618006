// Condition parsers (good and malformed input) and matchers.
#include "store/conditions.h"

#include <gtest/gtest.h>

namespace cmr::store {
namespace {

constexpr std::uint8_t all_days = 0x7f;
constexpr std::uint8_t mon_fri = 0x3e;

civil_time at(int y, unsigned m, unsigned d, int hh, int mm = 0, int ss = 0) {
  return civil_from_local_seconds(days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss, 0);
}

struct window_case {
  const char* text;
  std::int32_t start;
  std::int32_t end;
  std::uint8_t days;
};

class good_windows : public ::testing::TestWithParam<window_case> {};

TEST_P(good_windows, parse) {
  const auto& c = GetParam();
  auto w = parse_time_window(c.text);
  ASSERT_TRUE(w) << w.error();
  EXPECT_EQ(w->start, c.start) << c.text;
  EXPECT_EQ(w->end, c.end) << c.text;
  EXPECT_EQ(w->weekdays, c.days) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    conditions, good_windows,
    ::testing::Values(window_case{"09:00-17:00", 32400, 61200, all_days},
                      window_case{"09:00:30-17:00:15", 32430, 61215, all_days},
                      window_case{"22:00-06:00", 79200, 21600, all_days},
                      window_case{"00:00-00:00", 0, 0, all_days},
                      window_case{"00:00-24:00", 0, 0, all_days},
                      window_case{"18:00-24:00", 64800, 86400, all_days},
                      window_case{"18:00-00:00", 64800, 86400, all_days},
                      window_case{"09:00-17:00;Mon-Fri", 32400, 61200, mon_fri},
                      window_case{"09:00-17:00;mon,TUE", 32400, 61200, 0x06},
                      window_case{"09:00-17:00; Sat , Sun", 32400, 61200, 0x41},
                      window_case{"09:00-17:00;Fri-Mon", 32400, 61200, 0x63},
                      window_case{"09:00-17:00;Mon-Wed,Sat", 32400, 61200, 0x4e},
                      window_case{"12:00-12:00;Sun", 43200, 43200, 0x01}));

class bad_windows : public ::testing::TestWithParam<const char*> {};

TEST_P(bad_windows, rejected_with_a_message) {
  auto w = parse_time_window(GetParam());
  ASSERT_FALSE(w) << GetParam();
  EXPECT_NE(w.error().find(GetParam()), std::string::npos) << w.error();
}

INSTANTIATE_TEST_SUITE_P(conditions, bad_windows,
                         ::testing::Values("", "9:00-17:00", "09:00", "09:00-", "09:00-17",
                                           "24:00-01:00", "09:60-10:00", "09:00-10:00:60",
                                           "09:00-25:00", "09:00-24:01", "09:00 -17:00",
                                           "09:00-17:00x", "09:00-17:00;", "09:00-17:00;Mo",
                                           "09:00-17:00;Mon,", "09:00-17:00;Mon-",
                                           "09:00-17:00;Monday", "09:00-17:00;Mon;Tue",
                                           "09:00:-17:00", "ab:cd-ef:gh", "-09:00-17:00"));

struct window_match_case {
  const char* window;
  civil_time local;
  bool match;
};

class window_matches : public ::testing::TestWithParam<window_match_case> {};

TEST_P(window_matches, evaluate) {
  const auto& c = GetParam();
  auto w = parse_time_window(c.window);
  ASSERT_TRUE(w);
  EXPECT_EQ(matches(*w, c.local), c.match)
      << c.window << " at weekday " << int{c.local.weekday} << " second " << c.local.seconds_of_day;
}

// 2024-03-08 is a Friday, 2024-03-09 a Saturday, 2024-03-11 a Monday.
INSTANTIATE_TEST_SUITE_P(
    conditions, window_matches,
    ::testing::Values(window_match_case{"09:00-17:00", at(2024, 3, 8, 9), true},
                      window_match_case{"09:00-17:00", at(2024, 3, 8, 8, 59, 59), false},
                      window_match_case{"09:00-17:00", at(2024, 3, 8, 16, 59, 59), true},
                      window_match_case{"09:00-17:00", at(2024, 3, 8, 17), false},  // end is exclusive
                      window_match_case{"09:00-17:00;Mon-Fri", at(2024, 3, 9, 10), false},
                      window_match_case{"09:00-17:00;Mon-Fri", at(2024, 3, 11, 10), true},
                      window_match_case{"22:00-06:00", at(2024, 3, 8, 23), true},
                      window_match_case{"22:00-06:00", at(2024, 3, 9, 5, 59, 59), true},
                      window_match_case{"22:00-06:00", at(2024, 3, 9, 6), false},
                      window_match_case{"22:00-06:00", at(2024, 3, 9, 21, 59, 59), false},
                      // Crossing midnight: the weekday is the day the window starts.
                      window_match_case{"22:00-06:00;Fri", at(2024, 3, 8, 23), true},
                      window_match_case{"22:00-06:00;Fri", at(2024, 3, 9, 3), true},
                      window_match_case{"22:00-06:00;Fri", at(2024, 3, 8, 3), false},
                      window_match_case{"22:00-06:00;Fri", at(2024, 3, 9, 23), false},
                      window_match_case{"22:00-06:00;Sun", at(2024, 3, 11, 1), true},
                      window_match_case{"00:00-00:00;Sat", at(2024, 3, 9, 0), true},
                      window_match_case{"00:00-00:00;Sat", at(2024, 3, 9, 23, 59, 59), true},
                      window_match_case{"00:00-00:00;Sat", at(2024, 3, 8, 23, 59, 59), false},
                      window_match_case{"18:00-24:00", at(2024, 3, 8, 23, 59, 59), true},
                      window_match_case{"18:00-24:00", at(2024, 3, 8, 0), false}));

struct date_case {
  const char* text;
  bool good;
};

class date_parse : public ::testing::TestWithParam<date_case> {};

TEST_P(date_parse, accept_or_reject) {
  auto d = parse_date_condition(GetParam().text);
  EXPECT_EQ(d.has_value(), GetParam().good) << GetParam().text;
  if (!d) {
    EXPECT_NE(d.error().find(GetParam().text), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(
    conditions, date_parse,
    ::testing::Values(date_case{"2024-12-24", true}, date_case{"2024-02-29", true},
                      date_case{"2023-02-29", false}, date_case{"2100-02-29", false},
                      date_case{"2000-02-29", true}, date_case{"2024-04-31", false},
                      date_case{"2024-13-01", false}, date_case{"2024-00-10", false},
                      date_case{"2024-1-01", false}, date_case{"24-01-01", false},
                      date_case{"2024-01-01 ", false}, date_case{"0000-01-01", false},
                      date_case{"2024-12-24/2024-12-26", true},
                      date_case{"2024-12-24/2024-12-24", true},
                      date_case{"2024-12-26/2024-12-24", false},
                      date_case{"2024-12-24/", false}, date_case{"/2024-12-24", false},
                      date_case{"2024-12-24/2024-12-26/2024-12-28", false},
                      date_case{"--12-24", true}, date_case{"--02-29", true},
                      date_case{"--02-30", false}, date_case{"--13-01", false},
                      date_case{"--1-01", false}, date_case{"--12-24x", false},
                      date_case{"", false}, date_case{"-12-24", false},
                      date_case{"2024/12/24", false}));

struct date_match_case {
  const char* cond;
  civil_time local;
  bool match;
};

class date_matches : public ::testing::TestWithParam<date_match_case> {};

TEST_P(date_matches, evaluate) {
  auto d = parse_date_condition(GetParam().cond);
  ASSERT_TRUE(d);
  EXPECT_EQ(matches(*d, GetParam().local), GetParam().match) << GetParam().cond;
}

INSTANTIATE_TEST_SUITE_P(
    conditions, date_matches,
    ::testing::Values(date_match_case{"2024-12-24", at(2024, 12, 24, 0), true},
                      date_match_case{"2024-12-24", at(2024, 12, 24, 23, 59, 59), true},
                      date_match_case{"2024-12-24", at(2024, 12, 25, 0), false},
                      date_match_case{"2024-12-24", at(2025, 12, 24, 12), false},
                      date_match_case{"2024-12-24/2025-01-02", at(2024, 12, 31, 12), true},
                      date_match_case{"2024-12-24/2025-01-02", at(2025, 1, 2, 23), true},
                      date_match_case{"2024-12-24/2025-01-02", at(2025, 1, 3, 0), false},
                      date_match_case{"2024-12-24/2025-01-02", at(2024, 12, 23, 23), false},
                      date_match_case{"--12-24", at(2031, 12, 24, 8), true},
                      date_match_case{"--12-24", at(2031, 12, 25, 8), false},
                      date_match_case{"--02-29", at(2024, 2, 29, 8), true},
                      date_match_case{"--02-29", at(2028, 2, 29, 8), true},
                      date_match_case{"--02-29", at(2025, 2, 28, 8), false},
                      date_match_case{"--02-29", at(2025, 3, 1, 8), false}));

TEST(conditions, presence_is_exact_and_empty_matches_nothing) {
  EXPECT_TRUE(presence_matches("busy", "busy"));
  EXPECT_FALSE(presence_matches("busy", "Busy"));
  EXPECT_FALSE(presence_matches("busy", "busy "));
  EXPECT_FALSE(presence_matches("busy", ""));
  EXPECT_FALSE(presence_matches("", ""));
}

TEST(conditions, location_matches_at_label_boundaries) {
  struct c {
    const char* cond;
    const char* current;
    bool match;
  };
  for (const c& x : {c{"home", "home", true}, c{"DE/Berlin", "DE/Berlin", true},
                     c{"DE/Berlin", "DE/Berlin/Mitte", true}, c{"DE", "DE/Berlin/Mitte", true},
                     c{"DE/", "DE/Berlin", true}, c{"DE/Berlin", "DE/Berlin2", false},
                     c{"DE/Berlin", "DE", false}, c{"home", "homeoffice", false},
                     c{"home", "Home", false}, c{"home", "", false}, c{"", "home", false},
                     c{"DE/Berlin/Mitte", "DE/Berlin", false}}) {
    EXPECT_EQ(location_matches(x.cond, x.current), x.match) << x.cond << " vs " << x.current;
  }
}

TEST(conditions, validate_by_type) {
  EXPECT_TRUE(validate_condition(presentation_type::time, "08:00-12:00;Mon-Fri"));
  EXPECT_FALSE(validate_condition(presentation_type::time, "8-12"));
  EXPECT_TRUE(validate_condition(presentation_type::date, "--02-29"));
  EXPECT_FALSE(validate_condition(presentation_type::date, "--02-30"));
  EXPECT_TRUE(validate_condition(presentation_type::presence, "in a meeting"));
  EXPECT_FALSE(validate_condition(presentation_type::presence, ""));
  EXPECT_FALSE(validate_condition(presentation_type::presence, " busy"));
  EXPECT_FALSE(validate_condition(presentation_type::presence, "busy\n"));
  EXPECT_TRUE(validate_condition(presentation_type::location, "DE/Berlin"));
  EXPECT_FALSE(validate_condition(presentation_type::location, "DE/Berlin "));
  EXPECT_TRUE(validate_condition(presentation_type::group, "friends"));
  EXPECT_FALSE(validate_condition(presentation_type::group, ""));
  EXPECT_FALSE(validate_condition(presentation_type::group, std::string(300, 'g')));
  auto e = validate_condition(presentation_type::time, "25:00-26:00");
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().find("25:00-26:00"), std::string::npos);
}

}  // namespace
}  // namespace cmr::store
