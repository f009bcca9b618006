// CS delivery matrix through osmo-stp: every delivery profile x outcome
// (answer, busy, no answer, abandon) x CAP v2/v3/v4 and INAP, with the real
// osmo-stp, cmr-server (SCP + intelligent peripheral + SIP application
// server for route-via-platform) and cmr-ssf, all started
// from the shipped configs/stp/ files moved to one loopback address per test.
// A tshark capture of the test (IPA through the STP, SIP and RTP between
// cmr-ssf and the IP) must decode with nothing malformed and no expert info at
// warning or above, show the operation sequence of docs/cs-delivery.md per
// dialogue, and carry RTP equal to the resource's playout rendition.
//
// One osmo-stp + one cmr-server + one capture per test (one test per profile,
// so ctest runs them side by side); the calls of a test run one after the
// other (through osmo-stp one IPA AS reaches one SSF, so one cmr-ssf at a
// time). CMR_CS_LADDER_DIR=DIR keeps each test's capture and case list there
// for scripts/cs_ladder.py (docs/cs-call-flows.md).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/common/capture_marker.h"
#include "tests/integration/server/server_process.h"
#include "tests/integration/sigtran/child_process.h"

namespace cmr::test {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> v;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> v;
  std::string cur;
  for (const char c : s) {
    if (c == sep) {
      v.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  v.push_back(cur);
  return v;
}

std::string hex_of(const std::string& bytes) {
  static const char* d = "0123456789abcdef";
  std::string h;
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    h += d[c >> 4];
    h += d[c & 15];
  }
  return h;
}

// The expected TCAP sequence of one call, one entry per message:
// "ssf|scp Begin|Continue|End op,op,...", as read from the capture.
using sequence = std::vector<std::string>;

const std::string idp = "ssf Begin initialDP";
const std::string erb_end = "ssf End eventReportBCSM";

sequence expected(const std::string& profile, const std::string& outcome,
                  const std::string& proto) {
  if (profile == "alerting-pattern")
    return {idp, (proto == "cap-v3" || proto == "cap-v4") ? "scp End continueWithArgument"
                                                          : "scp End connect"};
  if (profile == "call-party-handling" && proto == "cap-v4") {
    sequence s{idp,
               "scp Continue "
               "requestReportBCSMEvent,connectToResource,playAnnouncement,initiateCallAttempt,"
               "requestReportBCSMEvent",
               "ssf Continue result:initiateCallAttempt"};
    if (outcome == "abandon") {
      s.push_back(erb_end);
    } else if (outcome == "answer") {
      s.insert(s.end(), {"ssf Continue eventReportBCSM",
                         "scp Continue disconnectForwardConnectionWithArgument,moveLeg,continue",
                         "ssf Continue result", erb_end});
    } else {  // busy / no answer, "call-party-handling ... release"
      s.insert(s.end(), {"ssf Continue eventReportBCSM",
                         "scp End disconnectForwardConnectionWithArgument,releaseCall"});
    }
    return s;
  }
  if (profile == "route-via-platform") {
    // Connect to the platform; the switch reports what the platform's leg
    // did (its answer, busy, no answer), or the caller's abandon.
    sequence s{idp, "scp Continue requestReportBCSMEvent,connect"};
    if (outcome == "answer")
      s.insert(s.end(), {"ssf Continue eventReportBCSM", "scp Continue continue"});
    s.push_back(erb_end);
    return s;
  }
  // connect-to-resource (also call-party-handling outside CAP v4) and
  // temporary-connection.
  const bool tc = profile == "temporary-connection";
  sequence s{idp, tc ? "scp Continue requestReportBCSMEvent,establishTemporaryConnection"
                     : "scp Continue requestReportBCSMEvent,connectToResource,playAnnouncement"};
  if (outcome == "abandon") {  // during the announcement
    s.push_back(erb_end);
    return s;
  }
  if (!tc) s.push_back("ssf Continue specializedResourceReport");
  s.push_back("scp Continue disconnectForwardConnection,continue");
  if (outcome == "answer")
    s.insert(s.end(), {"ssf Continue eventReportBCSM", "scp Continue continue"});
  s.push_back(erb_end);
  return s;
}

// ANSI-41 (docs/cdma-delivery.md): one entry per ANSI TCAP package,
// "msc|scp Query|Conversation|Response|Abort op,op,...", a call's trigger
// transaction and its event triggers' transactions in the order sent.
sequence expected_ansi(const std::string& profile, const std::string& outcome) {
  const std::string trigger = "msc Query AnalyzedInformation";
  sequence s{trigger};
  if (profile == "win-resource") {
    s.push_back("scp Conversation ConnectResource");
    if (outcome == "abandon") return s;  // the rest may cross: ansi_tail_ok()
    s.push_back("scp Response DisconnectResource,result");
  } else {  // route-via-platform: RoutingDigits
    s.push_back("scp Response result");
  }
  const std::string event = outcome == "answer"      ? "TAnswer"
                            : outcome == "busy"      ? "TBusy"
                            : outcome == "no-answer" ? "TNoAnswer"
                                                     : "ODisconnect";
  s.insert(s.end(), {"msc Query " + event, "scp Response result"});
  if (outcome == "answer") s.insert(s.end(), {"msc Query ODisconnect", "scp Response result"});
  return s;
}

// The caller abandons while the IP plays (win-resource): ODisconnect in its
// own transaction and the end of the trigger's may cross. The trigger's
// transaction ends either without components (the ODisconnect came first)
// or with DisconnectResource + the result (the IP's abort of its seizure
// came first); the ODisconnect's result is always there.
// Both Responses may share one frame (two IPA messages in a TCP segment).
bool ansi_abandon_tail_ok(sequence tail) {
  std::sort(tail.begin(), tail.end());
  for (const char* end_of_trigger : {"scp Response ", "scp Response DisconnectResource,result"}) {
    sequence want{"msc Query ODisconnect", "scp Response result", end_of_trigger};
    std::sort(want.begin(), want.end());
    if (tail == want) return true;
  }
  for (const char* both : {"scp Response+Response result", "scp Response+Response DisconnectResource,result,result"}) {
    sequence want{"msc Query ODisconnect", both};
    std::sort(want.begin(), want.end());
    if (tail == want) return true;
  }
  return false;
}

std::string expected_outcome(const std::string& profile, const std::string& outcome) {
  if (profile == "alerting-pattern") return "continued";
  if (outcome == "answer") return "answered";
  if (outcome == "abandon") return "abandoned";
  return outcome;  // busy, no-answer
}

struct call_case {
  std::string profile, outcome, proto;
  std::string call_id;  // the SSF's transaction id (cmr-ssf's call=)
  std::string ssf_out;
  bool full_play = false;  // the announcement played to its end
};

// One osmo-stp, one cmr-server behind it and a capture of `ip_`.
class cs_matrix : public ::testing::Test {
protected:
  void start(const std::string& ip) {
    if (run_shell("command -v tshark >/dev/null && command -v osmo-stp >/dev/null && command -v "
                  "curl >/dev/null") != 0)
      GTEST_SKIP() << "tshark, osmo-stp or curl missing";
    ip_ = ip;
    stp_port_ = free_port(ip_);
    sip_port_ = free_port(ip_);
    as_port_ = free_port(ip_);
    trunk_port_ = free_port(ip_);
    http_port_ = free_port(ip_);
    const std::string dir = srv_.dir();
    pcap_ = dir + "/cs.pcapng";

    // The capture first: everything of this address but the management HTTP.
    cap_ = std::make_unique<child_process>(
        std::vector<std::string>{
            "tshark", "-i", "lo", "-f",
            "host " + ip_ + " and not tcp port 4239 and not tcp port " + std::to_string(http_port_),
            "-w", pcap_},
        dir + "/tshark.err");
    for (int i = 0;
         i < 3000 && read_file(dir + "/tshark.err").find("Capturing on") == std::string::npos; ++i)
      std::this_thread::sleep_for(10ms);
    ASSERT_NE(read_file(dir + "/tshark.err").find("Capturing on"), std::string::npos)
        << read_file(dir + "/tshark.err");
    // Marker datagrams to the address's discard port prove the capture runs.
    ASSERT_TRUE(mark_capture(ip_, 9, pcap_, "cmr-capture-start")) << read_file(dir + "/tshark.err");

    auto shipped = [&](const std::string& name) {
      std::string cfg = read_file(std::string(CMR_SOURCE_DIR) + "/configs/stp/" + name);
      cfg = std::regex_replace(cfg, std::regex("127\\.0\\.0\\.1"), ip_);
      cfg = std::regex_replace(cfg, std::regex("(listen ipa|asp cmr-server|asp cmr-ssf) 5000"),
                               "$1 " + std::to_string(stp_port_));
      cfg = std::regex_replace(cfg, std::regex("bind (\\S+) 4260"), "bind $1 0");
      cfg = std::regex_replace(cfg, std::regex("bind (\\S+) 8080"),
                               "bind $1 " + std::to_string(http_port_));
      cfg = std::regex_replace(cfg, std::regex("bind (\\S+) 5070"),
                               "bind $1 " + std::to_string(sip_port_));
      // Short scenarios: the CPH no-answer timer (RRBE applicationTimer) 1 s.
      cfg = std::regex_replace(cfg, std::regex("no-answer-timer 30"), "no-answer-timer 1");
      return std::regex_replace(cfg, std::regex("logging color 1"), "logging color 0");
    };
    const std::string stp_cfg = srv_.write_file("osmo-stp.cfg", shipped("osmo-stp.cfg"));
    stp_ = std::make_unique<child_process>(std::vector<std::string>{"osmo-stp", "-c", stp_cfg},
                                           dir + "/osmo-stp.err");
    // osmo-stp answers on its VTY (port 4239 of its address) once it runs.
    bool stp_up = false;
    for (int i = 0; i < 1000 && !stp_up; ++i) {
      const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in sa{};
      sa.sin_family = AF_INET;
      sa.sin_port = htons(4239);
      ::inet_pton(AF_INET, ip_.c_str(), &sa.sin_addr);
      stp_up = ::connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) == 0;
      ::close(fd);
      if (!stp_up) std::this_thread::sleep_for(10ms);
    }
    ASSERT_TRUE(stp_up) << read_file(dir + "/osmo-stp.err");
    // route-via-platform: the SIP application server behind the switch's
    // trunk (cmr-ssf's --trunk-port is its next hop), the demo platform prefix.
    srv_.write_file("cmr-server.cfg", shipped("cmr-server.cfg") + "sip\n bind " + ip_ + " " +
                                          std::to_string(as_port_) + "\n next-hop " + ip_ + " " +
                                          std::to_string(trunk_port_) +
                                          " udp\n platform-prefix 49609\n!\n");
    ssf_cfg_ = srv_.write_file("cmr-ssf.cfg", shipped("cmr-ssf.cfg"));
    srv_.start({"-c", "cmr-server.cfg"});
    ASSERT_TRUE(srv_.wait_for_err("intelligent peripheral listening", 30s)) << srv_.err();
    ASSERT_TRUE(srv_.wait_for_err("management HTTP listening", 30s)) << srv_.err();
    // The server's IPA link to the STP (its VTY is on ip_, the log says it too).
    // (logged as a transition or, when already up at the first report, as a state).
    const std::regex active("AS cmr-server \\(.*\\): (AS_\\w+ -> )?AS_ACTIVE");
    bool linked = false;
    for (int i = 0; i < 1500 && !linked; ++i) {
      linked = std::regex_search(srv_.err(), active);
      if (!linked) std::this_thread::sleep_for(20ms);
    }
    ASSERT_TRUE(linked) << srv_.err() << read_file(dir + "/osmo-stp.err");

