// The watcher's timing decisions (sip/presence/subscription_policy.h).
#include <gtest/gtest.h>

#include "sip/presence/subscription_policy.h"

namespace cmr::sip::presence {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(Policy, RefreshBeforeExpiryWithJitter) {
  EXPECT_EQ(refresh_delay(seconds(600), 0.0), milliseconds(420000));
  EXPECT_EQ(refresh_delay(seconds(600), 0.999999), milliseconds(509999));
  for (double u = 0; u < 1; u += 0.01) {
    const auto d = refresh_delay(seconds(600), u);
    EXPECT_GE(d, milliseconds(420000));
    EXPECT_LT(d, milliseconds(600000 - 60000));  // a minute to spare at least
  }
  EXPECT_EQ(refresh_delay(seconds(6), 0.5), milliseconds(3000));
  EXPECT_EQ(refresh_delay(seconds(0), 0.5), milliseconds(500));
}

TEST(Policy, BackoffDoublesUpToTheCap) {
  subscription_timing t;  // 4 s .. 300 s
  EXPECT_EQ(backoff_delay(t, 1, 0.5), milliseconds(4000));
  EXPECT_EQ(backoff_delay(t, 2, 0.5), milliseconds(8000));
  EXPECT_EQ(backoff_delay(t, 3, 0.5), milliseconds(16000));
  EXPECT_EQ(backoff_delay(t, 7, 0.5), milliseconds(256000));
  EXPECT_EQ(backoff_delay(t, 8, 0.5), milliseconds(300000));
  EXPECT_EQ(backoff_delay(t, 1000, 0.999), milliseconds(300000));  // jitter never beyond the cap
  EXPECT_EQ(backoff_delay(t, 1, 0.0), milliseconds(3000));
  EXPECT_EQ(backoff_delay(t, 0, 0.5), milliseconds(4000));
}

TEST(Policy, SubscriptionStateHeader) {
  auto s = parse_subscription_state("active;expires=599");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->state, subscription_state::kind::active);
  EXPECT_EQ(s->expires, seconds(599));
  s = parse_subscription_state("Terminated ; reason=Probation;retry-after=20");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->state, subscription_state::kind::terminated);
  EXPECT_EQ(s->reason, "probation");
  EXPECT_EQ(s->retry_after, seconds(20));
  s = parse_subscription_state("pending");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->state, subscription_state::kind::pending);
  EXPECT_FALSE(parse_subscription_state(""));
  EXPECT_FALSE(parse_subscription_state(";reason=x"));
  s = parse_subscription_state("active;expires=abc");
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->expires);
}

TEST(Policy, TerminatedReasons) {
  subscription_timing t;
  auto delay = [&](const char* value) { return resubscribe_delay(t, *parse_subscription_state(value)); };
  EXPECT_EQ(delay("terminated;reason=deactivated"), milliseconds(0));
  EXPECT_EQ(delay("terminated;reason=timeout"), milliseconds(0));
  EXPECT_EQ(delay("terminated"), milliseconds(0));
  EXPECT_EQ(delay("terminated;reason=deactivated;retry-after=5"), milliseconds(5000));
  EXPECT_EQ(delay("terminated;reason=probation;retry-after=30"), milliseconds(30000));
  EXPECT_EQ(delay("terminated;reason=probation"), t.probation_retry);
  EXPECT_EQ(delay("terminated;reason=giveup"), t.probation_retry);
  EXPECT_EQ(delay("terminated;reason=rejected"), t.rejected_retry);
  EXPECT_EQ(delay("terminated;reason=noresource;retry-after=1"), t.rejected_retry);
  EXPECT_EQ(delay("terminated;reason=invariant"), t.rejected_retry);
}

TEST(Policy, FailedSubscribe) {
  subscription_timing t;
  EXPECT_EQ(failure_delay(t, 481, std::nullopt, 1, 0.5), milliseconds(0));  // server restarted
  EXPECT_EQ(failure_delay(t, 0, std::nullopt, 1, 0.5), milliseconds(4000));  // timeout
  EXPECT_EQ(failure_delay(t, 408, std::nullopt, 3, 0.5), milliseconds(16000));
  EXPECT_EQ(failure_delay(t, 503, seconds(7), 3, 0.5), milliseconds(7000));
  EXPECT_EQ(failure_delay(t, 500, std::nullopt, 2, 0.5), milliseconds(8000));
  EXPECT_EQ(failure_delay(t, 403, std::nullopt, 1, 0.5), t.rejected_retry);
  EXPECT_EQ(failure_delay(t, 489, std::nullopt, 1, 0.5), t.rejected_retry);
  EXPECT_EQ(failure_delay(t, 603, std::nullopt, 1, 0.5), t.rejected_retry);
  EXPECT_TRUE(unreachable(0));
  EXPECT_FALSE(unreachable(481));
}

}  // namespace
}  // namespace cmr::sip::presence
