// Delivery mode forking (TS 24.182 A.3, sip/as/call_forking.cpp) on fake
// transports: the AS's own 183 on a forked early dialog beside the callee's
// 180, its PRACK, and its end before the final response (199 when the caller
// supports it, else UPDATE a=inactive when the 183 was PRACKed, else
// nothing), as golden FSM traces (tests/unit/sip_as/golden/forking_*.trace,
// CMR_REGEN_GOLDEN=1 rewrites them: the call's machine and the fork's), and
// the caller's bad or unusual requests on the forked dialog.
#include "sip/as/sip_config_node.h"
#include "tests/unit/sip_as/b2bua_fixture.h"

namespace cmr::sip::as::test {
namespace {

constexpr const char* k_ue_199 =
    "Supported: 100rel, 199\r\nAllow: INVITE, ACK, CANCEL, BYE, PRACK, UPDATE\r\n"
    "P-Early-Media: supported\r\n";
constexpr const char* k_ue_no_199 =
    "Supported: 100rel\r\nAllow: INVITE, ACK, CANCEL, BYE, PRACK, UPDATE\r\n"
    "P-Early-Media: supported\r\n";

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

class forking : public b2bua_test {
protected:
  // The response to the caller's request `method` with `status`.
  std::optional<message> a_response(const std::string& method, int status) const {
    const auto v = sent_to(caller);
    for (auto it = v.rbegin(); it != v.rend(); ++it)
      if (it->is_response() && it->status == status && it->cseq() && it->cseq()->method == method)
        return *it;
    return std::nullopt;
  }
  static std::string to_tag(const message& m) { return m.to() ? m.to()->tag() : std::string(); }
  // Index of the first response to A's INVITE with `status`.
  std::size_t index_to_a(int status) const {
    const auto v = sent_to(caller);
    for (std::size_t i = 0; i < v.size(); ++i)
      if (v[i].is_response() && v[i].status == status && v[i].cseq() &&
          v[i].cseq()->method == "INVITE")
        return i;
    return v.size();
  }

