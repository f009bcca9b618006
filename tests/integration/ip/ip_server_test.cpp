// The intelligent peripheral inside the real cmr-server (configs/cmr-server.cfg
// on free ports), with sipp as the SSF's bearer and tshark on loopback:
//   - play form: content uploaded over HTTP (A-law rendition made by the
//     server), sipp INVITEs sip:annc@IP;play=cmr:1001;repeat=2, the IP answers,
//     plays the rendition twice as RTP and sends BYE; tshark decodes the SIP,
//     SDP and RTP without warnings and counts 2 x the rendition's frames;
//   - routing-number form with an unknown correlation id: the IP's ARI goes
//     to the SCP of the same server over the cs7 instance (own SSN 12, local
//     delivery in libosmo-sigtran), the SCP answers ReturnError, the IP BYEs;
//   - the WIN role's configuration: written back by show running-config, its
//     counters in show cmr ip, a win-ssn that is no SCCP user stops the start.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/common/capture_marker.h"
#include "tests/integration/server/server_process.h"

namespace cmr::test {
namespace {

using namespace std::chrono_literals;

bool have(const char* tool) { return run_shell(std::string("command -v ") + tool + " >/dev/null 2>&1") == 0; }

unsigned port_from(const std::string& log, const std::string& pattern) {
  std::smatch m;
  if (std::regex_search(log, m, std::regex(pattern))) return static_cast<unsigned>(std::stoul(m[1]));
  return 0;
}

class ip_server : public ::testing::Test {
protected:
  void SetUp() override {
    if (!have("sipp") || !have("tshark") || !have("curl")) GTEST_SKIP() << "sipp, tshark or curl missing";
    srv_.write_file("cmr-server.cfg", demo_config());
    srv_.start({"-c", "cmr-server.cfg"});
    ASSERT_TRUE(srv_.wait_for_err("intelligent peripheral listening", 30s)) << srv_.err();
    ASSERT_TRUE(srv_.wait_for_err(" started (", 30s)) << srv_.err();
    ip_port_ = port_from(srv_.err(), "intelligent peripheral listening on UDP and TCP port ([0-9]+)");
    http_port_ = port_from(srv_.err(), "management HTTP listening on [0-9.]+:([0-9]+)");
    ASSERT_NE(ip_port_, 0U);
    ASSERT_NE(http_port_, 0U);
  }

  // Starts tshark on loopback writing `file`, waits until it captures.
  pid_t capture(const std::string& file) {
    const std::string err = srv_.dir() + "/tshark.err";
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::setpgid(0, 0);
      std::freopen(err.c_str(), "w", stderr);
      std::freopen("/dev/null", "w", stdout);
      ::execlp("tshark", "tshark", "-i", "lo", "-f", "udp", "-w", file.c_str(), nullptr);
      ::_exit(127);
    }
    for (int i = 0; i < 600 && slurp(err).find("Capturing on") == std::string::npos; ++i)
      std::this_thread::sleep_for(50ms);
    // Marker datagrams to the discard port prove the capture runs.
    mark_capture("127.0.0.1", 9, file, "cmr-ip-capture-mark");
    return pid;
  }
  static void stop_capture(pid_t pid) {
    std::this_thread::sleep_for(300ms);  // the last frames reach the file
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
  }

  int sipp(const std::string& scenario_text, std::string* out) {
    const auto file = srv_.write_file("scenario.xml", scenario_text);
    const std::string cmd = "cd " + srv_.dir() + " && timeout 60 sipp -sf scenario.xml -m 1 -i 127.0.0.1 -p 0 " +
                            "-mp 0 -timeout 40 -timeout_error -nostdin -trace_err 127.0.0.1:" +
                            std::to_string(ip_port_) + " > sipp.out 2>&1; echo rc=$?";
    std::string text;
    run_shell(cmd, &text);
    if (out != nullptr) *out = slurp(srv_.dir() + "/sipp.out") + text;
    return text.find("rc=0") != std::string::npos ? 0 : 1;
  }

  std::string vty(const std::string& command) {
    vty_client c(srv_.vty_port());
    return c.command(command);
  }

