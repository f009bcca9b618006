// The presence watcher against a real presence server: Kamailio 5.6 with
// presence + presence_xml on SQLite (configs/ims-presence.kamailio.cfg),
// the real cmr-server with a "presence-watcher" node, SIPp as the UE that
// PUBLISHes PIDF with RPID and PIDF-LO (tests/sipp/presence), and tshark on
// loopback. One server start-up for every case (the suite's fixture); the
// cases run in order and build on each other's state.
//
// The owner 491700000002 (demo catalogue) gets, over the management API, a
// CMRBT rule set: Presence "busy" -> demo-ringback-3 (priority 0), Location
// "munich-centre" (a configured geodetic area, 1) and "DE/Bayern" (a civic
// prefix, 2) -> demo-ringback-1, DefaultCMRResourceId2 demo-ringback-2.
// Every PUBLISH must change "show cmr decision" within one second.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "tests/common/capture_marker.h"
#include "tests/common/free_port.h"
#include "tests/integration/server/server_process.h"
#include "tests/integration/sip_bad_input/sip_peer.h"
#include "tests/integration/sip_server/lab_tools.h"

namespace cmr::test {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

const std::string k_owner = "491700000002";
const std::string k_caller = "491799999999";
const std::string k_domain = "example.org";
// Loopback addresses of this test (other suites use others).
const std::string k_watcher_ip = "127.0.0.40";
const std::string k_kamailio_ip = "127.0.0.41";
const std::string k_ue_ip = "127.0.0.42";

std::string pidf(const std::string& inner) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><presence xmlns="urn:ietf:params:xml:ns:pidf" )"
         R"(xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" )"
         R"(xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10" xmlns:ca="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr" )"
         R"(xmlns:gml="http://www.opengis.net/gml" xmlns:gs="http://www.opengis.net/pidflo/1.0" )"
         R"(entity="sip:)" + k_owner + "@" + k_domain + R"(">)" + inner + "</presence>";
}
const std::string k_tuple_open = R"(<tuple id="ue1"><status><basic>open</basic></status><contact>sip:ue@127.0.0.42</contact></tuple>)";

