// The SSF call model (tools/cmr-ssf/ssf_engine.h) through every delivery
// profile of docs/cs-delivery.md section 3 with every outcome and protocol:
// connect-to-resource, temporary connection, call-party handling, alerting
// pattern and plain Continue (fixture: ssf_model_fixture.h).
#include "tests/unit/ssf/ssf_model_fixture.h"

namespace cmr::tools::ssf::ssf_test {
namespace {

// --- connect-to-resource -------------------------------------------------------------

class ctr_protocols : public ssf_model, public ::testing::WithParamInterface<pv> {};

TEST_P(ctr_protocols, AnswerRunsTheWholeCallModel) {
  make(GetParam(), profile::ctr, sc(scenario::kind::answer, 1s, 2s));
  call();
  run_for(5s);
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::answered) << r.detail << trace_text();
  EXPECT_TRUE(r.has_setup);
  // IDP; SRR after the play; ERB tAnswer (EDP-R); final ERB tDisconnect in TC-END.
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE 49 | CONTINUE 24 | END 24") << trace_text();
  ASSERT_EQ(bearers.opened.size(), 1U);
  EXPECT_EQ(bearers.opened[0].announcement_id, 1001U);
  EXPECT_EQ(bearers.opened[0].repetitions, 1U);
  EXPECT_EQ(erb_at(2), std::make_pair(event_type_bcsm::t_answer, false));
  EXPECT_EQ(erb_at(3), std::make_pair(event_type_bcsm::t_disconnect, true));
  // The SRR is linked to the PlayAnnouncement's invoke id (3: RRBE 1, CTR 2, PA 3).
  EXPECT_EQ(scp->received[1].raw[0].linked_id, std::optional<std::int8_t>(3));
}

INSTANTIATE_TEST_SUITE_P(all, ctr_protocols,
                         ::testing::Values(pv::cap_v2, pv::cap_v3, pv::cap_v4, pv::inap_cs1),
                         [](const auto& i) {
                           return std::string(protocol_name(i.param)).substr(0, 3) +
                                  std::to_string(static_cast<int>(i.param));
                         });

TEST_F(ssf_model, CtrBusyEndsWithNotification) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::busy));
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::busy) << trace_text();
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE 49 | END 24");
  EXPECT_EQ(erb_at(2), std::make_pair(event_type_bcsm::t_busy, true));
}

TEST_F(ssf_model, CtrNoAnswerAfterTheSwitchTimer) {
  make(pv::cap_v3, profile::ctr, sc(scenario::kind::no_answer));
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::no_answer) << trace_text();
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE 49 | END 24");
  EXPECT_EQ(erb_at(2), std::make_pair(event_type_bcsm::t_no_answer, true));
}

TEST_F(ssf_model, CtrAbandonDuringThePlayReleasesTheBearer) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::abandon, 500ms));
  complete_plays = false;  // the announcement is still playing
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::abandoned) << trace_text();
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | END 24");
  EXPECT_EQ(erb_at(1), std::make_pair(event_type_bcsm::t_abandon, true));
  EXPECT_EQ(bearers.closed.size(), 1U);
}

TEST_F(ssf_model, CtrWithoutBearerReportsTheResourceAtOnce) {
  make(pv::cap_v4, profile::ctr, sc(scenario::kind::answer), true);
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::answered) << trace_text();
  // Answer and disconnect at once: ERB tAnswer, then the final report.
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE 49 | CONTINUE 24 | END 24");
  EXPECT_TRUE(bearers.opened.empty());
}

// --- temporary connection --------------------------------------------------------------

TEST_F(ssf_model, EtcOpensTheRoutingNumberBearerAndByesItOnDfc) {
  make(pv::cap_v2, profile::etc, sc(scenario::kind::answer, 0ms, 1s));
  bearers.on_open = [this](const bearer_request&) {};
  call();
  ASSERT_EQ(bearers.opened.size(), 1U);
  EXPECT_EQ(bearers.opened[0].routing_digits, "4960212345678");
  EXPECT_FALSE(bearers.opened[0].announcement_id.has_value());
  scp->assist_done(scp->last_dialogue);
  run_for(3s);
  EXPECT_EQ(bearers.closed.size(), 1U);  // BYE on DFC
  EXPECT_EQ(only_record().outcome, call_outcome::answered) << trace_text();
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE 24 | END 24");
}

