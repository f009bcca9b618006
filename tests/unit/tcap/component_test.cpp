// Component sublayer: invoke/result/error/linked, operation classes, the
// operation timer (TC-L-CANCEL), duplicate invoke IDs, unknown opcodes,
// results for unknown invocations, and the inactivity timer.
#include "tests/unit/tcap/tcap_fixture.h"

namespace cmr::in::tcap::test {
namespace {

namespace op = codec::opcode;
using ck = component_ind::kind;
using ckind = codec::tc_component::kind;
using ptype = codec::tc_component::problem_type;

// Opens a dialogue and brings it to ACTIVE on both sides; returns (ssf, scf).
std::pair<dialogue_id, dialogue_id> active(tcap_pair& t, tcap_layer& ssf, tcap_layer& scf,
                                           local_sccp_pair& net, recording_user& scf_user) {
  const dialogue_id d = ssf.open(addr(2), codec::ac::cap_v4_gsmssf_scf_generic);
  EXPECT_TRUE(ssf.begin(d));
  net.pump();
  const dialogue_id s = scf_user.last().id;
  EXPECT_TRUE(scf.continue_(s));
  net.pump();
  (void)t;
  return {d, s};
}

TEST_F(tcap_pair, InvokeResultErrorAndLinked) {
  auto [d, s] = active(*this, ssf, scf, net, scf_user);
  // Class 1 (InitiateCallAttempt): result.
  ASSERT_TRUE(scf.invoke(s, {1, {}, op::initiate_call_attempt, arg(1), {}, {}}));
  // Class 2 (Connect): error.
  ASSERT_TRUE(scf.invoke(s, {2, {}, op::connect, arg(2), {}, {}}));
  ASSERT_TRUE(scf.continue_(s));
  net.pump();
  ASSERT_EQ(ssf_user.last().components.size(), 2U);
  // The SSF answers 1 with a result, 2 with an error, and sends a linked invoke.
  ASSERT_TRUE(ssf.result_last(d, 1, op::initiate_call_attempt, arg(3)));
  ASSERT_TRUE(ssf.u_error(d, 2, codec::error_code::missing_parameter));
  ASSERT_TRUE(ssf.invoke(d, {5, std::int8_t{1}, op::event_report_bcsm, arg(4), {}, {}}));
  ASSERT_TRUE(ssf.continue_(d));
  net.pump();
  const auto& c = scf_user.last().components;
  ASSERT_EQ(c.size(), 3U);
  EXPECT_EQ(c[0].type, ck::result_last);
  EXPECT_EQ(c[0].invoke_id, 1);
  EXPECT_EQ(c[0].parameter, arg(3));
  EXPECT_EQ(c[1].type, ck::u_error);
  EXPECT_EQ(c[1].code, codec::error_code::missing_parameter);
  EXPECT_EQ(c[2].type, ck::invoke);
  // Linked to invoke 1, which is in wait-for-reject: still known.
  EXPECT_EQ(c[2].linked_id, 1);
  ASSERT_TRUE(scf.end(s));
  net.pump();
}

TEST_F(tcap_pair, ResultNotLastThenLast) {
  auto [d, s] = active(*this, ssf, scf, net, scf_user);
  ASSERT_TRUE(scf.invoke(s, {1, {}, op::initiate_call_attempt, arg(1), {}, {}}));
  ASSERT_TRUE(scf.continue_(s));
  net.pump();
  ASSERT_TRUE(ssf.result_not_last(d, 1, op::initiate_call_attempt, arg(2)));
  ASSERT_TRUE(ssf.result_last(d, 1, op::initiate_call_attempt, arg(3)));
  ASSERT_TRUE(ssf.continue_(d));
  net.pump();
  const auto& c = scf_user.last().components;
  ASSERT_EQ(c.size(), 2U);
  EXPECT_EQ(c[0].type, ck::result_not_last);
  EXPECT_EQ(c[1].type, ck::result_last);
  ASSERT_TRUE(ssf.end(d));
  net.pump();
}

TEST_F(tcap_pair, OperationTimerExpiryGivesLCancelAndLateResultIsRejected) {
  auto [d, s] = active(*this, ssf, scf, net, scf_user);
  // The invoker's timer (5 s, overriding the table) is shorter than the
  // responder's table value (10 s), so the responder can still answer late.
  ASSERT_TRUE(scf.invoke(s, {1, {}, op::initiate_call_attempt, arg(1), {}, 5000ms}));
  ASSERT_TRUE(scf.continue_(s));
  net.pump();
  timers.advance(4999ms);
  EXPECT_TRUE(scf_user.cancels.empty());
  timers.advance(1ms);
  ASSERT_EQ(scf_user.cancels.size(), 1U);
  EXPECT_EQ(scf_user.cancels[0].invoke_id, 1);
  EXPECT_EQ(scf_user.cancels[0].opcode, op::initiate_call_attempt);
  // The answer arrives late: unrecognized invoke ID, reported locally
  // (TC-L-REJECT) and to the peer (Reject, which it sees as TC-R-REJECT).
  ASSERT_TRUE(ssf.result_last(d, 1, op::initiate_call_attempt, arg(2)));
  ASSERT_TRUE(ssf.continue_(d));
  net.pump();
  ASSERT_EQ(scf_user.last().components.size(), 1U);
  EXPECT_EQ(scf_user.last().components[0].type, ck::l_reject);
  EXPECT_EQ(scf_user.last().components[0].problem,
            reject_problem::of(return_result_problem::unrecognized_invoke_id));
  ASSERT_TRUE(scf.continue_(s));
  tc_message rej = last_sent(net.b());
  ASSERT_EQ(rej.components.size(), 1U);
  EXPECT_EQ(rej.components[0].type, ckind::reject);
  EXPECT_EQ(rej.components[0].problem, ptype::return_result);
  EXPECT_EQ(rej.components[0].problem_code, 0);
  EXPECT_EQ(rej.components[0].invoke_id, 1);
  net.pump();
  EXPECT_EQ(ssf_user.last().components[0].type, ck::r_reject);
  ASSERT_TRUE(scf.end(s));
  net.pump();
}

TEST_F(tcap_pair, ResultForClass2OperationIsUnexpected) {
  auto [d, s] = active(*this, ssf, scf, net, scf_user);
  ASSERT_TRUE(scf.invoke(s, {1, {}, op::connect, arg(1), {}, {}}));  // class 2
  ASSERT_TRUE(scf.continue_(s));
  net.pump();
  ASSERT_TRUE(ssf.result_last(d, 1, op::connect, arg(2)));
  ASSERT_TRUE(ssf.continue_(d));
  net.pump();
  EXPECT_EQ(scf_user.last().components[0].problem,
            reject_problem::of(return_result_problem::return_result_unexpected));
  ASSERT_TRUE(scf.u_abort(s));
  net.pump();
}

TEST_F(tcap_pair, DuplicateInvokeIdIsRejected) {
  // Locally: the TC-user cannot reuse an ID in use.
  const dialogue_id d = ssf.open(addr(2), codec::ac::cap_v4_gsmssf_scf_generic);
  ASSERT_TRUE(ssf.invoke(d, {1, {}, op::initial_dp, arg(1), {}, {}}));
  EXPECT_EQ(ssf.invoke(d, {1, {}, op::initial_dp, arg(1), {}, {}}).error(),
            tc_error::duplicate_invoke_id);
  ASSERT_TRUE(ssf.end(d, true));

  // From the peer: two Invokes with ID 1 in one TC-BEGIN.
  tc_message m;
  m.type = tc_type::begin;
  m.otid = codec::tid_from_u32(0xabcdef01);
  m.dialogue = codec::dialogue_portion{};
  m.dialogue->ac_name = codec::ac::cap_v4_gsmssf_scf_generic;
  codec::tc_component c;
  c.invoke_id = 1;
  c.code.local = op::initial_dp;
  c.parameter = arg(1);
  m.components = {c, c};
  inject_to_scf(codec::encode_tc_message(m));
  const auto& ind = scf_user.last();
  ASSERT_EQ(ind.components.size(), 2U);
  EXPECT_EQ(ind.components[0].type, ck::invoke);
  EXPECT_EQ(ind.components[1].type, ck::l_reject);
  EXPECT_EQ(ind.components[1].problem, reject_problem::of(invoke_problem::duplicate_invocation));
  ASSERT_TRUE(scf.end(ind.id));
  tc_message end = last_sent(net.b());
  ASSERT_EQ(end.components.size(), 1U);
  EXPECT_EQ(end.components[0].type, ckind::reject);
  EXPECT_EQ(end.components[0].problem, ptype::invoke);
  EXPECT_EQ(end.components[0].problem_code, 0);  // duplicateInvocation
  EXPECT_EQ(codec::tid_to_u32(end.dtid), 0xabcdef01U);
  net.b().sent.clear();
  while (net.queued() != 0U) net.pump();  // to the SSF: unknown DTID, End discarded
}

TEST_F(tcap_pair, UnknownOpcodeIsRejectedByTheUser) {
  auto [d, s] = active(*this, ssf, scf, net, scf_user);
  ASSERT_TRUE(ssf.invoke(d, {7, {}, 99, arg(1), {}, {}}));
  ASSERT_TRUE(ssf.continue_(d));
  scf_user.react = [this](const dialogue_ind& ind) {
    for (const auto& c : ind.components) {
      if (c.type == ck::invoke && c.code == 99) {
        ASSERT_TRUE(scf.u_reject(ind.id, *c.invoke_id,
                                 reject_problem::of(invoke_problem::unrecognized_operation)));
      }
    }
    ASSERT_TRUE(scf.continue_(ind.id));
  };
  net.pump();
  tc_message rej = last_sent(net.b());
  ASSERT_EQ(rej.components.size(), 1U);
  EXPECT_EQ(rej.components[0].problem, ptype::invoke);
  EXPECT_EQ(rej.components[0].problem_code, 1);  // unrecognizedOperation
  const auto& c = ssf_user.last().components;
  ASSERT_EQ(c.size(), 1U);
  EXPECT_EQ(c[0].type, ck::u_reject);  // the peer's user chose it
  EXPECT_EQ(c[0].invoke_id, 7);
  scf_user.react = nullptr;
  ASSERT_TRUE(ssf.end(d));
  net.pump();
}

TEST_F(tcap_pair, UnrecognizedLinkedIdIsRejected) {
  auto [d, s] = active(*this, ssf, scf, net, scf_user);
  ASSERT_TRUE(ssf.invoke(d, {2, std::int8_t{42}, op::event_report_bcsm, arg(1), {}, {}}));
  ASSERT_TRUE(ssf.continue_(d));
  net.pump();
  EXPECT_EQ(scf_user.last().components[0].problem,
            reject_problem::of(invoke_problem::unrecognized_linked_id));
  ASSERT_TRUE(scf.end(s));
  net.pump();
}

TEST_F(tcap_pair, UserCancelDropsQueuedInvoke) {
  auto [d, s] = active(*this, ssf, scf, net, scf_user);
  ASSERT_TRUE(scf.invoke(s, {1, {}, op::play_announcement, arg(1), {}, {}}));
  ASSERT_TRUE(scf.u_cancel(s, 1));
  ASSERT_TRUE(scf.continue_(s));
  EXPECT_TRUE(last_sent(net.b()).components.empty());
  EXPECT_EQ(scf.u_cancel(s, 1).error(), tc_error::no_such_invocation);
  ASSERT_TRUE(scf.end(s));
  net.pump();
}

class tcap_pair_short_idle : public tcap_pair {
protected:
  tcap_pair_short_idle() : tcap_pair(ac_table::all_known(), 30s) {}
};

TEST_F(tcap_pair_short_idle, InactivityTimerAbortsIdleDialogue) {
  auto [d, s] = active(*this, ssf, scf, net, scf_user);
  // Activity at 20 s pushes the SCF's deadline to 50 s.
  timers.advance(20s);
  ASSERT_TRUE(ssf.continue_(d));
  net.pump();
  timers.advance(29s);
  EXPECT_TRUE(scf_user.p_aborts.empty());
  timers.advance(1s);
  ASSERT_EQ(scf_user.p_aborts.size(), 1U);
  EXPECT_EQ(scf_user.p_aborts[0].reason, p_abort_reason::inactivity_timeout);
  EXPECT_TRUE(scf_user.p_aborts[0].local);
  tc_message abort = last_sent(net.b());
  EXPECT_EQ(abort.type, tc_type::abort);
  ASSERT_TRUE(abort.dialogue);
  EXPECT_EQ(abort.dialogue->kind, codec::dialogue_portion::pdu::abrt);
  EXPECT_EQ(abort.dialogue->abort_source, 1);  // dialogue-service-provider
  net.pump();
  ASSERT_EQ(ssf_user.p_aborts.size(), 1U);
  EXPECT_EQ(ssf_user.p_aborts[0].reason, p_abort_reason::abnormal_dialogue);
  EXPECT_EQ(scf.counters().inactivity_timeouts, 1U);
}

TEST_F(tcap_pair_short_idle, InactivityAbortsUnansweredBegin) {
  const dialogue_id d = ssf.open(addr(2), codec::ac::cap_v4_gsmssf_scf_generic);
  ASSERT_TRUE(ssf.begin(d));
  net.pump();  // the SCF has it (30 s), the SSF waits (90 s)
  timers.advance(30s);
  ASSERT_EQ(scf_user.p_aborts.size(), 1U);
  net.pump();
  ASSERT_EQ(ssf_user.p_aborts.size(), 1U);  // the SCF told the SSF (ABRT provider)
  EXPECT_EQ(ssf.dialogue_count(), 0U);
}

TEST_F(tcap_pair_short_idle, InactivityClosesLostBeginLocally) {
  const dialogue_id d = ssf.open(addr(2), codec::ac::cap_v4_gsmssf_scf_generic);
  ASSERT_TRUE(ssf.begin(d));
  const auto sent = net.a().sent.size();
  timers.advance(90s);  // the Begin is still in the network: no answer
  ASSERT_EQ(ssf_user.p_aborts.size(), 1U);
  EXPECT_EQ(ssf_user.p_aborts[0].reason, p_abort_reason::inactivity_timeout);
  EXPECT_EQ(net.a().sent.size(), sent);  // no peer TID: nothing to send
  net.pump();                            // now the SCF gets it, and later gives up
  timers.advance(30s);
  net.pump();  // its ABRT finds no dialogue at the SSF: discarded
  EXPECT_EQ(ssf.counters().rx_discarded, 1U);
}

}  // namespace
}  // namespace cmr::in::tcap::test
