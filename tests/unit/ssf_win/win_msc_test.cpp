// The CDMA MSC call model (tools/cmr-ssf/win_engine.h, --protocol ansi41)
// against a scripted WIN SCP (scripted_win_scp.h): two ANSI TCAP layers
// over the in-memory SCCP pair, a scripted bearer service and trunk, one
// manual clock, no sleeps. Checks the AnalyzedInformation's parameters (as
// the codec decodes them), ConnectResource -> the bearer to the TLDN,
// DisconnectResource -> BYE, the event triggers as new transactions with
// the call's BillingID, route-via-platform, and bad input from the SCP.
// Every test ends with the leak check.
#include <gtest/gtest.h>

#include "common/manual_timer_service.h"
#include "in/tcap/local_sccp_pair.h"
#include "tests/unit/ssf/fake_trunks.h"
#include "tests/unit/ssf/ssf_model_fixture.h"
#include "tests/unit/ssf_win/scripted_win_scp.h"
#include "tools/cmr-ssf/win_engine.h"
#include "tools/cmr-ssf/win_messages.h"

namespace cmr::tools::ssf::win_test {
namespace {

using ssf_test::fake_bearers;
using ssf_test::fake_trunks;
using ssf_test::recorder;

sigtran::sccp_address addr(std::uint32_t pc, std::uint8_t ssn) {
  sigtran::sccp_address a;
  a.point_code = pc;
  a.ssn = ssn;
  return a;
}

scenario sc(scenario::kind k, std::chrono::milliseconds after = 0ms,
            std::chrono::milliseconds hold = 0ms) {
  scenario x;
  x.what = k;
  x.after = after;
  x.hold = hold;
  x.no_answer_time = 2s;
  return x;
}

class win_msc : public ::testing::Test {
protected:
  void make(win_profile p, scenario scn, bool no_bearer = false) {
    s.scp = addr(2, 147);
    s.sc = scn;
    s.no_bearer = no_bearer;
    s.trace = true;
    s.mscid = 0x0a0b0c;
    s.win_trigger_type = 1;
    net = std::make_unique<in::tcap::local_sccp_pair>(addr(1, 8), addr(2, 147));
    scp = std::make_unique<scripted_win_scp>(p);
    engine = std::make_unique<win_engine>(timers, s, no_bearer ? nullptr : &bearers, rec);
    bearers.events = engine.get();
    in::ansi_tcap::ansi_tcap_config c1;
    c1.tid_seed = 1;
    in::ansi_tcap::ansi_tcap_config c2;
    c2.tid_seed = 2;
    msc_layer = std::make_unique<in::ansi_tcap::ansi_tcap_layer>(
        net->a(), timers, *engine, win_msc_operations(s.call_timeout), c1);
    scp_layer = std::make_unique<in::ansi_tcap::ansi_tcap_layer>(net->b(), timers, *scp,
                                                                 scp_operations(), c2);
    engine->set_layer(msc_layer.get());
    scp->layer = scp_layer.get();
    net->a().on_receive = [this](sigtran::n_unitdata m) { msc_layer->receive(m); };
    net->b().on_receive = [this](sigtran::n_unitdata m) { scp_layer->receive(m); };
  }
  void make_rvp(scenario scn) {
    s.platform_prefix = k_platform_prefix;
    make(win_profile::platform, scn, true);
    engine->set_trunks(&trunks);
    trunks.events = engine.get();
    trunks.ringback.packets = 10;
    trunks.ringback.payload_bytes = 1600;
    trunks.ringback.content_checked = true;
  }

  void settle() {
    for (int i = 0; i < 100; ++i) {
      const std::size_t n = net->pump();
      const std::size_t before = bearers.opened.size();
      bearers.deliver(false);
      if (n == 0 && bearers.opened.size() == before && net->queued() == 0) break;
    }
  }
  void run_for(std::chrono::milliseconds d) {
    settle();
    for (auto t = 0ms; t < d; t += 100ms) {
      timers.advance(100ms);
      settle();
    }
  }

