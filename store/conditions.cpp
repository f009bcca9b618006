#include "store/conditions.h"

#include <array>

namespace cmr::store {

namespace {

unexpected<std::string> error(const char* what, std::string_view text, std::string_view detail) {
  std::string msg = what;
  msg += " \"";
  msg += text;
  msg += "\": ";
  msg += detail;
  return unexpected{std::move(msg)};
}

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (s.size() < at + n) return false;
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

// HH:MM or HH:MM:SS; returns characters consumed (0 on error). Hours up to 23,
// or 24:00[:00] when allow_24.
std::size_t clock_time(std::string_view s, bool allow_24, std::int32_t& out) {
  int h = 0, m = 0, sec = 0;
  if (!digits(s, 0, 2, h) || s.size() < 5 || s[2] != ':' || !digits(s, 3, 2, m)) return 0;
  std::size_t used = 5;
  if (s.size() > 5 && s[5] == ':') {
    if (!digits(s, 6, 2, sec)) return 0;
    used = 8;
  }
  if (m > 59 || sec > 59) return 0;
  if (h > 23 && !(allow_24 && h == 24 && m == 0 && sec == 0)) return 0;
  out = h * 3600 + m * 60 + sec;
  return used;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// 0 = Sunday; -1 if not a weekday abbreviation.
int weekday_index(std::string_view s) {
  static constexpr std::array<std::string_view, 7> names = {"sun", "mon", "tue", "wed",
                                                           "thu", "fri", "sat"};
  if (s.size() != 3) return -1;
  char low[3];
  for (std::size_t i = 0; i < 3; ++i) {
    const char c = s[i];
    low[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == std::string_view(low, 3)) return static_cast<int>(i);
  return -1;
}

result<std::uint8_t, std::string> parse_weekdays(std::string_view text, std::string_view days) {
  std::uint8_t mask = 0;
  while (true) {
    const std::size_t comma = days.find(',');
    const std::string_view item = trim(days.substr(0, comma));
    if (item.empty()) return error("time window", text, "empty weekday");
    const std::size_t dash = item.find('-');
    const int a = weekday_index(trim(item.substr(0, dash)));
    const int b = dash == std::string_view::npos ? a : weekday_index(trim(item.substr(dash + 1)));
    if (a < 0 || b < 0)
      return error("time window", text,
                   "bad weekday \"" + std::string(item) + "\" (expected Mon..Sun or Mon-Fri)");
    for (int d = a;; d = (d + 1) % 7) {  // a range may wrap past Sunday
      mask = static_cast<std::uint8_t>(mask | (1U << static_cast<unsigned>(d)));
      if (d == b) break;
    }
    if (comma == std::string_view::npos) break;
    days.remove_prefix(comma + 1);
  }
  return mask;
}

bool valid_date(int y, int m, int d) {
  static constexpr std::array<int, 12> len = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > len[static_cast<std::size_t>(m - 1)]) return false;
  return !(m == 2 && d == 29 && !is_leap_year(y));
}

// YYYY-MM-DD exactly.
result<std::int64_t, std::string> full_date(std::string_view text, std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return error("date", text, "expected YYYY-MM-DD, YYYY-MM-DD/YYYY-MM-DD or --MM-DD");
  if (y < 1 || !valid_date(y, m, d))
    return error("date", text, "no such date \"" + std::string(s) + "\"");
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

result<void, std::string> plain_text(const char* what, std::string_view text) {
  if (text.empty()) return error(what, text, "must not be empty");
  if (text.size() > 256) return error(what, text, "longer than 256 characters");
  for (const char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return error(what, text, "contains a control character");
  if (text.front() == ' ' || text.back() == ' ')
    return error(what, text, "leading or trailing blank");
  return ok;
}

}  // namespace

result<time_window, std::string> parse_time_window(std::string_view text) {
  time_window w;
  const std::size_t semi = text.find(';');
  const std::string_view span = text.substr(0, semi);
  std::size_t n = clock_time(span, false, w.start);
  if (n == 0) return error("time window", text, "expected HH:MM[:SS]-HH:MM[:SS] at the start");
  if (span.size() <= n || span[n] != '-') return error("time window", text, "expected '-' after the start time");
  const std::string_view end = span.substr(n + 1);
  const std::size_t m = clock_time(end, true, w.end);
  if (m == 0) return error("time window", text, "bad end time (expected HH:MM[:SS])");
  if (m != end.size()) return error("time window", text, "unexpected characters after the end time");
  if (w.end == 86400 && w.start == 0) w.end = 0;  // 00:00-24:00 is the whole day
  if (w.end == 0 && w.start != 0) w.end = 86400;  // ends at midnight, not crossing it
  if (semi != std::string_view::npos) {
    auto mask = parse_weekdays(text, text.substr(semi + 1));
    if (!mask) return unexpected{mask.error()};
    w.weekdays = *mask;
  }
  return w;
}

result<date_condition, std::string> parse_date_condition(std::string_view text) {
  date_condition c;
  if (text.substr(0, 2) == "--") {
    int m = 0, d = 0;
    if (text.size() != 7 || !digits(text, 2, 2, m) || text[4] != '-' || !digits(text, 5, 2, d))
      return error("date", text, "expected --MM-DD for a yearly date");
    if (!valid_date(2000, m, d)) return error("date", text, "no such day of the year");
    c.what = date_condition::kind::yearly;
    c.month = static_cast<std::uint8_t>(m);
    c.day = static_cast<std::uint8_t>(d);
    return c;
  }
  const std::size_t slash = text.find('/');
  auto first = full_date(text, text.substr(0, slash));
  if (!first) return unexpected{first.error()};
  c.first = c.last = *first;
  if (slash == std::string_view::npos) return c;
  auto last = full_date(text, text.substr(slash + 1));
  if (!last) return unexpected{last.error()};
  if (*last < *first) return error("date", text, "range ends before it starts");
  c.what = date_condition::kind::range;
  c.last = *last;
  return c;
}

bool matches(const time_window& w, const civil_time& local) {
  const auto day_ok = [&](unsigned wd) { return (w.weekdays & (1U << wd)) != 0; };
  const std::int32_t s = local.seconds_of_day;
  if (w.start == w.end) return day_ok(local.weekday);
  if (w.start < w.end) return s >= w.start && s < w.end && day_ok(local.weekday);
  // Crosses midnight: before the end it is yesterday's window.
  if (s >= w.start) return day_ok(local.weekday);
  if (s < w.end) return day_ok((local.weekday + 6U) % 7U);
  return false;
}

bool matches(const date_condition& d, const civil_time& local) {
  if (d.what == date_condition::kind::yearly) return local.month == d.month && local.day == d.day;
  return local.days >= d.first && local.days <= d.last;
}

bool presence_matches(std::string_view condition, std::string_view current) {
  return !current.empty() && condition == current;
}

bool location_matches(std::string_view condition, std::string_view current) {
  if (current.empty() || condition.empty() || current.size() < condition.size()) return false;
  if (current.substr(0, condition.size()) != condition) return false;
  return current.size() == condition.size() || condition.back() == '/' ||
         current[condition.size()] == '/';
}

result<void, std::string> validate_condition(presentation_type type, std::string_view text) {
  switch (type) {
    case presentation_type::time: {
      auto r = parse_time_window(text);
      if (!r) return unexpected{r.error()};
      return ok;
    }
    case presentation_type::date: {
      auto r = parse_date_condition(text);
      if (!r) return unexpected{r.error()};
      return ok;
    }
    case presentation_type::group:
      return plain_text("group id", text);
    case presentation_type::presence:
      return plain_text("presence", text);
    case presentation_type::location:
      return plain_text("location", text);
  }
  return error("condition", text, "unknown presentation type");
}

}  // namespace cmr::store
