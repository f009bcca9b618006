// A decision the store cannot give at once (the owner's settings are not in
// memory: after a restart, say) is completed off the strand; the call waits
// in DECIDING while every other call goes on, and a switch that leaves or
// gives up meanwhile takes only its own call with it.
#include "tests/unit/scp/scp_fixture.h"

namespace cmr::in::scp::test {
namespace {

using kind = component_ind::kind;
const std::vector<std::int32_t> k_ctr_ops{op::request_report_bcsm_event, op::connect_to_resource,
                                          op::play_announcement};

class deferred_decision : public scp_fixture {
protected:
  fsm_trace trace;
  // The dialogue indications the SSF got for dialogue `d`.
  std::size_t count_for(dialogue_id d) const {
    std::size_t n = 0;
    for (const auto& ind : ssf_user.dialogues) n += ind.id == d ? 1 : 0;
    return n;
  }
  const dialogue_ind* last_for(dialogue_id d) const {
    for (auto it = ssf_user.dialogues.rbegin(); it != ssf_user.dialogues.rend(); ++it)
      if (it->id == d) return &*it;
    return nullptr;
  }
};

TEST_F(deferred_decision, WaitingCallDoesNotHoldOthersUp) {
  start();
  const auto v = protocol_variant::cap_v2;
  decisions.hold = true;
  const dialogue_id waiting = send_idp(v, 100);
  EXPECT_EQ(count_for(waiting), 0U) << "answered before the owner's settings were read";
  EXPECT_EQ(svc->counters().decisions_deferred, 1U);
  EXPECT_EQ(svc->live_calls(), 1U);

  // Another call, whose owner is in memory, is served meanwhile.
  decisions.hold = false;
  const dialogue_id other = send_idp(v, 100);
  ASSERT_EQ(count_for(other), 1U);
  EXPECT_EQ(invokes(*last_for(other)), k_ctr_ops);
  EXPECT_EQ(count_for(waiting), 0U);

  // The store delivers: the waiting call gets its instructions.
  decisions.release();
  pump();
  ASSERT_EQ(count_for(waiting), 1U);
  EXPECT_EQ(last_for(waiting)->type, dialogue_ind_kind::continue_);
  EXPECT_EQ(invokes(*last_for(waiting)), k_ctr_ops);

  for (const dialogue_id d : {waiting, other}) {
    const auto* pa = find_invoke(*last_for(d), op::play_announcement);
    ASSERT_NE(pa, nullptr);
    send_srr(v, d, *pa->invoke_id);
    send_erb(v, d, make_erb(event_type_bcsm::t_busy, false), true);
  }
  EXPECT_EQ(svc->counters().calls_busy, 2U);
  trace.expect("deferred_decision");
}

// The switch gives up while the SCP decides. Before the SCP's first answer
// its abort cannot reach the SCP (no destination TID yet, Q.774 3.2.2.2):
// the instructions that follow meet a P-Abort, and the call is freed then.
TEST_F(deferred_decision, SwitchGoneWhileDecidingFreesTheCall) {
  start();
  const auto v = protocol_variant::cap_v4;
  decisions.hold = true;
  const dialogue_id d = send_idp(v, 100);
  ASSERT_TRUE(ssf(v).u_abort(d));  // local only
  pump();
  EXPECT_EQ(svc->live_calls(), 1U);
  decisions.release();
  pump();
  EXPECT_EQ(count_for(d), 0U);
  EXPECT_EQ(svc->live_calls(), 0U);
  EXPECT_NE(last_record().find("\"outcome\":\"error\""), std::string::npos) << last_record();
  EXPECT_EQ(svc->counters().dialogues_aborted, 1U);
}

TEST_F(deferred_decision, DecisionThatFailsLaterStillContinuesTheCall) {
  start();
  const auto v = protocol_variant::cap_v3;
  decisions.hold = true;
  const dialogue_id d = send_idp(v, 100);
  // The held decision names no resource (the subscriber was deleted meanwhile).
  for (auto& h : decisions.held) h.second = store::decision{};
  decisions.release();
  pump();
  ASSERT_EQ(count_for(d), 1U);
  EXPECT_EQ(last_for(d)->type, dialogue_ind_kind::end);
  EXPECT_EQ(invokes(*last_for(d)), std::vector<std::int32_t>{op::continue_});
  EXPECT_EQ(svc->counters().no_resource, 1U);
}

}  // namespace
}  // namespace cmr::in::scp::test
