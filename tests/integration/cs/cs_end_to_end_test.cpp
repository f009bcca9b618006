// CS delivery end to end: the real cmr-server (demo catalogue, IPA listener,
// SCP service logic, intelligent peripheral) and the real cmr-ssf over IPA on
// loopback, one call per delivery profile with an answer (the RTP checked byte
// for byte against the playout rendition of the uploaded file, which cmr-ssf
// renders from the same file as a lab would: --expect-content), and short
// load runs that must have no failure.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "tests/common/free_port.h"
#include "tests/integration/server/server_process.h"

namespace cmr::test {
namespace {

using namespace std::chrono_literals;

std::map<std::string, std::string> fields(const std::string& line) {
  std::map<std::string, std::string> f;
  std::istringstream in(line);
  for (std::string w; in >> w;) {
    const auto eq = w.find('=');
    if (eq != std::string::npos) f[w.substr(0, eq)] = w.substr(eq + 1);
  }
  return f;
}

std::string line_starting(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (l.rfind(prefix, 0) == 0) return l;
  return {};
}

class cs_end_to_end : public ::testing::Test {
protected:
  void SetUp() override {
    if (run_shell("command -v curl >/dev/null 2>&1") != 0) GTEST_SKIP() << "curl missing";
    ipa_port_ = free_port();
    ip_port_ = free_port();
    http_port_ = free_port();
    std::string cfg = demo_config(http_port_, ip_port_, ipa_port_);
    // One service key per profile (the shipped ones may differ).
    cfg +=
        "scp\n service-key 201 cmrbt connect-to-resource\n service-key 202 cmrbt "
        "temporary-connection\n"
        " service-key 203 cmrbt call-party-handling\n service-key 204 cmrt alerting-pattern\n";
    srv_.write_file("cmr-server.cfg", cfg);
    srv_.start({"-c", "cmr-server.cfg"});
    ASSERT_TRUE(srv_.wait_for_err("SCP service logic on SSN 146", 30s)) << srv_.err();
    ASSERT_TRUE(srv_.wait_for_err("intelligent peripheral listening", 30s)) << srv_.err();
    ASSERT_TRUE(srv_.wait_for_err("management HTTP listening", 30s)) << srv_.err();

    // Content for every demo ringback (their renditions are what the IP plays).
    srv_.write_file("tone.wav", tone_wav());
    for (const char* r :
         {"demo-ringback-1", "demo-ringback-2", "demo-ringback-3", "demo-system-default"}) {
      std::string code;
      run_shell(
          "curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Authorization: Bearer demo-portal' "
          "-H 'Content-Type: audio/wav' --data-binary @" +
              srv_.dir() + "/tone.wav http://127.0.0.1:" + std::to_string(http_port_) +
              "/cmr/1/resources/" + r + "/content",
          &code);
      ASSERT_EQ(code.substr(0, 1), "2") << r << " upload: " << code;
    }
    std::string ssf = slurp(std::string(CMR_SOURCE_DIR) + "/configs/ssf/cmr-ssf.cfg");
    ssf = std::regex_replace(ssf, std::regex("asp cmr-ssf 5000"),
                             "asp cmr-ssf " + std::to_string(ipa_port_));
    ssf_cfg_ = srv_.write_file("cmr-ssf.cfg", ssf);
  }

  // Runs cmr-ssf to the end; its stdout and exit status.
  std::pair<int, std::string> ssf(const std::string& args) {
    std::string out;
    const int rc = run_shell("timeout 120 " + std::string(CMR_SSF_BIN) + " -c " + ssf_cfg_ +
                                 " --ip 127.0.0.1:" + std::to_string(ip_port_) +
                                 " --expect-content " + srv_.dir() + "/tone.wav " + args + " 2>" +
                                 srv_.dir() + "/ssf.err",
                             &out);
    return {rc, out};
  }
  std::string ssf_err() const { return slurp(srv_.dir() + "/ssf.err"); }

  // Every call here is a normal one: connects, calls, call ends and the
  // switch leaving must not log a single ERROR line, on either side.
  void TearDown() override {
    if (IsSkipped()) return;
    EXPECT_EQ(error_lines(srv_.err()), "") << "cmr-server";
    EXPECT_EQ(error_lines(ssf_err()), "") << "cmr-ssf";
  }
  static std::string error_lines(const std::string& log) {
    std::istringstream in(log);
    std::string out;
    for (std::string l; std::getline(in, l);)
      if (l.find(" ERROR ") != std::string::npos) out += l + "\n";
    return out;
  }

