// user-interaction profiles, every phase x every outcome:
// connect-to-resource (RRBE + CTR + PA, SRR -> DFC + Continue) and
// temporary-connection (RRBE + ETC, the assisting IP's ARI -> PA, SRR ->
// TC-END to the IP, DFC + Continue to the SSF), then the armed events.
#include "tests/unit/scp/scp_fixture.h"

namespace cmr::in::scp::test {
namespace {

enum class outcome { answer, busy, no_answer, abandon };
const char* to_text(outcome o) {
  switch (o) {
    case outcome::answer: return "answer";
    case outcome::busy: return "busy";
    case outcome::no_answer: return "no_answer";
    case outcome::abandon: return "abandon";
  }
  return "?";
}

using param = std::tuple<protocol_variant, outcome>;

class ui_profiles : public scp_fixture, public ::testing::WithParamInterface<param> {
protected:
  fsm_trace trace;

  protocol_variant v() const { return std::get<0>(GetParam()); }
  outcome o() const { return std::get<1>(GetParam()); }

  // The RRBE the SCP sent arms the t-events of the UI set.
  void check_rrbe(const component_ind& c) {
    ASSERT_TRUE(c.parameter);
    auto r = codec::decode_request_report_bcsm_event(v(), *c.parameter);
    ASSERT_TRUE(r) << r.error().detail;
    std::map<event_type_bcsm, codec::monitor_mode> modes;
    for (const auto& e : r->events) modes[e.event] = e.mode;
    EXPECT_EQ(modes.at(event_type_bcsm::t_answer), codec::monitor_mode::interrupted);
    for (auto e : {event_type_bcsm::t_busy, event_type_bcsm::t_no_answer, event_type_bcsm::t_abandon,
                   event_type_bcsm::t_disconnect})
      EXPECT_EQ(modes.at(e), codec::monitor_mode::notify_and_continue) << static_cast<int>(e);
  }
  void check_pa(const component_ind& c) {
    ASSERT_TRUE(c.parameter);
    auto p = codec::decode_play_announcement(v(), *c.parameter);
    ASSERT_TRUE(p) << p.error().detail;
    EXPECT_EQ(p->info, codec::play_announcement::what::elementary);
    EXPECT_EQ(p->message_id, k_annc);
    EXPECT_EQ(p->number_of_repetitions, 1);
    EXPECT_NE(p->disconnect_from_ip_forbidden, std::optional<bool>(false));
    EXPECT_NE(p->request_announcement_complete, std::optional<bool>(false));
  }