class PresenceLab : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    lab_ = new lab();
  }
  static void TearDownTestSuite() {
    delete lab_;
    lab_ = nullptr;
  }

  struct lab {
    server_process server;
    std::string dir;
    std::uint16_t kamailio_port = 0, watcher_port = 0, mgmt_port = 0, marker_port = 0;
    std::unique_ptr<child_process> kamailio, tshark;
    std::unique_ptr<vty_client> vty;
    std::string pcap, etag, setup_error;
    int publishes = 0;
    // The SIP application server (HTTP mode: the CMRBT URL in the 180) in
    // front of a callee that rings and never answers.
    callee ringing_callee{"49"};
    std::uint16_t sip_port = 0;

    lab() {
      dir = server.dir();
      kamailio_port = free_port(k_kamailio_ip);
      watcher_port = free_port(k_watcher_ip);
      marker_port = free_port(k_ue_ip);
      if (!start_kamailio() || !start_capture() || !start_server() || !add_rule()) return;
    }
    ~lab() {
      vty.reset();
      server.send_signal(SIGTERM);
      server.wait_exit(10s);
      stop_kamailio();
      if (tshark) {
        tshark->signal(SIGTERM);
        tshark->wait(10s);
      }
    }
    bool fail(const std::string& why) {
      if (setup_error.empty()) setup_error = why;
      return false;
    }

    // A fresh SQLite database each time: a restarted server that lost every
    // subscription (the watcher must notice and subscribe again).
    bool start_kamailio() {
      const std::string db = dir + "/presence.db";
      std::filesystem::remove(db);
      for (const char* schema : {"standard-create.sql", "presence-create.sql"})
        if (run_shell("sqlite3 " + db + " < /usr/share/kamailio/db_sqlite/" + schema) != 0)
          return fail(std::string("sqlite3 ") + schema + " failed");
      const std::string hostport = k_kamailio_ip + ":" + std::to_string(kamailio_port);
      kamailio = std::make_unique<child_process>(
          std::vector<std::string>{std::filesystem::exists("/usr/sbin/kamailio") ? "/usr/sbin/kamailio" : "kamailio", "-f", std::string(CMR_SOURCE_DIR) + "/configs/ims-presence.kamailio.cfg",
                                   "-DD", "-E", "-w", dir, "-Y", dir, "-A", "LISTEN=udp:" + hostport,
                                   "-A", "SERVER_ADDRESS=\"sip:" + hostport + "\"",
                                   "-A", "DBURL=\"sqlite:///" + db + "\""},
          dir + "/kamailio.log");
      for (const auto deadline = clock_type::now() + 10s; clock_type::now() < deadline;) {
        if (udp_port_bound(k_kamailio_ip, kamailio_port)) return true;
        std::this_thread::sleep_for(20ms);
      }
      return fail("kamailio did not start:\n" + slurp_file(dir + "/kamailio.log"));
    }
    void stop_kamailio() {
      if (!kamailio) return;
      kamailio->signal(SIGTERM);  // its main process ends the children
      kamailio->wait(10s);
      kamailio.reset();
      for (const auto deadline = clock_type::now() + 5s;
           udp_port_bound(k_kamailio_ip, kamailio_port) && clock_type::now() < deadline;)
        std::this_thread::sleep_for(20ms);
    }
    static bool udp_port_bound(const std::string& ip, std::uint16_t port) {
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(port);
      ::inet_pton(AF_INET, ip.c_str(), &a.sin_addr);
      return !detail::can_bind(a, SOCK_DGRAM);
    }

    bool start_capture() {
      pcap = dir + "/presence.pcapng";
      const std::string filter = "udp port " + std::to_string(kamailio_port) + " or udp port " +
                                 std::to_string(watcher_port) + " or udp port " +
                                 std::to_string(marker_port);
      tshark = std::make_unique<child_process>(
          std::vector<std::string>{"tshark", "-q", "-i", "lo", "-f", filter, "-w", pcap},
          dir + "/tshark.log");
      for (const auto deadline = clock_type::now() + 20s; clock_type::now() < deadline;) {
        if (slurp_file(dir + "/tshark.log").find("Capturing on") != std::string::npos)
          return mark("start") || fail("tshark captured nothing: " + slurp_file(dir + "/tshark.log"));
        std::this_thread::sleep_for(20ms);
      }
      return fail("tshark did not start: " + slurp_file(dir + "/tshark.log"));
    }

    // A datagram to the marker port, until it is in the file
    // (tests/common/capture_marker.h): the capture runs / holds everything before.
    bool mark(const std::string& what) {
      return mark_capture(k_ue_ip, marker_port, pcap,
                          "cmr-presence-capture-" + what + "-" + std::to_string(::getpid()));
    }

    bool start_server() {
      std::string cfg = demo_config();
      // The watcher's transitions in the server's log (stderr), for a failure's message.
      const std::string level = " logging level set-all notice\n";
      if (const auto at = cfg.find(level); at != std::string::npos)
        cfg.insert(at + level.size(), " logging level pres info\n");
      cfg += "presence-watcher\n bind " + k_watcher_ip + " " + std::to_string(watcher_port) +
             "\n server " + k_kamailio_ip + " " + std::to_string(kamailio_port) + " udp\n domain " +
             k_domain +
             "\n expires 10\n rescan-interval 1\n retry-interval 1 2\n activity on-the-phone busy\n"
             " basic open available\n location civic country A1 A3\n"
             " location area munich-centre 48.137 11.575 2000\n!\n";
      cfg += "sip\n bind 127.0.0.1 0\n next-hop 127.0.0.1 " + std::to_string(ringing_callee.port()) +
             " udp\n mode cmrbt http\n mode cmrt off\n rtp-ports 0 0\n!\n";
      server.start({"-c", server.write_file("presence.cfg", cfg)});
      if (!server.wait_for_err("presence watcher listening", 20s) ||
          !server.wait_for_err("management HTTP listening", 20s))
        return fail("cmr-server did not start:\n" + server.err());
      const std::string err = server.err();
      mgmt_port = server.mgmt_port();
      sip_port = server.sip_port();
      if (sip_port == 0) return fail("no SIP port in the log:\n" + err);
      for (const auto deadline = clock_type::now() + 10s;
           server.vty_port() == 0 && clock_type::now() < deadline;)
        std::this_thread::sleep_for(5ms);
      if (mgmt_port == 0 || server.vty_port() == 0) return fail("ports not in the log:\n" + err);
      vty = std::make_unique<vty_client>(server.vty_port());
      if (!vty->connected()) return fail("VTY not reachable");
      return true;
    }

    // The rule set of the owner, as a portal would send it (CMR-6).
    bool add_rule() {
      const std::string body =
          R"({"TransactionId":"presence-rule-1","SubscriberId":")" + k_owner +
          R"(","Service":"CMRBT","OperationType":2,"PreferenceSetting":[)"
          R"({"Presence":true,"Priority":0,"ResourceIdPresence":[{"ResourceId":["demo-ringback-3"],"PresenceInfo":"busy"}]},)"
          R"({"Location":true,"Priority":1,"ResourceIdLocation":[{"ResourceId":["demo-ringback-1"],"LocationInfo":"munich-centre"}]},)"
          R"({"Location":true,"Priority":2,"ResourceIdLocation":[{"ResourceId":["demo-ringback-1"],"LocationInfo":"DE/Bayern"}]}],)"
          R"("DefaultCMRResourceId2":["demo-ringback-2"]})";
      const std::string file = server.write_file("rule.json", body);
      const std::string out = run_output(
          "curl -s -H 'Authorization: Bearer demo-portal' -H 'Content-Type: application/json' "
          "--data-binary @" + file + " http://127.0.0.1:" + std::to_string(mgmt_port) +
          "/cmr/1/PresentationRule");
      if (out.find("\"StatusCode\":0") == std::string::npos &&
          out.find("\"StatusCode\": 0") == std::string::npos)
        return fail("PresentationRule: " + out);
      return true;
    }

    // A call from the caller to the owner: the resource the 180's Alert-Info
    // URL names (HTTP mode, CMRBT), "" when none came; the caller then
    // CANCELs and ACKs the 487.
    std::string call_presents() {
      static int n = 0;
      const std::string id = "presence-call-" + std::to_string(++n);
      udp_peer a("127.0.0.1", {0});
      const std::string here = "127.0.0.1:" + std::to_string(a.port());
      const std::string ruri = "sip:" + k_owner + "@127.0.0.1:" + std::to_string(sip_port);
      const std::string head = "Via: SIP/2.0/UDP " + here + ";branch=z9hG4bK-" + id +
                               "\r\nMax-Forwards: 70\r\nFrom: <sip:" + k_caller +
                               "@127.0.0.1>;tag=" + id + "\r\nCall-ID: " + id + "\r\n";
      const std::string common = head + "To: <sip:" + k_owner + "@127.0.0.1>\r\n";
      a.send(sip_port, "INVITE " + ruri + " SIP/2.0\r\n" + common + "CSeq: 1 INVITE\r\nContact: <sip:a@" +
                           here + ">\r\nContent-Length: 0\r\n\r\n");
      std::string url;
      bool cancelled = false;
      for (const auto deadline = clock_type::now() + 5s; clock_type::now() < deadline;) {
        auto r = a.receive(100ms);
        if (!r || !r->msg || !r->msg->is_response()) continue;
        const auto& m = *r->msg;
        if (m.status == 180 && !cancelled) {
          if (const auto* ai = m.header("Alert-Info")) url = *ai;
          a.send(sip_port, "CANCEL " + ruri + " SIP/2.0\r\n" + common +
                               "CSeq: 1 CANCEL\r\nContent-Length: 0\r\n\r\n");
          cancelled = true;
        } else if (m.status >= 300 && m.cseq() && m.cseq()->method == "INVITE") {
          a.send(sip_port, "ACK " + ruri + " SIP/2.0\r\n" + head + "To: " + *m.header("To") +
                               "\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
          break;
        }
      }
      std::smatch m;
      return std::regex_search(url, m, std::regex("/content/([a-z0-9-]+)\\?")) ? m[1].str() : "";
    }

    std::string decision() {
      return vty->command("show cmr decision " + k_owner + " cmrbt " + k_caller);
    }
    long presence_value(const std::string& name) {
      const std::string out = vty->command("show cmr presence");
      std::smatch m;
      if (std::regex_search(out, m, std::regex("(^|\n)" + name + " ([0-9]+)")))
        return std::stol(m[2].str());
      return -1;
    }

    // One PUBLISH (a new publication, or a modification of the last one);
    // true on its 200. Remembers the new entity tag.
    bool publish(const std::string& body, bool modify) {
      const std::string n = std::to_string(++publishes);
      const std::string log = dir + "/publish-" + n + ".log";
      std::vector<std::string> args = {
          "sipp", "-sf",
          std::string(CMR_SOURCE_DIR) + "/tests/sipp/presence/publish-" + (modify ? "modify" : "initial") + ".xml",
          "-m", "1", "-i", k_ue_ip, "-p", std::to_string(free_port(k_ue_ip)),
          k_kamailio_ip + ":" + std::to_string(kamailio_port), "-key", "presentity", k_owner,
          "-key", "domain", k_domain, "-key", "body", body, "-trace_logs", "-log_file", log,
          "-trace_msg", "-message_file", dir + "/publish-" + n + ".msg",
          "-timeout", "5", "-timeout_error", "-nostdin"};
      if (modify) {
        args.emplace_back("-key");
        args.emplace_back("etag");
        args.push_back(etag);
      }
      child_process sipp(args, dir + "/sipp-" + n + ".out");
      if (sipp.wait(10s) != 0) {
        std::string klog = slurp_file(dir + "/kamailio.log");
        if (klog.size() > 4000) klog = klog.substr(klog.size() - 4000);
        ADD_FAILURE() << "PUBLISH " << n << " failed: " << slurp_file(dir + "/publish-" + n + ".msg")
                      << "\nkamailio.log (end):\n" << klog;
        return false;
      }
      std::smatch m;
      const std::string text = slurp_file(log);
      if (std::regex_search(text, m, std::regex("ETAG ([^\\s]+)"))) etag = m[1].str();
      return true;
    }

    // Polls the decision until it has every `needle`; the time it took,
    // or nothing after `limit`.
    std::optional<std::chrono::milliseconds> wait_decision(const std::vector<std::string>& needles,
                                                           std::chrono::milliseconds limit,
                                                           std::string* last) {
      const auto start = clock_type::now();
      while (clock_type::now() - start < limit) {
        *last = decision();
        bool all = true;
        for (const auto& n : needles) all = all && last->find(n) != std::string::npos;
        if (all)
          return std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - start);
        std::this_thread::sleep_for(10ms);
      }
      return std::nullopt;
    }
  };

  void SetUp() override {
    ASSERT_NE(lab_, nullptr);
    ASSERT_TRUE(lab_->setup_error.empty()) << lab_->setup_error;
  }

  // PUBLISH, then the decision must show every needle within one second.
  void expect_after_publish(const std::string& body, bool modify,
                            const std::vector<std::string>& needles) {
    const std::string before = lab_->decision();
    bool all = true;
    for (const auto& n : needles) all = all && before.find(n) != std::string::npos;
    ASSERT_FALSE(all) << "the decision says so before the PUBLISH:\n" << before;
    ASSERT_TRUE(lab_->publish(body, modify));
    std::string last;
    const auto took = lab_->wait_decision(needles, 1000ms, &last);
    ASSERT_TRUE(took) << "not within 1 s of the PUBLISH's 200; last decision:\n" << last
                      << "\nshow cmr presence:\n" << lab_->vty->command("show cmr presence");
    std::cout << "[ decision ] changed " << took->count() << " ms after the PUBLISH's 200\n";
  }

  static std::string dpres_lines() {
    std::string out;
    std::istringstream err(lab_->server.err());
    for (std::string line; std::getline(err, line);)
      if (line.find("DPRES") != std::string::npos) out += line + "\n";
    return out;
  }

  static lab* lab_;
};

