// CS delivery under bad input and faults (issue 6), real processes only: the
// real cmr-server (demo catalogue, short SCP timers: assist-timeout 1 s,
// inactivity-timer 2 s), sccp_peer as a switch sending hand-made TCAP bytes
// over IPA, cmr-ssf as the load generator, osmo-stp in between for the
// restart case. For every fault: the answer on the wire (decoded with the
// project's codec), the counter of "show cmr scp" (over the VTY), that the
// server still serves a normal call afterwards, and that the live calls and
// open TCAP dialogues of the SCP return to zero.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/codec/tcap_message.h"
#include "tests/common/tc_builders.h"
#include "tests/integration/server/server_process.h"
#include "tests/integration/sigtran/sigtran_fixture.h"

namespace cmr::test {
namespace {

using namespace cmr::in::codec;
using clock_type = std::chrono::steady_clock;

tc_component abandon() {
  event_report_bcsm e;
  e.event = event_type_bcsm::t_abandon;
  e.leg = leg_id{false, 1};
  e.misc = misc_call_info{true, std::nullopt};
  return invoke(9, opcode::event_report_bcsm,
                encode_event_report_bcsm(protocol_variant::cap_v2, e));
}

std::string ops(const tc_message& m) {
  std::string s;
  for (const auto& c : m.components)
    s += std::to_string(static_cast<int>(c.type)) + ":" + std::to_string(c.code.local) + " ";
  return s;
}

std::map<std::string, std::string> fields(const std::string& text) {
  std::map<std::string, std::string> f;
  std::istringstream in(text);
  for (std::string w; in >> w;) {
    const auto eq = w.find('=');
    if (eq != std::string::npos) f[w.substr(0, eq)] = w.substr(eq + 1);
  }
  return f;
}

// "name value" lines of "show cmr scp".
std::map<std::string, long> counters(const std::string& show) {
  std::map<std::string, long> m;
  std::istringstream in(show);
  for (std::string l; std::getline(in, l);) {
    std::istringstream ls(l);
    std::string name;
    long v = 0;
    if (ls >> name >> v) m[name] = v;
  }
  return m;
}

// The demo server with short timers; the SSF side comes from the test.
class cs_faults : public ::testing::Test {
protected:
  void start_server(const std::string& cfg_text, const std::string& ready) {
    srv.write_file("test.cfg", cfg_text);
    srv.start({"-c", "test.cfg"});
    ASSERT_TRUE(srv.wait_for_err(ready, 30s)) << srv.err();
    ASSERT_TRUE(srv.wait_for_err("SCP service logic on SSN 146", 30s)) << srv.err();
  }
  void start_direct(const std::string& scp_lines = " assist-timeout 1\n inactivity-timer 2\n") {
    start_server(demo_config() + "scp\n" + scp_lines, " started");
    std::smatch m;
    const std::string err = srv.err();
    ASSERT_TRUE(std::regex_search(err, m, std::regex("ipa listener on 127\\.0\\.0\\.1:([0-9]+)")))
        << err;
    ipa_port = static_cast<unsigned short>(std::stoul(m[1]));
  }
  void start_peer() {
    peer_config c;
    c.ip = "127.0.0.1";
    c.pc = "0.12.4";
    c.ssns = {146, 241};
    c.asp_name = "cmr-ssf";
    c.remote_ip = "127.0.0.1";
    c.remote_port = ipa_port;
    ssf = std::make_unique<peer>(dir, "ssf", c, false);
    ASSERT_TRUE(ssf->ready()) << ssf->err();
    ASSERT_TRUE(ssf->wait_state("AS", "as-cmr-ssf", "AS_ACTIVE", 10s)) << ssf->err() << srv.err();
  }