  void TearDown() override {
    run_for(70s);
    EXPECT_EQ(engine->live_calls(), 0U);
    EXPECT_EQ(msc_layer->transaction_count(), 0U) << "MSC transactions leaked";
    EXPECT_EQ(scp_layer->transaction_count(), 0U) << "SCP transactions leaked";
    EXPECT_EQ(bearers.open_count(), 0U) << "bearers left open";
    EXPECT_EQ(trunks.open_count(), 0U) << "trunk calls left open";
    EXPECT_EQ(timers.pending(), 0U) << "timers leaked";
  }

  const call_record& only_record() {
    EXPECT_EQ(rec.records.size(), 1U);
    static const call_record none{};
    return rec.records.empty() ? none : rec.records.front();
  }
  std::string trace_text() const {
    std::string t;
    for (const auto& l : rec.lines) t += l + "\n";
    return t;
  }

  ssf_settings s;
  cmr::manual_timer_service timers;
  std::unique_ptr<in::tcap::local_sccp_pair> net;
  std::unique_ptr<scripted_win_scp> scp;
  fake_bearers bearers;
  fake_trunks trunks{timers};
  recorder rec;
  std::unique_ptr<win_engine> engine;
  std::unique_ptr<in::ansi_tcap::ansi_tcap_layer> msc_layer;
  std::unique_ptr<in::ansi_tcap::ansi_tcap_layer> scp_layer;
};

TEST_F(win_msc, AnalyzedInformationCarriesTheContractsParameters) {
  make(win_profile::plain, sc(scenario::kind::answer));
  engine->start_call("491700000001", "491700000002");
  run_for(1s);
  ASSERT_EQ(scp->triggers.size(), 1U);
  const auto& ai = scp->triggers[0];
  EXPECT_EQ(ai.billing.mscid, 0x0a0b0cU);
  EXPECT_EQ(ai.billing.id_number, 1U);
  EXPECT_EQ(ai.billing.segment, 0U);
  EXPECT_EQ(ai.mscid, 0x0a0b0cU);
  EXPECT_EQ(ai.dialed.value, "491700000001");
  EXPECT_EQ(ai.dialed.type, win::digits::kind::dialed);
  EXPECT_EQ(ai.trigger_type, 1U);
  EXPECT_EQ(ai.transaction_capability, msc_transaction_capability());
  EXPECT_EQ(ai.win, msc_win_capability());
  ASSERT_TRUE(ai.calling_party.has_value());
  EXPECT_EQ(ai.calling_party->value, "491700000002");
  EXPECT_EQ(ai.msid, std::optional<std::string>("1700000002"));
  // The first package is a Query with permission (TC-BEGIN up the SCP's layer).
  ASSERT_FALSE(scp->received.empty());
  EXPECT_EQ(scp->received[0].type, dialogue_ind_kind::begin);
  // An empty result without ConnectResource: the call proceeds unmonitored.
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::continued) << r.detail << trace_text();
  EXPECT_TRUE(r.has_setup);
  EXPECT_TRUE(scp->events.empty()) << scp->event_names();
  EXPECT_TRUE(bearers.opened.empty());
}

TEST_F(win_msc, EveryCallHasItsOwnBillingId) {
  make(win_profile::plain, sc(scenario::kind::answer));
  engine->start_call("491700000001", "491700000002");
  engine->start_call("491700000003", "491700000004");
  run_for(1s);
  ASSERT_EQ(scp->triggers.size(), 2U);
  EXPECT_NE(scp->triggers[0].billing, scp->triggers[1].billing);
  EXPECT_EQ(rec.records.size(), 2U);
}

TEST_F(win_msc, ResourceThenAnswerThenDisconnect) {
  make(win_profile::resource, sc(scenario::kind::answer, 500ms, 1s));
  const auto id = engine->start_call("491700000001", "491700000002");
  ASSERT_NE(id, 0U);
  run_for(1s);
  // ConnectResource: the bearer to sip:TLDN@IP, routing-number form.
  ASSERT_EQ(bearers.opened.size(), 1U) << trace_text();
  EXPECT_EQ(bearers.opened[0].routing_digits, k_tldn);
  EXPECT_FALSE(bearers.opened[0].announcement_id.has_value());
  EXPECT_EQ(bearers.opened[0].call, id);
  EXPECT_EQ(bearers.open_count(), 1U);
  EXPECT_TRUE(rec.records.empty());
  // The IP's play is over: DisconnectResource + anlyzd result -> BYE, routing goes on.
  scp->end_resource();
  run_for(3s);
  EXPECT_NE(trace_text().find("DisconnectResource: BYE to the IP"), std::string::npos)
      << trace_text();
  EXPECT_EQ(bearers.closed.size(), 1U);
  EXPECT_EQ(bearers.open_count(), 0U);
  ASSERT_EQ(scp->events.size(), 2U) << trace_text();
  EXPECT_EQ(scp->event_names(), "TAnswer ODisconnect");
  const auto& billing = scp->triggers.at(0).billing;
  for (const auto& [op, e] : scp->events) {
    EXPECT_EQ(e.billing, billing) << "the trigger names the call by its BillingID";
    EXPECT_EQ(e.mscid, 0x0a0b0cU);
  }
  EXPECT_EQ(scp->events[0].second.trigger_type, win::trigger::t_answer);
  EXPECT_EQ(scp->events[1].second.trigger_type, win::trigger::o_disconnect);
  for (const auto& [op, e] : scp->events) {
    EXPECT_TRUE(e.time_of_day.has_value());
    EXPECT_EQ(e.time_date_offset, std::optional<std::int16_t>(0));
    EXPECT_EQ(e.esn, std::optional<std::uint32_t>(k_msc_esn));
  }
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::answered) << r.detail << trace_text();
  EXPECT_EQ(r.failure, failure_kind::none);
}

