// A decision the store cannot give at once (the owner's settings are not in
// memory) is completed off the SIP thread: the call waits in DECIDING while
// other calls go on, and a caller that gives up meanwhile (CANCEL, BYE), a
// decision that never comes (timeout) or the shutdown end it properly; the
// late decision is then dropped and counted. Also: requests the call's state
// does not allow get the RFC's error.
#include "tests/unit/sip_as/b2bua_fixture.h"

namespace cmr::sip::as::test {
namespace {

TEST_F(b2bua_test, waiting_call_does_not_hold_others_up) {
  start(delivery_mode::http, delivery_mode::off);
  decisions.hold = true;
  from_a(a_invite());
  EXPECT_EQ(b2b_->stats().decisions_deferred, 1U);
  EXPECT_FALSE(last_to(callee, "INVITE")) << "went on before the decision";
  EXPECT_EQ(b2b_->call_count(), 1U);

  // Another call, whose owner is in memory, is served meanwhile.
  decisions.hold = false;
  cid = "a2";
  from_a(a_invite());
  const auto second = last_to(callee, "INVITE");
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->has_header("Alert-Info"));  // CMRT is off
  EXPECT_EQ(b2b_->call_count(), 2U);

  // The store delivers: the first call's INVITE goes out.
  decisions.release();
  EXPECT_EQ(sent_to(callee).size(), 1U) << "before the task ran on the SIP thread";
  pump();
  EXPECT_EQ(sent_to(callee).size(), 2U);
  EXPECT_EQ(b2b_->stats().decisions_dropped, 0U);
  EXPECT_EQ(b2b_->stats().http, 2U);
}

TEST_F(b2bua_test, cancel_while_deciding_answers_487_and_drops_the_late_decision) {
  start(delivery_mode::http, delivery_mode::http);
  decisions.hold = true;
  from_a(a_invite());
  a_cancel();
  EXPECT_TRUE(a_got(487));
  EXPECT_EQ(b2b_->call_count(), 0U);
  decisions.release();
  pump();
  EXPECT_EQ(b2b_->stats().decisions_deferred, 1U);
  EXPECT_EQ(b2b_->stats().decisions_dropped, 1U);
  EXPECT_TRUE(sent_to(callee).empty());
  EXPECT_EQ(decisions.asked.size(), 1U) << "CMRT was asked after the caller left";
}

TEST_F(b2bua_test, bye_while_deciding_answers_200_and_487) {
  start(delivery_mode::http, delivery_mode::off);
  decisions.hold = true;
  from_a(a_invite());
  // A BYE with this Call-ID (no dialog exists yet): the call attempt ends.
  auto fake_ok = make_response(*parse_message(a_invite()), 200, {}, "x1");
  from_a(a_in_dialog("BYE", fake_ok, 2, "bye"));
  EXPECT_TRUE(last_to(caller, "200"));
  EXPECT_TRUE(a_got(487));
  decisions.release();
  pump();
  EXPECT_EQ(b2b_->stats().decisions_dropped, 1U);
  EXPECT_EQ(b2b_->call_count(), 0U);
}

TEST_F(b2bua_test, decision_that_never_comes_ends_the_call_with_408) {
  start(delivery_mode::http, delivery_mode::off);
  decisions.hold = true;
  from_a(a_invite());
  advance(30s);  // the ring timeout bounds the decision too
  EXPECT_TRUE(a_got(408));
  EXPECT_EQ(b2b_->stats().timeouts, 1U);
  decisions.release();
  pump();
  EXPECT_EQ(b2b_->stats().decisions_dropped, 1U);
  EXPECT_EQ(b2b_->call_count(), 0U);
}

TEST_F(b2bua_test, shutdown_while_deciding_drops_the_late_decision) {
  start(delivery_mode::http, delivery_mode::off);
  decisions.hold = true;
  from_a(a_invite());
  b2b_->stop_all();
  EXPECT_TRUE(a_got(487));
  decisions.release();
  pump();
  EXPECT_EQ(b2b_->stats().decisions_dropped, 1U);
}

// Shutdown while the callee rings: 487 to the caller, CANCEL to the callee.
TEST_F(b2bua_test, shutdown_while_ringing_cancels_the_callee) {
  start(delivery_mode::off, delivery_mode::off);
  from_a(a_invite());
  b_responds(180);
  b2b_->stop_all();
  EXPECT_TRUE(a_got(487));
  EXPECT_TRUE(last_to(callee, "CANCEL"));
  EXPECT_EQ(b2b_->call_count(), 0U);
}

// Shutdown of an answered call: BYE on both legs.
TEST_F(b2bua_test, shutdown_of_an_answered_call_byes_both_legs) {
  start(delivery_mode::off, delivery_mode::off);
  from_a(a_invite());
  b_responds(200, false, sdp("bob", 40002));
  const auto ok = a_got(200);
  ASSERT_TRUE(ok);
  from_a(a_in_dialog("ACK", *ok, 1, "ack"));
  b2b_->stop_all();
  EXPECT_TRUE(last_to(callee, "BYE"));
  EXPECT_TRUE(last_to(caller, "BYE"));
}

TEST_F(b2bua_test, no_decision_port_passes_calls_through) {
  as_config c;
  c.next_hop = callee;  // unserved: the default, proxy
  b2b_ = std::make_unique<b2bua>(io_, ports_, nullptr, content_, nullptr, c);
  layer_ = std::make_unique<transaction_layer>(timers, timer_config{}, *b2b_);
  b2b_->set_layer(*layer_);
  layer_->add_transport(udp_);
  from_a(a_invite());
  ASSERT_TRUE(last_to(callee, "INVITE"));
  EXPECT_EQ(b2b_->stats().proxied, 1U);
}

// RFC 3261 14.2: a re-INVITE on the caller's early dialog, before its
// INVITE has a final response: 500 with Retry-After; the call goes on.
TEST_F(b2bua_test, reinvite_before_the_answer_gets_500_with_retry_after) {
  start(delivery_mode::off, delivery_mode::off);
  from_a(a_invite());
  b_responds(180);
  const auto ringing = a_got(180);
  ASSERT_TRUE(ringing);
  from_a(a_in_dialog("INVITE", *ringing, 2, "reinv"));
  const auto refused = last_to(caller, "500");
  ASSERT_TRUE(refused);
  ASSERT_TRUE(refused->has_header("Retry-After"));
  const int after = std::atoi(refused->header("Retry-After")->c_str());
  EXPECT_GE(after, 0);
  EXPECT_LE(after, 10);
  EXPECT_EQ(b2b_->call_count(), 1U);
  b_responds(486);
  EXPECT_TRUE(a_got(486));
}

// A BYE for the caller's early dialog after its 487: 481 (the dialog ended
// with the final response); the callee's INVITE is still being cancelled.
TEST_F(b2bua_test, bye_after_the_cancel_gets_481) {
  start(delivery_mode::off, delivery_mode::off);
  from_a(a_invite());
  b_responds(180);
  const auto ringing = a_got(180);
  ASSERT_TRUE(ringing);
  a_cancel();
  ASSERT_TRUE(a_got(487));
  from_a(a_in_dialog("BYE", *ringing, 2, "bye"));
  EXPECT_TRUE(last_to(caller, "481"));
  b_answers("CANCEL");
  b_responds(487);
  EXPECT_EQ(b2b_->call_count(), 0U);
}

// Crossing re-INVITEs on a confirmed call: the one from the callee, while
// the caller's is in progress toward it, gets 491; a second one from the
// caller gets 500 with Retry-After.
TEST_F(b2bua_test, crossing_reinvites_get_491) {
  start(delivery_mode::off, delivery_mode::off);
  from_a(a_invite());
  b_responds(200, false, sdp("bob", 40002));
  const auto ok = a_got(200);
  ASSERT_TRUE(ok);
  from_a(a_in_dialog("ACK", *ok, 1, "ack"));
  from_a(a_in_dialog("INVITE", *ok, 2, "reinv1"));
  const auto relayed = last_to(callee, "INVITE");
  ASSERT_TRUE(relayed);
  ASSERT_TRUE(relayed->cseq());
  EXPECT_EQ(relayed->cseq()->number, 2U);  // B's leg: INVITE 1, now 2

  // The callee's own re-INVITE crosses it.
  const auto& bye_like = *relayed;  // the dialog's identifiers, seen from B
  auto from_b = parse_message(
      "INVITE sip:cmr@192.0.2.10:5060 SIP/2.0\r\nVia: SIP/2.0/UDP "
      "192.0.2.30:5060;branch=z9hG4bK-b2\r\n"
      "Max-Forwards: 70\r\nFrom: " +
      *bye_like.header("To") + "\r\nTo: " + *bye_like.header("From") +
      "\r\nCall-ID: " + bye_like.call_id() +
      "\r\nCSeq: 7 INVITE\r\nContact: <sip:bob@192.0.2.30:5060>\r\n" + "Content-Length: 0\r\n\r\n");
  ASSERT_TRUE(from_b);
  deliver(*from_b, callee);
  EXPECT_TRUE(last_to(callee, "491"));

  from_a(a_in_dialog("INVITE", *ok, 3, "reinv2"));
  const auto second = last_to(caller, "500");
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->has_header("Retry-After"));

  // The first one is answered: re-INVITEs are possible again.
  b_answers("INVITE", 200);
  EXPECT_TRUE(last_to(caller, "200"));
  from_a(a_in_dialog("BYE", *ok, 4, "bye"));
  b_answers("BYE");
  EXPECT_EQ(b2b_->call_count(), 0U);
}

}  // namespace
}  // namespace cmr::sip::as::test