  std::string vty(const std::string& cmd) {
    vty_client v(srv.vty_port());
    return v.connected() ? v.command(cmd) : std::string{};
  }
  std::map<std::string, long> scp() { return counters(vty("show cmr scp")); }
  // Polls "show cmr scp" until pred holds.
  template <typename P>
  bool wait_scp(P pred, std::chrono::milliseconds timeout) {
    const auto deadline = clock_type::now() + timeout;
    while (clock_type::now() < deadline) {
      auto c = scp();
      if (!c.empty() && pred(c)) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }
  // No call, no open TCAP dialogue left in the SCP.
  void expect_idle(std::chrono::milliseconds timeout = 10s) {
    EXPECT_TRUE(
        wait_scp([](auto& c) { return c["live-calls"] == 0 && c["tcap-dialogues"] == 0; }, timeout))
        << vty("show cmr scp");
  }

  std::optional<tc_message> send(const bytes& wire, unsigned ssn = 146) {
    if (!ssf->send(ssn, "0.23.2", ssn, to_hex(wire))) return std::nullopt;
    auto rx = ssf->receive(5s);
    if (!rx) return std::nullopt;
    auto d = decode_tc_message(from_hex(rx->back()));
    if (!d) return std::nullopt;
    return *d;
  }
  std::optional<tc_message> exchange(const tc_message& m) { return send(encode_tc_message(m)); }

  // A normal connect-to-resource call (key 100) to its end: the server still serves.
  void normal_call(std::uint8_t n) {
    const bytes otid{0x00, 0x0c, 0x00, n};
    auto r =
        exchange(begin_msg(otid, invoke(1, opcode::initial_dp,
                                        encode_initial_dp(protocol_variant::cap_v2, idp(100)))));
    ASSERT_TRUE(r) << srv.err();
    ASSERT_EQ(r->type, tc_type::continue_);
    ASSERT_EQ(r->components.size(), 3U) << ops(*r);
    EXPECT_EQ(r->components[2].code.local, opcode::play_announcement);
    auto r2 =
        exchange(next_msg(tc_type::continue_, *r, otid,
                          invoke(2, opcode::specialized_resource_report,
                                 encode_specialized_resource_report(protocol_variant::cap_v2, {}),
                                 r->components[2].invoke_id)));
    ASSERT_TRUE(r2) << srv.err();
    ASSERT_EQ(r2->components.size(), 2U) << ops(*r2);
    EXPECT_EQ(r2->components[1].code.local, opcode::continue_);
    const long before = scp()["calls-abandoned"];
    ASSERT_TRUE(ssf->send(146, "0.23.2", 146,
                          to_hex(encode_tc_message(next_msg(tc_type::end, *r, {}, abandon())))));
    EXPECT_TRUE(wait_scp([&](auto& c) { return c["calls-abandoned"] == before + 1; }, 5s))
        << vty("show cmr scp");
  }

  server_process srv;
  scratch_dir dir;
  unsigned short ipa_port = 0;
  std::unique_ptr<peer> ssf;
};

TEST_F(cs_faults, unknown_service_key_is_continued) {
  ASSERT_NO_FATAL_FAILURE(start_direct());
  ASSERT_NO_FATAL_FAILURE(start_peer());
  auto r = exchange(begin_msg(
      {0, 0, 1, 1},
      invoke(1, opcode::initial_dp, encode_initial_dp(protocol_variant::cap_v2, idp(4711)))));
  ASSERT_TRUE(r) << srv.err();
  EXPECT_EQ(r->type, tc_type::end);
  ASSERT_EQ(r->components.size(), 1U) << ops(*r);
  EXPECT_EQ(r->components[0].code.local, opcode::continue_);
  auto c = scp();
  EXPECT_EQ(c["unknown-service-key"], 1) << vty("show cmr scp");
  EXPECT_EQ(c["calls-continued"], 1);
  ASSERT_NO_FATAL_FAILURE(normal_call(1));
  expect_idle();
}

TEST_F(cs_faults, missing_and_undecodable_idp_parameters) {
  ASSERT_NO_FATAL_FAILURE(start_direct());
  ASSERT_NO_FATAL_FAILURE(start_peer());
  // TDP 12 without calledPartyNumber: the owner is missing -> ReturnError missingParameter.
  auto i = idp(100);
  i.called_party_number.reset();
  auto r = exchange(begin_msg(
      {0, 0, 2, 1}, invoke(1, opcode::initial_dp, encode_initial_dp(protocol_variant::cap_v2, i))));
  ASSERT_TRUE(r) << srv.err();
  EXPECT_EQ(r->type, tc_type::end);
  ASSERT_EQ(r->components.size(), 1U) << ops(*r);
  EXPECT_EQ(r->components[0].type, tc_component::kind::return_error);
  EXPECT_EQ(r->components[0].invoke_id, 1);
  EXPECT_EQ(r->components[0].code.local, error_code::missing_parameter);
  EXPECT_EQ(scp()["idp-missing-parameter"], 1) << vty("show cmr scp");
  EXPECT_TRUE(srv.wait_for_err("without the owner's", 5s)) << srv.err();

  // An argument that is not an InitialDPArg (an OCTET STRING): TC-U-REJECT mistypedParameter.
  r = exchange(begin_msg({0, 0, 2, 2}, invoke(1, opcode::initial_dp, bytes{0x04, 0x01, 0x00})));
  ASSERT_TRUE(r) << srv.err();
  EXPECT_EQ(r->type, tc_type::end);
  ASSERT_EQ(r->components.size(), 1U) << ops(*r);
  EXPECT_EQ(r->components[0].type, tc_component::kind::reject);
  EXPECT_EQ(r->components[0].problem, tc_component::problem_type::invoke);
  EXPECT_EQ(r->components[0].problem_code, 2);  // mistypedParameter
  EXPECT_EQ(scp()["idp-undecodable"], 1) << vty("show cmr scp");

  ASSERT_NO_FATAL_FAILURE(normal_call(2));
  expect_idle();
}

TEST_F(cs_faults, unknown_subscriber_is_continued) {
  ASSERT_NO_FATAL_FAILURE(start_direct());
  ASSERT_NO_FATAL_FAILURE(start_peer());
  auto r = exchange(begin_msg(
      {0, 0, 3, 1}, invoke(1, opcode::initial_dp,
                           encode_initial_dp(protocol_variant::cap_v2, idp(100, "491799999999")))));
  ASSERT_TRUE(r) << srv.err();
  EXPECT_EQ(r->type, tc_type::end);
  ASSERT_EQ(r->components.size(), 1U) << ops(*r);
  EXPECT_EQ(r->components[0].code.local, opcode::continue_);
  auto c = scp();
  EXPECT_EQ(c["no-resource"], 1) << vty("show cmr scp");
  EXPECT_EQ(c["calls-continued"], 1);
  ASSERT_NO_FATAL_FAILURE(normal_call(3));
  expect_idle();
}

TEST_F(cs_faults, ip_unreachable_is_continued) {
  ASSERT_NO_FATAL_FAILURE(start_direct());
  ASSERT_NO_FATAL_FAILURE(start_peer());
  // temporary-connection (key 102): the IP never sends AssistRequestInstructions.
  const bytes otid{0, 0, 4, 1};
  const auto t0 = clock_type::now();
  auto r = exchange(begin_msg(
      otid, invoke(1, opcode::initial_dp, encode_initial_dp(protocol_variant::cap_v2, idp(102)))));
  ASSERT_TRUE(r) << srv.err();
  ASSERT_EQ(r->type, tc_type::continue_);
  ASSERT_EQ(r->components.size(), 2U) << ops(*r);
  EXPECT_EQ(r->components[1].code.local, opcode::establish_temporary_connection);
  // assist-timeout 1: DisconnectForwardConnection + Continue, unprompted.
  auto rx = ssf->receive(10s);
  ASSERT_TRUE(rx) << srv.err();
  const auto waited = clock_type::now() - t0;
  auto r2 = decode_tc_message(from_hex(rx->back()));
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->type, tc_type::continue_);
  ASSERT_EQ(r2->components.size(), 2U) << ops(*r2);
  EXPECT_EQ(r2->components[0].code.local, opcode::disconnect_forward_connection);
  EXPECT_EQ(r2->components[1].code.local, opcode::continue_);
  EXPECT_GE(waited, 900ms);
  EXPECT_EQ(scp()["assist-timeouts"], 1) << vty("show cmr scp");
  EXPECT_TRUE(srv.wait_for_err("no assist request within 1 s", 5s)) << srv.err();
  ASSERT_TRUE(ssf->send(146, "0.23.2", 146,
                        to_hex(encode_tc_message(next_msg(tc_type::end, *r, {}, abandon())))));

