// cmr-ssf's emulated IP (tools/cmr-ssf/win_ip.h, --emulate-ip) with the
// emulated MSC (win_engine.h, signalling only) against a scripted SCP that
// seizes it (scripted_seizing_scp.h): four ANSI TCAP layers over two
// in-memory SCCP pairs (MSC-SCP, SCP-IP), one manual clock, no sleeps.
// Checks the whole win-resource ladder without media, the TLDNs, the bad
// cases (undecodable SeizeResource, unknown TLDN, the SCP's abort, no
// ConnectResource, the caller's abandon) and, after every test, that
// transactions, seizures and timers all return to zero.
#include "tools/cmr-ssf/win_ip.h"

#include <gtest/gtest.h>

#include <set>

#include "common/manual_timer_service.h"
#include "in/tcap/local_sccp_pair.h"
#include "tests/unit/ssf/ssf_model_fixture.h"
#include "tests/unit/ssf_win/scripted_seizing_scp.h"
#include "tools/cmr-ssf/win_engine.h"
#include "tools/cmr-ssf/win_messages.h"

namespace cmr::tools::ssf::win_test {
namespace {

using namespace std::chrono_literals;
using ssf_test::recorder;

sigtran::sccp_address addr(std::uint32_t pc, std::uint8_t ssn) {
  sigtran::sccp_address a;
  a.point_code = pc;
  a.ssn = ssn;
  return a;
}

class win_emulated_ip : public ::testing::Test {
protected:
  void make(scenario::kind k = scenario::kind::answer, std::chrono::milliseconds after = 0ms,
            std::string tldn_prefix = "49608") {
    s.scp = addr(2, 147);
    s.sc.what = k;
    s.sc.after = after;
    s.sc.hold = 500ms;
    s.no_bearer = true;
    s.trace = true;
    msc_net = std::make_unique<in::tcap::local_sccp_pair>(addr(1, 8), addr(2, 147));
    ip_net = std::make_unique<in::tcap::local_sccp_pair>(addr(2, 147), addr(1, 148));
    engine = std::make_unique<win_engine>(timers, s, nullptr, rec);
    win_ip_settings is;
    is.tldn_prefix = std::move(tldn_prefix);
    is.call_timeout = s.call_timeout;
    is.seed = 7;
    ip = std::make_unique<win_ip_emulator>(timers, is);
    auto cfg = [](std::uint64_t seed) {
      in::ansi_tcap::ansi_tcap_config c;
      c.tid_seed = seed;
      return c;
    };
    msc_layer = std::make_unique<in::ansi_tcap::ansi_tcap_layer>(
        msc_net->a(), timers, *engine, win_msc_operations(s.call_timeout), cfg(1));
    scp_msc_layer = std::make_unique<in::ansi_tcap::ansi_tcap_layer>(
        msc_net->b(), timers, scp.msc_user(), win::win_operation_table(), cfg(2));
    scp_ip_layer = std::make_unique<in::ansi_tcap::ansi_tcap_layer>(
        ip_net->a(), timers, scp.ip_user(), win::win_operation_table(), cfg(3));
    ip_layer = std::make_unique<in::ansi_tcap::ansi_tcap_layer>(
        ip_net->b(), timers, *ip, win_ip_emulator::operations(s.call_timeout), cfg(4));
    engine->set_layer(msc_layer.get());
    engine->set_emulated_ip(ip.get());
    ip->set_layer(ip_layer.get());
    scp.msc_layer = scp_msc_layer.get();
    scp.ip_layer = scp_ip_layer.get();
    scp.ip_address = addr(1, 148);
    msc_net->a().on_receive = [this](sigtran::n_unitdata m) { msc_layer->receive(m); };
    msc_net->b().on_receive = [this](sigtran::n_unitdata m) { scp_msc_layer->receive(m); };
    ip_net->a().on_receive = [this](sigtran::n_unitdata m) { scp_ip_layer->receive(m); };
    ip_net->b().on_receive = [this](sigtran::n_unitdata m) { ip_layer->receive(m); };
  }

