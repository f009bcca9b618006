// Trigger detection, CMRT alerting pattern, and what the service does with
// bad input: unknown key, unsupported trigger, unknown subscriber, missing
// mandatory parameters, undecodable arguments, malformed components, an
// unknown correlation id, internal failures, and peers vanishing mid-call.
#include "tests/unit/scp/scp_fixture.h"

namespace cmr::in::scp::test {
namespace {

using kind = component_ind::kind;
const auto all_variants = {protocol_variant::cap_v2, protocol_variant::cap_v3,
                           protocol_variant::cap_v4, protocol_variant::inap_cs1};

// The SCP answered the IDP with TC-END [Continue].
void expect_continue_end(const dialogue_ind& ind) {
  EXPECT_EQ(ind.type, dialogue_ind_kind::end);
  EXPECT_EQ(invokes(ind), std::vector<std::int32_t>{op::continue_});
}

TEST_F(scp_fixture, AlertingPatternPerPhase) {
  fsm_trace trace;
  start();
  for (auto v : all_variants) {
    send_idp(v, 101);
    const auto& ind = ssf_user.last();
    ASSERT_EQ(ind.type, dialogue_ind_kind::end) << name_of(v);
    const bool cwa = v == protocol_variant::cap_v3 || v == protocol_variant::cap_v4;
    ASSERT_EQ(invokes(ind), std::vector<std::int32_t>{cwa ? op::continue_with_argument : op::connect})
        << name_of(v);
    const auto& p = *ind.components[0].parameter;
    const bytes want{0x00, 0x00, k_pattern};
    if (cwa) {
      auto a = codec::decode_continue_with_argument(v, p);
      ASSERT_TRUE(a);
      EXPECT_EQ(a->alerting_pattern, want);
    } else {
      auto a = codec::decode_connect(v, p);
      ASSERT_TRUE(a);
      EXPECT_EQ(a->alerting_pattern, want);
      ASSERT_EQ(a->destination_routing_address.size(), 1U);
      auto dest = codec::decode_q763_number(codec::q763_kind::called, a->destination_routing_address[0]);
      ASSERT_TRUE(dest);
      EXPECT_EQ(dest->digits, k_owner);
    }
    EXPECT_NE(last_record().find("\"outcome\":\"continued\""), std::string::npos);
    EXPECT_NE(last_record().find("\"service\":\"cmrt\""), std::string::npos);
  }
  EXPECT_EQ(svc->counters().profile_alerting_pattern, 4U);
  trace.expect("alerting_pattern");
}

TEST_F(scp_fixture, AlertingPatternAbsentContinues) {
  start();
  send_idp(protocol_variant::cap_v3, make_idp(101, k_other, k_owner));
  expect_continue_end(ssf_user.last());
}

TEST_F(scp_fixture, OriginatingTriggerServesTheCaller) {
  start();
  // TDP 2 collectedInfo: the owner is the calling party (caller-side CMRBT).
  for (auto et : {event_type_bcsm::collected_info, event_type_bcsm::analyzed_information}) {
    const dialogue_id d = send_idp(protocol_variant::cap_v3, make_idp(100, k_other, k_owner, et));
    const auto& ind = ssf_user.last();
    ASSERT_EQ(invokes(ind), (std::vector<std::int32_t>{op::request_report_bcsm_event,
                                                       op::connect_to_resource, op::play_announcement}));
    auto r = codec::decode_request_report_bcsm_event(protocol_variant::cap_v3,
                                                     *find_invoke(ind, op::request_report_bcsm_event)->parameter);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->events[0].event, event_type_bcsm::o_called_party_busy);  // o-events
    send_erb(protocol_variant::cap_v3, d, make_erb(event_type_bcsm::o_abandon, false, 1), true);
    EXPECT_NE(last_record().find("\"owner\":\"491700000001\""), std::string::npos) << last_record();
  }
  // CMRT is the callee's: not at an originating trigger.
  send_idp(protocol_variant::cap_v3, make_idp(101, k_other, k_owner, event_type_bcsm::collected_info));
  expect_continue_end(ssf_user.last());
  EXPECT_EQ(svc->counters().unsupported_trigger, 1U);
}

TEST_F(scp_fixture, NationalAndBcdNumbersAreNormalised) {
  start();
  // Called party national "01700000001" (nature 3 with the trunk prefix),
  // calling party unknown nature with the international prefix.
  codec::initial_dp i = make_idp(100, "", "");
  i.called_party_number = codec::encode_q763_number(codec::q763_kind::called, {3, 1, false, 0, 0, 0, "01700000001"});
  i.calling_party_number = codec::encode_q763_number(codec::q763_kind::calling, {2, 1, false, 0, 3, 0, "00491700000002"});
  dialogue_id d = send_idp(protocol_variant::cap_v2, i);
  EXPECT_EQ(invokes(ssf_user.last()).size(), 3U);
  send_erb(protocol_variant::cap_v2, d, make_erb(event_type_bcsm::t_abandon, false, 1), true);
  EXPECT_NE(last_record().find("\"owner\":\"491700000001\",\"other\":\"491700000002\""), std::string::npos)
      << last_record();
  // CAP calledPartyBCDNumber when calledPartyNumber is absent (national, 24.008 type 2).
  codec::initial_dp b = make_idp(100, "", k_other);
  b.called_party_bcd_number = codec::encode_isdn_address({2, 1, "1700000001"});
  d = send_idp(protocol_variant::cap_v4, b);
  EXPECT_EQ(invokes(ssf_user.last()).size(), 3U);
  send_erb(protocol_variant::cap_v4, d, make_erb(event_type_bcsm::t_abandon, false, 1), true);
  EXPECT_NE(last_record().find("\"owner\":\"491700000001\""), std::string::npos) << last_record();
}

TEST_F(scp_fixture, UnknownServiceKeyContinues) {
  fsm_trace trace;
  start();
  for (auto v : all_variants) {
    send_idp(v, 999);
    expect_continue_end(ssf_user.last());
  }
  EXPECT_EQ(svc->counters().unknown_service_key, 4U);
  EXPECT_EQ(decisions.asked, 0);
  EXPECT_NE(last_record().find("\"outcome\":\"continued\""), std::string::npos);
  EXPECT_NE(last_record().find("\"profile\":\"none\""), std::string::npos);
  trace.expect("unknown_service_key");
}

TEST_F(scp_fixture, UnknownSubscriberContinues) {
  start();
  for (auto v : all_variants) {
    for (std::uint32_t key : {100U, 102U, 110U}) {
      send_idp(v, make_idp(key, "491799999999", k_other));
      expect_continue_end(ssf_user.last());
    }
  }
  EXPECT_EQ(svc->counters().no_resource, 12U);
}

TEST_F(scp_fixture, OtherEventTypeContinues) {
  start();
  send_idp(protocol_variant::cap_v2, make_idp(100, k_owner, k_other, event_type_bcsm::o_answer));
  expect_continue_end(ssf_user.last());
  EXPECT_EQ(svc->counters().unsupported_trigger, 1U);
}

TEST_F(scp_fixture, MissingOwnerNumberIsMissingParameter) {
  start();
  for (auto v : all_variants) {
    send_idp(v, make_idp(100, "", k_other));
    const auto& ind = ssf_user.last();
    ASSERT_EQ(ind.type, dialogue_ind_kind::end);
    ASSERT_EQ(ind.components.size(), 1U);
    EXPECT_EQ(ind.components[0].type, kind::u_error);
    EXPECT_EQ(ind.components[0].code, codec::error_code::missing_parameter);
  }
  EXPECT_EQ(svc->counters().idp_missing_parameter, 4U);
  EXPECT_NE(last_record().find("\"outcome\":\"error\""), std::string::npos);
}

TEST_F(scp_fixture, UndecodableIdpIsMistyped) {
  start();
  for (auto v : all_variants) {
    const dialogue_id d = ssf(v).open(addr(2, ssn(v)), ssf_context(v));
    ASSERT_TRUE(ssf(v).invoke(d, {1, std::nullopt, op::initial_dp, bytes{0x30, 0x03, 0x02, 0x01, 0x05}, {}, {}}));
    ASSERT_TRUE(ssf(v).begin(d));
    pump();
    const auto& ind = ssf_user.last();
    ASSERT_EQ(ind.type, dialogue_ind_kind::end);
    ASSERT_EQ(ind.components.size(), 1U);
    EXPECT_EQ(ind.components[0].type, kind::u_reject);
    EXPECT_EQ(ind.components[0].problem, tcap::reject_problem::of(tcap::invoke_problem::mistyped_parameter));
  }
  EXPECT_EQ(svc->counters().idp_undecodable, 4U);
  EXPECT_EQ(svc->live_calls(), 0U);
}

TEST_F(scp_fixture, MalformedComponentGetsReject) {
  start();
  // INAP Begin without dialogue portion: Invoke { invokeID 1 } without opcode.
  sigtran::n_unitdata u;
  u.called = addr(2, 241);
  u.calling = addr(1, 241);
  u.data = {0x62, 0x0d, 0x48, 0x04, 0x0a, 0x00, 0x00, 0x02, 0x6c, 0x05, 0xa1, 0x03, 0x02, 0x01, 0x01};
  net241.b().sent.clear();
  scp241->receive(u);
  ASSERT_EQ(net241.b().sent.size(), 1U);
  auto m = codec::decode_tc_message(net241.b().sent[0].data);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->type, codec::tc_type::end);
  ASSERT_EQ(m->components.size(), 1U);
  EXPECT_EQ(m->components[0].type, codec::tc_component::kind::reject);
  EXPECT_EQ(svc->counters().malformed_components, 1U);
  net241.pump();  // the SSF layer discards the End of a dialogue it never had
}