  // The caller's INVITE, the callee's unreliable 180: the forked 183 and
  // the relayed 180 to A. Returns the 183.
  std::optional<message> ring(const char* ue) {
    start(delivery_mode::forking, delivery_mode::off);
    from_a(a_invite(ue));
    const auto inv = last_to(callee, "INVITE");
    EXPECT_TRUE(inv);
    if (!inv) return std::nullopt;
    EXPECT_FALSE(inv->header("P-Early-Media"));  // the callee's early media is not asked for
    b_responds(180);
    return a_got(183);
  }
  void prack(const message& fork, std::uint32_t cseq = 2, const std::string& rseq = {}) {
    const std::string r = rseq.empty() ? *fork.header("RSeq") : rseq;
    from_a(a_in_dialog("PRACK", fork, cseq, "prack" + std::to_string(cseq),
                       "RAck: " + r + " 1 INVITE\r\n"));
  }
};

class forking_trace : public forking, public ::testing::WithParamInterface<outcome> {
protected:
  cmr::testing::fsm_trace trace{log_sip, "sip-as(call=", "tests/unit/sip_as/golden"};
};

TEST_P(forking_trace, the_forked_dialog_ends_with_199_before_the_final_response) {
  const auto o = GetParam();
  const auto fork = ring(k_ue_199);
  ASSERT_TRUE(fork);
  const auto ringing = a_got(180);
  ASSERT_TRUE(ringing);
  // Two early dialogs: the AS's own (reliable, SDP, P-Early-Media) and the
  // callee's (no authorisation of early media).
  EXPECT_NE(to_tag(*fork), to_tag(*ringing));
  EXPECT_TRUE(fork->has_option("Require", "100rel"));
  ASSERT_TRUE(fork->header("RSeq"));
  ASSERT_TRUE(fork->header("P-Early-Media"));
  EXPECT_EQ(*fork->header("P-Early-Media"), "sendonly");
  EXPECT_NE(fork->body.find("a=sendonly\r\n"), std::string::npos) << fork->body;
  EXPECT_NE(fork->body.find("a=content:g.3gpp.cat\r\n"), std::string::npos) << fork->body;
  EXPECT_FALSE(ringing->header("P-Early-Media"));
  EXPECT_FALSE(ringing->header("RSeq"));
  prack(*fork);
  const auto prack_ok = a_response("PRACK", 200);
  ASSERT_TRUE(prack_ok);
  EXPECT_EQ(to_tag(*prack_ok), to_tag(*fork));

  int final_status = 0;
  switch (o) {
    case outcome::answer:
      b_responds(200, false, sdp("bob", 40002));
      final_status = 200;
      break;
    case outcome::busy:
      b_responds(486);
      final_status = 486;
      break;
    case outcome::no_answer:
      advance(30s);
      final_status = 408;
      break;
    case outcome::cancel:
      a_cancel();
      final_status = 487;
      break;
  }
  const auto ended = a_got(199);
  ASSERT_TRUE(ended);
  EXPECT_EQ(to_tag(*ended), to_tag(*fork));
  const auto final_rsp = a_got(final_status);
  ASSERT_TRUE(final_rsp);
  EXPECT_EQ(to_tag(*final_rsp), to_tag(*ringing));  // on the callee's dialog
  EXPECT_LT(index_to_a(199), index_to_a(final_status));
  EXPECT_FALSE(last_to(caller, "UPDATE"));
  if (o == outcome::answer) {
    EXPECT_NE(final_rsp->body.find("o=bob"), std::string::npos);  // the callee's SDP
    from_a(a_in_dialog("ACK", *final_rsp, 1, "ack"));
    from_a(a_in_dialog("BYE", *final_rsp, 3, "bye"));
    b_answers("BYE");
  } else if (o != outcome::busy) {
    b_answers("CANCEL");
    b_responds(487);
  }
  EXPECT_EQ(b2b_->stats().forking, 1U);
  EXPECT_EQ(b2b_->call_count(), 0U);
  trace.expect(std::string("forking_") + name_of(o));
}

INSTANTIATE_TEST_SUITE_P(outcomes, forking_trace,
                         ::testing::Values(outcome::answer, outcome::busy, outcome::no_answer,
                                           outcome::cancel),
                         [](const ::testing::TestParamInfo<outcome>& p) {
                           return std::string(name_of(p.param));
                         });

// Without Supported: 199, the PRACKed forked dialog goes inactive by UPDATE
// (a=inactive, P-Early-Media: inactive); the 2xx waits for its answer.
TEST_F(forking, without_199_an_update_with_a_inactive_ends_it_before_the_2xx) {
  cmr::testing::fsm_trace trace{log_sip, "sip-as(call=", "tests/unit/sip_as/golden"};
  const auto fork = ring(k_ue_no_199);
  ASSERT_TRUE(fork);
  prack(*fork);
  b_responds(200, false, sdp("bob", 40002));
  const auto update = last_to(caller, "UPDATE");
  ASSERT_TRUE(update);
  EXPECT_EQ(update->from()->tag(), to_tag(*fork));
  EXPECT_NE(update->body.find("a=inactive\r\n"), std::string::npos) << update->body;
  ASSERT_TRUE(update->header("P-Early-Media"));
  EXPECT_EQ(*update->header("P-Early-Media"), "inactive");
  EXPECT_FALSE(a_got(200));  // not before the UPDATE's answer
  EXPECT_FALSE(a_got(199));
  a_answers("UPDATE", 200, sdp("alice", 40000, 2));
  const auto ok = a_got(200);
  ASSERT_TRUE(ok);
  from_a(a_in_dialog("ACK", *ok, 1, "ack"));
  from_a(a_in_dialog("BYE", *ok, 3, "bye"));
  b_answers("BYE");
  EXPECT_EQ(b2b_->call_count(), 0U);
  trace.expect("forking_update_answer");
}

// The callee's own reliable 183 with SDP: relayed reliably on the callee's
// dialog with P-Early-Media: inactive (only the fork authorises early
// media); each dialog's PRACK goes to its own reliable 18x.
TEST_F(forking, the_callees_early_media_is_not_authorised_while_the_fork_plays) {
  start(delivery_mode::forking, delivery_mode::off);
  from_a(a_invite(k_ue_199));
  b_responds(183, true, sdp("bob", 40002));
  b_answers("PRACK");
  std::optional<message> fork, relayed;
  for (const auto& m : sent_to(caller))
    if (m.is_response() && m.status == 183)
      (m.body.find("o=cmr") != std::string::npos ? fork : relayed) = m;
  ASSERT_TRUE(fork);
  ASSERT_TRUE(relayed);
  EXPECT_NE(to_tag(*fork), to_tag(*relayed));
  ASSERT_TRUE(relayed->header("P-Early-Media"));
  EXPECT_EQ(*relayed->header("P-Early-Media"), "inactive");
  ASSERT_TRUE(relayed->header("RSeq"));
  prack(*fork);
  prack(*relayed, 3);  // the caller's next CSeq (a new transaction)
  std::vector<std::string> ok_tags;
  for (const auto& m : sent_to(caller))
    if (m.is_response() && m.status == 200 && m.cseq() && m.cseq()->method == "PRACK")
      ok_tags.push_back(to_tag(m));
  EXPECT_EQ(ok_tags, (std::vector<std::string>{to_tag(*fork), to_tag(*relayed)}));
  b_responds(486);
  EXPECT_TRUE(a_got(199));
  EXPECT_TRUE(a_got(486));
  EXPECT_EQ(b2b_->call_count(), 0U);
}

// CANCEL while the UPDATE a=inactive is out (the callee has answered): 487
// for the caller, no 199 (the fork is ending), the callee BYEd; the UPDATE's
// late answer changes nothing.
TEST_F(forking, cancel_while_the_update_is_out_ends_the_call) {
  const auto fork = ring(k_ue_no_199);
  ASSERT_TRUE(fork);
  prack(*fork);
  b_responds(200, false, sdp("bob", 40002));
  ASSERT_TRUE(last_to(caller, "UPDATE"));
  a_cancel();
  EXPECT_TRUE(a_got(487));
  EXPECT_FALSE(a_got(199));
  EXPECT_FALSE(a_got(200));
  EXPECT_TRUE(last_to(callee, "BYE"));
  a_answers("UPDATE", 200, sdp("alice", 40000, 2));
  EXPECT_FALSE(a_got(200));
  b_answers("BYE");
  EXPECT_EQ(b2b_->call_count(), 0U);
}

// A caller without 100rel gets the 183 unreliably; without 199 and without
// a PRACKed dialog for an UPDATE, the 2xx alone ends the forked dialog.
TEST_F(forking, unreliable_183_then_the_2xx_alone_ends_the_fork) {
  const auto fork = ring("Allow: INVITE, ACK, CANCEL, BYE, UPDATE\r\nP-Early-Media: supported\r\n");
  ASSERT_TRUE(fork);
  EXPECT_FALSE(fork->header("RSeq"));
  b_responds(200, false, sdp("bob", 40002));
  EXPECT_FALSE(last_to(caller, "UPDATE"));
  EXPECT_FALSE(a_got(199));
  const auto ok = a_got(200);
  ASSERT_TRUE(ok);
  from_a(a_in_dialog("ACK", *ok, 1, "ack"));
  from_a(a_in_dialog("BYE", *ok, 3, "bye"));
  b_answers("BYE");
  EXPECT_EQ(b2b_->call_count(), 0U);
}

// RFC 3262 3: a PRACK whose RAck matches no outstanding reliable 18x: 481;
// the right one is still accepted after it.
TEST_F(forking, prack_with_an_unknown_rack_on_the_fork_gets_481) {
  const auto fork = ring(k_ue_199);
  ASSERT_TRUE(fork);
  const auto rseq = std::stoul(*fork->header("RSeq"));
  prack(*fork, 2, std::to_string(rseq + 7));
  EXPECT_TRUE(a_response("PRACK", 481));
  EXPECT_FALSE(a_response("PRACK", 200));
  prack(*fork, 3);
  EXPECT_TRUE(a_response("PRACK", 200));
  a_cancel();
  EXPECT_TRUE(a_got(199));
  EXPECT_TRUE(a_got(487));
  b_answers("CANCEL");
  b_responds(487);
  EXPECT_EQ(b2b_->call_count(), 0U);
}

// The caller ends the forked early dialog with BYE: 200, the playing stops,
// the callee's dialog goes on; later requests on the fork get 481, and no
// 199 or UPDATE follows at the answer.
TEST_F(forking, bye_on_the_forked_early_dialog_ends_it_alone) {
  const auto fork = ring(k_ue_no_199);
  ASSERT_TRUE(fork);
  prack(*fork);
  from_a(a_in_dialog("BYE", *fork, 3, "forkbye"));
  EXPECT_TRUE(a_response("BYE", 200));
  EXPECT_FALSE(a_got(487));
  from_a(a_in_dialog("UPDATE", *fork, 4, "late"));
  EXPECT_TRUE(a_response("UPDATE", 481));
  b_responds(200, false, sdp("bob", 40002));
  EXPECT_FALSE(last_to(caller, "UPDATE"));
  const auto ok = a_got(200);
  ASSERT_TRUE(ok);
  from_a(a_in_dialog("ACK", *ok, 1, "ack"));
  from_a(a_in_dialog("BYE", *ok, 3, "bye"));
  b_answers("BYE");
  EXPECT_EQ(b2b_->call_count(), 0U);
}

// The caller's UPDATE on the forked dialog: without SDP 200; with an offer,
// the AS answers send-only in the fork's SDP session (version + 1), and
// inactive when the caller no longer receives (hold).
TEST_F(forking, update_from_the_caller_on_the_fork_is_answered) {
  const auto fork = ring(k_ue_199);
  ASSERT_TRUE(fork);
  // Before the PRACK the 183's answer is not acknowledged: 500 Retry-After.
  const std::string offer = sdp("alice", 40000, 2);
  auto update = [&](std::uint32_t cseq, const std::string& body) {
    std::string req = a_in_dialog("UPDATE", *fork, cseq, "upd" + std::to_string(cseq));
    if (!body.empty()) {
      req.replace(
          req.find("Content-Length: 0"), 17,
          "Content-Type: application/sdp\r\nContent-Length: " + std::to_string(body.size()));
      req += body;
    }
    from_a(req);
  };
  update(2, offer);
  const auto early = a_response("UPDATE", 500);
  ASSERT_TRUE(early);
  EXPECT_TRUE(early->header("Retry-After"));
  prack(*fork, 3);
  update(4, offer);
  auto ok = a_response("UPDATE", 200);
  ASSERT_TRUE(ok);
  EXPECT_NE(ok->body.find("a=sendonly\r\n"), std::string::npos) << ok->body;
  EXPECT_NE(ok->body.find("a=content:g.3gpp.cat\r\n"), std::string::npos) << ok->body;
  EXPECT_EQ(ok->body, fork->body);  // nothing changed: the same version (RFC 3264 8)
  std::string hold = offer;
  hold.insert(hold.find("a=rtpmap:8"), "a=sendonly\r\n");
  update(5, hold);
  const auto v = sent_to(caller);
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(v.back().status, 200);
  EXPECT_NE(v.back().body.find("a=inactive\r\n"), std::string::npos) << v.back().body;
  EXPECT_NE(v.back().body.find(" 2 IN IP4"), std::string::npos) << v.back().body;  // version 2
  ASSERT_TRUE(v.back().header("P-Early-Media"));
  EXPECT_EQ(*v.back().header("P-Early-Media"), "inactive");
  // A re-INVITE on the early dialog: RFC 3261 14.2.
  from_a(a_in_dialog("INVITE", *fork, 6, "reinv"));
  EXPECT_TRUE(a_response("INVITE", 500));
  b_responds(486);
  EXPECT_TRUE(a_got(199));
  EXPECT_TRUE(a_got(486));
  EXPECT_EQ(b2b_->call_count(), 0U);
}

// CANCEL before the callee alerted: no forked dialog, no 199.
TEST_F(forking, cancel_before_the_callee_alerts_sends_no_fork) {
  start(delivery_mode::forking, delivery_mode::off);
  from_a(a_invite(k_ue_199));
  b_responds(100);
  a_cancel();
  EXPECT_TRUE(a_got(487));
  EXPECT_FALSE(a_got(183));
  EXPECT_FALSE(a_got(199));
  b_answers("CANCEL");
  b_responds(487);
  EXPECT_EQ(b2b_->call_count(), 0U);
}

// CANCEL after the 183 but before its PRACK: 199 (the fork's 183 is no
// longer retransmitted), 487.
TEST_F(forking, cancel_before_the_prack_ends_the_fork_with_199) {
  const auto fork = ring(k_ue_199);
  ASSERT_TRUE(fork);
  a_cancel();
  EXPECT_TRUE(a_got(199));
  EXPECT_TRUE(a_got(487));
  const auto before = sent_to(caller).size();
  advance(4s);
  const auto after = sent_to(caller);
  for (std::size_t i = before; i < after.size(); ++i)
    EXPECT_NE(after[i].status, 183) << "183 retransmitted after the final response";
  b_answers("CANCEL");
  b_responds(487);
  EXPECT_EQ(b2b_->call_count(), 0U);
}

// The forking model needs P-Early-Media: supported: without it, pass-through.
TEST_F(forking, without_p_early_media_supported_the_call_passes_through) {
  start(delivery_mode::forking, delivery_mode::off);
  from_a(a_invite("Supported: 100rel, 199\r\n"));
  b_responds(180);
  EXPECT_FALSE(a_got(183));
  EXPECT_TRUE(a_got(180));
  b_responds(486);
  EXPECT_EQ(b2b_->stats().forking, 0U);
  EXPECT_EQ(b2b_->call_count(), 0U);
}

// Like Gateway mode, the forking model is CMRBT only.
TEST(forking_config, cmrt_forking_is_refused) {
  sip_settings s;
  auto n = sip_config_node(s);
  for (auto& c : n.commands) {
    if (c.syntax.rfind("mode ", 0) != 0) continue;
    const std::vector<std::string_view> cmrt{"cmrt", "forking"}, cmrbt{"cmrbt", "forking"};
    EXPECT_FALSE(c.run(cmrt));
    EXPECT_TRUE(c.run(cmrbt));
    EXPECT_EQ(s.server.as.cmrbt_mode, delivery_mode::forking);
    return;
  }
  ADD_FAILURE() << "no mode command";
}

}  // namespace
}  // namespace cmr::sip::as::test