PresenceLab::lab* PresenceLab::lab_ = nullptr;

TEST_F(PresenceLab, WatcherSubscribesForEveryOwnerWithPresenceOrLocationRules) {
  // The demo owner 491700000001 has such rules from the start; 491700000002
  // got them over HTTP and is found by the next rescan (1 s).
  const auto deadline = clock_type::now() + 10s;
  while (lab_->presence_value("subscriptions-active") < 2 && clock_type::now() < deadline)
    std::this_thread::sleep_for(50ms);
  EXPECT_EQ(lab_->presence_value("subscriptions-active"), 2) << lab_->vty->command("show cmr presence");
  EXPECT_EQ(lab_->presence_value("watched"), 2);
  // Before any PUBLISH: the demo state (available, home) matches nothing,
  // and a call presents the default.
  EXPECT_NE(lab_->decision().find("DefaultCMRResourceId2"), std::string::npos) << lab_->decision();
  EXPECT_EQ(lab_->call_presents(), "demo-ringback-2") << lab_->server.err();
}

TEST_F(PresenceLab, RpidOnThePhoneMakesTheOwnerBusy) {
  expect_after_publish(pidf(k_tuple_open +
                            R"(<dm:person id="p1"><rpid:activities><rpid:on-the-phone/></rpid:activities></dm:person>)"),
                       false, {"Presence rule matched", "condition \"busy\"", "demo-ringback-3"});
  // And a call now gets it: the CMRBT URL in the 180 names the busy resource.
  EXPECT_EQ(lab_->call_presents(), "demo-ringback-3") << lab_->server.err();
  EXPECT_GE(lab_->presence_value("updates"), 1);
}