  void settle() {
    for (int i = 0; i < 100; ++i)
      if (msc_net->pump() + ip_net->pump() == 0) break;
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
    EXPECT_EQ(ip->seizure_count(), 0U) << "TLDNs leaked";
    EXPECT_EQ(msc_layer->transaction_count(), 0U) << "MSC transactions leaked";
    EXPECT_EQ(ip_layer->transaction_count(), 0U) << "IP transactions leaked";
    EXPECT_EQ(scp_msc_layer->transaction_count(), 0U) << "SCP transactions leaked";
    EXPECT_EQ(scp_ip_layer->transaction_count(), 0U) << "SCP transactions leaked";
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
  // The last package the IP sent the SCP, and whether it held a component of kind k.
  bool ip_sent(dialogue_ind_kind type, component_ind::kind k) const {
    if (scp.from_ip.empty()) return false;
    const auto& last = scp.from_ip.back();
    if (last.type != type) return false;
    for (const auto& c : last.components)
      if (c.type == k) return true;
    return false;
  }

  ssf_settings s;
  cmr::manual_timer_service timers;
  std::unique_ptr<in::tcap::local_sccp_pair> msc_net;
  std::unique_ptr<in::tcap::local_sccp_pair> ip_net;
  scripted_seizing_scp scp;
  recorder rec;
  std::unique_ptr<win_engine> engine;
  std::unique_ptr<win_ip_emulator> ip;
  std::unique_ptr<in::ansi_tcap::ansi_tcap_layer> msc_layer;
  std::unique_ptr<in::ansi_tcap::ansi_tcap_layer> scp_msc_layer;
  std::unique_ptr<in::ansi_tcap::ansi_tcap_layer> scp_ip_layer;
  std::unique_ptr<in::ansi_tcap::ansi_tcap_layer> ip_layer;
};

TEST_F(win_emulated_ip, TheWholeResourceLadderRunsWithoutMedia) {
  make();
  engine->start_call("491700000001", "491700000002");
  run_for(2s);
  // SeizeResource -> a TLDN: prefix + 6 digits.
  ASSERT_EQ(scp.tldns.size(), 1U);
  EXPECT_EQ(scp.tldns[0].size(), 11U);
  EXPECT_TRUE(scp.tldns[0].starts_with("49608")) << scp.tldns[0];
  // ConnectResource -> InstructionRequest; SRFDirective -> its result at once.
  EXPECT_EQ(scp.instruction_requests, 1);
  EXPECT_EQ(scp.srf_results, 1);
  EXPECT_TRUE(scp.ip_aborts.empty());
  const auto t = trace_text();
  EXPECT_NE(t.find("emulated IP: bearer on TLDN " + scp.tldns[0]), std::string::npos) << t;
  EXPECT_NE(t.find("emulated bearer dropped"), std::string::npos) << t;
  EXPECT_EQ(scp.events.size(), 2U);  // TAnswer, ODisconnect
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::answered) << r.detail << t;
  EXPECT_EQ(r.failure, failure_kind::none) << r.detail;
  const auto& k = ip->counters();
  EXPECT_EQ(k.seizures, 1U);
  EXPECT_EQ(k.instruction_requests, 1U);
  EXPECT_EQ(k.srf_directives, 1U);
  EXPECT_EQ(k.completed, 1U);
  EXPECT_EQ(k.aborted, 0U);
}

TEST_F(win_emulated_ip, TldnPrefixIsConfigurable) {
  make(scenario::kind::answer, 0ms, "123");
  engine->start_call("491700000001", "491700000002");
  run_for(2s);
  ASSERT_EQ(scp.tldns.size(), 1U);
  EXPECT_EQ(scp.tldns[0].size(), 9U);
  EXPECT_TRUE(scp.tldns[0].starts_with("123")) << scp.tldns[0];
  EXPECT_EQ(only_record().failure, failure_kind::none);
}

TEST_F(win_emulated_ip, ManyCallsGetDistinctTldnsAndAllEnd) {
  make();
  scp.hold_srf_directive = true;  // all seizures live at once
  for (int i = 0; i < 200; ++i) engine->start_call("491700000001", "491700000002");
  run_for(1s);
  EXPECT_EQ(ip->seizure_count(), 200U);
  const std::set<std::string> distinct(scp.tldns.begin(), scp.tldns.end());
  EXPECT_EQ(distinct.size(), 200U);
  scp.release_srf_directive();
  run_for(2s);
  EXPECT_EQ(ip->seizure_count(), 0U);
  ASSERT_EQ(rec.records.size(), 200U);
  for (const auto& r : rec.records) EXPECT_EQ(r.failure, failure_kind::none) << r.detail;
  EXPECT_EQ(ip->counters().completed, 200U);
}

TEST_F(win_emulated_ip, UndecodableSeizeResourceIsRejected) {
  make();
  scp.seize_parameter = win::bytes{0xf2, 0x03, 0x9f, 0x82, 0x09};  // a tag without its value
  engine->start_call("491700000001", "491700000002");
  run_for(2s);
  EXPECT_TRUE(scp.tldns.empty());
  bool rejected = false;
  for (const auto& c : scp.from_ip.at(0).components)
    rejected = rejected || c.type == component_ind::kind::r_reject ||
               c.type == component_ind::kind::u_reject;
  EXPECT_TRUE(rejected) << "Reject expected";
  EXPECT_EQ(scp.from_ip.at(0).type, dialogue_ind_kind::end);
  EXPECT_EQ(ip->counters().refusals, 1U);
  // The SCP lets the call proceed without the resource.
  EXPECT_EQ(only_record().failure, failure_kind::none) << only_record().detail;
}

TEST_F(win_emulated_ip, SeizeResourceWithoutTheResourceGetsMissingParameter) {
  make();
  scp.seize_parameter = win::encode(win::seize_resource{});
  engine->start_call("491700000001", "491700000002");
  run_for(2s);
  EXPECT_TRUE(scp.tldns.empty());
  ASSERT_FALSE(scp.from_ip.empty());
  const auto& comps = scp.from_ip.at(0).components;
  ASSERT_EQ(comps.size(), 1U);
  EXPECT_EQ(comps[0].type, component_ind::kind::u_error);
  EXPECT_EQ(comps[0].code, win::error_code::missing_parameter());
  EXPECT_EQ(ip->counters().refusals, 1U);
}

TEST_F(win_emulated_ip, ConnectResourceToAnUnknownTldnFailsTheCall) {
  make();
  scp.connect_tldn = "49700000000";  // not the emulated IP's
  scp.hold_srf_directive = true;
  engine->start_call("491700000001", "491700000002");
  run_for(1s);
  EXPECT_EQ(scp.instruction_requests, 0);
  EXPECT_NE(trace_text().find("is not held by the emulated IP"), std::string::npos) << trace_text();
  // The seizure waits for its bearer: the TLDN timeout aborts it, the SCP
  // lets the call proceed.
  run_for(11s);
  EXPECT_EQ(ip->seizure_count(), 0U);
  EXPECT_EQ(scp.ip_aborts.size(), 1U);
  EXPECT_EQ(ip->counters().aborted, 1U);
  EXPECT_EQ(only_record().failure, failure_kind::bearer);
}

TEST_F(win_emulated_ip, NoConnectResourceWithinTheTldnTimeoutFreesTheTldn) {
  make();
  scp.hold_connect = true;
  engine->start_call("491700000001", "491700000002");
  run_for(5s);
  EXPECT_EQ(ip->seizure_count(), 1U);
  EXPECT_TRUE(ip->holds(scp.tldns.at(0)));
  run_for(6s);
  EXPECT_EQ(ip->seizure_count(), 0U);
  EXPECT_FALSE(ip->holds(scp.tldns.at(0)));
  EXPECT_EQ(scp.ip_aborts.size(), 1U);
  EXPECT_EQ(only_record().failure, failure_kind::none) << only_record().detail;
}

TEST_F(win_emulated_ip, TheScpsAbortFreesTheSeizure) {
  make();
  scp.hold_srf_directive = true;
  engine->start_call("491700000001", "491700000002");
  run_for(1s);
  ASSERT_EQ(scp.by_ip.size(), 1U);
  ASSERT_EQ(ip->seizure_count(), 1U);
  scp.abort_ip(scp.by_ip.begin()->first);
  run_for(1s);
  EXPECT_EQ(ip->seizure_count(), 0U);
  EXPECT_EQ(ip->counters().aborted, 1U);
  // The call proceeds; the emulated bearer the MSC drops finds nothing to tell.
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::answered) << r.detail << trace_text();
  EXPECT_EQ(r.failure, failure_kind::none) << r.detail;
}

TEST_F(win_emulated_ip, TheCallersAbandonAbortsTheSeizure) {
  make(scenario::kind::abandon, 2s);
  scp.hold_srf_directive = true;  // the caller hears the resource
  engine->start_call("491700000001", "491700000002");
  run_for(1s);
  EXPECT_EQ(scp.instruction_requests, 1);
  run_for(2s);
  // Dropping the emulated bearer before the play was reported: U-ABORT.
  EXPECT_EQ(scp.ip_aborts.size(), 1U);
  EXPECT_EQ(ip->seizure_count(), 0U);
  EXPECT_EQ(scp.events.size(), 1U);  // ODisconnect
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::abandoned) << r.detail << trace_text();
  EXPECT_EQ(r.failure, failure_kind::none) << r.detail;
}

TEST_F(win_emulated_ip, AbortAllAtShutdownLeavesNothing) {
  make();
  scp.hold_srf_directive = true;
  engine->start_call("491700000001", "491700000002");
  run_for(1s);
  ASSERT_EQ(ip->seizure_count(), 1U);
  engine->abort_all();
  ip->abort_all();
  run_for(1s);
  EXPECT_EQ(ip->seizure_count(), 0U);
}

}  // namespace
}  // namespace cmr::tools::ssf::win_test