TEST_F(scp_fixture, UnexpectedOperationInBeginIsRejected) {
  start();
  const dialogue_id d = ssf146.open(addr(2, 146), ssf_context(protocol_variant::cap_v2));
  ASSERT_TRUE(ssf146.invoke(d, {1, std::nullopt, op::event_report_bcsm,
                                codec::encode_event_report_bcsm(protocol_variant::cap_v2, make_erb(event_type_bcsm::t_answer, true)), {}, {}}));
  ASSERT_TRUE(ssf146.begin(d));
  pump();
  const auto& ind = ssf_user.last();
  ASSERT_EQ(ind.type, dialogue_ind_kind::end);
  EXPECT_EQ(ind.components[0].problem, tcap::reject_problem::of(tcap::invoke_problem::unrecognized_operation));
}

TEST_F(scp_fixture, UnknownCorrelationGetsUnexpectedDataValue) {
  start();
  for (auto v : all_variants) {
    codec::assist_request_instructions ari;
    ari.correlation_id = cap::encode_generic_digits("99999999");
    if (!inap(v)) ari.ip_ssp_capabilities = bytes{0x04, 0x00};
    const dialogue_id a = ip(v).open(addr(2, ssn(v)), srf_context(v), addr(3, ssn(v)));
    ASSERT_TRUE(ip(v).invoke(a, {1, std::nullopt, op::assist_request_instructions,
                                 codec::encode_assist_request_instructions(v, ari), {}, {}}));
    ASSERT_TRUE(ip(v).begin(a));
    pump();
    const auto& ind = ip_user.last();
    ASSERT_EQ(ind.type, dialogue_ind_kind::end);
    ASSERT_EQ(ind.components.size(), 1U);
    EXPECT_EQ(ind.components[0].type, kind::u_error);
    EXPECT_EQ(ind.components[0].code, codec::error_code::unexpected_data_value);
  }
  EXPECT_EQ(svc->counters().assist_unknown_correlation, 4U);
}