TEST_F(PresenceLab, CivicLocationGivesANestedLabel) {
  // Off the phone, in Munich (civic): presence "available", location
  // "DE/Bayern/M\u00fcnchen", which the "DE/Bayern" rule covers.
  expect_after_publish(
      pidf(k_tuple_open +
           R"(<dm:person id="p1"><gp:geopriv><gp:location-info><ca:civicAddress><ca:country>DE</ca:country>)"
           R"(<ca:A1>Bayern</ca:A1><ca:A3>M&#xFC;nchen</ca:A3><ca:A6>Marienplatz</ca:A6></ca:civicAddress>)"
           R"(</gp:location-info><gp:usage-rules/></gp:geopriv></dm:person>)"),
      true, {"Location rule matched", "condition \"DE/Bayern\"", "demo-ringback-1"});
}

TEST_F(PresenceLab, GeodeticCircleInANamedArea) {
  expect_after_publish(
      pidf(k_tuple_open +
           R"(<dm:device id="d1"><gp:geopriv><gp:location-info><gs:Circle srsName="urn:ogc:def:crs:EPSG::4326">)"
           R"(<gml:pos>48.1374 11.5755</gml:pos><gs:radius uom="urn:ogc:def:uom:EPSG::9001">50</gs:radius>)"
           R"(</gs:Circle></gp:location-info><gp:usage-rules/></gp:geopriv><dm:deviceID>mac:0011223344</dm:deviceID></dm:device>)"),
      true, {"Location rule matched", "condition \"munich-centre\""});
}