    srv_.write_file("tone.wav", tone_wav());
    for (const char* r :
         {"demo-ringback-1", "demo-ringback-2", "demo-ringback-3", "demo-system-default"}) {
      std::string code;
      run_shell(
          "curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Authorization: Bearer demo-portal' "
          "-H 'Content-Type: audio/wav' --data-binary @" +
              dir + "/tone.wav http://" + ip_ + ":" + std::to_string(http_port_) +
              "/cmr/1/resources/" + r + "/content",
          &code);
      ASSERT_EQ(code.substr(0, 1), "2") << r << " upload: " << code;
    }
  }

  static std::string service_key(const std::string& profile) {
    if (profile == "connect-to-resource") return "100";
    if (profile == "alerting-pattern") return "101";
    if (profile == "temporary-connection") return "102";
    if (profile == "route-via-platform") return "103";
    return "110";
  }

  // One call with cmr-ssf (RTP checked by cmr-ssf itself against the uploaded tone.wav).
  void call(const std::string& profile, const std::string& outcome, const std::string& proto) {
    static const std::map<std::string, std::string> scenario{{"answer", "answer:0.2 --hold 0.2"},
                                                             {"busy", "busy:0.2"},
                                                             {"no-answer", "no-answer:0.2"},
                                                             {"abandon", "abandon:0.1"}};
    // route-via-platform: the ringback starts after the platform's leg rang
    // the callee (trunk INVITE, decision, B-leg INVITE, reliable 180).
    const bool rvp = profile == "route-via-platform";
    const std::string sc = rvp && outcome == "abandon" ? "abandon:0.5" : scenario.at(outcome);
    const std::string trunk = rvp ? " --platform-prefix 49609 --platform " + ip_ + ":" +
                                        std::to_string(as_port_) + " --trunk-port " +
                                        std::to_string(trunk_port_)
                                  : "";
    call_case c{profile, outcome, proto, {}, {}, false};
    // ANSI-41: the TriggerType of the scp node's win-trigger line for the
    // profile (configs/stp/cmr-server.cfg), instead of a service key.
    const std::string trigger =
        proto == "ansi41" ? " --trigger-type " + std::string(rvp ? "38" : "1")
                          : " --service-key " + service_key(profile);
    const std::string cmd =
        "timeout 60 " + std::string(CMR_SSF_BIN) + " -c " + ssf_cfg_ + " --ip " + ip_ + ":" +
        std::to_string(sip_port_) + " --local-ip " + ip_ + " --expect-content " + srv_.dir() +
        "/tone.wav --protocol " + proto + trigger +
        (profile == "temporary-connection" ? " --expect-announcement 1002" : "") + trunk +
        " --scenario " + sc + " 2>>" + srv_.dir() + "/ssf.err";
    const int rc = run_shell(cmd, &c.ssf_out);
    const std::string what = profile + " " + outcome + " " + proto;
    EXPECT_EQ(rc, 0) << what << "\n" << c.ssf_out;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(
        c.ssf_out, m, std::regex("result call=([0-9a-f]{8}) outcome=(\\S+) failure=(\\S+)")))
        << what << "\n"
        << c.ssf_out << read_file(srv_.dir() + "/ssf.err");
    c.call_id = m[1];
    EXPECT_EQ(m[2].str(), expected_outcome(profile, outcome)) << what << "\n" << c.ssf_out;
    EXPECT_EQ(m[3].str(), "none") << what << "\n" << c.ssf_out;
    const bool bearer = profile != "alerting-pattern";
    if (bearer) {
      // The RTP check of cmr-ssf against the rendition of the uploaded file.
      EXPECT_NE(c.ssf_out.find("content ok"), std::string::npos) << what << "\n" << c.ssf_out;
      EXPECT_EQ(c.ssf_out.find("content not checked"), std::string::npos) << what << "\n"
                                                                          << c.ssf_out;
    }
    c.full_play = c.ssf_out.find("RTP 20 packets 3200 bytes content ok") != std::string::npos;
    cases_.push_back(c);
  }

  void run_profile(const std::string& profile) {
    const std::vector<std::string> outcomes =
        profile == "alerting-pattern"
            ? std::vector<std::string>{"answer"}
            : std::vector<std::string>{"answer", "busy", "no-answer", "abandon"};
    for (const char* proto : {"cap-v2", "cap-v3", "cap-v4", "inap"})
      for (const auto& o : outcomes) call(profile, o, proto);
    check_capture(profile);
  }
  // ANSI-41 WIN: win-resource, and route-via-platform as the CAP/INAP runs
  // do it, every outcome.
  void run_ansi(const std::vector<std::string>& profiles) {
    for (const auto& profile : profiles)
      for (const char* o : {"answer", "busy", "no-answer", "abandon"}) call(profile, o, "ansi41");
    check_capture("ansi41");
  }

  std::vector<std::string> tshark(const std::string& args) {
    std::string out;
    // SIP by the IP's port: cmr-ssf's SIP port is ephemeral and, being the
    // lower of the two, would otherwise decide the dissector when it happens
    // to be a registered port (34980 made an INVITE "EtherCAT TC-NV").
    const std::string decode = " -d tcp.port==" + std::to_string(stp_port_) + ",gsm_ipa" +
                               " -d udp.port==" + std::to_string(sip_port_) + ",sip" +
                               " -d udp.port==" + std::to_string(as_port_) + ",sip" +
                               " -d udp.port==" + std::to_string(trunk_port_) + ",sip" +
                               " -o ansi_map.map.ssn:5-14,147,148 ";
    run_shell("tshark -r " + pcap_ + decode + args + " 2>>" + srv_.dir() + "/tshark-read.err",
              &out);
    return lines_of(out);
  }

  // The TCAP messages of the capture (as sent into the STP, each once).
  struct tcap_msg {
    std::string src_port, kind, ops;
    std::vector<std::string> tids;
  };
  std::vector<tcap_msg> tcap_messages() {
    std::vector<tcap_msg> v;
    const std::string into = "tcp.dstport==" + std::to_string(stp_port_);
    for (const auto& l : tshark("-Y '(camel || inap) && " + into +
                                "' -T fields -E occurrence=a -E aggregator=, -e tcp.srcport "
                                "-e tcap.begin_element -e tcap.continue_element -e "
                                "tcap.end_element -e tcap.abort_element "
                                "-e tcap.tid -e _ws.col.Info")) {
      const auto f = split(l, '\t');
      if (f.size() < 7) continue;
      tcap_msg m;
      m.src_port = f[0];
      m.kind = !f[1].empty()   ? "Begin"
               : !f[2].empty() ? "Continue"
               : !f[3].empty() ? "End"
                               : "Abort";
      m.tids = split(f[5], ',');
      // Info: "[Begin otid(..)] invoke op invoke op returnResultLast op ..."
      std::vector<std::string> toks;
      std::istringstream in(f[6]);
      for (std::string t; in >> t;)
        if (!std::regex_match(t, std::regex("Begin|Continue|End|Abort|otid\\(.*|dtid\\(.*")))
          toks.push_back(t);
      std::string ops;
      for (std::size_t i = 0; i < toks.size(); ++i) {
        std::string op;
        if (toks[i] == "invoke" && i + 1 < toks.size()) {
          op = toks[++i];
        } else if (toks[i].rfind("returnResult", 0) == 0) {
          op = "result";
          if (i + 1 < toks.size() && toks[i + 1] != "invoke" && toks[i + 1].rfind("return", 0) != 0)
            op += ":" + toks[++i];
        } else {
          op = toks[i];
        }
        ops += (ops.empty() ? "" : ",") + op;
      }
      m.ops = ops;
      v.push_back(m);
    }
    return v;
  }

  // The ANSI TCAP packages of the capture (as sent into the STP), in order.
  std::vector<std::string> ansi_messages() {
    static const std::map<std::string, std::string> ops{
        {"2368", "AnalyzedInformation"}, {"2370", "ConnectResource"},
        {"2371", "DisconnectResource"},  {"2373", "InstructionRequest"},
        {"2377", "SeizeResource"},       {"2378", "SRFDirective"},
        {"2379", "TBusy"},               {"2380", "TNoAnswer"},
        {"2385", "CallControlDirective"}, {"2387", "ODisconnect"},
        {"2389", "TAnswer"},             {"2390", "TDisconnect"}};
    std::vector<std::string> v;
    const std::string into = "tcp.dstport==" + std::to_string(stp_port_);
    // Not the UDTS a package to a party already gone comes back in.
    for (const auto& l : tshark("-Y 'ansi_tcap && " + into +
                                " && sccp.message_type != 0x0a' -T fields -E occurrence=a "
                                "-E aggregator=, -e sccp.calling.ssn "
                                "-e ansi_tcap.queryWithPerm_element "
                                "-e ansi_tcap.conversationWithPerm_element "
                                "-e ansi_tcap.response_element -e ansi_tcap.abort_element "
                                "-e ansi_tcap.invokeLast_element -e ansi_tcap.private "
                                "-e ansi_tcap.returnResultLast_element "
                                "-e ansi_tcap.returnError_element -e ansi_tcap.reject_element")) {
      const auto f = split(l, '\t');
      if (f.size() < 10) continue;
      // One frame may carry two IPA messages (two packages): their kinds
      // joined by '+', their components together.
      std::string kind;
      static const char* kinds[] = {"Query", "Conversation", "Response", "Abort"};
      for (std::size_t k = 0; k < 4; ++k) {
        if (f[k + 1].empty()) continue;
        for (std::size_t n = split(f[k + 1], ',').size(); n > 0; --n)
          kind += (kind.empty() ? "" : "+") + std::string(kinds[k]);
      }
      std::string list;
      const auto add = [&list](const std::string& x) { list += (list.empty() ? "" : ",") + x; };
      if (!f[5].empty())
        for (const auto& code : split(f[6], ',')) add(ops.count(code) ? ops.at(code) : code);
      const auto each = [&](const std::string& field, const char* name) {
        if (!field.empty())
          for (std::size_t n = split(field, ',').size(); n > 0; --n) add(name);
      };
      each(f[7], "result");
      each(f[8], "error");
      each(f[9], "reject");
      // The MSC (cmr-ssf) is SSN 8; every cmr-ssf run has a port of its own.
      v.push_back(std::string(f[0] == "8" ? "msc " : "scp ") + kind + " " + list);
    }
    return v;
  }

  void check_ansi_sequences() {
    // Calls run one after the other: each begins with its AnalyzedInformation.
    std::vector<sequence> calls;
    for (const auto& m : ansi_messages()) {
      if (m == "msc Query AnalyzedInformation") calls.emplace_back();
      if (!calls.empty()) calls.back().push_back(m);
    }
    ASSERT_EQ(calls.size(), cases_.size()) << "one AnalyzedInformation per call";
    for (std::size_t i = 0; i < cases_.size(); ++i) {
      const auto& c = cases_[i];
      const auto want = expected_ansi(c.profile, c.outcome);
      auto got = calls[i];
      std::string g, w;
      for (const auto& x : got) g += "  " + x + "\n";
      for (const auto& x : want) w += "  " + x + "\n";
      if (c.profile == "win-resource" && c.outcome == "abandon") {
        ASSERT_GE(got.size(), want.size()) << g;
        EXPECT_EQ(sequence(got.begin(), got.begin() + static_cast<std::ptrdiff_t>(want.size())),
                  want)
            << g;
        EXPECT_TRUE(ansi_abandon_tail_ok(
            sequence(got.begin() + static_cast<std::ptrdiff_t>(want.size()), got.end())))
            << c.profile << " " << c.outcome << " call " << c.call_id << "\n" << g;
        continue;
      }
      EXPECT_EQ(g, w) << c.profile << " " << c.outcome << " call " << c.call_id;
    }
  }

  void check_capture(const std::string& profile) {
    // Everything the calls sent is in the file once a later marker is.
    ASSERT_TRUE(mark_capture(ip_, 9, pcap_, "cmr-capture-end"));
    cap_->send_signal(SIGTERM);
    ASSERT_TRUE(cap_->wait_exit(10s));
    cap_.reset();

    // Every frame decodes: nothing malformed, no expert info at warning or
    // above. Excepted: the marker datagrams' ICMP port-unreachable, and a TCP
    // RST when cmr-ssf exits with a crossing message unread (a TCP teardown
    // note, not a decoding problem).
    const auto bad = tshark(
        "-o rtp.heuristic_rtp:TRUE -Y '!icmp && !(tcp.flags.reset == 1) && "
        "(_ws.malformed || _ws.expert.severity >= warning)'");
    EXPECT_TRUE(bad.empty()) << bad.size() << " bad frames, first: " << bad.front();

    // The operation sequence of every dialogue.
    if (profile == "ansi41") check_ansi_sequences();
    const auto msgs = profile == "ansi41" ? std::vector<tcap_msg>{} : tcap_messages();
    for (const auto& c : cases_) {
      if (c.proto == "ansi41") continue;
      std::set<std::string> tids{c.call_id};
      for (const auto& m : msgs)
        if (std::find(m.tids.begin(), m.tids.end(), c.call_id) != m.tids.end())
          tids.insert(m.tids.begin(), m.tids.end());
      std::string ssf_port;
      sequence got;
      for (const auto& m : msgs) {
        bool mine = false;
        for (const auto& t : m.tids) mine = mine || tids.count(t) != 0;
        if (!mine) continue;
        if (ssf_port.empty() && m.kind == "Begin") ssf_port = m.src_port;
        got.push_back(std::string(m.src_port == ssf_port ? "ssf " : "scp ") + m.kind + " " + m.ops);
      }
      auto want = expected(c.profile, c.outcome, c.proto);
      // Abandon during a temporary connection: the switch releases the
      // bearer and reports the abandon at once; the IP, seeing the BYE, ends
      // its assist dialogue and the SCP's DFC + Continue may cross the
      // switch's TC-END (before or after it on the wire). Both are valid.
      const std::string dfc = "scp Continue disconnectForwardConnection,continue";
      // A DFC + Continue that reached the STP after the switch left comes
      // back as a UDTS: not part of the dialogue's sequence.
      if (c.profile == "temporary-connection" && c.outcome == "abandon")
        while (!got.empty() && got.back().find("UDTS") != std::string::npos) got.pop_back();
      if (c.profile == "temporary-connection" && c.outcome == "abandon" && got.size() == 4 &&
          got[3] == dfc)
        want.push_back(dfc);
      if (c.profile == "temporary-connection" && c.outcome == "abandon" && got.size() == 4 &&
          got[2] == dfc)
        want.insert(want.begin() + 2, dfc);
      std::string g, w;
      for (const auto& s : got) g += "  " + s + "\n";
      for (const auto& s : want) w += "  " + s + "\n";
      EXPECT_EQ(g, w) << c.profile << " " << c.outcome << " " << c.proto << " call " << c.call_id;
    }

    // The RTP the IP sent: per stream (SSRC) the payloads, concatenated, are
    // the resource's rendition from its first byte, repeated when the play
    // asked for repetitions (call-party-handling: a PlayAnnouncement with
    // numberOfRepetitions while the callee rings), cut where the switch
    // stopped the play; completed plays carry at least one whole rendition.
    // Not counted: the copy of the last packet an ICMP port-unreachable
    // quotes when the switch closed its RTP port first (tshark's heuristic
    // decodes it as RTP too).
    if (profile != "alerting-pattern") {
      std::map<std::string, std::string> rendition;  // payload type -> hex
      for (const auto& e :
           std::filesystem::recursive_directory_iterator(srv_.dir() + "/content/demo-ringback-2")) {
        const auto ext = e.path().extension().string();
        if (ext == ".alaw") rendition["8"] = hex_of(read_file(e.path().string()));
        if (ext == ".ulaw") rendition["0"] = hex_of(read_file(e.path().string()));
      }
      ASSERT_EQ(rendition.size(), 2U);
      std::map<std::string, std::pair<std::string, std::string>>
          streams;  // ssrc -> (pt, payload hex)
      // Only what left the IP's RTP ports (configs: ip / rtp-ports 16384
      // 32767): the heuristic dissector can take other datagrams for RTP.
      std::map<std::string, std::string> first_line;  // ssrc -> a frame, for the failure text
      for (const auto& l :
           tshark("-o rtp.heuristic_rtp:TRUE -Y 'rtp && !icmp && udp.srcport >= 16384 && "
                  "udp.srcport <= 32767' -T fields -e rtp.ssrc -e rtp.p_type -e rtp.payload "
                  "-e frame.number -e udp.srcport -e udp.dstport")) {
        const auto f = split(l, '\t');
        if (f.size() < 3) continue;
        auto& s = streams[f[0]];
        first_line.try_emplace(f[0], l);
        s.first = f[1];
        for (const char ch : f[2])
          if (ch != ':') s.second += ch;
      }
      std::size_t full = 0, bearers = 0, full_plays = 0;
      for (const auto& c : cases_) {
        ++bearers;
        if (c.full_play) ++full_plays;
      }
      for (const auto& [ssrc, s] : streams) {
        ASSERT_TRUE(rendition.count(s.first))
            << "payload type " << s.first << ", first frame: " << first_line[ssrc];
        const std::string& want = rendition[s.first];
        EXPECT_FALSE(s.second.empty());
        // One play, cut where the switch stopped it; the ringback of
        // call-party-handling and of the platform loops while it rings.
        if (profile != "call-party-handling" && profile != "route-via-platform" &&
            profile != "ansi41") {
          EXPECT_LE(s.second.size(), want.size()) << ssrc;
        }
        std::string repeated;
        while (repeated.size() < s.second.size()) repeated += want;
        const auto at = std::mismatch(s.second.begin(), s.second.end(), repeated.begin()).first -
                        s.second.begin();
        EXPECT_EQ(static_cast<std::size_t>(at), s.second.size())
            << "stream " << ssrc << " differs from the rendition at hex offset " << at
            << " (rendition length " << want.size() << ", stream " << s.second.size() << ")";
        if (s.second.size() >= want.size() && static_cast<std::size_t>(at) == s.second.size())
          ++full;
      }
      EXPECT_EQ(streams.size(), bearers) << "one RTP stream per call";
      EXPECT_GE(full, full_plays);
    }

    if (const char* keep = std::getenv("CMR_CS_LADDER_DIR")) {
      std::filesystem::create_directories(keep);
      std::filesystem::copy_file(pcap_, std::string(keep) + "/" + profile + ".pcapng",
                                 std::filesystem::copy_options::overwrite_existing);
      std::ofstream f(std::string(keep) + "/" + profile + ".cases");
      f << "ports " << stp_port_ << " " << sip_port_ << "\n";
      if (profile == "route-via-platform" || profile == "ansi41")
        f << "platform " << as_port_ << " " << trunk_port_ << "\n";
      for (const auto& c : cases_)
        f << "case " << c.proto << " " << c.outcome << " " << c.call_id
          << (profile == "ansi41" ? " " + c.profile : std::string()) << "\n";
    }
  }

  server_process srv_;
  std::unique_ptr<child_process> cap_;
  std::unique_ptr<child_process> stp_;
  std::string ip_, pcap_, ssf_cfg_;
  unsigned short stp_port_ = 0, sip_port_ = 0, http_port_ = 0, as_port_ = 0, trunk_port_ = 0;
  std::vector<call_case> cases_;
};

