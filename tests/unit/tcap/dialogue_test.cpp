// Dialogue handling: Begin/Continue/End basic and prearranged from both
// sides, application-context negotiation (accepted, refused), user abort,
// unknown transaction IDs.
#include "tests/unit/tcap/tcap_fixture.h"

namespace cmr::in::tcap::test {
namespace {

namespace op = codec::opcode;
using pdu = codec::dialogue_portion::pdu;
using ck = component_ind::kind;

TEST_F(tcap_pair, FullDialogueBeginContinueEnd) {
  const dialogue_id d = ssf_begin_idp();
  // TC-BEGIN on the wire: OTID = the dialogue ID, AARQ with the context.
  tc_message begin = last_sent(net.a());
  EXPECT_EQ(begin.type, tc_type::begin);
  EXPECT_EQ(codec::tid_to_u32(begin.otid), d);
  ASSERT_TRUE(begin.dialogue);
  EXPECT_EQ(begin.dialogue->kind, pdu::aarq);
  EXPECT_EQ(begin.dialogue->ac_name, codec::ac::cap_v4_gsmssf_scf_generic);

  ASSERT_EQ(scf_user.dialogues.size(), 1U);
  const dialogue_ind& b = scf_user.last();
  EXPECT_EQ(b.type, dialogue_ind_kind::begin);
  EXPECT_EQ(b.ac_name, codec::ac::cap_v4_gsmssf_scf_generic);
  ASSERT_EQ(b.components.size(), 1U);
  EXPECT_EQ(b.components[0].type, ck::invoke);
  EXPECT_EQ(b.components[0].code, op::initial_dp);
  EXPECT_EQ(b.components[0].parameter, arg(100));
  const dialogue_id s = b.id;

  // SCF: RRBE + ConnectToResource + PlayAnnouncement in the first Continue.
  ASSERT_TRUE(scf.invoke(s, {1, {}, op::request_report_bcsm_event, arg(1), {}, {}}));
  ASSERT_TRUE(scf.invoke(s, {2, {}, op::connect_to_resource, arg(2), {}, {}}));
  ASSERT_TRUE(scf.invoke(s, {3, {}, op::play_announcement, arg(3), {}, {}}));
  ASSERT_TRUE(scf.continue_(s));
  tc_message cont = last_sent(net.b());
  EXPECT_EQ(cont.type, tc_type::continue_);
  EXPECT_EQ(codec::tid_to_u32(cont.dtid), d);
  EXPECT_EQ(codec::tid_to_u32(cont.otid), s);
  ASSERT_TRUE(cont.dialogue);  // AARE accepted on the first reply
  EXPECT_EQ(cont.dialogue->kind, pdu::aare);
  EXPECT_EQ(cont.dialogue->result, 0);
  EXPECT_EQ(cont.components.size(), 3U);
  net.pump();

  const dialogue_ind& c = ssf_user.last();
  EXPECT_EQ(c.type, dialogue_ind_kind::continue_);
  EXPECT_EQ(c.ac_name, codec::ac::cap_v4_gsmssf_scf_generic);
  ASSERT_EQ(c.components.size(), 3U);
  EXPECT_EQ(c.components[2].code, op::play_announcement);

  // SSF: SpecializedResourceReport, then EventReportBCSM; the SCF ends.
  ASSERT_TRUE(ssf.invoke(d, {2, {}, op::specialized_resource_report, arg(4), {}, {}}));
  ASSERT_TRUE(ssf.continue_(d));
  EXPECT_FALSE(last_sent(net.a()).dialogue);  // the AARQ went only once
  net.pump();
  ASSERT_TRUE(ssf.invoke(d, {3, {}, op::event_report_bcsm, arg(5), {}, {}}));
  ASSERT_TRUE(ssf.continue_(d));
  net.pump();
  ASSERT_TRUE(scf.invoke(s, {4, {}, op::continue_, std::nullopt, {}, {}}));
  ASSERT_TRUE(scf.end(s));
  tc_message end = last_sent(net.b());
  EXPECT_EQ(end.type, tc_type::end);
  EXPECT_FALSE(end.dialogue);
  net.pump();
  EXPECT_EQ(ssf_user.last().type, dialogue_ind_kind::end);
  EXPECT_EQ(ssf_user.last().components[0].code, op::continue_);
}

TEST_F(tcap_pair, EndBasicAnswersBeginWithAare) {
  ssf_begin_idp();
  const dialogue_id s = scf_user.last().id;
  ASSERT_TRUE(scf.invoke(s, {1, {}, op::continue_, std::nullopt, {}, {}}));
  ASSERT_TRUE(scf.end(s));
  tc_message end = last_sent(net.b());
  EXPECT_EQ(end.type, tc_type::end);
  ASSERT_TRUE(end.dialogue);
  EXPECT_EQ(end.dialogue->kind, pdu::aare);
  net.pump();
  EXPECT_EQ(ssf_user.last().type, dialogue_ind_kind::end);
  EXPECT_EQ(ssf_user.last().ac_name, codec::ac::cap_v4_gsmssf_scf_generic);
}

TEST_F(tcap_pair, PrearrangedEndOnBothSidesSendsNothing) {
  const dialogue_id d = ssf_begin_idp();
  const dialogue_id s = scf_user.last().id;
  ASSERT_TRUE(scf.continue_(s));
  net.pump();
  const auto sent_a = net.a().sent.size();
  const auto sent_b = net.b().sent.size();
  ASSERT_TRUE(ssf.end(d, true));
  ASSERT_TRUE(scf.end(s, true));
  EXPECT_EQ(net.a().sent.size(), sent_a);
  EXPECT_EQ(net.b().sent.size(), sent_b);
  EXPECT_FALSE(ssf.continue_(d));  // gone
}

TEST_F(tcap_pair, DialogueFromTheScfSide) {
  // The SCF initiates (CAP v4 scf-to-gsmSSF, e.g. InitiateCallAttempt).
  const dialogue_id s = scf.open(addr(1), codec::ac::cap_v4_scf_gsmssf_generic);
  ASSERT_TRUE(scf.invoke(s, {1, {}, op::initiate_call_attempt, arg(7), {}, {}}));
  ASSERT_TRUE(scf.begin(s));
  net.pump();
  const dialogue_id d = ssf_user.last().id;
  ASSERT_TRUE(ssf.result_last(d, 1, op::initiate_call_attempt, arg(8)));
  ASSERT_TRUE(ssf.end(d));
  net.pump();
  const auto& e = scf_user.last();
  EXPECT_EQ(e.type, dialogue_ind_kind::end);
  ASSERT_EQ(e.components.size(), 1U);
  EXPECT_EQ(e.components[0].type, ck::result_last);
  EXPECT_EQ(e.components[0].parameter, arg(8));
}

TEST_F(tcap_pair, UnknownContextIsRefusedWithAare) {
  const codec::oid unknown{0, 4, 0, 0, 1, 0, 99, 1};
  const dialogue_id d = ssf.open(addr(2), unknown);
  ASSERT_TRUE(ssf.invoke(d, {1, {}, op::initial_dp, arg(1), {}, {}}));
  ASSERT_TRUE(ssf.begin(d));
  net.pump();
  EXPECT_TRUE(scf_user.dialogues.empty());  // never reaches the TC-user
  tc_message abort = last_sent(net.b());
  EXPECT_EQ(abort.type, tc_type::abort);
  EXPECT_EQ(codec::tid_to_u32(abort.dtid), d);
  ASSERT_TRUE(abort.dialogue);
  EXPECT_EQ(abort.dialogue->kind, pdu::aare);
  EXPECT_EQ(abort.dialogue->result, 1);  // reject-permanent
  EXPECT_FALSE(abort.dialogue->diagnostic_from_provider);
  EXPECT_EQ(abort.dialogue->diagnostic, 2);  // application-context-name-not-supported
  EXPECT_EQ(abort.dialogue->ac_name, unknown);
  ASSERT_EQ(ssf_user.u_aborts.size(), 1U);
  EXPECT_TRUE(ssf_user.u_aborts[0].ac_not_supported);
  EXPECT_EQ(ssf_user.u_aborts[0].id, d);
  EXPECT_EQ(scf.counters().ac_refused, 1U);
}

class tcap_pair_cap2_only : public tcap_pair {
protected:
  tcap_pair_cap2_only() : tcap_pair(ac_table::only({codec::ac::cap_v2_gsmssf_to_gsmscf})) {}
};

TEST_F(tcap_pair_cap2_only, ConfiguredTableRefusesKnownButDisabledContext) {
  ssf_begin_idp(codec::ac::cap_v4_gsmssf_scf_generic);
  EXPECT_TRUE(scf_user.dialogues.empty());
  ASSERT_EQ(ssf_user.u_aborts.size(), 1U);
  EXPECT_TRUE(ssf_user.u_aborts[0].ac_not_supported);
  // CAP v2 is accepted.
  ssf_begin_idp(codec::ac::cap_v2_gsmssf_to_gsmscf);
  ASSERT_EQ(scf_user.dialogues.size(), 1U);
  ASSERT_TRUE(scf.end(scf_user.last().id));
}

TEST_F(tcap_pair, UserRefusesContext) {
  const dialogue_id d = ssf_begin_idp(codec::ac::inap_cs1_ssp_to_scp);
  ASSERT_TRUE(scf.u_abort(scf_user.last().id, u_abort_reason::ac_not_supported));
  tc_message abort = last_sent(net.b());
  ASSERT_TRUE(abort.dialogue);
  EXPECT_EQ(abort.dialogue->kind, pdu::aare);
  EXPECT_EQ(abort.dialogue->diagnostic, 2);
  net.pump();
  ASSERT_EQ(ssf_user.u_aborts.size(), 1U);
  EXPECT_EQ(ssf_user.u_aborts[0].id, d);
  EXPECT_TRUE(ssf_user.u_aborts[0].ac_not_supported);
}

TEST_F(tcap_pair, UserAbortInActiveDialogue) {
  const dialogue_id d = ssf_begin_idp();
  ASSERT_TRUE(scf.continue_(scf_user.last().id));
  net.pump();
  ASSERT_TRUE(ssf.u_abort(d));
  tc_message abort = last_sent(net.a());
  EXPECT_EQ(abort.type, tc_type::abort);
  ASSERT_TRUE(abort.dialogue);
  EXPECT_EQ(abort.dialogue->kind, pdu::abrt);
  EXPECT_EQ(abort.dialogue->abort_source, 0);  // dialogue-service-user
  net.pump();
  ASSERT_EQ(scf_user.u_aborts.size(), 1U);
  EXPECT_FALSE(scf_user.u_aborts[0].ac_not_supported);
}

TEST_F(tcap_pair, AbortBeforeAnswerIsLocalThenPeerContinueGetsPAbort) {
  const dialogue_id d = ssf_begin_idp();
  const auto sent = net.a().sent.size();
  ASSERT_TRUE(ssf.u_abort(d));  // no peer TID yet: nothing can be sent
  EXPECT_EQ(net.a().sent.size(), sent);
  ASSERT_TRUE(scf.continue_(scf_user.last().id));
  net.pump();
  // The SSF no longer knows the DTID: P-Abort unrecognizedTransactionID.
  tc_message pa = last_sent(net.a());
  EXPECT_EQ(pa.type, tc_type::abort);
  EXPECT_EQ(pa.p_abort, codec::p_abort_cause::unrecognized_transaction_id);
  ASSERT_EQ(scf_user.p_aborts.size(), 1U);
  EXPECT_EQ(scf_user.p_aborts[0].reason, p_abort_reason::unrecognized_transaction_id);
  EXPECT_FALSE(scf_user.p_aborts[0].local);
}

TEST_F(tcap_pair, DialogueWithoutDialoguePortion) {
  const dialogue_id d = ssf.open(addr(2), std::nullopt);
  ASSERT_TRUE(ssf.invoke(d, {1, {}, op::initial_dp, arg(1), {}, {}}));
  ASSERT_TRUE(ssf.begin(d));
  EXPECT_FALSE(last_sent(net.a()).dialogue);
  net.pump();
  EXPECT_FALSE(scf_user.last().ac_name);
  ASSERT_TRUE(scf.continue_(scf_user.last().id));
  EXPECT_FALSE(last_sent(net.b()).dialogue);  // no AARE without an AARQ
  net.pump();
  ASSERT_TRUE(ssf.end(d));
  net.pump();
  EXPECT_EQ(scf_user.last().type, dialogue_ind_kind::end);
}

TEST_F(tcap_pair, RequestsInTheWrongStateAreRefused) {
  const dialogue_id d = ssf.open(addr(2), codec::ac::cap_v4_gsmssf_scf_generic);
  EXPECT_EQ(ssf.continue_(d).error(), tc_error::wrong_state);
  EXPECT_EQ(ssf.end(d).error(), tc_error::wrong_state);  // basic end before begin
  ASSERT_TRUE(ssf.begin(d));
  EXPECT_EQ(ssf.begin(d).error(), tc_error::wrong_state);
  EXPECT_EQ(ssf.continue_(d).error(), tc_error::wrong_state);  // before the answer
  EXPECT_EQ(ssf.result_last(d, 5, 0).error(), tc_error::no_such_invocation);
  EXPECT_EQ(ssf.end(12345).error(), tc_error::no_such_dialogue);
  net.pump();
  ASSERT_TRUE(scf.end(scf_user.last().id));
  net.pump();
}

TEST_F(tcap_pair, TransactionIdsAreUniqueAndNotSequential) {
  std::vector<dialogue_id> ids;
  std::set<dialogue_id> seen;
  for (int i = 0; i < 5000; ++i) {
    ids.push_back(ssf.open(addr(2), std::nullopt));
    EXPECT_NE(ids.back(), 0U);
    EXPECT_TRUE(seen.insert(ids.back()).second);
  }
  int sequential = 0;
  for (std::size_t i = 1; i < ids.size(); ++i) sequential += ids[i] == ids[i - 1] + 1;
  EXPECT_LT(sequential, 5);
  for (auto id : ids) ASSERT_TRUE(ssf.end(id, true));
}

TEST_F(tcap_pair, SendFailureIsReported) {
  net.a().fail_sends = true;
  const dialogue_id d = ssf.open(addr(2), codec::ac::cap_v4_gsmssf_scf_generic);
  EXPECT_EQ(ssf.begin(d).error(), tc_error::send_failed);
  EXPECT_EQ(ssf.counters().send_failures, 1U);
  // The TC-NOTICE follows on the strand, not from inside begin().
  EXPECT_TRUE(ssf_user.notices.empty());
  timers.advance(0ms);
  ASSERT_EQ(ssf_user.notices.size(), 1U);
  EXPECT_EQ(ssf_user.notices[0].id, d);
  EXPECT_TRUE(ssf_user.notices[0].local);
  EXPECT_EQ(ssf_user.notices[0].return_cause, sigtran::return_cause::mtp_failure);
  EXPECT_EQ(ssf_user.notices[0].called, addr(2));
  ASSERT_TRUE(ssf.u_abort(d));
}

// A refused send of a dialogue that ends before the notice is due: no
// TC-NOTICE for a dialogue the user already closed.
TEST_F(tcap_pair, NoNoticeForADialogueClosedMeanwhile) {
  net.a().fail_sends = true;
  const dialogue_id d = ssf.open(addr(2), codec::ac::cap_v4_gsmssf_scf_generic);
  EXPECT_FALSE(ssf.begin(d));
  ASSERT_TRUE(ssf.u_abort(d));
  timers.advance(0ms);
  EXPECT_TRUE(ssf_user.notices.empty());
  EXPECT_EQ(ssf.counters().notices_unmatched, 1U);
}

// The network returns the Begin (UDTS, unequipped user at the destination):
// the dialogue's user gets TC-NOTICE with the cause and may abort.
TEST_F(tcap_pair, ReturnedBeginGivesNoticeToItsDialogue) {
  net.a().return_sends = sigtran::return_cause::unequipped_user;
  const dialogue_id d = ssf.open(addr(2), codec::ac::cap_v4_gsmssf_scf_generic);
  ASSERT_TRUE(ssf.invoke(d, {1, std::nullopt, codec::opcode::initial_dp, arg(1), {}, {}}));
  ASSERT_TRUE(ssf.begin(d));  // accepted by SCCP
  net.pump();
  timers.advance(0ms);
  ASSERT_EQ(ssf_user.notices.size(), 1U);
  EXPECT_EQ(ssf_user.notices[0].id, d);
  EXPECT_FALSE(ssf_user.notices[0].local);
  EXPECT_EQ(ssf_user.notices[0].return_cause, sigtran::return_cause::unequipped_user);
  EXPECT_EQ(ssf.counters().notices, 1U);
  EXPECT_TRUE(scf_user.dialogues.empty());
  EXPECT_EQ(ssf.dialogue_count(), 1U) << "a notice does not end the dialogue";
  ASSERT_TRUE(ssf.u_abort(d));
}

// A returned Continue names the dialogue by its OTID too; a returned End
// belongs to no open dialogue and is only counted.
TEST_F(tcap_pair, ReturnedContinueAndEnd) {
  const dialogue_id d = ssf_begin_idp();
  const dialogue_id s = scf_user.last().id;
  ASSERT_TRUE(scf.continue_(s));
  net.pump();
  net.a().return_sends = sigtran::return_cause::mtp_failure;
  ASSERT_TRUE(ssf.continue_(d));
  net.pump();
  timers.advance(0ms);
  ASSERT_EQ(ssf_user.notices.size(), 1U);
  EXPECT_EQ(ssf_user.notices[0].id, d);
  EXPECT_EQ(ssf_user.notices[0].return_cause, sigtran::return_cause::mtp_failure);
  ASSERT_TRUE(ssf.end(d));  // basic end: sent, then returned
  net.pump();
  timers.advance(0ms);
  EXPECT_EQ(ssf_user.notices.size(), 1U);
  EXPECT_EQ(ssf.counters().notices_unmatched, 1U);
  net.a().return_sends.reset();
  ASSERT_TRUE(scf.u_abort(s));
}

// Garbage returned by the network: no notice, no crash.
TEST_F(tcap_pair, ReturnedGarbageIsCountedOnly) {
  for (const bytes& junk : {bytes{}, bytes{0x62}, bytes{0x62, 0x81}, bytes{0x65, 0x03, 0x48, 0x01, 0x01},
                            bytes{0xff, 0xff, 0xff}}) {
    ssf.notice(sigtran::n_notice{addr(2), addr(1), junk, 4, false});
  }
  timers.advance(0ms);
  EXPECT_TRUE(ssf_user.notices.empty());
  EXPECT_EQ(ssf.counters().notices_unmatched, 5U);
}

}  // namespace
}  // namespace cmr::in::tcap::test