  // From DFC + Continue on: the call's events to its end, then the record.
  void events_to_end(dialogue_id d) {
    advance(4s);  // alerting
    switch (o()) {
      case outcome::answer: {
        send_erb(v(), d, make_erb(event_type_bcsm::t_answer, true), false);
        ASSERT_EQ(ssf_user.last().type, dialogue_ind_kind::continue_);
        EXPECT_EQ(invokes(ssf_user.last()), std::vector<std::int32_t>{op::continue_});
        advance(60s);
        send_erb(v(), d, make_erb(event_type_bcsm::t_disconnect, false, 1), true);
        EXPECT_NE(last_record().find("\"outcome\":\"answered\""), std::string::npos) << last_record();
        EXPECT_NE(last_record().find("\"call_ms\":60000"), std::string::npos) << last_record();
        EXPECT_NE(last_record().find("\"alerting_ms\":4000"), std::string::npos) << last_record();
        EXPECT_EQ(svc->counters().calls_answered, 1U);
        break;
      }
      case outcome::busy:
        send_erb(v(), d, make_erb(event_type_bcsm::t_busy, false), true);
        EXPECT_NE(last_record().find("\"outcome\":\"busy\""), std::string::npos) << last_record();
        EXPECT_EQ(svc->counters().calls_busy, 1U);
        break;
      case outcome::no_answer:
        send_erb(v(), d, make_erb(event_type_bcsm::t_no_answer, false), true);
        EXPECT_NE(last_record().find("\"outcome\":\"no-answer\""), std::string::npos) << last_record();
        EXPECT_NE(last_record().find("\"call_ms\":0"), std::string::npos) << last_record();
        break;
      case outcome::abandon:
        // Abandon in a TC-CONTINUE: the SCP ends the dialogue itself.
        send_erb(v(), d, make_erb(event_type_bcsm::t_abandon, false, 1), false);
        ASSERT_EQ(ssf_user.last().type, dialogue_ind_kind::end);
        EXPECT_NE(last_record().find("\"outcome\":\"abandoned\""), std::string::npos) << last_record();
        break;
    }
    EXPECT_EQ(record_lines().size(), 1U);
    EXPECT_NE(last_record().find("\"protocol\":\"" + name_of(v()) + "\""),
              std::string::npos)
        << last_record();
  }
};

TEST_P(ui_profiles, ConnectToResource) {
  start();
  const dialogue_id d = send_idp(v(), 100);
  ASSERT_EQ(ssf_user.dialogues.size(), 1U);
  const auto& first = ssf_user.last();
  ASSERT_EQ(first.type, dialogue_ind_kind::continue_);
  ASSERT_EQ(invokes(first), (std::vector<std::int32_t>{op::request_report_bcsm_event,
                                                       op::connect_to_resource, op::play_announcement}));
  check_rrbe(*find_invoke(first, op::request_report_bcsm_event));
  const auto* ctr = find_invoke(first, op::connect_to_resource);
  ASSERT_TRUE(ctr->parameter);
  auto ctr_arg = codec::decode_connect_to_resource(v(), *ctr->parameter);
  ASSERT_TRUE(ctr_arg);
  EXPECT_FALSE(ctr_arg->ip_routing_address);  // resourceAddress none
  const auto* pa = find_invoke(first, op::play_announcement);
  check_pa(*pa);

  advance(3s);  // the announcement plays
  send_srr(v(), d, *pa->invoke_id);
  ASSERT_EQ(ssf_user.dialogues.size(), 2U);
  EXPECT_EQ(invokes(ssf_user.last()),
            (std::vector<std::int32_t>{op::disconnect_forward_connection, op::continue_}));
  events_to_end(d);
  EXPECT_NE(last_record().find("\"profile\":\"connect-to-resource\""), std::string::npos);
  EXPECT_NE(last_record().find("\"owner\":\"491700000001\",\"other\":\"491700000002\""),
            std::string::npos)
      << last_record();
  EXPECT_NE(last_record().find("\"resource\":\"demo-ringback-1\",\"announcement_id\":1001"),
            std::string::npos);
  trace.expect(std::string("connect_to_resource_") + to_text(o()));
}

TEST_P(ui_profiles, TemporaryConnection) {
  start();
  const dialogue_id d = send_idp(v(), 102);
  ASSERT_EQ(ssf_user.dialogues.size(), 1U);
  const auto& first = ssf_user.last();
  ASSERT_EQ(invokes(first), (std::vector<std::int32_t>{op::request_report_bcsm_event,
                                                       op::establish_temporary_connection}));
  check_rrbe(*find_invoke(first, op::request_report_bcsm_event));
  const auto* etc_c = find_invoke(first, op::establish_temporary_connection);
  ASSERT_TRUE(etc_c->parameter);
  auto etc = codec::decode_establish_temporary_connection(v(), *etc_c->parameter);
  ASSERT_TRUE(etc) << etc.error().detail;
  auto routing = codec::decode_q763_number(codec::q763_kind::generic, etc->assisting_ssp_ip_routing_address);
  ASSERT_TRUE(routing);
  const std::string prefix = v() == protocol_variant::cap_v2   ? "49602"
                             : v() == protocol_variant::cap_v3 ? "49603"
                             : v() == protocol_variant::cap_v4 ? "49604"
                                                               : "49601";
  ASSERT_EQ(routing->digits.size(), prefix.size() + 8);
  EXPECT_EQ(routing->digits.substr(0, prefix.size()), prefix);
  const std::string corr = routing->digits.substr(prefix.size());
  ASSERT_TRUE(etc->correlation_id);
  EXPECT_EQ(cap::decode_correlation(*etc->correlation_id), corr);
  ASSERT_TRUE(etc->scf_id);
  EXPECT_EQ(*etc->scf_id, (bytes{0x94, 0x71, 0x02, 0x00, 0x10, 0x00}));

  // The assisting IP (after the SSF's bearer arrived) asks for instructions.
  advance(1s);
  codec::assist_request_instructions ari;
  ari.correlation_id = cap::encode_generic_digits(corr);
  if (!inap(v())) ari.ip_ssp_capabilities = bytes{0x04, 0x00};
  auto& ipl = ip(v());
  const dialogue_id a = ipl.open(addr(2, ssn(v())), srf_context(v()), addr(3, ssn(v())));
  ASSERT_TRUE(ipl.invoke(a, {1, std::nullopt, op::assist_request_instructions,
                             codec::encode_assist_request_instructions(v(), ari), {}, {}}));
  ASSERT_TRUE(ipl.begin(a));
  pump();
  ASSERT_EQ(ip_user.dialogues.size(), 1U);
  ASSERT_EQ(ip_user.last().type, dialogue_ind_kind::continue_);
  ASSERT_EQ(invokes(ip_user.last()), std::vector<std::int32_t>{op::play_announcement});
  const auto* pa = find_invoke(ip_user.last(), op::play_announcement);
  check_pa(*pa);
  EXPECT_EQ(ssf_user.dialogues.size(), 1U);  // nothing to the SSF yet

  advance(3s);
  ASSERT_TRUE(ipl.invoke(a, {2, *pa->invoke_id, op::specialized_resource_report,
                             codec::encode_specialized_resource_report(v(), {}), {}, {}}));
  ASSERT_TRUE(ipl.continue_(a));
  pump();
  EXPECT_EQ(ip_user.last().type, dialogue_ind_kind::end);
  ASSERT_EQ(ssf_user.dialogues.size(), 2U);
  EXPECT_EQ(invokes(ssf_user.last()),
            (std::vector<std::int32_t>{op::disconnect_forward_connection, op::continue_}));
  EXPECT_EQ(svc->counters().assist_requests, 1U);
  events_to_end(d);
  EXPECT_NE(last_record().find("\"profile\":\"temporary-connection\""), std::string::npos);
  trace.expect(std::string("temporary_connection_") + to_text(o()));
}

INSTANTIATE_TEST_SUITE_P(
    all, ui_profiles,
    ::testing::Combine(::testing::Values(protocol_variant::cap_v2, protocol_variant::cap_v3,
                                         protocol_variant::cap_v4, protocol_variant::inap_cs1),
                       ::testing::Values(outcome::answer, outcome::busy, outcome::no_answer,
                                         outcome::abandon)),
    [](const ::testing::TestParamInfo<param>& i) {
      return test_name(std::get<0>(i.param)) + "_" + to_text(std::get<1>(i.param));
    });

}  // namespace
}  // namespace cmr::in::scp::test
