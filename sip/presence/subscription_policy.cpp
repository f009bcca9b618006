#include "sip/presence/subscription_policy.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "sip/message/params.h"

namespace cmr::sip::presence {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<seconds> seconds_of(const std::optional<std::string>& v) {
  if (!v || v->empty()) return std::nullopt;
  std::uint32_t n = 0;
  const auto r = std::from_chars(v->data(), v->data() + v->size(), n);
  if (r.ec != std::errc() || r.ptr != v->data() + v->size()) return std::nullopt;
  return seconds(n);
}

double clamp01(double u) { return std::clamp(u, 0.0, 0.999999); }

}  // namespace

std::optional<subscription_state> parse_subscription_state(std::string_view value) {
  const auto semi = value.find(';');
  std::string_view head = value.substr(0, semi);
  while (!head.empty() && head.back() == ' ') head.remove_suffix(1);
  while (!head.empty() && head.front() == ' ') head.remove_prefix(1);
  if (head.empty()) return std::nullopt;
  subscription_state s;
  const std::string h = lower(head);
  s.state = h == "active"       ? subscription_state::kind::active
            : h == "pending"    ? subscription_state::kind::pending
            : h == "terminated" ? subscription_state::kind::terminated
                                : subscription_state::kind::other;
  if (semi != std::string_view::npos) {
    std::string rest;
    for (const char c : value.substr(semi + 1))
      if (c != ' ' && c != '\t') rest += c;
    const auto params = param_list::parse(rest);
    if (!params) return std::nullopt;
    s.expires = seconds_of(params->get("expires"));
    s.retry_after = seconds_of(params->get("retry-after"));
    if (auto r = params->get("reason")) s.reason = lower(*r);
  }
  return s;
}

milliseconds refresh_delay(seconds granted, double u) {
  const double g = static_cast<double>(milliseconds(granted).count());
  const double share = granted < seconds(10) ? 0.5 : 0.70 + 0.15 * clamp01(u);
  return std::max(milliseconds(500), milliseconds(static_cast<std::int64_t>(g * share)));
}

milliseconds backoff_delay(const subscription_timing& t, unsigned failures, double u) {
  const unsigned n = std::clamp(failures, 1U, 30U);
  const double base = static_cast<double>(milliseconds(t.retry_base).count());
  const double cap = static_cast<double>(milliseconds(t.retry_max).count());
  const double d = std::min(cap, base * static_cast<double>(1ULL << (n - 1))) * (0.75 + 0.5 * clamp01(u));
  return milliseconds(static_cast<std::int64_t>(std::min(d, cap)));
}

milliseconds resubscribe_delay(const subscription_timing& t, const subscription_state& s) {
  const auto& r = s.reason;
  if (r == "rejected" || r == "noresource" || r == "invariant") return t.rejected_retry;
  if (r == "probation" || r == "giveup") return s.retry_after.value_or(t.probation_retry);
  return s.retry_after.value_or(seconds(0));
}

milliseconds failure_delay(const subscription_timing& t, int status,
                           std::optional<seconds> retry_after, unsigned failures, double u) {
  if (status == 481) return milliseconds(0);
  if (status == 0 || status == 408 || (status >= 500 && status < 600)) {
    if (retry_after) return std::min<milliseconds>(*retry_after, t.rejected_retry);
    return backoff_delay(t, failures, u);
  }
  return t.rejected_retry;
}

}  // namespace cmr::sip::presence
