#include "sip/sdp/dtmf_relay.h"

#include <cctype>
#include <charconv>

namespace cmr::sip::sdp {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::optional<char> key_of(std::string_view v) {
  static constexpr std::string_view k_keys = "0123456789*#ABCD";
  if (v.size() == 1) {
    const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(v[0])));
    if (k_keys.find(c) != std::string_view::npos) return c;
    return std::nullopt;
  }
  if (v.size() == 2 && v[0] == '1' && v[1] >= '0' && v[1] <= '5')
    return k_keys[static_cast<std::size_t>(10 + (v[1] - '0'))];
  return std::nullopt;
}

std::string printable(std::string_view v) {
  std::string out;
  for (const char c : v.substr(0, 16))
    out += std::isprint(static_cast<unsigned char>(c)) != 0 ? c : '?';
  return out;
}

}  // namespace

result<dtmf_relay, std::string> parse_dtmf_relay(std::string_view body) {
  if (body.size() > k_dtmf_relay_max_body) return unexpected{std::string("body too long")};
  dtmf_relay out;
  bool have_signal = false;
  while (!body.empty()) {
    const auto nl = body.find('\n');
    const auto raw = body.substr(0, nl);
    body = nl == std::string_view::npos ? std::string_view{} : body.substr(nl + 1);
    const auto line = trim(raw);
    if (line.empty()) continue;
    const auto eq = line.find('=');
    if (eq == std::string_view::npos)
      return unexpected{"line without '=': '" + printable(line) + "'"};
    const auto name = trim(line.substr(0, eq));
    const auto value = trim(line.substr(eq + 1));
    if (iequals(name, "Signal")) {
      if (have_signal) return unexpected{std::string("two Signal lines")};
      const auto k = key_of(value);
      if (!k) return unexpected{"bad Signal '" + printable(value) + "'"};
      out.key = *k;
      have_signal = true;
    } else if (iequals(name, "Duration")) {
      std::uint32_t d = 0;
      const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), d);
      if (value.empty() || ec != std::errc{} || p != value.data() + value.size() || d == 0 ||
          d > 60000)
        return unexpected{"bad Duration '" + printable(value) + "'"};
      out.duration_ms = d;
    }
  }
  if (!have_signal) return unexpected{std::string("no Signal")};
  return out;
}

}  // namespace cmr::sip::sdp
