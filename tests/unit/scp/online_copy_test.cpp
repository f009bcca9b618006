// On-line copy on the temporary-connection profile (scp / online-copy,
// docs/cs-delivery.md "On-line copy"): the ringback as
// PromptAndCollectUserInformation to the assisting IP, the caller's key in
// its result, the copy through the copy port, the prompt as PlayAnnouncement
// of a built-in prompt, then PromptAndCollect again; skip, stop, repeated
// and flooding keys, digits after the call ended, results nobody asked for.
#include "in/builtin_prompts.h"
#include "tests/unit/scp/scp_fixture.h"

namespace cmr::in::scp::test {
namespace {

// The copy port of the tests: records the requests; answers at once with
// `answer`, or holds them until release() (the store's group-commit writer).
class fake_copy_port final : public ringback::copy_port {
public:
  void copy(ringback::copy_request req, std::function<void(ringback::copy_outcome)> done) override {
    requests.push_back(req);
    if (hold) {
      held.push_back(std::move(done));
      return;
    }
    done(answer);
  }
  void release() {
    auto h = std::move(held);
    held.clear();
    for (auto& d : h) d(answer);
  }
  ringback::copy_outcome answer = ringback::copy_outcome::copied;
  bool hold = false;
  std::vector<ringback::copy_request> requests;
  std::vector<std::function<void(ringback::copy_outcome)>> held;
};

class online_copy_test : public scp_fixture, public ::testing::WithParamInterface<protocol_variant> {
protected:
  online_copy_test() {
    settings.online_copy = true;
    presentation.max_keys_per_call = 4;
  }
  protocol_variant v() const { return GetParam(); }

  void begin_call() {
    start();
    svc->set_online_copy(&port, &presentation);
    d = send_idp(v(), 102);
    ASSERT_EQ(ssf_user.dialogues.size(), 1U);
    const auto* etc_c = find_invoke(ssf_user.last(), op::establish_temporary_connection);
    ASSERT_NE(etc_c, nullptr);
    auto etc = codec::decode_establish_temporary_connection(v(), *etc_c->parameter);
    ASSERT_TRUE(etc);
    const std::string corr = cap::decode_correlation(*etc->correlation_id);
    advance(1s);
    codec::assist_request_instructions ari;
    ari.correlation_id = cap::encode_generic_digits(corr);
    if (!inap(v())) ari.ip_ssp_capabilities = bytes{0x04, 0x00};
    a = ip(v()).open(addr(2, ssn(v())), srf_context(v()), addr(3, ssn(v())));
    ASSERT_TRUE(ip(v()).invoke(a, {1, std::nullopt, op::assist_request_instructions,
                                   codec::encode_assist_request_instructions(v(), ari), {}, {}}));
    ASSERT_TRUE(ip(v()).begin(a));
    pump();
    expect_collect();
  }

  // The SCP's last message to the IP is PromptAndCollect of the ringback:
  // one key, interruptable; remembers its invoke id.
  void expect_collect(std::uint32_t annc = k_annc) {
    ASSERT_EQ(invokes(ip_user.last()),
              std::vector<std::int32_t>{op::prompt_and_collect_user_information});
    const auto* c = find_invoke(ip_user.last(), op::prompt_and_collect_user_information);
    auto p = codec::decode_prompt_and_collect(v(), *c->parameter);
    ASSERT_TRUE(p) << p.error().detail;
    EXPECT_EQ(p->digits.maximum_digits, 1);
    EXPECT_NE(p->digits.interruptable_ann_ind, std::optional<bool>(false));
    ASSERT_TRUE(p->information);
    EXPECT_EQ(p->information->message_id, annc);
    collect_invoke = *c->invoke_id;
  }
  // ... or PlayAnnouncement of `annc` (a prompt, or the ringback played out).
  void expect_play(std::uint32_t annc) {
    ASSERT_EQ(invokes(ip_user.last()), std::vector<std::int32_t>{op::play_announcement});
    const auto* c = find_invoke(ip_user.last(), op::play_announcement);
    auto p = codec::decode_play_announcement(v(), *c->parameter);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->message_id, annc);
    play_invoke = *c->invoke_id;
  }

