// Time zones against known offsets (the expected values were taken from
// glibc's `date` over the same zoneinfo files) and a broad cross-check with
// glibc's localtime_r.
#include "store/time_zone.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>

#include "store/posix_tz.h"
#include "store/time_zone_cache.h"

namespace cmr::store {
namespace {

timestamp utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  return timestamp{std::chrono::seconds{days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss}};
}

const time_zone& zone(std::string_view name) {
  auto z = time_zone_cache::global().find(name);
  EXPECT_TRUE(z) << (z ? "" : z.error());
  return **z;
}

struct offset_case {
  const char* zone;
  timestamp at;
  std::int32_t offset;  // seconds east of UTC
};

class known_offsets : public ::testing::TestWithParam<offset_case> {};

TEST_P(known_offsets, matches_glibc_date) {
  const auto& c = GetParam();
  EXPECT_EQ(zone(c.zone).offset_at(c.at), c.offset) << c.zone;
}

INSTANTIATE_TEST_SUITE_P(
    zones, known_offsets,
    ::testing::Values(
        offset_case{"Europe/Berlin", utc(2024, 1, 15, 12), 3600},
        offset_case{"Europe/Berlin", utc(2024, 7, 15, 12), 7200},
        offset_case{"Europe/Berlin", utc(2024, 3, 31, 0, 59, 59), 3600},
        offset_case{"Europe/Berlin", utc(2024, 3, 31, 1), 7200},
        offset_case{"Europe/Berlin", utc(2024, 10, 27, 0, 59, 59), 7200},
        offset_case{"Europe/Berlin", utc(2024, 10, 27, 1), 3600},
        // After 2037: only the footer rule CET-1CEST,M3.5.0,M10.5.0/3 knows.
        offset_case{"Europe/Berlin", utc(2040, 3, 25, 0, 59, 59), 3600},
        offset_case{"Europe/Berlin", utc(2040, 3, 25, 1), 7200},
        offset_case{"Europe/Berlin", utc(2040, 10, 28, 0, 59, 59), 7200},
        offset_case{"Europe/Berlin", utc(2040, 10, 28, 1), 3600},
        offset_case{"Europe/Berlin", utc(2050, 7, 1), 7200},
        // Half-hour DST, southern hemisphere: <+1030>-10:30<+11>-11,M10.1.0,M4.1.0
        offset_case{"Australia/Lord_Howe", utc(2024, 1, 15), 39600},
        offset_case{"Australia/Lord_Howe", utc(2024, 7, 15), 37800},
        offset_case{"Australia/Lord_Howe", utc(2024, 4, 6, 14, 59, 59), 39600},
        offset_case{"Australia/Lord_Howe", utc(2024, 4, 6, 15), 37800},
        offset_case{"Australia/Lord_Howe", utc(2024, 10, 5, 15, 29, 59), 37800},
        offset_case{"Australia/Lord_Howe", utc(2024, 10, 5, 15, 30), 39600},
        offset_case{"Australia/Lord_Howe", utc(2045, 1, 15), 39600},
        offset_case{"Australia/Lord_Howe", utc(2045, 7, 15), 37800},
        offset_case{"America/New_York", utc(2024, 3, 10, 6, 59, 59), -18000},
        offset_case{"America/New_York", utc(2024, 3, 10, 7), -14400},
        offset_case{"America/New_York", utc(2024, 11, 3, 5, 59, 59), -14400},
        offset_case{"America/New_York", utc(2024, 11, 3, 6), -18000},
        offset_case{"America/New_York", utc(2100, 7, 4, 12), -14400},
        offset_case{"Asia/Tokyo", utc(2024, 6, 1), 32400},
        offset_case{"Asia/Kolkata", utc(2024, 6, 1), 19800},
        offset_case{"UTC", utc(2024, 6, 1), 0},
        offset_case{"UTC+05:30", utc(2024, 6, 1), 19800},
        offset_case{"UTC-03", utc(2024, 6, 1), -10800}));

TEST(time_zone, local_fields_cross_the_date_line) {
  // 2024-03-09 20:00 UTC is Sunday 05:00 in Tokyo.
  const civil_time t = zone("Asia/Tokyo").to_local(utc(2024, 3, 9, 20));
  EXPECT_EQ(t.year, 2024);
  EXPECT_EQ(t.month, 3);
  EXPECT_EQ(t.day, 10);
  EXPECT_EQ(t.weekday, 0);
  EXPECT_EQ(t.seconds_of_day, 5 * 3600);
  EXPECT_EQ(t.utc_offset, 9 * 3600);
}

TEST(time_zone, fixed_offset_names) {
  struct c {
    const char* name;
    bool good;
    std::int32_t offset;
  };
  for (const c& x : {c{"UTC", true, 0}, c{"UTC+00", true, 0}, c{"UTC+05:30", true, 19800},
                     c{"UTC-03", true, -10800}, c{"UTC-09:30", true, -34200},
                     c{"UTC+14", true, 50400}, c{"UTC+14:30", false, 0}, c{"UTC+15", false, 0},
                     c{"UTC+5", false, 0}, c{"UTC+05:", false, 0}, c{"UTC+05:60", false, 0},
                     c{"UTC 05", false, 0}, c{"UTC+0530", false, 0}, c{"GMT+1", false, 0},
                     c{"utc", false, 0}, c{"UTC+05:30x", false, 0}}) {
    auto z = time_zone::parse_fixed(x.name);
    EXPECT_EQ(z.has_value(), x.good) << x.name;
    if (z && x.good) {
      EXPECT_EQ(z->offset_at(utc(2024, 1, 1)), x.offset) << x.name;
    }
  }
}

TEST(time_zone_cache, loads_each_zone_once) {
  time_zone_cache cache;
  auto a = cache.find("Europe/Berlin");
  auto b = cache.find("Europe/Berlin");
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(*a, *b);
  EXPECT_EQ((*a)->name(), "Europe/Berlin");
}

TEST(time_zone_cache, unknown_and_unsafe_names_are_errors) {
  time_zone_cache cache;
  for (const char* n : {"Mars/Olympus_Mons", "", "../../etc/passwd", "/etc/localtime",
                        "Europe/../Europe/Berlin", "Europe//Berlin", "Europe/Berlin/",
                        "Europe", "Europe/Ber lin", "zone.tab"}) {
    auto z = cache.find(n);
    EXPECT_FALSE(z) << n;
    if (!z) {
      EXPECT_FALSE(z.error().empty());
    }
  }
  // Errors are remembered and reported the same way again.
  auto again = cache.find("Mars/Olympus_Mons");
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().find("unknown time zone"), std::string::npos);
}

