// An invoke the SCP cannot accept inside a live dialogue (an operation it
// does not know, an argument that does not decode, a malformed component) is
// answered with a Reject that leaves at once, in its own TC-CONTINUE, not
// with the SCP's next message: a switch waiting for it would stall. The same
// for the assisting IP's dialogue. Every such Reject is counted.
#include "tests/unit/scp/scp_fixture.h"

namespace cmr::in::scp::test {
namespace {

using kind = component_ind::kind;

class reject_in_dialogue : public scp_fixture,
                           public ::testing::WithParamInterface<protocol_variant> {
protected:
  protocol_variant v() const { return GetParam(); }

  // The SCP's reply to the last thing the SSF sent: exactly one TC-CONTINUE
  // carrying only a Reject of `invoke_id` for `problem`.
  void expect_reject_now(std::size_t before, std::int8_t invoke_id, tcap::invoke_problem problem,
                         const recording_user& user) {
    ASSERT_EQ(user.dialogues.size(), before + 1) << "the Reject was held back";
    const auto& ind = user.last();
    EXPECT_EQ(ind.type, dialogue_ind_kind::continue_);
    ASSERT_EQ(ind.components.size(), 1U);
    EXPECT_EQ(ind.components[0].type, kind::u_reject);
    EXPECT_EQ(ind.components[0].invoke_id, std::optional<std::int8_t>(invoke_id));
    EXPECT_EQ(ind.components[0].problem, tcap::reject_problem::of(problem));
  }
};

TEST_P(reject_in_dialogue, MistypedEventReportAndUnknownOperationAreRejectedAtOnce) {
  start();
  const dialogue_id d = send_idp(v(), 100);  // connect-to-resource: RRBE + CTR + PA
  ASSERT_EQ(ssf_user.last().type, dialogue_ind_kind::continue_);
  const auto* pa = find_invoke(ssf_user.last(), op::play_announcement);
  ASSERT_NE(pa, nullptr);
  const std::int8_t pa_invoke = *pa->invoke_id;

  // EventReportBCSM whose argument is an INTEGER, not the SEQUENCE.
  std::size_t before = ssf_user.dialogues.size();
  std::int8_t id = ssf_invoke;
  ssf_send(v(), d, {{op::event_report_bcsm, bytes{0x02, 0x01, 0x07}, std::nullopt}});
  expect_reject_now(before, id, tcap::invoke_problem::mistyped_parameter, ssf_user);
  EXPECT_EQ(svc->counters().mistyped_arguments, 1U);

  // An operation code the SCP does not serve (CAP 99 / INAP 99).
  before = ssf_user.dialogues.size();
  id = ssf_invoke;
  ssf_send(v(), d, {{99, bytes{0x30, 0x00}, std::nullopt}});
  expect_reject_now(before, id, tcap::invoke_problem::unrecognized_operation, ssf_user);
  EXPECT_EQ(svc->counters().unexpected_operations, 1U);

  // The call goes on normally afterwards.
  send_srr(v(), d, pa_invoke);
  EXPECT_EQ(invokes(ssf_user.last()),
            (std::vector<std::int32_t>{op::disconnect_forward_connection, op::continue_}));
  send_erb(v(), d, make_erb(event_type_bcsm::t_busy, false), true);
  EXPECT_NE(last_record().find("\"outcome\":\"busy\""), std::string::npos) << last_record();
  EXPECT_NE(svc->status_text().find("mistyped-arguments 1\n"), std::string::npos);
}

// A Reject queued together with the SCP's own answer rides in that answer:
// an unknown operation beside an EDP-R answer report gets one TC-CONTINUE
// with the Reject and the Continue.
TEST_P(reject_in_dialogue, RejectRidesWithTheAnswerWhenThereIsOne) {
  start();
  const dialogue_id d = send_idp(v(), 100);
  const std::int8_t pa_invoke = *find_invoke(ssf_user.last(), op::play_announcement)->invoke_id;
  send_srr(v(), d, pa_invoke);
  const std::size_t before = ssf_user.dialogues.size();
  const std::int8_t unknown = ssf_invoke;
  ssf_send(v(), d,
           {{99, bytes{0x30, 0x00}, std::nullopt},
            {op::event_report_bcsm,
             codec::encode_event_report_bcsm(v(), make_erb(event_type_bcsm::t_answer, true)),
             std::nullopt}});
  ASSERT_EQ(ssf_user.dialogues.size(), before + 1);
  const auto& ind = ssf_user.last();
  EXPECT_EQ(ind.type, dialogue_ind_kind::continue_);
  ASSERT_EQ(ind.components.size(), 2U);
  EXPECT_EQ(ind.components[0].type, kind::u_reject);
  EXPECT_EQ(ind.components[0].invoke_id, std::optional<std::int8_t>(unknown));
  EXPECT_EQ(invokes(ind), std::vector<std::int32_t>{op::continue_});
  send_erb(v(), d, make_erb(event_type_bcsm::t_disconnect, false, 1), true);
}

// A component the SCP's layer cannot read (an Invoke without an operation
// code) in a TC-CONTINUE: the layer's Reject leaves at once too.
TEST_P(reject_in_dialogue, MalformedComponentInContinueIsRejectedAtOnce) {
  start();
  const dialogue_id d = send_idp(v(), 100);
  const std::int8_t pa_invoke = *find_invoke(ssf_user.last(), op::play_announcement)->invoke_id;
  auto& net = inap(v()) ? net241 : net146;
  auto& scp = inap(v()) ? *scp241 : *scp146;
  ASSERT_FALSE(net.b().sent.empty());
  auto last = codec::decode_tc_message(net.b().sent.back().data);
  ASSERT_TRUE(last);
  ASSERT_EQ(last->otid.size(), 4U);
  const bytes own = codec::tid_from_u32(d);
  ASSERT_EQ(own.size(), 4U);
  // TC-CONTINUE { otid, dtid, components { Invoke { invokeID 9 } } }
  bytes raw = {0x65, 0x13, 0x48, 0x04};
  raw.insert(raw.end(), own.begin(), own.end());
  raw.insert(raw.end(), {0x49, 0x04});
  raw.insert(raw.end(), last->otid.begin(), last->otid.end());
  raw.insert(raw.end(), {0x6c, 0x05, 0xa1, 0x03, 0x02, 0x01, 0x09});
  sigtran::n_unitdata u;
  u.called = addr(2, ssn(v()));
  u.calling = addr(1, ssn(v()));
  u.data = raw;
  const std::size_t before = ssf_user.dialogues.size();
  scp.receive(u);
  pump();
  ASSERT_EQ(ssf_user.dialogues.size(), before + 1) << "the Reject was held back";
  EXPECT_EQ(ssf_user.last().type, dialogue_ind_kind::continue_);
  ASSERT_EQ(ssf_user.last().components.size(), 1U);
  EXPECT_EQ(ssf_user.last().components[0].type, kind::r_reject);
  EXPECT_EQ(svc->counters().malformed_components, 1U);
  send_srr(v(), d, pa_invoke);
  send_erb(v(), d, make_erb(event_type_bcsm::t_busy, false), true);
}

// The assisting IP's dialogue (temporary-connection): an unknown operation
// from the IP is rejected in its own TC-CONTINUE to the IP.
TEST_P(reject_in_dialogue, UnknownOperationFromTheAssistingIpIsRejectedAtOnce) {
  start();
  const dialogue_id d = send_idp(v(), 102);
  const auto* etc_inv = find_invoke(ssf_user.last(), op::establish_temporary_connection);
  ASSERT_NE(etc_inv, nullptr);
  auto etc = codec::decode_establish_temporary_connection(v(), *etc_inv->parameter);
  ASSERT_TRUE(etc);
  codec::assist_request_instructions ari;
  ari.correlation_id = *etc->correlation_id;
  if (!inap(v())) ari.ip_ssp_capabilities = bytes{0x04, 0x00};
  const dialogue_id a = ip(v()).open(addr(2, ssn(v())), srf_context(v()), addr(3, ssn(v())));
  ASSERT_TRUE(ip(v()).invoke(a, {1,
                                 std::nullopt,
                                 op::assist_request_instructions,
                                 codec::encode_assist_request_instructions(v(), ari),
                                 {},
                                 {}}));
  ASSERT_TRUE(ip(v()).begin(a));
  pump();
  const auto* pa = find_invoke(ip_user.last(), op::play_announcement);
  ASSERT_NE(pa, nullptr);
  const std::int8_t pa_invoke = *pa->invoke_id;

  const std::size_t before = ip_user.dialogues.size();
  ASSERT_TRUE(ip(v()).invoke(a, {2, std::nullopt, 99, bytes{0x30, 0x00}, {}, {}}));
  ASSERT_TRUE(ip(v()).continue_(a));
  pump();
  expect_reject_now(before, 2, tcap::invoke_problem::unrecognized_operation, ip_user);

  // The IP reports the end of the announcement: the call proceeds.
  ASSERT_TRUE(ip(v()).invoke(
      a, {3,
          pa_invoke,
          op::specialized_resource_report,
          codec::encode_specialized_resource_report(v(), codec::specialized_resource_report{}),
          {},
          {}}));
  ASSERT_TRUE(ip(v()).continue_(a));
  pump();
  EXPECT_EQ(invokes(ssf_user.last()),
            (std::vector<std::int32_t>{op::disconnect_forward_connection, op::continue_}));
  send_erb(v(), d, make_erb(event_type_bcsm::t_no_answer, false), true);
}

INSTANTIATE_TEST_SUITE_P(variants, reject_in_dialogue,
                         ::testing::Values(protocol_variant::cap_v2, protocol_variant::cap_v3,
                                           protocol_variant::cap_v4, protocol_variant::inap_cs1),
                         [](const auto& p) { return test_name(p.param); });

}  // namespace
}  // namespace cmr::in::scp::test