  // The IP answers the PromptAndCollect: the key, or an error.
  void press(const std::string& key) {
    codec::received_information r;
    r.digits = codec::encode_collected_digits(key, false);
    ASSERT_TRUE(ip(v()).result_last(a, collect_invoke, op::prompt_and_collect_user_information,
                               codec::encode_received_information(v(), r)));
    ASSERT_TRUE(ip(v()).continue_(a));
    pump();
  }
  void no_key() {
    ASSERT_TRUE(ip(v()).u_error(a, collect_invoke, codec::error_code::improper_caller_response));
    ASSERT_TRUE(ip(v()).continue_(a));
    pump();
  }
  void played() {
    ASSERT_TRUE(ip(v()).invoke(a, {ip_invoke++, play_invoke, op::specialized_resource_report,
                                   codec::encode_specialized_resource_report(v(), {}), {}, {}}));
    ASSERT_TRUE(ip(v()).continue_(a));
    pump();
  }
  // The ringback is over: TC-END to the IP, DFC + Continue to the SSF; the
  // callee answers and the call ends.
  void expect_released_and_end() {
    EXPECT_EQ(ip_user.last().type, dialogue_ind_kind::end);
    EXPECT_EQ(invokes(ssf_user.last()),
              (std::vector<std::int32_t>{op::disconnect_forward_connection, op::continue_}));
    send_erb(v(), d, make_erb(event_type_bcsm::t_answer, true), false);
    send_erb(v(), d, make_erb(event_type_bcsm::t_disconnect, false, 1), true);
    EXPECT_NE(last_record().find("\"outcome\":\"answered\""), std::string::npos) << last_record();
  }