  server_process srv_;
  unsigned ip_port_ = 0, http_port_ = 0;
};

TEST_F(ip_server, play_form_rtp_and_bye_decoded_by_tshark) {
  srv_.write_file("tone.wav", tone_wav());
  std::string out;
  const auto put = "curl -s -o " + srv_.dir() + "/put.out -w '%{http_code}' -X PUT "
                   "-H 'Authorization: Bearer demo-portal' -H 'Content-Type: audio/wav' --data-binary @" +
                   srv_.dir() + "/tone.wav http://127.0.0.1:" + std::to_string(http_port_) +
                   "/cmr/1/resources/demo-ringback-1/content";
  run_shell(put, &out);
  ASSERT_EQ(out.substr(0, 1), "2") << out << " " << slurp(srv_.dir() + "/put.out");

  const std::string pcap = srv_.dir() + "/ip.pcapng";
  const pid_t ts = capture(pcap);
  auto scenario = slurp(std::string(CMR_SOURCE_DIR) + "/tests/sipp/ip/uac_play.xml");
  scenario = std::regex_replace(scenario, std::regex("ANNOUNCEMENT_ID"), "1001");
  scenario = std::regex_replace(scenario, std::regex("REPEAT"), "2");
  std::string sipp_out;
  const int rc = sipp(scenario, &sipp_out);
  stop_capture(ts);
  ASSERT_EQ(rc, 0) << sipp_out << srv_.err();

  // Only this call's flows count: other tests share the loopback interface.
  // The IP's RTP port is the one its 200 OK's SDP answer names.
  const std::string read = "tshark -r " + pcap + " -d udp.port==" + std::to_string(ip_port_) +
                           ",sip -o rtp.heuristic_rtp:TRUE ";
  const std::string sip_flow = "udp.port == " + std::to_string(ip_port_);
  run_shell(read + "-Y '" + sip_flow + " && sip.Status-Code == 200 && sdp' -T fields -e sdp.media.port 2>/dev/null",
      &out);
  const int rtp_port = std::atoi(out.c_str());
  ASSERT_GT(rtp_port, 0) << out;
  // Other tests' servers (on other loopback addresses) may use the same
  // port numbers at the same time: this call is 127.0.0.1 to 127.0.0.1.
  const std::string flow = "ip.src == 127.0.0.1 && ip.dst == 127.0.0.1 && (" + sip_flow +
                           " || udp.port == " + std::to_string(rtp_port) + ")";
  const auto query = [&](const std::string& filter, const std::string& fields) {
    std::string r;
    run_shell(read + "-Y '" + flow + " && (" + filter + ")' " + fields + " 2>/dev/null", &r);
    return r;
  };
  // 0.4 s of audio = 20 frames, played twice.
  out = query("rtp && rtp.p_type == 8", "-T fields -e rtp.seq");
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 40) << out;
  out = query("rtp.marker == 1", "-T fields -e rtp.seq");
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
  out = query("sip.Method == \"BYE\" && sip.Request-Line contains \"ssf\"", "");
  EXPECT_GE(std::count(out.begin(), out.end(), '\n'), 1) << "no BYE from the IP";
  // The 200's SDP answer: one audio stream, PCMA.
  out = query("sip.Status-Code == 200 && sdp",
              "-T fields -e sdp.media.media -e sdp.media.proto -e sdp.media.format");
  EXPECT_NE(out.find("audio"), std::string::npos) << out;
  EXPECT_NE(out.find("RTP/AVP"), std::string::npos) << out;
  EXPECT_NE(out.find("ITU-T G.711 PCMA"), std::string::npos) << out;
  // No malformed packet, no expert warning on the SIP/SDP/RTP frames.
  out = query("(sip || sdp || rtp) && (_ws.malformed || _ws.expert.severity >= warning)", "");
  EXPECT_EQ(out, "") << out;

  const auto status = vty("show cmr ip");
  EXPECT_NE(status.find("plays-completed 1"), std::string::npos) << status;
  EXPECT_NE(status.find("byes-sent 1"), std::string::npos) << status;
  EXPECT_NE(status.find("calls-active 0"), std::string::npos) << status;
}

TEST_F(ip_server, routing_form_ari_reaches_the_scp_in_the_same_server) {
  auto scenario = slurp(std::string(CMR_SOURCE_DIR) + "/tests/sipp/ip/uac_routing.xml");
  std::string sipp_out;
  ASSERT_EQ(sipp(scenario, &sipp_out), 0) << sipp_out << srv_.err();
  const auto status = vty("show cmr ip");
  EXPECT_NE(status.find("ari-sent 1"), std::string::npos) << status;
  EXPECT_NE(status.find("scp-errors 1"), std::string::npos) << status;
  EXPECT_NE(status.find("tcap-dialogues 0"), std::string::npos) << status;
}

TEST_F(ip_server, win_role_configured_and_counted) {
  vty_client c(srv_.vty_port());
  c.command("enable");
  const auto running = c.command("show running-config");
  EXPECT_NE(running.find(" local-ssn 12\n win-ssn 148\n tldn-prefix 49608\n tldn-timeout 10\n"),
            std::string::npos)
      << running;
  const auto status = vty("show cmr ip");
  EXPECT_NE(status.find("win-seizures 0"), std::string::npos) << status;
  EXPECT_NE(status.find("win-transactions 0"), std::string::npos) << status;
}

std::string without(std::string cfg, const std::string& line) {
  const auto at = cfg.find(line);
  if (at != std::string::npos) cfg.erase(at, line.size());
  return cfg;
}

TEST(ip_server_config, win_ssn_that_is_no_sccp_user_stops_the_start) {
  server_process p;
  p.write_file("win.cfg", without(demo_config(), " sccp-user ssn 148\n"));
  p.start({"-c", "win.cfg"});
  const auto rc = p.wait_exit(30s);
  ASSERT_TRUE(rc.has_value()) << p.err();
  EXPECT_GT(*rc, 0);
  EXPECT_NE(p.err().find("ip win-ssn 148 is not bound: add \"sccp-user ssn 148\""), std::string::npos)
      << p.err();
}

TEST(ip_server_config, no_win_ssn_runs_the_ip_without_the_win_role) {
  server_process p;
  auto cfg = without(demo_config(), " sccp-user ssn 148\n");
  const std::string line = " win-ssn 148\n";
  cfg.replace(cfg.find(line), line.size(), " no win-ssn\n");
  p.write_file("nowin.cfg", cfg);
  p.start({"-c", "nowin.cfg"});
  ASSERT_TRUE(p.wait_for_err("intelligent peripheral listening", 30s)) << p.err();
  ASSERT_TRUE(p.wait_for_err(" started (", 30s)) << p.err();
  EXPECT_NE(p.err().find("WIN SSN off"), std::string::npos) << p.err();
  vty_client c(p.vty_port());
  c.command("enable");
  const auto running = c.command("show running-config");
  EXPECT_NE(running.find(" no win-ssn\n"), std::string::npos) << running;
}

}  // namespace
}  // namespace cmr::test
