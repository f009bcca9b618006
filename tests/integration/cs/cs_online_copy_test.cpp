// On-line copy over CS end to end (docs/cs-delivery.md "On-line copy"): the
// real cmr-server (SCP with scp / online-copy, its intelligent peripheral,
// the store's copy port) and the real cmr-ssf over IPA, temporary-connection
// in every CAP phase and INAP: cmr-ssf presses keys on its bearer (RFC 4733
// events, and in-band DTMF once), the IP collects them for the SCP's
// PromptAndCollectUserInformation, and cmr-ssf checks that the built-in
// confirmation prompt's exact bytes arrive in a stream after the key. One
// server serves every case (started once for the suite).
#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <thread>
#include <memory>
#include <regex>
#include <sstream>
#include <string>

#include "tests/common/capture_marker.h"
#include "tests/common/free_port.h"
#include "tests/integration/server/server_process.h"
#include "tests/integration/sigtran/child_process.h"

namespace cmr::test {
namespace {

using namespace std::chrono_literals;

std::string result_field(const std::string& out, const std::string& name) {
  std::istringstream in(out);
  for (std::string l; std::getline(in, l);) {
    if (l.rfind("result", 0) != 0) continue;
    std::istringstream w(l);
    for (std::string t; w >> t;)
      if (t.rfind(name + "=", 0) == 0) return t.substr(name.size() + 1);
  }
  return {};
}

class cs_online_copy : public ::testing::Test {
protected:
  // One server for both suites (the per-phase one and the rest); it dies
  // with the test binary (server_process SIGKILLs it on destruction).
  static void SetUpTestSuite() {
    if (srv_ || run_shell("command -v curl >/dev/null 2>&1") != 0) return;
    srv_ = std::make_unique<server_process>();
    ipa_port_ = free_port();
    ip_port_ = free_port();
    http_port_ = free_port();
    std::string cfg = demo_config(http_port_, ip_port_, ipa_port_);
    // The ringback 3 x 0.4 s: the keys come while it plays.
    cfg += "scp\n service-key 202 cmrbt temporary-connection\n announcement repetitions 3\n"
           " online-copy first-digit-timeout 1\n";
    srv_->write_file("cmr-server.cfg", cfg);
    srv_->start({"-c", "cmr-server.cfg"});
    ready_ = srv_->wait_for_err("SCP service logic on SSN 146", 30s) &&
             srv_->wait_for_err("intelligent peripheral listening", 30s) &&
             srv_->wait_for_err("management HTTP listening", 30s);
    if (!ready_) return;
    srv_->write_file("tone.wav", tone_wav());
    for (const char* r : {"demo-ringback-1", "demo-ringback-2", "demo-ringback-3"}) {
      std::string code;
      run_shell("curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Authorization: Bearer demo-portal' "
                "-H 'Content-Type: audio/wav' --data-binary @" +
                    srv_->dir() + "/tone.wav http://127.0.0.1:" + std::to_string(http_port_) +
                    "/cmr/1/resources/" + r + "/content",
                &code);
      ready_ = ready_ && code.substr(0, 1) == "2";
    }
    std::string ssf = slurp(std::string(CMR_SOURCE_DIR) + "/configs/ssf/cmr-ssf.cfg");
    ssf = std::regex_replace(ssf, std::regex("asp cmr-ssf 5000"),
                             "asp cmr-ssf " + std::to_string(ipa_port_));
    ssf_cfg_ = srv_->write_file("cmr-ssf.cfg", ssf);
  }

  void SetUp() override {
    if (!srv_) GTEST_SKIP() << "curl missing";
    ASSERT_TRUE(ready_) << srv_->err();
  }
  // Keys, copies, refusals and floods are normal events: no ERROR line on
  // either side.
  void TearDown() override {
    if (IsSkipped() || !srv_) return;
    for (const auto& log : {srv_->err(), slurp(srv_->dir() + "/ssf.err")}) {
      std::istringstream in(log);
      for (std::string l; std::getline(in, l);) EXPECT_EQ(l.find(" ERROR "), std::string::npos) << l;
    }
  }