TEST_F(PresenceLab, KamailioRestartedTheWatcherSubscribesAgain) {
  const long before = lab_->presence_value("resubscribes");
  lab_->stop_kamailio();
  ASSERT_TRUE(lab_->start_kamailio()) << lab_->setup_error;
  // The restarted server forgot every subscription: the next refresh (at
  // most 8.5 s, expires 10) gets 481 and the watcher subscribes again.
  const auto deadline = clock_type::now() + 20s;
  while (clock_type::now() < deadline &&
         (lab_->presence_value("resubscribes") < before + 2 || lab_->presence_value("subscriptions-active") < 2))
    std::this_thread::sleep_for(100ms);
  ASSERT_GE(lab_->presence_value("resubscribes"), before + 2) << lab_->vty->command("show cmr presence");
  ASSERT_EQ(lab_->presence_value("subscriptions-active"), 2) << lab_->vty->command("show cmr presence");
  // A new publication on the new server: on the phone, somewhere in no
  // named area (location known but unnamed: cleared).
  expect_after_publish(
      pidf(k_tuple_open +
           R"(<dm:person id="p1"><rpid:activities><rpid:on-the-phone/></rpid:activities><gp:geopriv><gp:location-info>)"
           R"(<gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>52.52 13.405</gml:pos></gml:Point>)"
           R"(</gp:location-info><gp:usage-rules/></gp:geopriv></dm:person>)"),
      false, {"Presence rule matched", "condition \"busy\""});
}

