#include "store/posix_tz.h"

#include <cctype>

#include "store/civil_time.h"

namespace cmr::store {

// Recursive-descent parser over the TZ string; each method consumes its part or
// fails with a message naming the position.
class posix_tz::parser {
public:
  explicit parser(std::string_view s) : s_(s) {}

  result<posix_tz, std::string> run() {
    posix_tz tz;
    if (!name()) return fail("bad standard time name");
    std::int32_t off = 0;
    if (!offset(off, 24)) return fail("bad standard time offset");
    tz.std_offset_ = -off;  // POSIX offsets count west of Greenwich
    if (at_end()) {
      tz.dst_offset_ = tz.std_offset_;
      return tz;
    }
    if (!name()) return fail("bad DST name");
    tz.has_dst_ = true;
    tz.dst_offset_ = tz.std_offset_ + 3600;
    if (!at_end() && peek() != ',') {
      if (!offset(off, 24)) return fail("bad DST offset");
      tz.dst_offset_ = -off;
    }
    if (at_end()) {
      // No rules given: the historical US rules, as glibc assumes.
      tz.start_ = rule{rule::kind::month_week_day, 0, 3, 2, 7200};
      tz.end_ = rule{rule::kind::month_week_day, 0, 11, 1, 7200};
      return tz;
    }
    if (!eat(',') || !date_rule(tz.start_)) return fail("bad DST start rule");
    if (!eat(',') || !date_rule(tz.end_)) return fail("bad DST end rule");
    if (!at_end()) return fail("trailing characters");
    return tz;
  }

private:
  unexpected<std::string> fail(const char* what) const {
    return unexpected{std::string("TZ string \"") + std::string(s_) + "\": " + what +
                      " at offset " + std::to_string(pos_)};
  }
  [[nodiscard]] bool at_end() const { return pos_ >= s_.size(); }
  [[nodiscard]] char peek() const { return at_end() ? '\0' : s_[pos_]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  static bool alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
  static bool digit(char c) { return c >= '0' && c <= '9'; }

  // std / dst: three or more letters, or <...> with letters, digits, + and -.
  bool name() {
    if (eat('<')) {
      const std::size_t start = pos_;
      while (!at_end() && peek() != '>') {
        const char c = peek();
        if (!alpha(c) && !digit(c) && c != '+' && c != '-') return false;
        ++pos_;
      }
      return pos_ - start >= 3 && eat('>');
    }
    const std::size_t start = pos_;
    while (alpha(peek())) ++pos_;
    return pos_ - start >= 3;
  }

  bool number(std::int32_t& out, std::int32_t max) {
    if (!digit(peek())) return false;
    std::int32_t v = 0;
    while (digit(peek())) {
      v = v * 10 + (s_[pos_++] - '0');
      if (v > max) return false;
    }
    out = v;
    return true;
  }

  // [+-]hh[:mm[:ss]] in seconds.
  bool offset(std::int32_t& out, std::int32_t max_hours) {
    std::int32_t sign = 1;
    if (eat('-'))
      sign = -1;
    else
      eat('+');
    std::int32_t h = 0, m = 0, sec = 0;
    if (!number(h, max_hours)) return false;
    if (eat(':')) {
      if (!number(m, 59)) return false;
      if (eat(':') && !number(sec, 59)) return false;
    }
    out = sign * (h * 3600 + m * 60 + sec);
    return true;
  }

  bool date_rule(rule& r) {
    std::int32_t v = 0;
    if (eat('J')) {
      if (!number(v, 365) || v < 1) return false;
      r.what = rule::kind::julian_no_leap;
      r.day = static_cast<std::uint16_t>(v);
    } else if (eat('M')) {
      std::int32_t m = 0, w = 0, d = 0;
      if (!number(m, 12) || m < 1 || !eat('.') || !number(w, 5) || w < 1 || !eat('.') ||
          !number(d, 6))
        return false;
      r.what = rule::kind::month_week_day;
      r.month = static_cast<std::uint8_t>(m);
      r.week = static_cast<std::uint8_t>(w);
      r.day = static_cast<std::uint16_t>(d);
    } else {
      if (!number(v, 365)) return false;
      r.what = rule::kind::julian_zero;
      r.day = static_cast<std::uint16_t>(v);
    }
    r.time = 7200;
    if (eat('/')) return offset(r.time, 167);
    return true;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

result<posix_tz, std::string> posix_tz::parse(std::string_view tz) { return parser(tz).run(); }

std::int64_t posix_tz::local_transition(const rule& r, std::int32_t year) {
  std::int64_t day = 0;
  switch (r.what) {
    case rule::kind::julian_no_leap:
      // Jn never counts Feb 29: day 60 is always March 1.
      day = days_from_civil(year, 1, 1) + r.day - 1;
      if (is_leap_year(year) && r.day >= 60) ++day;
      break;
    case rule::kind::julian_zero:
      day = days_from_civil(year, 1, 1) + r.day;
      break;
    case rule::kind::month_week_day: {
      const std::int64_t first = days_from_civil(year, r.month, 1);
      // 1970-01-01 was a Thursday (4).
      const std::int64_t first_wd = ((first % 7) + 7 + 4) % 7;
      day = first + ((r.day - first_wd) + 7) % 7 + 7 * (r.week - 1);
      if (r.week == 5) {
        const unsigned next_m = r.month == 12 ? 1U : r.month + 1U;
        const std::int32_t next_y = r.month == 12 ? year + 1 : year;
        const std::int64_t month_end = days_from_civil(next_y, next_m, 1);
        while (day >= month_end) day -= 7;
      }
      break;
    }
  }
  return day * 86400 + r.time;
}

std::int32_t posix_tz::offset_at(std::int64_t utc) const {
  if (!has_dst_) return std_offset_;
  const std::int32_t year = civil_from_local_seconds(utc + std_offset_, std_offset_).year;
  // The start is written in standard time, the end in DST (POSIX).
  const std::int64_t start = local_transition(start_, year) - std_offset_;
  const std::int64_t end = local_transition(end_, year) - dst_offset_;
  bool dst = false;
  if (start < end)
    dst = utc >= start && utc < end;  // northern hemisphere
  else
    dst = !(utc >= end && utc < start);  // southern: DST spans the new year
  return dst ? dst_offset_ : std_offset_;
}

}  // namespace cmr::store