TEST_F(scp_fixture, AssistTimeoutProceeds) {
  start();
  const dialogue_id d = send_idp(protocol_variant::cap_v2, 102);
  ASSERT_EQ(invokes(ssf_user.last()).size(), 2U);
  advance(9s);
  EXPECT_EQ(ssf_user.dialogues.size(), 1U);
  advance(1s);  // assist-timeout 10 s
  EXPECT_EQ(invokes(ssf_user.last()),
            (std::vector<std::int32_t>{op::disconnect_forward_connection, op::continue_}));
  EXPECT_EQ(svc->counters().assist_timeouts, 1U);
  send_erb(protocol_variant::cap_v2, d, make_erb(event_type_bcsm::t_no_answer, false), true);
  EXPECT_NE(last_record().find("\"outcome\":\"no-answer\""), std::string::npos);
}

// The IP configured with one SSN: a CAP call's ARI arrives on the INAP SSN.
TEST_F(scp_fixture, AssistCorrelatesAcrossSsns) {
  start();
  const auto v = protocol_variant::cap_v3;
  const dialogue_id d = send_idp(v, 102);
  auto etc = codec::decode_establish_temporary_connection(
      v, *find_invoke(ssf_user.last(), op::establish_temporary_connection)->parameter);
  ASSERT_TRUE(etc);
  codec::assist_request_instructions ari;
  ari.correlation_id = *etc->correlation_id;
  ari.ip_ssp_capabilities = bytes{0x04, 0x00};
  const dialogue_id a = ip241.open(addr(2, 241), srf_context(v), addr(3, 241));
  ASSERT_TRUE(ip241.invoke(a, {1, std::nullopt, op::assist_request_instructions,
                               codec::encode_assist_request_instructions(v, ari), {}, {}}));
  ASSERT_TRUE(ip241.begin(a));
  pump();
  ASSERT_EQ(invokes(ip_user.last()), std::vector<std::int32_t>{op::play_announcement});
  // The IP goes away instead of reporting: the call proceeds.
  ASSERT_TRUE(ip241.u_abort(a));
  pump();
  EXPECT_EQ(invokes(ssf_user.last()),
            (std::vector<std::int32_t>{op::disconnect_forward_connection, op::continue_}));
  send_erb(v, d, make_erb(event_type_bcsm::t_busy, false), true);
}

