#include "mgmt/lexical.h"

#include <array>
#include <cstdio>

#include "store/civil_time.h"

namespace cmr::mgmt {
namespace {

bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < s.size()) {
    const unsigned c = at(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    unsigned cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      if ((at(i + k) & 0xC0u) != 0x80u) return false;
      cp = (cp << 6) | (at(i + k) & 0x3Fu);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++n;
  return n;
}

bool is_xml_char(std::uint32_t cp) {
  if (cp < 0x20) return cp == 0x9 || cp == 0xA || cp == 0xD;
  if (cp < 0xD800) return true;
  if (cp < 0xE000) return false;  // surrogates
  if (cp < 0x10000) return cp != 0xFFFE && cp != 0xFFFF;
  return cp <= 0x10FFFF;
}

bool has_non_xml_char(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u < 0x20 && u != '\t' && u != '\n' && u != '\r') return true;
    // U+FFFE and U+FFFF are EF BF BE and EF BF BF (surrogates and values
    // beyond U+10FFFF are not valid UTF-8 in the first place).
    if (u == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) & 0xFEU) == 0xBE)
      return true;
  }
  return false;
}

std::string_view trim(std::string_view s) {
  const auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

std::string printable(std::string_view s, std::size_t max) {
  std::string out;
  for (char c : s.substr(0, max)) {
    const auto u = static_cast<unsigned char>(c);
    out += u < 0x20 || u == 0x7F ? '?' : c;
  }
  if (s.size() > max) out += "...";
  return out;
}

std::optional<std::int64_t> parse_int(std::string_view s, std::int64_t lo, std::int64_t hi) {
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (!digits(s) || s.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  if (neg) v = -v;
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

std::optional<bool> parse_bool(std::string_view s) {
  if (s == "true" || s == "1") return true;
  if (s == "false" || s == "0") return false;
  return std::nullopt;
}

std::optional<store::money_e4> parse_money(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  const auto dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  if (whole.empty() && frac.empty()) return std::nullopt;
  if ((!whole.empty() && !digits(whole)) || (!frac.empty() && !digits(frac))) return std::nullopt;
  while (frac.size() > 4 && frac.back() == '0') frac.remove_suffix(1);
  while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
  if (frac.size() > 4 || whole.size() > 14) return std::nullopt;
  store::money_e4 v = 0;
  for (char c : whole) v = v * 10 + (c - '0');
  for (std::size_t i = 0; i < 4; ++i) v = v * 10 + (i < frac.size() ? frac[i] - '0' : 0);
  return v;
}

std::string format_money(store::money_e4 v) {
  std::string out = v < 0 ? "-" : "";
  const std::uint64_t a = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  out += std::to_string(a / 10000);
  std::uint64_t frac = a % 10000;
  if (frac != 0) {
    std::array<char, 5> buf{};
    std::snprintf(buf.data(), buf.size(), "%04u", static_cast<unsigned>(frac));
    std::string f(buf.data());
    while (f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

std::optional<store::timestamp> parse_datetime(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.fff][Z|(+|-)HH:MM]
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
      s[16] != ':')
    return std::nullopt;
  const std::string_view y = s.substr(0, 4), mo = s.substr(5, 2), d = s.substr(8, 2),
                         h = s.substr(11, 2), mi = s.substr(14, 2), se = s.substr(17, 2);
  for (auto part : {y, mo, d, h, mi, se})
    if (!digits(part)) return std::nullopt;
  std::string_view rest = s.substr(19);
  if (!rest.empty() && rest[0] == '.') {
    std::size_t k = 1;
    while (k < rest.size() && rest[k] >= '0' && rest[k] <= '9') ++k;
    if (k == 1) return std::nullopt;
    rest.remove_prefix(k);
  }
  int offset = 0;
  if (rest == "Z") {
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' &&
             digits(rest.substr(1, 2)) && digits(rest.substr(4, 2))) {
    const int oh = num(rest.substr(1, 2)), om = num(rest.substr(4, 2));
    if (oh > 14 || om > 59) return std::nullopt;
    offset = (oh * 60 + om) * 60 * (rest[0] == '-' ? -1 : 1);
  } else if (!rest.empty()) {
    return std::nullopt;
  }
  const int year = num(y), month = num(mo), day = num(d), hour = num(h), minute = num(mi),
            second = num(se);
  const std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (year < 1 || !ymd.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  const auto days = std::chrono::sys_days{ymd}.time_since_epoch().count();
  const std::int64_t secs = static_cast<std::int64_t>(days) * 86400 + hour * 3600 + minute * 60 +
                            second - offset;
  return store::timestamp{std::chrono::seconds{secs}};
}

std::string format_datetime(store::timestamp t) {
  const auto secs = t.time_since_epoch().count();
  const auto c = store::civil_from_local_seconds(secs, 0);
  std::array<char, 40> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02uT%02d:%02d:%02dZ", c.year,
                static_cast<unsigned>(c.month), static_cast<unsigned>(c.day), c.seconds_of_day / 3600,
                (c.seconds_of_day / 60) % 60, c.seconds_of_day % 60);
  return buf.data();
}

}  // namespace cmr::mgmt