TEST_F(win_msc, ResourceThenBusy) {
  make(win_profile::resource, sc(scenario::kind::busy, 200ms));
  engine->start_call("491700000001", "491700000002");
  run_for(1s);
  scp->end_resource();
  run_for(2s);
  EXPECT_EQ(scp->event_names(), "TBusy");
  EXPECT_EQ(only_record().outcome, call_outcome::busy) << trace_text();
}

TEST_F(win_msc, ResourceThenNoAnswer) {
  make(win_profile::resource, sc(scenario::kind::no_answer));
  engine->start_call("491700000001", "491700000002");
  run_for(1s);
  scp->end_resource();
  run_for(4s);
  EXPECT_EQ(scp->event_names(), "TNoAnswer");
  EXPECT_EQ(only_record().outcome, call_outcome::no_answer) << trace_text();
}

TEST_F(win_msc, AbandonDuringTheResourceIsByeAndODisconnect) {
  make(win_profile::resource, sc(scenario::kind::abandon, 2s));
  engine->start_call("491700000001", "491700000002");
  run_for(1s);
  ASSERT_EQ(bearers.open_count(), 1U);
  run_for(2s);
  EXPECT_EQ(bearers.open_count(), 0U) << "BYE to the IP";
  EXPECT_EQ(scp->event_names(), "ODisconnect");
  EXPECT_FALSE(scp->ai_tx.has_value()) << "the SCP ended the AnalyzedInformation transaction";
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::abandoned) << r.detail << trace_text();
  EXPECT_EQ(r.failure, failure_kind::none);
}

TEST_F(win_msc, AbandonBeforeTheScpAnswersIsODisconnect) {
  make(win_profile::resource, sc(scenario::kind::abandon, 500ms));
  scp->on_trigger = [](tcap::dialogue_id, std::int8_t) {};  // the SCP is still seizing
  engine->start_call("491700000001", "491700000002");
  run_for(1s);
  EXPECT_EQ(scp->event_names(), "ODisconnect");
  EXPECT_EQ(scp->events.at(0).second.billing, scp->triggers.at(0).billing);
  EXPECT_FALSE(scp->ai_tx.has_value()) << "the SCP ended the AnalyzedInformation transaction";
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::abandoned) << r.detail << trace_text();
  EXPECT_EQ(r.failure, failure_kind::none);
  EXPECT_TRUE(bearers.opened.empty());
}

