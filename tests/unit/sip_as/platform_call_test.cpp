// route-via-platform on the application server (docs/cs-delivery.md section
// 7): a call the SCP routed here arrives with Request-URI user = platform
// prefix + called number. The owner is the number behind the prefix, the
// other party the caller (P-Asserted-Identity / From); its ringback is served
// in Gateway mode whatever "mode cmrbt" says (no P-Early-Media: supported is
// needed from a switch's trunk), no CMRT; the leg toward the callee goes out
// without the prefix. Golden traces tests/unit/sip_as/golden/platform_*.trace.
#include "tests/unit/sip_as/b2bua_fixture.h"

namespace cmr::sip::as::test {
namespace {

const char* k_trunk =  // a switch's trunk: 100rel, UPDATE, no P-Early-Media
    "Supported: 100rel\r\nAllow: INVITE, ACK, CANCEL, BYE, PRACK, UPDATE\r\n";

class platform_call : public b2bua_test, public ::testing::WithParamInterface<bool> {
protected:
  cmr::testing::fsm_trace trace{log_sip, "sip-as(call=", "tests/unit/sip_as/golden"};
};

TEST_P(platform_call, GatewayModeToTheCalleeWithoutThePrefix) {
  const bool answer = GetParam();
  start(delivery_mode::off, delivery_mode::http);  // the platform overrides both
  owner = std::string("49609") + k_owner;
  from_a(a_invite(k_trunk));
  const auto inv = last_to(callee, "INVITE");
  ASSERT_TRUE(inv);
  EXPECT_EQ(inv->request_uri.user, k_owner);
  ASSERT_TRUE(inv->to());
  EXPECT_EQ(inv->to()->uri.user, k_owner);
  EXPECT_FALSE(inv->has_header("Alert-Info"));  // no CMRT on a platform call
  EXPECT_EQ(decisions.asked, std::vector<store::service>{store::service::cmrbt});
  EXPECT_EQ(b2b_->stats().platform_calls, 1U);

  b_responds(180);
  const auto ringing = a_got(180);
  ASSERT_TRUE(ringing);
  EXPECT_TRUE(ringing->has_option("Require", "100rel"));
  ASSERT_TRUE(ringing->header("P-Early-Media"));
  EXPECT_EQ(*ringing->header("P-Early-Media"), "sendrecv");
  EXPECT_EQ(b2b_->stats().gateway, 1U);
  const auto* rseq = ringing->header("RSeq");
  ASSERT_TRUE(rseq);
  from_a(a_in_dialog("PRACK", *ringing, 2, "prack", "RAck: " + *rseq + " 1 INVITE\r\n"));
  if (answer) {
    b_responds(200, false, sdp("bob", 40002));
    a_answers("UPDATE", 200, sdp("alice", 40000, 2));
    const auto ok = a_got(200);
    ASSERT_TRUE(ok);
    from_a(a_in_dialog("ACK", *ok, 1, "ack"));
    from_a(a_in_dialog("BYE", *ok, 3, "bye"));
    b_answers("BYE");
  } else {
    b_responds(486);
    EXPECT_TRUE(a_got(486));
  }
  EXPECT_EQ(b2b_->call_count(), 0U);
  trace.expect(std::string("platform_") + (answer ? "answer" : "busy"));
}

INSTANTIATE_TEST_SUITE_P(outcomes, platform_call, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& p) {
                           return std::string(p.param ? "answer" : "busy");
                         });

// Nothing to present: the call proceeds untouched, toward the callee without
// the prefix all the same.
TEST_F(b2bua_test, PlatformCallWithoutResourcePassesThroughWithoutThePrefix) {
  start(delivery_mode::gateway, delivery_mode::off);
  owner = "49609491700000099";
  from_a(a_invite(k_trunk));
  const auto inv = last_to(callee, "INVITE");
  ASSERT_TRUE(inv);
  EXPECT_EQ(inv->request_uri.user, "491700000099");
  b_responds(180);
  const auto ringing = a_got(180);
  ASSERT_TRUE(ringing);
  EXPECT_FALSE(ringing->header("RSeq"));  // relayed as the callee sent it
  b_responds(486);
  EXPECT_TRUE(a_got(486));
  EXPECT_EQ(b2b_->stats().gateway, 0U);
  EXPECT_EQ(b2b_->call_count(), 0U);
}

// A number that merely starts like the prefix but is not longer than it, or
// a server without a platform prefix: an ordinary call.
TEST_F(b2bua_test, OrdinaryCallsAreNotPlatformCalls) {
  start(delivery_mode::off, delivery_mode::off);
  owner = "49609";
  from_a(a_invite(k_trunk));
  const auto inv = last_to(callee, "INVITE");
  ASSERT_TRUE(inv);
  EXPECT_EQ(inv->request_uri.user, "49609");
  EXPECT_EQ(b2b_->stats().platform_calls, 0U);
  b_responds(486);
}

}  // namespace
}  // namespace cmr::sip::as::test
