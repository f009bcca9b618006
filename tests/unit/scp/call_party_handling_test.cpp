// CAP v4 call-party-handling: IP on the caller's segment while
// InitiateCallAttempt alerts the callee (leg 3, segment 2); answer merges,
// busy / no answer release or continue per configuration. Other phases run
// connect-to-resource.
#include "tests/unit/scp/scp_fixture.h"

namespace cmr::in::scp::test {
namespace {

constexpr auto v4 = protocol_variant::cap_v4;

class cph : public scp_fixture {
protected:
  fsm_trace trace;

  // IDP -> the five operations; the SSF confirms the ICA. Returns the SSF dialogue.
  dialogue_id setup_call() {
    start();
    const dialogue_id d = send_idp(v4, 110);
    EXPECT_EQ(ssf_user.dialogues.size(), 1U);
    const auto& first = ssf_user.last();
    EXPECT_EQ(invokes(first),
              (std::vector<std::int32_t>{op::request_report_bcsm_event, op::connect_to_resource,
                                         op::play_announcement, op::initiate_call_attempt,
                                         op::request_report_bcsm_event}));
    check_first(first);
    const auto* ica = find_invoke(first, op::initiate_call_attempt);
    if (ica == nullptr) return d;
    // ReturnResult for the InitiateCallAttempt.
    codec::initiate_call_attempt_result r;
    r.supported_camel_phases = bytes{0x04, 0xf0};
    EXPECT_TRUE(ssf146.result_last(d, *ica->invoke_id, op::initiate_call_attempt,
                                   codec::encode_initiate_call_attempt_result(v4, r)));
    EXPECT_TRUE(ssf146.continue_(d));
    pump();
    EXPECT_EQ(ssf_user.dialogues.size(), 1U);  // nothing back for the result
    return d;
  }

  void check_first(const dialogue_ind& first) {
    const auto* rrbe1 = find_invoke(first, op::request_report_bcsm_event, 0);
    const auto* rrbe3 = find_invoke(first, op::request_report_bcsm_event, 1);
    const auto* ctr = find_invoke(first, op::connect_to_resource);
    const auto* pa = find_invoke(first, op::play_announcement);
    const auto* ica = find_invoke(first, op::initiate_call_attempt);
    ASSERT_TRUE(rrbe1 && rrbe3 && ctr && pa && ica);
    auto r1 = codec::decode_request_report_bcsm_event(v4, *rrbe1->parameter);
    ASSERT_TRUE(r1);
    ASSERT_EQ(r1->events.size(), 2U);
    EXPECT_EQ(r1->events[0].event, event_type_bcsm::t_abandon);
    EXPECT_EQ(r1->events[1].event, event_type_bcsm::t_disconnect);
    EXPECT_EQ(r1->events[0].leg, (codec::leg_id{true, 1}));
    auto c = codec::decode_connect_to_resource(v4, *ctr->parameter);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->call_segment, 1);
    auto p = codec::decode_play_announcement(v4, *pa->parameter);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->call_segment, 1);
    EXPECT_EQ(p->message_id, k_annc);
    EXPECT_EQ(p->duration, 20);  // the no-answer timer
    EXPECT_EQ(p->disconnect_from_ip_forbidden, false);
    EXPECT_EQ(p->request_announcement_complete, false);
    auto i = codec::decode_initiate_call_attempt(v4, *ica->parameter);
    ASSERT_TRUE(i);
    auto dest = codec::decode_q763_number(codec::q763_kind::called, i->destination_routing_address);
    ASSERT_TRUE(dest);
    EXPECT_EQ(dest->digits, k_owner);
    EXPECT_EQ(i->leg_to_be_created, (codec::leg_id{true, 3}));
    EXPECT_EQ(i->new_call_segment, 2);
    EXPECT_TRUE(i->suppress_t_csi);
    ASSERT_TRUE(i->calling_party_number);
    auto r3 = codec::decode_request_report_bcsm_event(v4, *rrbe3->parameter);
    ASSERT_TRUE(r3);
    ASSERT_EQ(r3->events.size(), 3U);
    for (const auto& e : r3->events) {
      EXPECT_EQ(e.leg, (codec::leg_id{true, 3}));
      EXPECT_EQ(e.mode, codec::monitor_mode::interrupted);
    }
    EXPECT_EQ(r3->events[2].event, event_type_bcsm::o_no_answer);
    EXPECT_EQ(r3->events[2].application_timer, 20);
  }