  // connect-to-resource: the switch cannot reach the IP and says so
  // (ReturnError unavailableResource on the PlayAnnouncement): Continue.
  const bytes otid2{0, 0, 4, 2};
  r = exchange(begin_msg(
      otid2, invoke(1, opcode::initial_dp, encode_initial_dp(protocol_variant::cap_v2, idp(100)))));
  ASSERT_TRUE(r) << srv.err();
  ASSERT_EQ(r->components.size(), 3U) << ops(*r);
  tc_component err;
  err.type = tc_component::kind::return_error;
  err.invoke_id = r->components[2].invoke_id;
  err.code.local = error_code::unavailable_resource;
  auto r3 = exchange(next_msg(tc_type::continue_, *r, otid2, err));
  ASSERT_TRUE(r3) << srv.err();
  EXPECT_EQ(r3->type, tc_type::end);
  ASSERT_EQ(r3->components.size(), 1U) << ops(*r3);
  EXPECT_EQ(r3->components[0].code.local, opcode::continue_);
  EXPECT_EQ(scp()["ssf-refusals"], 1) << vty("show cmr scp");
  EXPECT_EQ(scp()["internal-failures"], 0) << vty("show cmr scp");
  EXPECT_TRUE(srv.wait_for_err("with ReturnError 13: Continue", 5s)) << srv.err();