TEST_F(scp_fixture, AnnouncementNeverReportedProceeds) {
  start();
  const dialogue_id d = send_idp(protocol_variant::inap_cs1, 100);
  advance(300s);  // PlayAnnouncement's operation timer
  EXPECT_EQ(invokes(ssf_user.last()),
            (std::vector<std::int32_t>{op::disconnect_forward_connection, op::continue_}));
  EXPECT_EQ(svc->counters().announcement_timeouts, 1U);
  send_erb(protocol_variant::inap_cs1, d, make_erb(event_type_bcsm::t_abandon, false, 1), true);
}

TEST_F(scp_fixture, InternalFailureContinues) {
  start();
  decisions.throws = true;
  send_idp(protocol_variant::cap_v4, 100);
  expect_continue_end(ssf_user.last());
  EXPECT_EQ(svc->counters().internal_failures, 1U);
  EXPECT_NE(last_record().find("\"outcome\":\"error\""), std::string::npos);
}

// The SSF vanishes mid-call: the inactivity timer closes the SCP's dialogue
// (and the assisting IP's with it); nothing is left behind.
TEST_F(scp_fixture, SsfVanishingMidCall) {
  settings.inactivity_timer_s = 30;
  start();
  const auto v = protocol_variant::cap_v2;
  send_idp(v, 100);                                // connect-to-resource
  const dialogue_id d2 = send_idp(v, 102);         // temporary-connection, IP attached
  auto etc = codec::decode_establish_temporary_connection(
      v, *find_invoke(ssf_user.last(), op::establish_temporary_connection)->parameter);
  ASSERT_TRUE(etc);
  (void)d2;
  codec::assist_request_instructions ari;
  ari.correlation_id = *etc->correlation_id;
  ari.ip_ssp_capabilities = bytes{0x04, 0x00};
  const dialogue_id a = ip146.open(addr(2, 146), srf_context(v), addr(3, 146));
  ASSERT_TRUE(ip146.invoke(a, {1, std::nullopt, op::assist_request_instructions,
                               codec::encode_assist_request_instructions(v, ari), {}, {}}));
  ASSERT_TRUE(ip146.begin(a));
  pump();
  EXPECT_EQ(svc->live_calls(), 2U);
  ssf_gone = true;
  advance(31s);
  EXPECT_EQ(svc->live_calls(), 0U);
  EXPECT_EQ(scp146->dialogue_count(), 0U);
  EXPECT_EQ(ip_user.last().type, dialogue_ind_kind::end);  // the IP was told
  EXPECT_EQ(svc->counters().dialogues_aborted, 2U);
  EXPECT_EQ(record_lines().size(), 2U);
  EXPECT_NE(last_record().find("\"outcome\":\"error\""), std::string::npos);
  advance(600s);  // the SSF's own inactivity timer clears its side
}

