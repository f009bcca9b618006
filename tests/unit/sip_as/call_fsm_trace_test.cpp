// The B2BUA call's state machine, mode x outcome, as golden traces
// (tests/unit/sip_as/golden/<mode>_<outcome>.trace; CMR_REGEN_GOLDEN=1
// rewrites them): every transition the call logs at debug. Each case also
// checks the final answer the caller got and that the call was freed.
#include "tests/unit/sip_as/b2bua_fixture.h"

namespace cmr::sip::as::test {
namespace {

enum class outcome { answer, busy, no_answer, cancel };
const char* name_of(outcome o) {
  switch (o) {
    case outcome::answer:
      return "answer";
    case outcome::busy:
      return "busy";
    case outcome::no_answer:
      return "no_answer";
    case outcome::cancel:
      return "cancel";
  }
  return "?";
}

struct mode_case {
  const char* name;
  delivery_mode bt, rt;
  const char* headers;  // what the caller supports for it
  bool reliable;        // the callee's 180 is reliable
};
const mode_case k_modes[] = {
    {"http", delivery_mode::http, delivery_mode::http, "", false},
    {"application_server", delivery_mode::application_server, delivery_mode::application_server,
     "Supported: 100rel, early-session\r\n", true},
    {"gateway", delivery_mode::gateway, delivery_mode::off,
     "Supported: 100rel\r\nAllow: INVITE, ACK, CANCEL, BYE, PRACK, UPDATE\r\n"
     "P-Early-Media: supported\r\n",
     true},
    {"pass_through", delivery_mode::off, delivery_mode::off, "", false},
};

class call_fsm_trace : public b2bua_test,
                       public ::testing::WithParamInterface<std::tuple<int, outcome>> {
protected:
  cmr::testing::fsm_trace trace{log_sip, "sip-as(call=", "tests/unit/sip_as/golden"};
};

TEST_P(call_fsm_trace, mode_and_outcome) {
  const auto& m = k_modes[std::get<0>(GetParam())];
  const auto o = std::get<1>(GetParam());
  start(m.bt, m.rt);
  from_a(a_invite(m.headers));
  ASSERT_TRUE(last_to(callee, "INVITE"));
  b_responds(180, m.reliable);
  if (m.reliable) b_answers("PRACK");
  const auto ringing = a_got(180);
  ASSERT_TRUE(ringing);
  if (const auto* rseq = ringing->header("RSeq"))
    from_a(a_in_dialog("PRACK", *ringing, 2, "prack", "RAck: " + *rseq + " 1 INVITE\r\n"));

  switch (o) {
    case outcome::answer: {
      b_responds(200, false, sdp("bob", 40002));
      if (m.bt == delivery_mode::gateway) a_answers("UPDATE", 200, sdp("alice", 40000, 2));
      const auto ok = a_got(200);
      ASSERT_TRUE(ok);
      from_a(a_in_dialog("ACK", *ok, 1, "ack"));
      from_a(a_in_dialog("BYE", *ok, 3, "bye"));
      b_answers("BYE");
      break;
    }
    case outcome::busy:
      b_responds(486);
      EXPECT_TRUE(a_got(486));
      break;
    case outcome::no_answer:
      advance(30s);  // the ring timeout
      EXPECT_TRUE(a_got(408));
      b_answers("CANCEL");
      b_responds(487);
      break;
    case outcome::cancel:
      a_cancel();
      EXPECT_TRUE(a_got(487));
      b_answers("CANCEL");
      b_responds(487);
      break;
  }
  EXPECT_EQ(b2b_->call_count(), 0U);
  trace.expect(std::string(m.name) + "_" + name_of(o));
}

INSTANTIATE_TEST_SUITE_P(modes, call_fsm_trace,
                         ::testing::Combine(::testing::Range(0,
                                                             static_cast<int>(std::size(k_modes))),
                                            ::testing::Values(outcome::answer, outcome::busy,
                                                              outcome::no_answer, outcome::cancel)),
                         [](const ::testing::TestParamInfo<call_fsm_trace::ParamType>& p) {
                           return std::string(k_modes[std::get<0>(p.param)].name) + "_" +
                                  name_of(std::get<1>(p.param));
                         });

// No resource applies and "unserved proxy": the INVITE is forwarded as a
// proxy would (this side's Via on top, no Record-Route), the callee's
// responses go back with that Via removed, a CANCEL is passed on and the
// callee's 487 answers the caller, the ring timeout CANCELs and answers 408.
class proxy_fsm_trace : public b2bua_test, public ::testing::WithParamInterface<outcome> {
protected:
  cmr::testing::fsm_trace trace{log_sip, "sip-as(call=", "tests/unit/sip_as/golden"};
};

TEST_P(proxy_fsm_trace, outcome) {
  const auto o = GetParam();
  unserved = unserved_handling::proxy;
  start(delivery_mode::off, delivery_mode::off);  // nothing to present
  from_a(a_invite());
  const auto out = last_to(callee, "INVITE");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->call_id(), cid + "@192.0.2.20");  // the same request, not a new leg
  EXPECT_EQ(out->header_count("Via"), 2U);       // ours on top of the caller's
  EXPECT_FALSE(out->has_header("Record-Route"));  // the dialog runs without us
  b_responds(180);
  const auto ringing = a_got(180);
  ASSERT_TRUE(ringing);
  EXPECT_EQ(ringing->header_count("Via"), 1U);
  switch (o) {
    case outcome::answer:
      b_responds(200, false, sdp("bob", 40002));
      EXPECT_TRUE(a_got(200));
      break;
    case outcome::busy:
      b_responds(486);
      EXPECT_TRUE(a_got(486));
      break;
    case outcome::no_answer:
      advance(30s);  // the ring timeout: Timer C's part
      EXPECT_TRUE(a_got(408));
      b_answers("CANCEL");
      b_responds(487);
      break;
    case outcome::cancel:
      a_cancel();
      b_answers("CANCEL");
      b_responds(487);
      EXPECT_TRUE(a_got(487));  // the callee's, passed on
      break;
  }
  EXPECT_EQ(b2b_->call_count(), 0U);
  EXPECT_EQ(b2b_->stats().proxied.load(), 1U);
  trace.expect(std::string("proxy_") + name_of(o));
}

INSTANTIATE_TEST_SUITE_P(unserved, proxy_fsm_trace,
                         ::testing::Values(outcome::answer, outcome::busy, outcome::no_answer,
                                           outcome::cancel),
                         [](const ::testing::TestParamInfo<outcome>& p) {
                           return std::string(name_of(p.param));
                         });

// The owner is not in memory: the call waits in DECIDING; the caller gives
// up meanwhile; the late decision is dropped.
TEST_F(b2bua_test, deferred_decision_then_caller_cancels_trace) {
  cmr::testing::fsm_trace trace{log_sip, "sip-as(call=", "tests/unit/sip_as/golden"};
  start(delivery_mode::http, delivery_mode::http);
  decisions.hold = true;
  from_a(a_invite());
  a_cancel();
  decisions.release();
  pump();
  EXPECT_TRUE(a_got(487));
  EXPECT_FALSE(last_to(callee, "INVITE"));
  trace.expect("deferred_cancel");
}

// The owner is not in memory: both decisions come later, the call goes on.
TEST_F(b2bua_test, deferred_decision_then_answer_trace) {
  cmr::testing::fsm_trace trace{log_sip, "sip-as(call=", "tests/unit/sip_as/golden"};
  start(delivery_mode::http, delivery_mode::http);
  decisions.hold = true;
  from_a(a_invite());
  decisions.release();  // CMRBT
  pump();
  decisions.release();  // CMRT
  pump();
  ASSERT_TRUE(last_to(callee, "INVITE"));
  b_responds(180);
  b_responds(200, false, sdp("bob", 40002));
  const auto ok = a_got(200);
  ASSERT_TRUE(ok);
  from_a(a_in_dialog("ACK", *ok, 1, "ack"));
  from_a(a_in_dialog("BYE", *ok, 2, "bye"));
  b_answers("BYE");
  EXPECT_EQ(b2b_->call_count(), 0U);
  trace.expect("deferred_answer");
}

}  // namespace
}  // namespace cmr::sip::as::test