  std::pair<int, std::string> ssf(const std::string& args) {
    std::string out;
    const int rc = run_shell("timeout 60 " + std::string(CMR_SSF_BIN) + " -c " + ssf_cfg_ +
                                 " --ip 127.0.0.1:" + std::to_string(ip_port_) + " --expect-content " +
                                 srv_->dir() + "/tone.wav --service-key 202 --expect-announcement 1002 " +
                                 args + " 2>" + srv_->dir() + "/ssf.err",
                             &out);
    return {rc, out};
  }
  // A management operation (JSON, portal token): the response body. Each
  // request gets its own TransactionId (a repeated one is not applied again).
  static std::string mgmt(const std::string& op, std::string json) {
    static int n = 0;
    json = std::regex_replace(json, std::regex("\"TransactionId\":\"[^\"]*\""),
                              "\"TransactionId\":\"cs-online-" + std::to_string(++n) + "\"");
    std::string out;
    run_shell("curl -s -X POST -H 'Authorization: Bearer demo-portal' -H 'Content-Type: application/json' "
              "--data '" + json + "' http://127.0.0.1:" + std::to_string(http_port_) + "/cmr/1/" + op,
              &out);
    return out;
  }
  static std::string library_of(const std::string& who) {
    return mgmt("LibraryManagement", R"({"TransactionId":"t-list","SubscriberId":")" + who +
                                         R"(","OperationType":1})");
  }
  static std::string remove_from_library(const std::string& who, const std::string& resource) {
    return mgmt("LibraryManagement", R"({"TransactionId":"t-rm","SubscriberId":")" + who +
                                         R"(","OperationType":4,"ResourceId":")" + resource + R"("})");
  }
  static std::string copy_privacy(const std::string& who, const std::string& value) {
    return mgmt("PrivacySetting", R"({"TransactionId":"t-priv","SubscriberId":")" + who +
                                      R"(","OperationType":3,"CopyPrivacy":")" + value + R"("})");
  }

  static std::unique_ptr<server_process> srv_;
  static unsigned short ipa_port_, ip_port_, http_port_;
  static std::string ssf_cfg_;
  static bool ready_;
};
std::unique_ptr<server_process> cs_online_copy::srv_;
unsigned short cs_online_copy::ipa_port_ = 0, cs_online_copy::ip_port_ = 0, cs_online_copy::http_port_ = 0;
std::string cs_online_copy::ssf_cfg_;
bool cs_online_copy::ready_ = false;

// The demo caller (491700000002) already has demo-ringback-2 in its library:
// the copy answers "already owned", nothing is charged, and the caller hears
// the confirmation.
class cs_online_copy_phase : public cs_online_copy, public ::testing::WithParamInterface<const char*> {};

TEST_P(cs_online_copy_phase, star_confirms_in_the_same_stream) {
  const auto [rc, out] = ssf(std::string("--protocol ") + GetParam() +
                             " --press '*@300' --expect-prompt confirmed --scenario answer:0.3 --hold 0.3");
  EXPECT_EQ(rc, 0) << out << slurp(srv_->dir() + "/ssf.err");
  EXPECT_EQ(result_field(out, "outcome"), "answered") << out;
  EXPECT_NE(out.find("confirmed prompt heard"), std::string::npos) << out;
}

