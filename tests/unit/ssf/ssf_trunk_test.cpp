// The SSF call model's SIP trunk to the platform (route-via-platform,
// tools/cmr-ssf/trunk.h, engine_trunk.cpp): a Connect to the platform prefix
// places the call on the trunk; the scenario's callee acts once the
// platform's leg rang; the A-leg's 200 OK and 486 are the answer and busy
// events; no answer, abandon and the disconnect hang the trunk up; a bad
// ringback fails the call. The trunk is scripted (its events come from the
// manual clock, never from inside its calls).
#include "tests/unit/ssf/fake_trunks.h"
#include "tests/unit/ssf/ssf_model_fixture.h"

namespace cmr::tools::ssf::ssf_test {
namespace {

const std::string k_routed = "49609491700000001";

class ssf_trunk : public ssf_model {
protected:
  void make_rvp(pv v, scenario sc, const std::string& dest = k_routed) {
    s.platform_prefix = "49609";
    make(v, profile::ctr, sc);
    engine->set_trunks(&trunks);
    trunks.events = engine.get();
    trunks.ringback.packets = 10;
    trunks.ringback.payload_bytes = 1600;
    trunks.ringback.content_checked = true;
    scp->on_idp = [this, v, dest](tcap::dialogue_id d) {
      using E = event_type_bcsm;
      const auto R = codec::monitor_mode::interrupted;
      const auto N = codec::monitor_mode::notify_and_continue;
      scp->invoke(d, codec::opcode::request_report_bcsm_event,
                  scp->rrbe({{E::t_busy, N, 2},
                             {E::t_no_answer, N, 2},
                             {E::t_answer, R, 2},
                             {E::t_abandon, N, 1},
                             {E::t_disconnect, N, 2}}));
      codec::connect_arg c;
      c.destination_routing_address.push_back(
          codec::encode_q763_number(codec::q763_kind::called, {2, 1, false, 0, 0, 0, dest}));
      scp->invoke(d, codec::opcode::connect, codec::encode_connect(v, c));
      (void)scp->layer->continue_(d);
    };
  }
  void TearDown() override {
    ssf_model::TearDown();
    EXPECT_EQ(trunks.open_count(), 0U) << "trunk calls left open";
  }
  fake_trunks trunks{timers};
};

class trunk_protocols : public ssf_trunk, public ::testing::WithParamInterface<pv> {};

TEST_P(trunk_protocols, AnswerOnThePlatformsLegIsTheAnswer) {
  make_rvp(GetParam(), sc(scenario::kind::answer, 500ms, 1s));
  // As the load driver does: the caller's number for the trunk's From/PAI.
  engine->start_call(encode_idp(s, "491700000001", "491700000002"), "491700000002");
  run_for(3s);
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::answered) << r.detail << trace_text();
  ASSERT_EQ(trunks.opened.size(), 1U);
  EXPECT_EQ(trunks.opened[0].routing_digits, k_routed);
  EXPECT_EQ(trunks.opened[0].calling, "491700000002");
  EXPECT_EQ(trunks.actions, (std::vector<std::string>{"answer 1", "close 1"}));
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE 24 | END 24") << trace_text();
  EXPECT_EQ(erb_at(1), std::make_pair(event_type_bcsm::t_answer, false));
  EXPECT_EQ(erb_at(2), std::make_pair(event_type_bcsm::t_disconnect, true));
  EXPECT_TRUE(bearers.opened.empty());
}

INSTANTIATE_TEST_SUITE_P(all, trunk_protocols,
                         ::testing::Values(pv::cap_v2, pv::cap_v3, pv::cap_v4, pv::inap_cs1),
                         [](const auto& i) {
                           return std::string(protocol_name(i.param)).substr(0, 3) +
                                  std::to_string(static_cast<int>(i.param));
                         });

TEST_F(ssf_trunk, BusyIsThePlatformsFinalAnswer) {
  make_rvp(pv::cap_v3, sc(scenario::kind::busy, 300ms));
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::busy) << trace_text();
  EXPECT_EQ(trunks.actions, std::vector<std::string>{"busy 1"});
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | END 24");
  EXPECT_EQ(erb_at(1), std::make_pair(event_type_bcsm::t_busy, true));
}

TEST_F(ssf_trunk, NoAnswerAndAbandonHangTheTrunkUp) {
  make_rvp(pv::inap_cs1, sc(scenario::kind::no_answer, 1s));
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::no_answer) << trace_text();
  EXPECT_EQ(trunks.actions, std::vector<std::string>{"close 1"});
  EXPECT_EQ(erb_at(1), std::make_pair(event_type_bcsm::t_no_answer, true));
}

TEST_F(ssf_trunk, AbandonHangsTheTrunkUp) {
  make_rvp(pv::cap_v2, sc(scenario::kind::abandon, 500ms));
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::abandoned) << trace_text();
  EXPECT_EQ(trunks.actions, std::vector<std::string>{"close 1"});
  EXPECT_EQ(erb_at(1), std::make_pair(event_type_bcsm::t_abandon, true));
}

TEST_F(ssf_trunk, RingbackThatIsNotTheResourceFailsTheCall) {
  make_rvp(pv::cap_v4, sc(scenario::kind::answer, 200ms));
  trunks.ringback.ok = false;
  trunks.ringback.problem = "payload differs at byte 160";
  call();
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::failed) << trace_text();
  EXPECT_EQ(r.failure, failure_kind::rtp_mismatch);
}

// A Connect to another number (no prefix): the call proceeds as before.
TEST_F(ssf_trunk, ConnectElsewhereProceedsWithoutTheTrunk) {
  make_rvp(pv::cap_v2, sc(scenario::kind::busy), "491700000001");
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::busy) << trace_text();
  EXPECT_TRUE(trunks.opened.empty());
}

}  // namespace
}  // namespace cmr::tools::ssf::ssf_test