TEST_F(win_msc, ConnectResourceCrossingTheAbandonOpensNoBearer) {
  make(win_profile::resource, sc(scenario::kind::abandon, 500ms));
  tcap::dialogue_id ai = 0;
  scp->on_trigger = [&ai](tcap::dialogue_id d, std::int8_t) { ai = d; };
  // ODisconnect is answered, the AnalyzedInformation transaction kept open.
  engine->start_call("491700000001", "491700000002");
  run_for(200ms);
  ASSERT_NE(ai, 0U);
  timers.advance(400ms);  // the abandon fires; ODisconnect not yet delivered
  win::connect_resource cr;
  cr.destination.value = k_tldn;
  (void)scp_layer->invoke(ai, {1, {}, win::opcode::connect_resource(), win::encode(cr), {}, {}});
  (void)scp_layer->continue_(ai, true);
  run_for(1s);
  EXPECT_TRUE(bearers.opened.empty());
  EXPECT_EQ(scp->event_names(), "ODisconnect");
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::abandoned) << r.detail << trace_text();
  EXPECT_EQ(r.failure, failure_kind::none) << r.detail;
}

TEST_F(win_msc, SignallingOnlyOpensNoBearer) {
  make(win_profile::resource, sc(scenario::kind::answer), true);
  engine->start_call("491700000001", "491700000002");
  run_for(1s);
  scp->end_resource();
  run_for(1s);
  EXPECT_TRUE(bearers.opened.empty());
  EXPECT_EQ(scp->event_names(), "TAnswer ODisconnect");
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::answered) << r.detail;
  EXPECT_TRUE(r.has_setup);
}

TEST_F(win_msc, RoutingDigitsWithThePlatformPrefixTakeTheTrunk) {
  make_rvp(sc(scenario::kind::answer, 500ms, 1s));
  engine->start_call("491700000001", "491700000002");
  run_for(4s);
  ASSERT_EQ(trunks.opened.size(), 1U) << trace_text();
  EXPECT_EQ(trunks.opened[0].routing_digits, k_platform_prefix + "491700000001");
  EXPECT_EQ(trunks.opened[0].calling, "491700000002");
  EXPECT_EQ(trunks.actions.front(), "answer 1");
  EXPECT_EQ(scp->event_names(), "TAnswer ODisconnect");
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::answered) << r.detail << trace_text();
}

TEST_F(win_msc, BusyOnThePlatformsLegIsTBusy) {
  make_rvp(sc(scenario::kind::busy, 200ms));
  engine->start_call("491700000001", "491700000002");
  run_for(2s);
  EXPECT_EQ(scp->event_names(), "TBusy");
  EXPECT_EQ(only_record().outcome, call_outcome::busy) << trace_text();
}

TEST_F(win_msc, ActionCodeDisconnectCallReleasesTheCall) {
  make(win_profile::resource, sc(scenario::kind::answer));
  engine->start_call("491700000001", "491700000002");
  run_for(1s);
  ASSERT_TRUE(scp->ai_tx.has_value());
  win::analyzed_information_result res;
  res.action_code = win::action::disconnect_call;
  (void)scp_layer->invoke(*scp->ai_tx,
                          {2, {}, win::opcode::disconnect_resource(), win::encode_empty(), {}, {}});
  (void)scp_layer->result_last(*scp->ai_tx, scp->ai_invoke, win::encode(res));
  (void)scp_layer->end(*scp->ai_tx);
  scp->ai_tx.reset();
  run_for(1s);
  EXPECT_EQ(bearers.open_count(), 0U);
  EXPECT_TRUE(scp->events.empty()) << scp->event_names();
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::released) << r.detail << trace_text();
  EXPECT_EQ(r.failure, failure_kind::none);
}

