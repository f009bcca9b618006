// The sip-invite-to-18x histogram (show cmr latency, /metrics): one
// observation per call, when the first 18x goes to the caller; a second
// provisional, the answer and a busy call's 486 add nothing, a call that
// never rang none.
#include "tests/unit/sip_as/b2bua_fixture.h"

namespace cmr::sip::as::test {
namespace {

TEST_F(b2bua_test, invite_to_18x_counts_the_first_provisional_once) {
  start(delivery_mode::http, delivery_mode::off);
  const histogram& h = b2b_->stats().invite_to_18x;
  from_a(a_invite());
  ASSERT_TRUE(last_to(callee, "INVITE"));
  EXPECT_EQ(h.snapshot().count, 0U) << "before any 18x";
  b_responds(180);
  ASSERT_TRUE(a_got(180));
  EXPECT_EQ(h.snapshot().count, 1U);
  b_responds(180);  // ringing again: relayed, not counted again
  b_responds(486);
  EXPECT_TRUE(a_got(486));
  EXPECT_EQ(b2b_->call_count(), 0U);

  cid = "a2";  // a call refused without ringing: nothing
  from_a(a_invite());
  b_responds(486);
  EXPECT_TRUE(a_got(486));
  const auto s = h.snapshot();
  EXPECT_EQ(s.count, 1U);
  EXPECT_LT(s.sum_ns, 5'000'000'000U);  // the same moment, give or take a slow machine
}

}  // namespace
}  // namespace cmr::sip::as::test