// Own loopback addresses (osmo-stp's VTY is port 4239 of its bind address).
TEST_F(cs_matrix, connect_to_resource_every_outcome_and_protocol) {
  start("127.0.0.251");
  if (IsSkipped() || HasFatalFailure()) return;
  run_profile("connect-to-resource");
}

TEST_F(cs_matrix, temporary_connection_every_outcome_and_protocol) {
  start("127.0.0.252");
  if (IsSkipped() || HasFatalFailure()) return;
  run_profile("temporary-connection");
}

TEST_F(cs_matrix, call_party_handling_every_outcome_and_protocol) {
  start("127.0.0.253");
  if (IsSkipped() || HasFatalFailure()) return;
  run_profile("call-party-handling");
}

// The ringback played by the SIP application server behind the switch's
// trunk (Gateway mode): cmr-ssf places the routed call on its trunk, plays
// the callee on the platform's leg and checks the ringback during alerting
// and its stop at the answer; the capture checks the streams as above.
TEST_F(cs_matrix, route_via_platform_every_outcome_and_protocol) {
  start("127.0.0.250");
  if (IsSkipped() || HasFatalFailure()) return;
  run_profile("route-via-platform");
}

// ANSI-41 WIN (CDMA): win-resource (SeizeResource at the IP in the server,
// ConnectResource to the TLDN, the bearer, SRFDirective, DisconnectResource)
// and route-via-platform (RoutingDigits to the SIP AS behind the trunk),
// every outcome, the event triggers in transactions of their own.
TEST_F(cs_matrix, ansi41_win_resource_and_route_via_platform_every_outcome) {
  start("127.0.0.249");
  if (IsSkipped() || HasFatalFailure()) return;
  run_ansi({"win-resource", "route-via-platform"});
}

TEST_F(cs_matrix, alerting_pattern_every_protocol) {
  start("127.0.0.254");
  if (IsSkipped() || HasFatalFailure()) return;
  run_profile("alerting-pattern");
}

}  // namespace
}  // namespace cmr::test