INSTANTIATE_TEST_SUITE_P(all, cs_online_copy_phase, ::testing::Values("cap-v2", "cap-v3", "cap-v4", "inap"),
                         [](const ::testing::TestParamInfo<const char*>& i) {
                           std::string n = i.param;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

TEST_F(cs_online_copy, inband_star_is_detected_too) {
  const auto [rc, out] =
      ssf("--press '*@300' --dtmf inband --expect-prompt confirmed --scenario answer:0.3 --hold 0.3");
  EXPECT_EQ(rc, 0) << out << slurp(srv_->dir() + "/ssf.err");
  EXPECT_NE(out.find("confirmed prompt heard"), std::string::npos) << out;
}

TEST_F(cs_online_copy, stop_key_ends_the_ringback_and_the_call_proceeds) {
  const auto [rc, out] = ssf("--press '0@300' --scenario answer:0.3 --hold 0.3");
  EXPECT_EQ(rc, 0) << out << slurp(srv_->dir() + "/ssf.err");
  EXPECT_EQ(result_field(out, "outcome"), "answered") << out;
  EXPECT_NE(out.find("rx TC-CONTINUE DisconnectForwardConnection Continue"), std::string::npos) << out;
}

TEST_F(cs_online_copy, key_flood_is_survived) {
  std::string presses;
  for (int i = 0; i < 30; ++i) presses += (i ? "," : "") + std::string("5@") + std::to_string(200 + i * 30);
  const auto [rc, out] = ssf("--press '" + presses + "' --scenario answer:0.3 --hold 0.3");
  EXPECT_EQ(result_field(out, "outcome"), "answered") << out;
}

// The copy itself: demo-ringback-2 leaves the caller's library, the owner
// allows copies; '*' copies it back (visible at once through CMR-6
// LibraryManagement), a second '*' in the same call is confirmed again
// without a second copy.
TEST_F(cs_online_copy, star_copies_into_the_callers_library_once) {
  const auto priv = copy_privacy("491700000001", "allow");
  ASSERT_NE(priv.find("\"StatusCode\": 0"), std::string::npos) << priv;
  const auto rm = remove_from_library("491700000002", "demo-ringback-2");
  ASSERT_NE(rm.find("\"StatusCode\": 0"), std::string::npos) << rm;
  ASSERT_EQ(library_of("491700000002").find("demo-ringback-2"), std::string::npos);
  const auto [rc, out] =
      ssf("--press '*@300,*@1800' --expect-prompt confirmed --scenario answer:0.3 --hold 0.3");
  EXPECT_EQ(rc, 0) << out << slurp(srv_->dir() + "/ssf.err");
  EXPECT_NE(out.find("confirmed prompt heard"), std::string::npos) << out;
  const auto lib = library_of("491700000002");
  EXPECT_NE(lib.find("demo-ringback-2"), std::string::npos) << lib;
}

TEST_F(cs_online_copy, owner_privacy_refuses_the_copy) {
  const auto priv = copy_privacy("491700000001", "deny");
  ASSERT_NE(priv.find("\"StatusCode\": 0"), std::string::npos) << priv;
  (void)remove_from_library("491700000002", "demo-ringback-2");
  const auto [rc, out] = ssf("--press '*@300' --expect-prompt refused --scenario answer:0.3 --hold 0.3");
  EXPECT_EQ(rc, 0) << out << slurp(srv_->dir() + "/ssf.err");
  EXPECT_NE(out.find("refused prompt heard"), std::string::npos) << out;
  EXPECT_EQ(library_of("491700000002").find("demo-ringback-2"), std::string::npos);
  (void)copy_privacy("491700000001", "allow");
}

TEST_F(cs_online_copy, caller_who_is_no_subscriber_hears_the_offer) {
  const auto [rc, out] = ssf("--calling 491700000009 --press '*@300' --expect-prompt offer "
                             "--scenario answer:0.3 --hold 0.3");
  EXPECT_EQ(rc, 0) << out << slurp(srv_->dir() + "/ssf.err");
  EXPECT_NE(out.find("offer prompt heard"), std::string::npos) << out;
}

TEST_F(cs_online_copy, credit_limit_refuses_the_copy) {
  // demo-ringback-2 costs 0.75: a credit limit of 0.10 refuses it.
  const auto set = [](const std::string& v) {
    return mgmt("SystemSetting", R"({"TransactionId":"t-credit","OperationType":3,"Setting":[{"Name":"limit.credit","Value":")" +
                                     v + R"("}]})");
  };
  const auto credit = set("0.10");
  ASSERT_NE(credit.find("\"StatusCode\": 0"), std::string::npos) << credit;
  const auto priv = copy_privacy("491700000001", "allow");
  ASSERT_NE(priv.find("\"StatusCode\": 0"), std::string::npos) << priv;
  (void)remove_from_library("491700000002", "demo-ringback-2");
  const auto [rc, out] = ssf("--press '*@300' --expect-prompt refused --scenario answer:0.3 --hold 0.3");
  EXPECT_EQ(rc, 0) << out << slurp(srv_->dir() + "/ssf.err");
  EXPECT_NE(out.find("refused prompt heard"), std::string::npos) << out;
  EXPECT_EQ(library_of("491700000002").find("demo-ringback-2"), std::string::npos);
  (void)set("1000");
}

