#include "media/byte_range.h"

#include <charconv>
#include <optional>
#include <vector>

namespace cmr::media {
namespace {

using kind = byte_range_request::kind;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::uint64_t> number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

struct spec {
  std::optional<std::uint64_t> first;  // absent: suffix range
  std::optional<std::uint64_t> last;   // absent: to the end
};

}  // namespace

byte_range_request parse_byte_range(std::string_view header, std::uint64_t size) {
  header = trim(header);
  const auto eq = header.find('=');
  if (eq == std::string_view::npos) return {};
  auto unit = trim(header.substr(0, eq));
  if (unit.size() != 5 || (unit != "bytes" && unit != "Bytes" && unit != "BYTES")) return {};

  std::vector<spec> specs;
  auto rest = header.substr(eq + 1);
  while (true) {
    const auto comma = rest.find(',');
    const auto item = trim(rest.substr(0, comma));
    if (!item.empty()) {  // RFC 7233 allows empty list elements
      const auto dash = item.find('-');
      if (dash == std::string_view::npos) return {};
      spec s;
      const auto a = trim(item.substr(0, dash));
      const auto b = trim(item.substr(dash + 1));
      if (!a.empty() && !(s.first = number(a))) return {};
      if (!b.empty() && !(s.last = number(b))) return {};
      if (!s.first && !s.last) return {};
      if (s.first && s.last && *s.last < *s.first) return {};  // invalid: ignore the header
      specs.push_back(s);
    }
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  if (specs.empty()) return {};
  if (specs.size() > 1) return {kind::multiple};

  const auto& s = specs.front();
  byte_range_request r{kind::single};
  if (!s.first) {  // suffix: the last n bytes
    if (*s.last == 0 || size == 0) return {kind::unsatisfiable};
    r.first = *s.last >= size ? 0 : size - *s.last;
    r.last = size - 1;
    return r;
  }
  if (*s.first >= size) return {kind::unsatisfiable};
  r.first = *s.first;
  r.last = s.last && *s.last < size ? *s.last : size - 1;
  return r;
}

}  // namespace cmr::media
