// The watcher's decisions about time, as pure functions (tested without a
// clock): when to refresh a subscription, how long to wait after a failure,
// and what a "Subscription-State: terminated" asks for (RFC 6665 4.1.3).
// `u` is a uniform draw in [0, 1) that spreads thousands of subscriptions
// over time (jitter); the watcher passes its random engine's draws.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cmr::sip::presence {

struct subscription_timing {
  std::chrono::seconds expires{600};          // asked for in each SUBSCRIBE
  std::chrono::seconds retry_base{4};         // first back-off after a failure
  std::chrono::seconds retry_max{300};        // back-off cap (server unreachable)
  std::chrono::seconds probation_retry{60};   // probation/giveup without retry-after
  std::chrono::seconds rejected_retry{3600};  // rejected/noresource/invariant, 403/404/489...
  friend bool operator==(const subscription_timing&, const subscription_timing&) = default;
};

// Subscription-State (RFC 6665 8.2.3).
struct subscription_state {
  enum class kind { active, pending, terminated, other };
  kind state = kind::other;
  std::optional<std::chrono::seconds> expires;
  std::string reason;  // lower case, "" when absent
  std::optional<std::chrono::seconds> retry_after;
};
std::optional<subscription_state> parse_subscription_state(std::string_view value);

// A refresh of a subscription granted for `granted`: between 70 % and 85 %
// of it (half of it under 10 s), never under 500 ms.
std::chrono::milliseconds refresh_delay(std::chrono::seconds granted, double u);

// The n-th consecutive failure (n >= 1): retry_base * 2^(n-1), jittered by
// 0.75..1.25, capped at retry_max.
std::chrono::milliseconds backoff_delay(const subscription_timing& t, unsigned failures, double u);

// After a NOTIFY with Subscription-State terminated: when to subscribe
// again. deactivated/timeout/none/unknown: at once (or retry-after);
// probation/giveup: retry-after, else probation_retry; rejected,
// noresource, invariant: rejected_retry (the server refuses for good; a long
// back-off lets an operator's fix take effect without a restart).
std::chrono::milliseconds resubscribe_delay(const subscription_timing& t,
                                            const subscription_state& s);

// After a SUBSCRIBE (initial or refresh) ended without a 2xx: `status` is
// the final response code, 0 for a timeout or transport error. 481 (dialog
// gone, e.g. the server restarted): at once; 408/timeout/5xx: back-off, or
// Retry-After when given; other 4xx-6xx: rejected_retry.
std::chrono::milliseconds failure_delay(const subscription_timing& t, int status,
                                        std::optional<std::chrono::seconds> retry_after,
                                        unsigned failures, double u);

// Whether a failure says the server itself is unreachable (for the
// watcher's one notice line per outage).
inline bool unreachable(int status) { return status == 0 || status == 408 || status == 503; }

}  // namespace cmr::sip::presence