  void callee_event(dialogue_id d, event_type_bcsm e) {
    send_erb(v4, d, make_erb(e, true, 3), false);
  }
  static bytes release_cause(const dialogue_ind& ind) {
    const auto* rc = find_invoke(ind, op::release_call);
    if (rc == nullptr || !rc->parameter) return {};
    auto r = codec::decode_release_call(v4, *rc->parameter);
    return r ? r->cause : bytes{};
  }
};

TEST_F(cph, AnswerMergesTheSegments) {
  const dialogue_id d = setup_call();
  advance(5s);
  callee_event(d, event_type_bcsm::o_answer);
  ASSERT_EQ(ssf_user.dialogues.size(), 2U);
  const auto& ans = ssf_user.last();
  ASSERT_EQ(invokes(ans),
            (std::vector<std::int32_t>{op::dfc_with_argument, op::move_leg, op::continue_}));
  auto dfc =
      codec::decode_dfc_with_argument(v4, *find_invoke(ans, op::dfc_with_argument)->parameter);
  ASSERT_TRUE(dfc);
  EXPECT_EQ(dfc->call_segment, 1);
  auto mv = codec::decode_move_leg(v4, *find_invoke(ans, op::move_leg)->parameter);
  ASSERT_TRUE(mv);
  EXPECT_EQ(mv->leg, (codec::leg_id{true, 3}));
  // MoveLeg is class 1: the SSF confirms it.
  ASSERT_TRUE(ssf146.result_last(d, *find_invoke(ans, op::move_leg)->invoke_id, op::move_leg));
  advance(30s);
  send_erb(v4, d, make_erb(event_type_bcsm::t_disconnect, false, 1), true);
  EXPECT_NE(last_record().find("\"outcome\":\"answered\""), std::string::npos) << last_record();
  EXPECT_NE(last_record().find("\"profile\":\"call-party-handling\""), std::string::npos);
  EXPECT_NE(last_record().find("\"alerting_ms\":5000"), std::string::npos) << last_record();
  EXPECT_NE(last_record().find("\"call_ms\":30000"), std::string::npos) << last_record();
  trace.expect("call_party_handling_answer");
}

TEST_F(cph, BusyReleases) {
  const dialogue_id d = setup_call();
  callee_event(d, event_type_bcsm::o_called_party_busy);
  const auto& rel = ssf_user.last();
  ASSERT_EQ(rel.type, dialogue_ind_kind::end);
  ASSERT_EQ(invokes(rel), (std::vector<std::int32_t>{op::dfc_with_argument, op::release_call}));
  EXPECT_EQ(release_cause(rel), (bytes{0x80, 0x91}));  // cause 17 user busy
  EXPECT_NE(last_record().find("\"outcome\":\"busy\""), std::string::npos);
  trace.expect("call_party_handling_busy_release");
}

TEST_F(cph, NoAnswerReleases) {
  const dialogue_id d = setup_call();
  advance(20s);
  callee_event(d, event_type_bcsm::o_no_answer);
  const auto& rel = ssf_user.last();
  ASSERT_EQ(rel.type, dialogue_ind_kind::end);
  EXPECT_EQ(release_cause(rel), (bytes{0x80, 0x93}));  // cause 19 no answer
  EXPECT_NE(last_record().find("\"outcome\":\"no-answer\""), std::string::npos);
  EXPECT_NE(last_record().find("\"alerting_ms\":20000"), std::string::npos) << last_record();
  trace.expect("call_party_handling_no_answer_release");
}