  fsm_trace trace;
  fake_copy_port port;
  ringback::presentation_settings presentation;
  dialogue_id d = 0, a = 0;
  std::int8_t collect_invoke = 0, play_invoke = 0, ip_invoke = 2;
};

TEST_P(online_copy_test, StarCopiesConfirmsAndTheRingbackResumes) {
  begin_call();
  press("*");
  ASSERT_EQ(port.requests.size(), 1U);
  EXPECT_EQ(port.requests[0].caller, k_other);
  EXPECT_EQ(port.requests[0].owner, k_owner);
  EXPECT_EQ(port.requests[0].resource_id, "demo-ringback-1");
  expect_play(builtin_prompt_id(ringback::prompt_kind::confirmed));
  played();
  expect_collect();
  no_key();
  expect_released_and_end();
  EXPECT_EQ(svc->counters().online_digits, 1U);
  EXPECT_EQ(svc->counters().online_copies, 1U);
  EXPECT_EQ(svc->counters().online_copy_refusals, 0U);
  trace.expect("online_copy_done");
}

TEST_P(online_copy_test, PrivacyRefusalPlaysTheRefusedPrompt) {
  port.answer = ringback::copy_outcome::privacy_refused;
  begin_call();
  press("*");
  expect_play(builtin_prompt_id(ringback::prompt_kind::refused));
  played();
  expect_collect();
  no_key();
  expect_released_and_end();
  EXPECT_EQ(svc->counters().online_copy_refusals, 1U);
  EXPECT_EQ(svc->counters().online_copies, 0U);
  trace.expect("online_copy_refused");
}

// A prompt resource named in presentation-control plays by its own
// announcement id instead of the built-in prompt's.
TEST_P(online_copy_test, ConfiguredPromptResourcePlaysByItsAnnouncement) {
  port.answer = ringback::copy_outcome::privacy_refused;
  begin_call();
  svc->set_prompt_announcements({0, 3141, 0});
  press("*");
  expect_play(3141);
  played();
  expect_collect();
  no_key();
  expect_released_and_end();
}

TEST_P(online_copy_test, NonSubscriberHearsTheOfferOrNothing) {
  port.answer = ringback::copy_outcome::not_subscriber;
  begin_call();
  press("*");
  expect_play(builtin_prompt_id(ringback::prompt_kind::offer));
  played();
  expect_collect();
  no_key();
  expect_released_and_end();
  EXPECT_EQ(svc->counters().online_offers, 1U);
}

TEST_P(online_copy_test, SecondPressNeitherCopiesNorChargesAgain) {
  begin_call();
  press("*");
  expect_play(builtin_prompt_id(ringback::prompt_kind::confirmed));
  played();
  expect_collect();
  press("*");
  EXPECT_EQ(port.requests.size(), 1U);  // one copy, one charge
  expect_play(builtin_prompt_id(ringback::prompt_kind::confirmed));
  played();
  expect_collect();
  no_key();
  expect_released_and_end();
  EXPECT_EQ(svc->counters().online_copy_repeated, 1U);
  trace.expect("online_copy_double_press");
}

TEST_P(online_copy_test, SkipAsksForTheBoxsNextResource) {
  decisions.box = true;
  begin_call();
  const int asked = decisions.asked;
  press("#");
  EXPECT_EQ(decisions.asked, asked + 1);
  expect_collect();
  no_key();
  expect_released_and_end();
  EXPECT_EQ(svc->counters().online_skips, 1U);
  EXPECT_TRUE(port.requests.empty());
  trace.expect("online_copy_skip");
}

TEST_P(online_copy_test, StopEndsThePresentation) {
  begin_call();
  press("0");
  expect_released_and_end();
  EXPECT_EQ(svc->counters().online_stops, 1U);
  trace.expect("online_copy_stop");
}

// Spec 5.7: after a stop, DefaultCMRResourceId1 is presented (and keys are
// still collected on it); the decision port is asked for it alone.
TEST_P(online_copy_test, StopPresentsDefaultCmrResourceId1) {
  decisions.default1_annc = 4242;
  begin_call();
  const int asked = decisions.asked;
  press("0");
  EXPECT_EQ(decisions.asked, asked + 1);
  expect_collect(4242);
  no_key();
  expect_released_and_end();
  EXPECT_EQ(svc->counters().online_stops, 1U);
  trace.expect("online_copy_stop_default");
}

TEST_P(online_copy_test, CopyAnsweredAfterTheCallEndedPlaysNothing) {
  port.hold = true;
  begin_call();
  press("*");
  ASSERT_EQ(port.requests.size(), 1U);
  // The caller hangs up while the store works: the IP's dialogue ends.
  send_erb(v(), d, make_erb(event_type_bcsm::t_abandon, false, 1), true);
  EXPECT_EQ(ip_user.last().type, dialogue_ind_kind::end);
  const auto ip_messages = ip_user.dialogues.size();
  port.release();
  pump();
  EXPECT_EQ(ip_user.dialogues.size(), ip_messages);  // no prompt for a gone call
  EXPECT_EQ(svc->counters().online_copies, 1U);      // the copy itself was made
  EXPECT_NE(last_record().find("\"outcome\":\"abandoned\""), std::string::npos) << last_record();
  trace.expect("online_copy_call_ended");
}

TEST_P(online_copy_test, KeyFloodPlaysTheRingbackOutWithoutCollecting) {
  begin_call();
  for (int i = 0; i < 4; ++i) {
    press("5");  // no action: collected again
    expect_collect();
  }
  press("5");  // the fifth key of a 4-key limit
  expect_play(k_annc);
  played();
  expect_released_and_end();
  EXPECT_EQ(svc->counters().online_floods, 1U);
  EXPECT_EQ(svc->counters().online_digits, 5U);
  EXPECT_TRUE(port.requests.empty());
  trace.expect("online_copy_flood");
}

TEST_P(online_copy_test, ResultsNobodyAskedForChangeNothing) {
  begin_call();
  const auto ip_messages = ip_user.dialogues.size();
  // A ReceivedInformation for an invoke the SCP never sent, twice.
  codec::received_information r;
  r.digits = codec::encode_collected_digits("*", false);
  const auto arg = codec::encode_received_information(v(), r);
  (void)ip(v()).result_last(a, 99, op::prompt_and_collect_user_information, arg);
  (void)ip(v()).result_last(a, 98, op::prompt_and_collect_user_information, arg);
  ASSERT_TRUE(ip(v()).continue_(a));
  pump();
  EXPECT_TRUE(port.requests.empty());
  EXPECT_GE(ip_user.dialogues.size(), ip_messages);
  // Unreadable digits in the real answer: the ringback is over for this call.
  codec::received_information bad;
  bad.digits = bytes{0x60, 0x11};  // an encoding scheme no keypad sends
  ASSERT_TRUE(ip(v()).result_last(a, collect_invoke, op::prompt_and_collect_user_information,
                             codec::encode_received_information(v(), bad)));
  ASSERT_TRUE(ip(v()).continue_(a));
  pump();
  EXPECT_TRUE(port.requests.empty());
  expect_released_and_end();
}

TEST_P(online_copy_test, OffWithoutTheSettingPlaysAsBefore) {
  settings.online_copy = false;
  start();
  svc->set_online_copy(&port, &presentation);
  d = send_idp(v(), 102);
  const auto* etc_c = find_invoke(ssf_user.last(), op::establish_temporary_connection);
  auto etc = codec::decode_establish_temporary_connection(v(), *etc_c->parameter);
  codec::assist_request_instructions ari;
  ari.correlation_id = cap::encode_generic_digits(cap::decode_correlation(*etc->correlation_id));
  if (!inap(v())) ari.ip_ssp_capabilities = bytes{0x04, 0x00};
  a = ip(v()).open(addr(2, ssn(v())), srf_context(v()), addr(3, ssn(v())));
  ASSERT_TRUE(ip(v()).invoke(a, {1, std::nullopt, op::assist_request_instructions,
                                 codec::encode_assist_request_instructions(v(), ari), {}, {}}));
  ASSERT_TRUE(ip(v()).begin(a));
  pump();
  expect_play(k_annc);
  played();
  expect_released_and_end();
}

INSTANTIATE_TEST_SUITE_P(all, online_copy_test,
                         ::testing::Values(protocol_variant::cap_v2, protocol_variant::cap_v3,
                                           protocol_variant::cap_v4, protocol_variant::inap_cs1),
                         [](const ::testing::TestParamInfo<protocol_variant>& i) {
                           return test_name(i.param);
                         });

}  // namespace
}  // namespace cmr::in::scp::test