TEST_F(win_msc, ReturnErrorFailsTheCallCleanly) {
  make(win_profile::plain, sc(scenario::kind::answer));
  scp->on_trigger = [this](tcap::dialogue_id d, std::int8_t inv) {
    (void)scp_layer->u_error(d, inv, win::error_code::missing_parameter());
    (void)scp_layer->end(d);
    scp->ai_tx.reset();
  };
  engine->start_call("491700000001", "491700000002");
  run_for(1s);
  const auto& r = only_record();
  EXPECT_EQ(r.failure, failure_kind::scp_error) << r.detail;
  EXPECT_TRUE(scp->events.empty());
}

TEST_F(win_msc, RejectFailsTheCallCleanly) {
  make(win_profile::plain, sc(scenario::kind::answer));
  scp->on_trigger = [this](tcap::dialogue_id d, std::int8_t inv) {
    (void)scp_layer->u_reject(d, inv,
                              tcap::reject_problem::of(tcap::invoke_problem::mistyped_parameter));
    (void)scp_layer->end(d);
    scp->ai_tx.reset();
  };
  engine->start_call("491700000001", "491700000002");
  run_for(1s);
  EXPECT_EQ(only_record().failure, failure_kind::rejected) << only_record().detail;
}

// Bad input towards the MSC: nothing crashes, the call fails bad-component.
TEST_F(win_msc, MalformedResultFailsTheCall) {
  make(win_profile::plain, sc(scenario::kind::answer));
  scp->on_trigger = [this](tcap::dialogue_id d, std::int8_t inv) {
    // A SET whose inner length runs past it, then junk after the SET.
    (void)scp_layer->result_last(d, inv, in::tcap::bytes{0xf2, 0x03, 0x9f, 0x57, 0x09});
    (void)scp_layer->end(d);
    scp->ai_tx.reset();
  };
  engine->start_call("491700000001", "491700000002");
  run_for(1s);
  EXPECT_EQ(only_record().failure, failure_kind::bad_component) << only_record().detail;
}

TEST_F(win_msc, MalformedConnectResourceAbortsTheCall) {
  make(win_profile::resource, sc(scenario::kind::answer));
  scp->on_trigger = [this](tcap::dialogue_id d, std::int8_t) {
    (void)scp_layer->invoke(
        d,
        {1, {}, win::opcode::connect_resource(), in::tcap::bytes{0xf2, 0x02, 0x84, 0x05}, {}, {}});
    (void)scp_layer->continue_(d, true);
  };
  engine->start_call("491700000001", "491700000002");
  run_for(1s);
  EXPECT_TRUE(bearers.opened.empty());
  EXPECT_EQ(only_record().failure, failure_kind::bad_component) << only_record().detail;
  EXPECT_EQ(scp->u_aborts.size(), 1U) << "the MSC aborted the transaction";
}

TEST_F(win_msc, ResponseWithoutResultFailsTheCall) {
  make(win_profile::plain, sc(scenario::kind::answer));
  scp->on_trigger = [this](tcap::dialogue_id d, std::int8_t) {
    (void)scp_layer->end(d);
    scp->ai_tx.reset();
  };
  engine->start_call("491700000001", "491700000002");
  run_for(1s);
  EXPECT_EQ(only_record().failure, failure_kind::unexpected) << only_record().detail;
}

TEST_F(win_msc, SilentScpTimesOut) {
  s.call_timeout = 5s;
  make(win_profile::plain, sc(scenario::kind::answer));
  scp->on_trigger = [](tcap::dialogue_id, std::int8_t) {};
  engine->start_call("491700000001", "491700000002");
  run_for(10s);
  EXPECT_EQ(only_record().failure, failure_kind::timeout) << only_record().detail;
  EXPECT_EQ(msc_layer->transaction_count(), 0U);
  // The SCP never answered, so the MSC knows no TID to address an Abort to
  // (T1.114): the SCP's side closes by its inactivity timer (90 s).
  run_for(100s);
  EXPECT_EQ(scp->p_aborts.size(), 1U);
}

}  // namespace
}  // namespace cmr::tools::ssf::win_test