  ASSERT_NO_FATAL_FAILURE(normal_call(4));
  expect_idle();
}

TEST_F(cs_faults, malformed_components_are_rejected) {
  ASSERT_NO_FATAL_FAILURE(start_direct());
  ASSERT_NO_FATAL_FAILURE(start_peer());
  // TC-BEGIN whose only component has an unknown tag ([5]): TC-END [Reject general].
  // 62 LL | 48 04 otid | 6B dialogue (AARQ cap-v2) | 6C 05 A5 03 02 01 01
  tc_message b = begin_msg({0, 0, 5, 1}, invoke(1, opcode::initial_dp, std::nullopt));
  b.components.clear();
  bytes wire = encode_tc_message(b);
  const bytes bad{0x6c, 0x05, 0xa5, 0x03, 0x02, 0x01, 0x01};
  wire.insert(wire.end(), bad.begin(), bad.end());
  wire[1] = static_cast<std::uint8_t>(wire.size() - 2);
  ASSERT_LT(wire.size(), 128U);
  auto r = send(wire);
  ASSERT_TRUE(r) << srv.err();
  EXPECT_EQ(r->type, tc_type::end);
  ASSERT_EQ(r->components.size(), 1U) << ops(*r);
  EXPECT_EQ(r->components[0].type, tc_component::kind::reject);
  EXPECT_EQ(r->components[0].problem, tc_component::problem_type::general);
  EXPECT_EQ(scp()["malformed-components"], 1) << vty("show cmr scp");

  // Mid-call: a TC-CONTINUE with a malformed component gets TC-CONTINUE [Reject],
  // and the call goes on (SRR -> DFC + Continue).
  const bytes otid{0, 0, 5, 2};
  r = exchange(begin_msg(
      otid, invoke(1, opcode::initial_dp, encode_initial_dp(protocol_variant::cap_v2, idp(100)))));
  ASSERT_TRUE(r) << srv.err();
  ASSERT_EQ(r->components.size(), 3U) << ops(*r);
  tc_message c;
  c.type = tc_type::continue_;
  c.otid = otid;
  c.dtid = r->otid;
  wire = encode_tc_message(c);
  wire.insert(wire.end(), bad.begin(), bad.end());
  wire[1] = static_cast<std::uint8_t>(wire.size() - 2);
  auto rj = send(wire);
  ASSERT_TRUE(rj) << srv.err();
  EXPECT_EQ(rj->type, tc_type::continue_);
  ASSERT_EQ(rj->components.size(), 1U) << ops(*rj);
  EXPECT_EQ(rj->components[0].type, tc_component::kind::reject);
  EXPECT_EQ(rj->components[0].problem, tc_component::problem_type::general);
  EXPECT_EQ(scp()["malformed-components"], 2) << vty("show cmr scp");
  auto r2 =
      exchange(next_msg(tc_type::continue_, *r, otid,
                        invoke(2, opcode::specialized_resource_report,
                               encode_specialized_resource_report(protocol_variant::cap_v2, {}),
                               r->components[2].invoke_id)));
  ASSERT_TRUE(r2) << srv.err();
  ASSERT_EQ(r2->components.size(), 2U) << ops(*r2);
  EXPECT_EQ(r2->components[1].code.local, opcode::continue_);
  ASSERT_TRUE(ssf->send(146, "0.23.2", 146,
                        to_hex(encode_tc_message(next_msg(tc_type::end, *r, {}, abandon())))));

  ASSERT_NO_FATAL_FAILURE(normal_call(5));
  expect_idle();
}

struct cs_faults_env {
  scratch_dir& dir;
  unsigned short ipa_port;
  std::string ssf_cfg;
};

// cmr-ssf in load mode as a child process (stdout piped, stderr to a file).
std::unique_ptr<child_process> run_ssf(const std::string& cfg, const std::string& args,
                                       const std::string& err) {
  std::vector<std::string> argv{CMR_SSF_BIN, "-c", cfg};
  std::istringstream in(args);
  for (std::string w; in >> w;) argv.push_back(w);
  return std::make_unique<child_process>(argv, err);
}
// Waits for its summary line and exit; the summary.
std::string ssf_summary(child_process& p, std::chrono::milliseconds timeout) {
  auto l = p.wait_line("summary", timeout);
  (void)p.wait_exit(5s);
  return l ? *l : std::string{};
}

// 100 answered calls held for a minute (cmr-ssf in load mode, no bearer),
// all seen answered by the SCP; the child is returned running.
std::unique_ptr<child_process> hold_100_answered_calls(cs_faults_env& env) {
  std::string cfg = read_file(std::string(CMR_SOURCE_DIR) + "/configs/ssf/cmr-ssf.cfg");
  cfg = std::regex_replace(cfg, std::regex("asp cmr-ssf 5000"),
                           "asp cmr-ssf " + std::to_string(env.ipa_port));
  env.ssf_cfg = env.dir.write("cmr-ssf.cfg", cfg);
  auto load =
      run_ssf(env.ssf_cfg,
              "--service-key 100 --no-bearer --scenario answer:0 --hold 60 --rate 200 --count 100 "
              "--concurrency 1000 --call-timeout 120",
              env.dir.path() + "/ssf1.err");
  return load;
}

TEST_F(cs_faults, ssf_vanishing_mid_call_is_found_by_activity_test) {
  // The TCAP inactivity timer far away: only the ActivityTest finds the loss.
  ASSERT_NO_FATAL_FAILURE(start_direct(" inactivity-timer 600\n activity-test-interval 1\n"));
  cs_faults_env env{dir, ipa_port, {}};
  auto load = hold_100_answered_calls(env);
  ASSERT_TRUE(
      wait_scp([](auto& c) { return c["live-calls"] == 100 && c["live-answered"] == 100; }, 30s))
      << vty("show cmr scp") << read_file(dir.path() + "/ssf1.err");
  // A live switch answers every ActivityTest: the calls stay up.
  ASSERT_TRUE(wait_scp([](auto& c) { return c["activity-tests"] >= 200; }, 15s))
      << vty("show cmr scp");
  auto c = scp();
  EXPECT_EQ(c["live-calls"], 100) << vty("show cmr scp");
  EXPECT_EQ(c["activity-test-failures"], 0);
  EXPECT_EQ(c["dialogues-aborted"], 0);

  load->send_signal(SIGKILL);
  (void)load->wait_exit(5s);
  // Interval 1 s, then min(1 s, 10 s) for the result: every call freed within seconds.
  const auto t0 = clock_type::now();
  expect_idle(15s);
  EXPECT_LT(clock_type::now() - t0, 8s);
  c = scp();
  EXPECT_EQ(c["activity-test-failures"], 100) << vty("show cmr scp");
  EXPECT_EQ(c["dialogues-aborted"], 100);
  EXPECT_EQ(c["calls-answered"], 100);
  EXPECT_TRUE(srv.wait_for_err("no ActivityTest result", 5s)) << srv.err();

  // A new switch is served at once.
  auto again =
      run_ssf(env.ssf_cfg, "--service-key 100 --no-bearer --rate 200 --count 50 --concurrency 100",
              dir.path() + "/ssf2.err");
  const auto f = fields(ssf_summary(*again, 30s));
  EXPECT_EQ(f.count("failures") ? f.at("failures") : "missing", "0")
      << read_file(dir.path() + "/ssf2.err");
  EXPECT_EQ(f.count("completed") ? f.at("completed") : "", "50");
  expect_idle();
  EXPECT_TRUE(srv.running());
}

TEST_F(cs_faults, ssf_vanishing_mid_call_is_closed_by_inactivity_timer) {
  // ActivityTest off: the TCAP inactivity timer is the backstop.
  ASSERT_NO_FATAL_FAILURE(start_direct(" inactivity-timer 4\n activity-test-interval 0\n"));
  cs_faults_env env{dir, ipa_port, {}};
  auto load = hold_100_answered_calls(env);
  ASSERT_TRUE(
      wait_scp([](auto& c) { return c["live-calls"] == 100 && c["live-answered"] == 100; }, 30s))
      << vty("show cmr scp") << read_file(dir.path() + "/ssf1.err");
  const long aborted = scp()["dialogues-aborted"];
  load->send_signal(SIGKILL);
  (void)load->wait_exit(5s);
  const auto t0 = clock_type::now();
  expect_idle(15s);
  EXPECT_LT(clock_type::now() - t0, 10s);
  auto c = scp();
  EXPECT_EQ(c["dialogues-aborted"], aborted + 100) << vty("show cmr scp");
  EXPECT_EQ(c["calls-answered"], 100);
  EXPECT_EQ(c["activity-tests"], 0);
  EXPECT_TRUE(srv.wait_for_err("switch dialogue lost", 5s)) << srv.err();
  EXPECT_TRUE(srv.running());
}

TEST_F(cs_faults, stp_restart_under_load) {
  const std::string ip = "127.0.0.236";
  const unsigned short port = free_port(ip);
  const std::vector<stp_client> clients{{"cmr-server", "0.23.2", "0.12.4"},
                                        {"cmr-ssf", "0.12.4", "0.23.2"}};
  auto the_stp = std::make_unique<stp>(dir, ip, port, clients);
  ASSERT_TRUE(the_stp->ready());
  std::string cfg = read_file(std::string(CMR_SOURCE_DIR) + "/configs/stp/cmr-server.cfg");
  cfg = std::regex_replace(cfg, std::regex("bind 127\\.0\\.0\\.1 (4260|8080)"), "bind 127.0.0.1 0");
  cfg = std::regex_replace(cfg, std::regex("logging color 1"), "logging color 0");
  cfg = std::regex_replace(cfg, std::regex("asp cmr-server 5000"),
                           "asp cmr-server " + std::to_string(port));
  cfg = std::regex_replace(cfg, std::regex("remote-ip 127\\.0\\.0\\.1"), "remote-ip " + ip);
  ASSERT_NO_FATAL_FAILURE(start_server(
      cfg + "scp\n service-key 100 cmrbt connect-to-resource\n inactivity-timer 2\n", "AS_ACTIVE"));
  std::string scfg = read_file(std::string(CMR_SOURCE_DIR) + "/configs/stp/cmr-ssf.cfg");
  scfg = std::regex_replace(scfg, std::regex("asp cmr-ssf 5000"),
                            "asp cmr-ssf " + std::to_string(port));
  scfg = std::regex_replace(scfg, std::regex("remote-ip 127\\.0\\.0\\.1"), "remote-ip " + ip);
  const std::string ssf_cfg = dir.write("cmr-ssf.cfg", scfg);

  // 300 calls/s for 15 s; osmo-stp is killed and started again after 2 s of it.
  auto load = run_ssf(
      ssf_cfg,
      "--service-key 100 --no-bearer --rate 300 --duration 15 --concurrency 2000 --call-timeout 3",
      dir.path() + "/ssf1.err");
  ASSERT_TRUE(wait_scp([](auto& c) { return c["calls-answered"] >= 300; }, 20s))
      << vty("show cmr scp") << read_file(dir.path() + "/ssf1.err");
  the_stp.reset();  // SIGKILL
  the_stp = std::make_unique<stp>(dir, ip, port, clients);
  ASSERT_TRUE(the_stp->ready());
  const auto restarted = clock_type::now();
  const long at_restart = scp()["calls-answered"];
  // Traffic is back within 10 s: 300 more calls answered.
  ASSERT_TRUE(wait_scp([&](auto& c) { return c["calls-answered"] >= at_restart + 300; }, 15s))
      << vty("show cmr scp") << read_file(dir.path() + "/ssf1.err") << the_stp->show_as();
  const auto back = clock_type::now() - restarted;
  EXPECT_LT(back, 10s) << std::chrono::duration_cast<std::chrono::milliseconds>(back).count()
                       << " ms";
  std::fprintf(
      stderr, "traffic back %lld ms after the restart\n",
      static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(back).count()));
  const auto f = fields(ssf_summary(*load, 40s));
  EXPECT_NE(f.count("completed") ? f.at("completed") : "", "")
      << read_file(dir.path() + "/ssf1.err");
  EXPECT_TRUE(srv.running());
  const std::string sig = vty("show cmr sigtran");
  EXPECT_NE(sig.find("ASP_ACTIVE"), std::string::npos) << sig;
  // Calls cut by the restart are closed by the timers on both sides.
  expect_idle(15s);
  // A fresh run through the restarted STP has no failure.
  auto again =
      run_ssf(ssf_cfg, "--service-key 100 --no-bearer --rate 200 --count 50 --concurrency 100",
              dir.path() + "/ssf2.err");
  const auto g = fields(ssf_summary(*again, 30s));
  EXPECT_EQ(g.count("failures") ? g.at("failures") : "missing", "0")
      << read_file(dir.path() + "/ssf2.err");
  expect_idle();
}

}  // namespace
}  // namespace cmr::test