TEST_F(PresenceLab, ShutdownUnsubscribesNoErrorLogLinesACleanCapture) {
  // SIGTERM: every subscription is ended (Expires: 0) and the server exits 0.
  lab_->vty.reset();
  lab_->server.send_signal(SIGTERM);
  const auto status = lab_->server.wait_exit(15s);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << lab_->server.err();
  EXPECT_EQ(lab_->server.err().find("Sanitizer"), std::string::npos) << lab_->server.err();
  // A server restart is a notice, not an error.
  std::istringstream err(lab_->server.err());
  for (std::string line; std::getline(err, line);)
    EXPECT_FALSE(line.find("DPRES") != std::string::npos && line.find("ERROR") != std::string::npos)
        << line;
  ASSERT_TRUE(lab_->mark("end"));
  lab_->tshark->signal(SIGTERM);
  lab_->tshark->wait(10s);
  lab_->tshark.reset();
  const std::string decode = " -d udp.port==" + std::to_string(lab_->kamailio_port) + ",sip -d udp.port==" +
                             std::to_string(lab_->watcher_port) + ",sip ";
  const std::string fields = run_output(
      "tshark -r " + lab_->pcap + decode +
      "-T fields -E separator=/t -E occurrence=a -E aggregator=, -e frame.number -e sip.Method "
      "-e sip.Status-Code -e _ws.malformed -e _ws.expert.severity -e _ws.expert.message -e sip.Expires "
      "-e sip.Subscription-State 2>/dev/null");
  constexpr long warning = 0x00600000;  // PI_WARN
  int subscribes = 0, notifies = 0, publishes = 0, frames = 0, unsubscribes = 0, final_notifies = 0;
  std::istringstream lines(fields);
  for (std::string line; std::getline(lines, line);) {
    const auto f = split(line, '\t');
    if (f.size() < 6) continue;
    ++frames;
    subscribes += f[1] == "SUBSCRIBE";
    notifies += f[1] == "NOTIFY";
    publishes += f[1] == "PUBLISH";
    unsubscribes += f[1] == "SUBSCRIBE" && f.size() > 6 && f[6] == "0";
    final_notifies += f[1] == "NOTIFY" && f.size() > 7 && f[7].rfind("terminated", 0) == 0;
    long severity = 0;
    for (const auto& v : split(f[4], ',')) severity = std::max(severity, std::atol(v.c_str()));
    EXPECT_TRUE(f[3].empty() && severity < warning) << "frame " << f[0] << ": " << f[5];
  }
  EXPECT_GE(subscribes, 4);
  EXPECT_GE(notifies, 4);
  EXPECT_EQ(publishes, 4) << fields;
  EXPECT_EQ(unsubscribes, 2) << fields;    // both watched owners
  EXPECT_EQ(final_notifies, 2) << fields << dpres_lines();  // answered 200 (no retransmission)
  std::cout << "[ capture  ] " << frames << " frames, " << subscribes << " SUBSCRIBE, "
            << notifies << " NOTIFY, " << publishes << " PUBLISH, " << unsubscribes
            << " SUBSCRIBE with Expires: 0\n";
}

}  // namespace
}  // namespace cmr::test