TEST_F(ssf_model, EtcBusy) {
  make(pv::inap_cs1, profile::etc, sc(scenario::kind::busy));
  call();
  scp->assist_done(scp->last_dialogue);
  run_for(1s);
  EXPECT_EQ(only_record().outcome, call_outcome::busy) << trace_text();
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | END 24");
}

TEST_F(ssf_model, EtcBearerRefusedAnswersEtcFailed) {
  make(pv::cap_v3, profile::etc, sc(scenario::kind::answer));
  bearers.answer_404 = true;
  call();
  scp->assist_done(scp->last_dialogue);
  run_for(2s);
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::failed);
  EXPECT_EQ(r.failure, failure_kind::bearer);
  // ReturnError etcFailed (3) on the ETC invoke (2).
  ASSERT_GE(scp->received.size(), 2U);
  EXPECT_EQ(scp->received[1].comps.at(0),
            std::make_pair(component_ind::kind::u_error, std::int32_t{3}));
}

// --- call party handling --------------------------------------------------------------

TEST_F(ssf_model, CphAnswerMovesTheLegAndStopsTheIp) {
  make(pv::cap_v4, profile::cph, sc(scenario::kind::answer, 1s, 1s));
  complete_plays = false;
  call();
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::answered) << r.detail << trace_text();
  // ICA result with the first answer; oAnswer leg 3 (EDP-R); MoveLeg result;
  // final tDisconnect leg 1 in TC-END.
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE RR32 | CONTINUE 24 | CONTINUE RR93 | END 24")
      << trace_text();
  EXPECT_EQ(erb_at(2), std::make_pair(event_type_bcsm::o_answer, false));
  EXPECT_EQ(erb_at(4), std::make_pair(event_type_bcsm::t_disconnect, true));
  ASSERT_EQ(bearers.opened.size(), 1U);
  EXPECT_EQ(bearers.opened[0].announcement_id, 1002U);
  EXPECT_EQ(bearers.closed.size(), 1U);  // DFCWithArgument stopped the play
}

TEST_F(ssf_model, CphBusyReleaseForm) {
  make(pv::cap_v4, profile::cph, sc(scenario::kind::busy, 500ms));
  complete_plays = false;
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::busy) << trace_text();
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE RR32 | CONTINUE 24");
  EXPECT_EQ(erb_at(2), std::make_pair(event_type_bcsm::o_called_party_busy, false));
}

TEST_F(ssf_model, CphNoAnswerContinueFormLetsTheOriginalCallProceed) {
  make(pv::cap_v4, profile::cph, sc(scenario::kind::no_answer, 0ms, 1s));
  scp->busy_mode = cph_mode::continue_;
  scp->no_answer_timer = 1;  // applicationTimer beats the switch's 2 s
  complete_plays = false;
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::no_answer) << trace_text();
  // oNoAnswer (EDP-R); DisconnectLeg result; the caller later hangs up: tDisconnect leg 1.
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE RR32 | CONTINUE 24 | CONTINUE RR90 | END 24")
      << trace_text();
  EXPECT_EQ(erb_at(2), std::make_pair(event_type_bcsm::o_no_answer, false));
  EXPECT_EQ(erb_at(4), std::make_pair(event_type_bcsm::t_disconnect, true));
}

TEST_F(ssf_model, CphAbandonWhileTheNewLegRings) {
  make(pv::cap_v4, profile::cph, sc(scenario::kind::abandon, 1500ms));
  complete_plays = false;
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::abandoned) << trace_text();
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE RR32 | END 24");
  EXPECT_EQ(erb_at(2), std::make_pair(event_type_bcsm::t_abandon, true));
}

// --- alerting pattern, plain Continue ------------------------------------------------------

TEST_F(ssf_model, AlertingPatternCwaInCapV3) {
  make(pv::cap_v3, profile::alerting, sc(scenario::kind::answer));
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::continued);
  EXPECT_EQ(ssf_messages(), "BEGIN 0");
  EXPECT_NE(trace_text().find("alertingPattern 000005"), std::string::npos) << trace_text();
}

TEST_F(ssf_model, AlertingPatternConnectInInap) {
  make(pv::inap_cs1, profile::alerting, sc(scenario::kind::answer));
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::continued);
  EXPECT_NE(trace_text().find("alertingPattern 000005"), std::string::npos) << trace_text();
}

TEST_F(ssf_model, PlainContinue) {
  make(pv::cap_v2, profile::plain_continue, sc(scenario::kind::busy));
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::continued);
  EXPECT_EQ(only_record().failure, failure_kind::none);
}

}  // namespace
}  // namespace cmr::tools::ssf::ssf_test
