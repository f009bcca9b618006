#include "in/ip/bearer_uri.h"

#include <algorithm>
#include <charconv>
#include <string_view>

#include "sip/message/text.h"

namespace cmr::in::ip {

namespace {

std::optional<std::uint32_t> to_u32(std::string_view s) {
  if (s.empty() || s.size() > 10) return std::nullopt;
  std::uint64_t v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc{} || r.ptr != s.data() + s.size() || v > 0xffffffffULL) return std::nullopt;
  return static_cast<std::uint32_t>(v);
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bearer_request classify_play(const sip::uri& ruri, const std::string& play) {
  constexpr std::string_view scheme = "cmr:";
  // URI parameter values are kept raw: undo %XX escapes (RFC 3261 19.1.2).
  const auto value = sip::text::percent_decode(play);
  if (!value || value->size() <= scheme.size() || value->compare(0, scheme.size(), scheme) != 0)
    return uri_refusal{404, "play= names no cmr:<announcement-id>"};
  const auto id = to_u32(std::string_view(*value).substr(scheme.size()));
  if (!id || *id == 0) return uri_refusal{404, "play=" + *value + ": not an announcement id"};
  play_request p;
  p.announcement_id = *id;
  if (const auto rep = ruri.params.get("repeat")) {
    if (*rep == "forever") {
      p.repeat = 0;
    } else {
      const auto n = to_u32(*rep);
      if (!n || *n == 0) return uri_refusal{400, "repeat=" + *rep + ": not a count"};
      p.repeat = *n;
    }
  }
  if (const auto dur = ruri.params.get("duration")) {
    const auto ms = to_u32(*dur);
    if (!ms || *ms == 0) return uri_refusal{400, "duration=" + *dur + ": not milliseconds"};
    p.duration_ms = *ms;
  }
  if (const auto delay = ruri.params.get("delay")) {
    const auto ms = to_u32(*delay);
    if (!ms || *ms > 3600000) return uri_refusal{400, "delay=" + *delay + ": not milliseconds"};
    p.delay_ms = *ms;
  }
  return p;
}

}  // namespace

bearer_request classify_request_uri(const sip::uri& ruri,
                                    const std::vector<assist_prefix>& prefixes,
                                    const std::string& tldn_prefix) {
  if (!ruri.is_sip()) return uri_refusal{416, "not a sip: URI"};
  if (const auto play = ruri.params.get("play")) return classify_play(ruri, *play);
  if (ruri.user == "annc") return uri_refusal{404, "annc without play="};
  // Routing number: the longest matching assist prefix, then the id.
  // A leading '+' (international form) is not part of the prefix.
  const std::string user =
      !ruri.user.empty() && ruri.user[0] == '+' ? ruri.user.substr(1) : ruri.user;
  // A TLDN is checked first: its shape (prefix + exactly 6 digits) cannot be
  // a routing number (prefix + 8), so a shared leading digit does no harm.
  if (!tldn_prefix.empty() && user.size() == tldn_prefix.size() + tldn_digits &&
      user.compare(0, tldn_prefix.size(), tldn_prefix) == 0 &&
      all_digits(std::string_view(user).substr(tldn_prefix.size())))
    return tldn_request{user};
  const assist_prefix* best = nullptr;
  for (const auto& p : prefixes) {
    if (p.digits.empty() || user.compare(0, p.digits.size(), p.digits) != 0) continue;
    if (best == nullptr || p.digits.size() > best->digits.size()) best = &p;
  }
  if (best == nullptr) return uri_refusal{404, "no assist prefix matches '" + user + "'"};
  const auto rest = std::string_view(user).substr(best->digits.size());
  if (rest.size() != correlation_digits || !all_digits(rest))
    return uri_refusal{404, "'" + user + "': the correlation id after the prefix is not 8 digits"};
  return assist_request{best->variant, std::string(rest)};
}

}  // namespace cmr::in::ip