// ActivityTest on a quiet SSF dialogue: a live SSF's ReturnResult keeps the
// call (the next test comes an interval after the SSF's last message); an
// SSF that stopped answering is aborted once the test's timer ran out.
TEST_F(scp_fixture, ActivityTestKeepsLiveCallAndFindsVanishedSsf) {
  settings.activity_test_interval_s = 20;
  start();
  const auto v = protocol_variant::cap_v2;
  const dialogue_id d = send_idp(v, 100);  // connect-to-resource, waiting for the SRR
  advance(19s);
  EXPECT_EQ(svc->counters().activity_tests, 0U);
  advance(2s);
  ASSERT_EQ(invokes(ssf_user.last()), std::vector<std::int32_t>{op::activity_test});
  EXPECT_EQ(ssf_user.last().type, dialogue_ind_kind::continue_);
  const auto at = find_invoke(ssf_user.last(), op::activity_test);
  ASSERT_TRUE(at && at->invoke_id);
  EXPECT_FALSE(at->parameter);  // ActivityTest has no argument
  ASSERT_TRUE(ssf146.result_last(d, *at->invoke_id, op::activity_test));
  ASSERT_TRUE(ssf146.continue_(d));
  pump();
  EXPECT_EQ(svc->counters().activity_tests, 1U);
  // An SSF message resets the quiet time: the next test 20 s after it.
  advance(10s);
  send_erb(v, d, make_erb(event_type_bcsm::t_answer, false), false);
  advance(15s);
  EXPECT_EQ(svc->counters().activity_tests, 1U);
  advance(6s);
  EXPECT_EQ(svc->counters().activity_tests, 2U);
  EXPECT_EQ(svc->live_calls(), 1U);
  // The SSF goes away (the test sent at 51 s is never answered): the
  // result is due within min(20 s, 10 s).
  ssf_gone = true;
  advance(8s);
  EXPECT_EQ(svc->live_calls(), 1U);
  advance(2s);
  EXPECT_EQ(svc->live_calls(), 0U);
  EXPECT_EQ(scp146->dialogue_count(), 0U);
  EXPECT_EQ(svc->counters().activity_test_failures, 1U);
  EXPECT_EQ(svc->counters().dialogues_aborted, 1U);
  EXPECT_NE(last_record().find("\"outcome\":\"answered\""), std::string::npos) << last_record();
  advance(600s);  // the SSF's own inactivity timer clears its side
}

TEST_F(scp_fixture, CountersText) {
  start();
  send_idp(protocol_variant::cap_v2, 999);
  const std::string t = svc->status_text();
  EXPECT_NE(t.find("live-calls 0\n"), std::string::npos) << t;
  EXPECT_NE(t.find("unknown-service-key 1\n"), std::string::npos) << t;
  EXPECT_NE(t.find("calls-continued 1\n"), std::string::npos) << t;
}

}  // namespace
}  // namespace cmr::in::scp::test