  server_process srv_;
  unsigned short ipa_port_ = 0, ip_port_ = 0, http_port_ = 0;
  std::string ssf_cfg_;
};

TEST_F(cs_end_to_end, connect_to_resource_answered_with_rtp_checked) {
  const auto [rc, out] = ssf("--service-key 201 --scenario answer:0.3 --hold 0.3");
  EXPECT_EQ(rc, 0) << out << ssf_err() << srv_.err();
  auto r = fields(line_starting(out, "result"));
  EXPECT_EQ(r["outcome"], "answered") << out;
  EXPECT_EQ(r["failure"], "none") << out;
  EXPECT_NE(out.find("bearer INVITE play=cmr:"), std::string::npos) << out;
  EXPECT_NE(out.find("bearer BYE from the IP, RTP 20 packets 3200 bytes content ok"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("tx SpecializedResourceReport"), std::string::npos) << out;
  EXPECT_NE(out.find("rx TC-CONTINUE DisconnectForwardConnection Continue"), std::string::npos)
      << out;
}

TEST_F(cs_end_to_end, temporary_connection_answered_with_rtp_checked) {
  // Group "1" of the demo owner names demo-ringback-2 (announcement 1002) for this caller.
  const auto [rc, out] =
      ssf("--service-key 202 --expect-announcement 1002 --scenario answer:0.3 --hold 0.3");
  EXPECT_EQ(rc, 0) << out << ssf_err() << srv_.err();
  auto r = fields(line_starting(out, "result"));
  EXPECT_EQ(r["outcome"], "answered") << out;
  EXPECT_NE(out.find("bearer INVITE 49602"), std::string::npos) << out;
  EXPECT_NE(out.find("content ok"), std::string::npos) << out;
}

TEST_F(cs_end_to_end, call_party_handling_answered_in_cap_v4) {
  const auto [rc, out] = ssf("--protocol cap-v4 --service-key 203 --scenario answer:1 --hold 0.3");
  EXPECT_EQ(rc, 0) << out << ssf_err() << srv_.err();
  auto r = fields(line_starting(out, "result"));
  EXPECT_EQ(r["outcome"], "answered") << out;
  EXPECT_NE(out.find("InitiateCallAttempt"), std::string::npos) << out;
  EXPECT_NE(out.find("MoveLeg"), std::string::npos) << out;
  EXPECT_NE(out.find("content ok"), std::string::npos) << out;
}

TEST_F(cs_end_to_end, alerting_pattern_in_cap_v3_and_inap) {
  for (const char* proto : {"cap-v3", "inap"}) {
    const auto [rc, out] = ssf(std::string("--protocol ") + proto + " --service-key 204");
    EXPECT_EQ(rc, 0) << proto << out << ssf_err();
    EXPECT_EQ(fields(line_starting(out, "result"))["outcome"], "continued") << out;
  }
}

TEST_F(cs_end_to_end, short_load_runs_have_no_failure) {
  {
    const auto [rc, out] =
        ssf("--service-key 201 --no-bearer --rate 300 --duration 3 --concurrency 100");
    EXPECT_EQ(rc, 0) << out << ssf_err();
    auto f = fields(line_starting(out, "summary"));
    EXPECT_EQ(f["failures"], "0") << out;
    EXPECT_EQ(f["calls"], f["completed"]) << out;
    EXPECT_GE(std::stoul(f["answered"].empty() ? "0" : f["answered"]), 600U) << out;
    EXPECT_EQ(f["open_dialogues"], "0") << out;
  }
  {
    // With bearers: every call plays the 0.4 s rendition and checks it.
    const auto [rc, out] = ssf("--service-key 201 --rate 20 --duration 2 --concurrency 50");
    EXPECT_EQ(rc, 0) << out << ssf_err();
    auto f = fields(line_starting(out, "summary"));
    EXPECT_EQ(f["failures"], "0") << out;
    EXPECT_EQ(f["calls"], f["completed"]) << out;
  }
}

TEST_F(cs_end_to_end, unknown_service_key_is_continued_and_help_exits_zero) {
  const auto [rc, out] = ssf("--service-key 999");
  EXPECT_EQ(rc, 0) << out << ssf_err();
  EXPECT_EQ(fields(line_starting(out, "result"))["outcome"], "continued") << out;
  std::string help;
  EXPECT_EQ(run_shell(std::string(CMR_SSF_BIN) + " --help", &help), 0);
  EXPECT_NE(help.find("--no-bearer"), std::string::npos);
  EXPECT_EQ(run_shell(std::string(CMR_SSF_BIN) + " --bogus 2>/dev/null"), 2);
}

}  // namespace
}  // namespace cmr::test