TEST(time_zone, rejects_bad_tzif_data) {
  EXPECT_FALSE(time_zone::from_tzif("x", ""));
  EXPECT_FALSE(time_zone::from_tzif("x", "TZif2"));
  EXPECT_FALSE(time_zone::from_tzif("x", std::string(60, 'A')));
  std::string header("TZif2", 5);
  header.append(15, '\0');
  header.append(24, '\0');  // all counts zero: no types
  EXPECT_FALSE(time_zone::from_tzif("x", header + header));
}

TEST(posix_tz, parses_and_evaluates_rules) {
  struct c {
    const char* tz;
    bool good;
  };
  for (const c& x : {c{"CET-1CEST,M3.5.0,M10.5.0/3", true}, c{"<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", true},
                     c{"EST5EDT", true}, c{"JST-9", true}, c{"<-03>3", true},
                     c{"EST5EDT,0/0,J365/25", true}, c{"IST-2IDT,M3.4.4/26,M10.5.0", true},
                     c{"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", true}, c{"", false}, c{"AB-1", false},
                     c{"CET", false}, c{"CET-1CEST,M13.5.0,M10.5.0", false},
                     c{"CET-1CEST,M3.6.0,M10.5.0", false}, c{"CET-1CEST,M3.5.7,M10.5.0", false},
                     c{"CET-1CEST,M3.5.0", false}, c{"CET-1CEST,J0,J100", false},
                     c{"CET-1CEST,M3.5.0,M10.5.0/200", false}, c{"<+10", false},
                     c{"CET-1CEST,M3.5.0,M10.5.0x", false}}) {
    EXPECT_EQ(posix_tz::parse(x.tz).has_value(), x.good) << x.tz;
  }
  auto ny = posix_tz::parse("EST5EDT");  // no rules: the US default M3.2.0,M11.1.0
  ASSERT_TRUE(ny);
  EXPECT_EQ(ny->offset_at(utc(2024, 7, 1).time_since_epoch().count()), -14400);
  EXPECT_EQ(ny->offset_at(utc(2024, 1, 1).time_since_epoch().count()), -18000);
  auto always = posix_tz::parse("EST5EDT,0/0,J365/25");  // permanent DST (RFC 8536)
  ASSERT_TRUE(always);
  for (unsigned m = 1; m <= 12; ++m)
    EXPECT_EQ(always->offset_at(utc(2030, m, 1).time_since_epoch().count()), -14400) << m;
}

// Our reader against glibc over the same files, every 13 days for two
// centuries in a handful of zones with unusual histories.
TEST(time_zone, agrees_with_glibc_localtime) {
  const char* saved = std::getenv("TZ");  // NOLINT(concurrency-mt-unsafe): single-threaded test
  const std::string old = saved != nullptr ? saved : "";
  for (const char* name : {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
                           "Asia/Tokyo", "America/Sao_Paulo", "Africa/Casablanca",
                           "Pacific/Chatham", "America/St_Johns", "Europe/Dublin",
                           "Antarctica/Troll", "Asia/Tehran", "America/Santiago"}) {
    const time_zone& z = zone(name);
    setenv("TZ", name, 1);  // NOLINT(concurrency-mt-unsafe)
    tzset();
    int mismatches = 0;
    for (std::int64_t t = -2208988800LL; t < 4102444800LL; t += 13 * 86400 + 3607) {
      const std::time_t tt = static_cast<std::time_t>(t);
      std::tm tm{};
      localtime_r(&tt, &tm);
      const auto ours = z.offset_at(timestamp{std::chrono::seconds{t}});
      if (ours != tm.tm_gmtoff && ++mismatches < 5)
        ADD_FAILURE() << name << " at " << t << ": ours " << ours << " glibc " << tm.tm_gmtoff;
    }
    EXPECT_EQ(mismatches, 0) << name;
  }
  if (saved != nullptr)
    setenv("TZ", old.c_str(), 1);  // NOLINT(concurrency-mt-unsafe)
  else
    unsetenv("TZ");  // NOLINT(concurrency-mt-unsafe)
  tzset();
}

}  // namespace
}  // namespace cmr::store