TEST_F(cph, BusyAndNoAnswerContinueWhenConfigured) {
  settings.cph_busy_release = false;
  settings.cph_no_answer_release = false;
  for (auto e : {event_type_bcsm::o_called_party_busy, event_type_bcsm::o_no_answer}) {
    ssf_user.dialogues.clear();
    const dialogue_id d = setup_call();
    callee_event(d, e);
    const auto& cont = ssf_user.last();
    ASSERT_EQ(cont.type, dialogue_ind_kind::continue_);
    ASSERT_EQ(invokes(cont), (std::vector<std::int32_t>{op::dfc_with_argument, op::disconnect_leg,
                                                        op::continue_with_argument}));
    auto dl = codec::decode_disconnect_leg(v4, *find_invoke(cont, op::disconnect_leg)->parameter);
    ASSERT_TRUE(dl);
    EXPECT_EQ(dl->leg, (codec::leg_id{true, 3}));
    auto cwa = codec::decode_continue_with_argument(
        v4, *find_invoke(cont, op::continue_with_argument)->parameter);
    ASSERT_TRUE(cwa);
    EXPECT_EQ(cwa->call_segment, 1);
    // The original call runs on; the caller hangs up later.
    send_erb(v4, d, make_erb(event_type_bcsm::t_disconnect, false, 1), true);
    const char* want = e == event_type_bcsm::o_no_answer ? "no-answer" : "busy";
    EXPECT_NE(last_record().find(std::string("\"outcome\":\"") + want + "\""), std::string::npos)
        << last_record();
    TearDown();  // leak check per round
  }
}

TEST_F(cph, CallerAbandonsWhileTheCalleeRings) {
  const dialogue_id d = setup_call();
  send_erb(v4, d, make_erb(event_type_bcsm::t_abandon, false, 1), true);
  EXPECT_NE(last_record().find("\"outcome\":\"abandoned\""), std::string::npos);
  trace.expect("call_party_handling_abandon");
}

TEST_F(cph, IcaRefusedFallsBack) {
  start();
  const dialogue_id d = send_idp(v4, 110);
  const auto* ica = find_invoke(ssf_user.last(), op::initiate_call_attempt);
  ASSERT_TRUE(ica);
  ASSERT_TRUE(
      ssf146.u_error(d, *ica->invoke_id, codec::error_code::system_failure,
                     codec::encode_error_parameter(v4, codec::error_code::system_failure, {0})));
  ASSERT_TRUE(ssf146.continue_(d));
  pump();
  EXPECT_EQ(ssf_user.last().type, dialogue_ind_kind::end);
  EXPECT_EQ(svc->counters().ssf_refusals, 1U);
  EXPECT_EQ(svc->counters().internal_failures, 0U);
  EXPECT_NE(last_record().find("\"outcome\":\"error\""), std::string::npos);
  trace.expect("call_party_handling_refused");
}

// CAP v2/v3 and INAP have no call party handling: connect-to-resource runs.
TEST_F(cph, OtherPhasesRunConnectToResource) {
  start();
  for (auto v : {protocol_variant::cap_v2, protocol_variant::cap_v3, protocol_variant::inap_cs1}) {
    const dialogue_id d = send_idp(v, 110);
    EXPECT_EQ(invokes(ssf_user.last()),
              (std::vector<std::int32_t>{op::request_report_bcsm_event, op::connect_to_resource,
                                         op::play_announcement}))
        << name_of(v);
    send_erb(v, d, make_erb(event_type_bcsm::t_abandon, false, 1), true);
    EXPECT_NE(last_record().find("\"profile\":\"connect-to-resource\""), std::string::npos);
  }
}

}  // namespace
}  // namespace cmr::in::scp::test
