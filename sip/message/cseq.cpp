#include "sip/message/cseq.h"

#include <limits>
#include <vector>

#include "sip/message/text.h"

namespace cmr::sip {

namespace {
// Splits at runs of LWS; returns the non-empty words.
std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && text::is_ws(s[i])) ++i;
    const auto start = i;
    while (i < s.size() && !text::is_ws(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}
}  // namespace

std::optional<cseq> parse_cseq(std::string_view value) {
  const auto w = words(value);
  if (w.size() != 2 || !text::is_token(w[1])) return std::nullopt;
  // RFC 3261 8.1.1.5: the number MUST be less than 2^31 (RFC 4475 scalar02).
  const auto n = text::parse_uint(w[0], (1ULL << 31) - 1);
  if (!n) return std::nullopt;
  return cseq{static_cast<std::uint32_t>(*n), std::string(w[1])};
}

std::string rack::to_string() const {
  return std::to_string(rseq) + " " + std::to_string(cseq_number) + " " + method;
}

std::optional<rack> parse_rack(std::string_view value) {
  const auto w = words(value);
  if (w.size() != 3 || !text::is_token(w[2])) return std::nullopt;
  const auto r = text::parse_uint(w[0], std::numeric_limits<std::uint32_t>::max());
  const auto c = text::parse_uint(w[1], (1ULL << 31) - 1);
  if (!r || !c || *r == 0) return std::nullopt;
  return rack{static_cast<std::uint32_t>(*r), static_cast<std::uint32_t>(*c), std::string(w[2])};
}

std::optional<std::uint32_t> parse_rseq(std::string_view value) {
  const auto r = text::parse_uint(text::trim(value), std::numeric_limits<std::uint32_t>::max());
  if (!r || *r == 0) return std::nullopt;
  return static_cast<std::uint32_t>(*r);
}

}  // namespace cmr::sip