// tshark on a capture of one call with keys: the switch's TCAP, SIP, the
// ringback and prompt RTP and the RFC 4733 events decode without a
// malformed packet or an expert warning. (Without an STP the IP's dialogue
// with the SCP stays inside cmr-server; PromptAndCollect and
// ReceivedInformation are checked in tshark by the golden vectors,
// tests/golden/prompt_and_collect_*, received_information_*.)
TEST_F(cs_online_copy, capture_decodes_cleanly) {
  if (run_shell("command -v tshark >/dev/null 2>&1") != 0) GTEST_SKIP() << "tshark missing";
  const std::string dir = srv_->dir();
  const std::string pcap = dir + "/online.pcapng";
  auto cap = std::make_unique<child_process>(
      std::vector<std::string>{"tshark", "-i", "lo", "-f",
                               "host 127.0.0.1 and (tcp port " + std::to_string(ipa_port_) + " or udp port " +
                                   std::to_string(ip_port_) + " or udp port 9 or udp portrange 16384-32767)",
                               "-w", pcap},
      dir + "/tshark.err");
  for (int i = 0; i < 3000 && slurp(dir + "/tshark.err").find("Capturing on") == std::string::npos; ++i)
    std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(mark_capture("127.0.0.1", 9, pcap, "cmr-online-start")) << slurp(dir + "/tshark.err");
  const auto [rc, out] = ssf("--protocol cap-v3 --press '*@300' --expect-prompt confirmed "
                             "--scenario answer:0.3 --hold 0.3");
  EXPECT_EQ(rc, 0) << out;
  ASSERT_TRUE(mark_capture("127.0.0.1", 9, pcap, "cmr-online-end"));
  cap->send_signal(SIGTERM);
  ASSERT_TRUE(cap->wait_exit(10s));
  cap.reset();
  const auto read = [&](const std::string& filter) {
    std::string o;
    run_shell("tshark -r " + pcap + " -d tcp.port==" + std::to_string(ipa_port_) + ",gsm_ipa -d udp.port==" +
                  std::to_string(ip_port_) + ",sip -o rtp.heuristic_rtp:TRUE -Y '" + filter + "' 2>>" + dir +
                  "/tshark-read.err",
              &o);
    return o;
  };
  const auto bad = read("!icmp && !(tcp.flags.reset == 1) && (_ws.malformed || _ws.expert.severity >= warning)");
  EXPECT_EQ(bad, "") << bad;
  EXPECT_NE(read("camel.local == 17"), "");                 // EstablishTemporaryConnection
  EXPECT_NE(read("rtpevent.event_id == 10"), "");           // '*' as RFC 4733
  EXPECT_NE(read("sdp.fmtp.parameter == \"0-15\""), "");  // telephone-event offered and answered
}

}  // namespace
}  // namespace cmr::test
