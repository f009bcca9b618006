// The CTRL interface of the real cmr-server (sigtran/ctrl_interface.h,
// docs/operations.md), with a CTRL client over TCP:
//   - one start-up: GET of a rate counter that moves after a management
//     request, of a stat item and of the cmr. variables; SET of a log level
//     with its effect in "show running-config", SET of the stats interval;
//     SET of a bad value, of a read-only and of a restart-only variable and
//     GET of unknown ones answer ERROR (the server logs the refusals); a
//     malformed command and a connection sending garbage change nothing for
//     others; tshark decodes the session as IPA/CTRL without errors;
//   - TRAPs: cmr-server as an IPA client ASP of a real osmo-stp; killing
//     osmo-stp sends "TRAP 0 cmr.sigtran.asp.cmr-server.state ASP_DOWN",
//     starting it again "... ASP_ACTIVE".
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <regex>
#include <string>
#include <thread>

#include "tests/common/capture_marker.h"
#include "tests/integration/ctrl/ctrl_client.h"
#include "tests/integration/server/server_process.h"

namespace cmr::test {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
constexpr auto startup_bound = 10s;  // generous: sanitizer builds start slowly

bool have(const char* tool) {
  return run_shell(std::string("command -v ") + tool + " >/dev/null 2>&1") == 0;
}

// A management request (no credentials: refused, but counted).
void management_request(unsigned short port) {
  run_shell(
      "curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{}' "
      "http://127.0.0.1:" +
      std::to_string(port) + "/cmr/1/GetResourceList");
}

// A child process (osmo-stp, tshark) that dies with the test.
pid_t spawn(const std::vector<std::string>& args, const std::string& err_file) {
  std::vector<char*> argv;
  std::vector<std::string> store = args;
  for (auto& a : store) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    const int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int null = ::open("/dev/null", O_WRONLY);
    if (err >= 0) ::dup2(err, STDERR_FILENO);
    if (null >= 0) ::dup2(null, STDOUT_FILENO);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

void stop(pid_t pid, int signo) {
  if (pid <= 0) return;
  ::kill(pid, signo);
  ::waitpid(pid, nullptr, 0);
}

template <typename F>
bool eventually(F f, std::chrono::milliseconds bound) {
  const auto deadline = clock_type::now() + bound;
  while (clock_type::now() < deadline) {
    if (f()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return f();
}

TEST(cmr_server_ctrl, get_set_errors_and_garbage_decoded_by_tshark) {
  server_process srv;
  std::string cfg = demo_config();
  // A SIP application server too: cmr.sip.* answers from its counter group.
  cfg += "sip\n bind 127.0.0.1 0\n next-hop 127.0.0.1 9 udp\n rtp-ports 0 0\n";
  srv.write_file("test.cfg", cfg);
  srv.start({"-c", "test.cfg"});
  ASSERT_TRUE(srv.wait_for_err(" started", startup_bound)) << srv.err();
  const unsigned short port = srv.ctrl_port();
  ASSERT_NE(port, 0) << srv.err();

  // Capture this server's CTRL port; tshark decodes it as IPA below.
  pid_t tshark = -1;
  const std::string pcap = srv.dir() + "/ctrl.pcapng";
  // UDP markers to the same port prove the capture runs (and, at the end,
  // that it holds everything): tests/common/capture_marker.h.
  const std::string mark = "cmr-ctrl-capture-" + std::to_string(::getpid());
  if (have("tshark")) {
    tshark = spawn({"tshark", "-i", "lo", "-f", "port " + std::to_string(port), "-w", pcap},
                   srv.dir() + "/tshark.err");
    ASSERT_TRUE(mark_capture("127.0.0.1", port, pcap, mark + "-start"))
        << slurp(srv.dir() + "/tshark.err");
  }

  ctrl_client c(port);
  ASSERT_TRUE(c.connected());

  // cmr.version is the version the server logged at start.
  std::smatch m;
  const std::string log = srv.err();
  ASSERT_TRUE(std::regex_search(log, m, std::regex("cmr-server (\\S+) started"))) << log;
  EXPECT_EQ(c.get("cmr.version"), "GET_REPLY 1 cmr.version " + m[1].str());

  // A rate counter moves after a management request (the mirror copies
  // once a second).
  const std::string before = c.get("rate_ctr.abs.cmr_mgmt.0.requests");
  ASSERT_EQ(before.rfind("GET_REPLY ", 0), 0U) << before;
  const long n0 = std::stol(ctrl_client::value_of(before));
  management_request(srv.mgmt_port());
  EXPECT_TRUE(eventually(
      [&] {
        const auto v = ctrl_client::value_of(c.get("rate_ctr.abs.cmr_mgmt.0.requests"));
        return !v.empty() && std::isdigit(static_cast<unsigned char>(v[0])) && std::stol(v) > n0;
      },
      5s));
  // A stat item and the cmr. levels.
  EXPECT_EQ(ctrl_client::value_of(c.get("stat_item.last.cmr_scp.0.live-calls")), "0");
  EXPECT_EQ(ctrl_client::value_of(c.get("cmr.scp.live-calls")), "0");
  EXPECT_EQ(ctrl_client::value_of(c.get("cmr.sip.calls-active")), "0");
  EXPECT_EQ(ctrl_client::value_of(c.get("cmr.sip.running")), "1");
  EXPECT_EQ(ctrl_client::value_of(c.get("cmr.ip.running")), "1");
  EXPECT_EQ(ctrl_client::value_of(c.get("cmr.io-threads")), "2");
  const std::string uptime = ctrl_client::value_of(c.get("cmr.uptime"));
  EXPECT_TRUE(std::regex_match(uptime, std::regex("[0-9]+"))) << uptime;
  const std::string as_names = c.get("cmr.sigtran.as-names");
  EXPECT_EQ(as_names.rfind("GET_REPLY ", 0), 0U) << as_names;

  // SET of a log level: answered, read back, written by "show running-config".
  EXPECT_EQ(ctrl_client::without_id(c.set("cmr.log.mgmt.level", "debug")),
            "SET_REPLY cmr.log.mgmt.level debug");
  EXPECT_EQ(ctrl_client::value_of(c.get("cmr.log.mgmt.level")), "debug");
  {
    vty_client vty(srv.vty_port());
    ASSERT_TRUE(vty.connected());
    vty.command("enable");
    const std::string running = vty.command("show running-config");
    EXPECT_NE(running.find(" logging level mgmt debug"), std::string::npos) << running;
    // The ctrl node is written back as the file has it.
    EXPECT_NE(running.find("\nctrl\n bind 127.0.0.1 0\n"), std::string::npos) << running;
  }
  EXPECT_TRUE(srv.wait_for_err("CTRL: log level of mgmt set to debug (was notice)", 2s));
  // SET of the stats interval, in "show running-config" too.
  EXPECT_EQ(ctrl_client::value_of(c.set("cmr.stats.interval", "7")), "7");
  {
    vty_client vty(srv.vty_port());
    vty.command("enable");
    const std::string running = vty.command("show running-config");
    EXPECT_NE(running.find("stats interval 7"), std::string::npos) << running;
  }

  // Refusals: ERROR with the reason, nothing changed, a log line.
  EXPECT_EQ(ctrl_client::without_id(c.set("cmr.log.mgmt.level", "loud")),
            "ERROR invalid level, expected debug, info, notice, error or fatal");
  EXPECT_EQ(ctrl_client::value_of(c.get("cmr.log.mgmt.level")), "debug");
  EXPECT_TRUE(srv.wait_for_err("CTRL: SET cmr.log.mgmt.level loud refused", 2s)) << srv.err();
  EXPECT_EQ(ctrl_client::without_id(c.set("cmr.stats.interval", "-1")),
            "ERROR invalid interval, expected 0-65535 seconds");
  EXPECT_EQ(ctrl_client::without_id(c.set("cmr.log.nosuch.level", "debug")),
            "ERROR no log category nosuch");
  EXPECT_EQ(ctrl_client::without_id(c.set("cmr.scp.live-calls", "5")), "ERROR read-only");
  EXPECT_EQ(ctrl_client::without_id(c.set("cmr.io-threads", "4")),
            "ERROR needs a restart: set cmr / io-threads in the configuration file");
  EXPECT_EQ(ctrl_client::value_of(c.get("cmr.io-threads")), "2");
  EXPECT_EQ(ctrl_client::without_id(c.get("cmr.nosuch")), "ERROR Command not found");
  EXPECT_EQ(ctrl_client::without_id(c.get("nosuch.variable")), "ERROR Command not found");
  EXPECT_EQ(ctrl_client::without_id(c.set("rate_ctr.abs.cmr_mgmt.0.requests", "0")),
            "ERROR Can't set rate counter.");
  EXPECT_EQ(ctrl_client::without_id(c.get("cmr.sigtran.asp.nosuch.state")), "ERROR no such ASP");
  // A malformed command: libosmoctrl's own error, the connection stays.
  ASSERT_TRUE(c.send("GET x cmr.version"));
  EXPECT_EQ(c.receive(), std::optional<std::string>("ERROR err Invalid message ID number"));
  ASSERT_TRUE(c.send("FROB 27 cmr.version"));
  EXPECT_EQ(c.receive(), std::optional<std::string>("ERROR err Request type unknown"));

  // Garbage on another connection (not IPA OSMO): that connection is closed,
  // this one still answers.
  {
    ctrl_client bad(port);
    ASSERT_TRUE(bad.connected());
    ASSERT_TRUE(bad.send_raw(std::string("\x00\x07\x12garbage", 10)));
    EXPECT_FALSE(bad.receive(3s));
    EXPECT_TRUE(bad.closed());
  }
  EXPECT_EQ(ctrl_client::value_of(c.get("cmr.version")), m[1].str());
  EXPECT_TRUE(srv.running());

  if (tshark > 0) {
    EXPECT_TRUE(mark_capture("127.0.0.1", port, pcap, mark + "-end"));
    stop(tshark, SIGTERM);
    // Only this client's connection: the garbage one is malformed on purpose.
    const std::string read = "tshark -r " + pcap + " -d tcp.port==" + std::to_string(port) +
                             ",gsm_ipa -Y 'tcp.port==" + std::to_string(c.local_port()) + " && ";
    std::string out;
    run_shell(read + "gsm_ipa' -T fields -e gsm_ipa.ctrl.data 2>&1", &out);
    EXPECT_NE(out.find("GET 1 cmr.version"), std::string::npos) << out;
    EXPECT_NE(out.find("cmr.log.mgmt.level debug"), std::string::npos) << out;
    EXPECT_NE(out.find("read-only"), std::string::npos) << out;
    // stderr too (a wrong filter would print there), but not tshark's
    // warning about running as root.
    std::string bad;
    run_shell(
        read + "(_ws.malformed || _ws.expert.severity >= error)' 2>&1 | grep -v '^Running as'",
        &bad);
    EXPECT_EQ(bad, "") << bad;
  }
}

// The default port taken: a server without a "bind" line logs it and runs
// without CTRL; one whose "bind" names the port does not start. The test
// holds 4279 itself when it can; otherwise another test's server (one started
// without a ctrl node) holds it, which serves as well: it is checked to listen.
TEST(cmr_server_ctrl, busy_default_port_is_logged_a_busy_configured_port_fails) {
  const int holder = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(holder, 0);
  const int on = 1;
  ::setsockopt(holder, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(4279);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool held = eventually(
      [&] {
        return ::bind(holder, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) == 0 &&
               ::listen(holder, 1) == 0;
      },
      3s);
  if (!held) {
    ctrl_client other(4279);
    ASSERT_TRUE(other.connected()) << "4279 neither free nor listened on";
  }
  std::string cfg = demo_config();
  const std::string node = "ctrl\n bind 127.0.0.1 0\n";
  ASSERT_NE(cfg.find(node), std::string::npos);
  cfg.erase(cfg.find(node), node.size());  // as if the file had no ctrl node
  {
    server_process srv;
    srv.write_file("test.cfg", cfg);
    srv.start({"-c", "test.cfg"});
    ASSERT_TRUE(srv.wait_for_err(" started", startup_bound)) << srv.err();
    EXPECT_NE(srv.err().find("CTRL interface not started: 127.0.0.1:4279: Address already in use"),
              std::string::npos)
        << srv.err();
    EXPECT_EQ(srv.err().find(" ERROR "), std::string::npos) << srv.err();
    EXPECT_TRUE(srv.running());
  }
  server_process srv;
  srv.write_file("test.cfg", cfg + "ctrl\n bind 127.0.0.1 4279\n");
  srv.start({"-c", "test.cfg"});
  const auto status = srv.wait_exit(startup_bound);
  ASSERT_TRUE(status.has_value()) << srv.err();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) != 0);
  EXPECT_NE(
      srv.err().find("cannot open the CTRL interface on 127.0.0.1:4279: Address already in use"),
      std::string::npos)
      << srv.err();
  ::close(holder);
}

unsigned short free_port(const std::string& ip) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  ::inet_pton(AF_INET, ip.c_str(), &sa.sin_addr);
  socklen_t len = sizeof sa;
  ::bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  ::close(fd);
  return ntohs(sa.sin_port);
}

// osmo-stp on its own loopback address (its VTY has the fixed port 4239),
// with the AS the server's ASP serves.
pid_t start_stp(const server_process& dir, const std::string& ip, unsigned short port) {
  const std::string cfg = dir.write_file(
      "osmo-stp.cfg",
      "log stderr\n logging level set-all notice\nline vty\n no login\n bind " + ip +
          "\ncs7 instance 0\n point-code 0.0.1\n listen ipa " + std::to_string(port) +
          "\n  local-ip " + ip +
          "\n  accept-asp-connections dynamic-permitted\n as cmr-server ipa\n  routing-key 0 "
          "0.23.2\n route-table system\n  update route 0.23.2 7.255.7 linkset cmr-server\n");
  return spawn({"osmo-stp", "-c", cfg}, dir.dir() + "/osmo-stp.err");
}

// The next TRAP for `var`, skipping others; its value.
std::string next_trap(ctrl_client& c, const std::string& var, std::chrono::milliseconds bound) {
  const auto deadline = clock_type::now() + bound;
  while (clock_type::now() < deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
    auto r = c.receive(left);
    if (!r) break;
    const std::string prefix = "TRAP 0 " + var + " ";
    if (r->rfind(prefix, 0) == 0) return r->substr(prefix.size());
  }
  return "(none)";
}

TEST(cmr_server_ctrl, traps_when_osmo_stp_goes_and_comes_back) {
  if (!have("osmo-stp")) GTEST_SKIP() << "osmo-stp missing";
  server_process srv;
  const std::string ip = "127.0.0.243";  // no other test uses it
  const unsigned short stp_port = free_port(ip);
  pid_t stp = start_stp(srv, ip, stp_port);

  std::string cfg = slurp(std::string(CMR_SOURCE_DIR) + "/configs/stp/cmr-server.cfg");
  cfg = std::regex_replace(cfg, std::regex("bind 127\\.0\\.0\\.1 (4260|8080)"), "bind 127.0.0.1 0");
  cfg = std::regex_replace(cfg, std::regex("logging color 1"), "logging color 0");
  cfg = std::regex_replace(cfg, std::regex("asp cmr-server 5000"),
                           "asp cmr-server " + std::to_string(stp_port));
  cfg = std::regex_replace(cfg, std::regex("remote-ip 127\\.0\\.0\\.1"), "remote-ip " + ip);
  cfg += "ctrl\n bind 127.0.0.1 0\n";
  srv.write_file("test.cfg", cfg);
  srv.start({"-c", "test.cfg"});
  ASSERT_TRUE(srv.wait_for_err(" started", startup_bound)) << srv.err();
  ctrl_client c(srv.ctrl_port());
  ASSERT_TRUE(c.connected()) << srv.err();
  ASSERT_TRUE(eventually(
      [&] {
        return ctrl_client::value_of(c.get("cmr.sigtran.asp.cmr-server.state")) == "ASP_ACTIVE";
      },
      15s))
      << srv.err() << slurp(srv.dir() + "/osmo-stp.err");
  EXPECT_EQ(ctrl_client::value_of(c.get("cmr.sigtran.asp.cmr-server.active")), "1");
  EXPECT_EQ(ctrl_client::value_of(c.get("cmr.sigtran.asp-names")), "cmr-server");
  EXPECT_EQ(ctrl_client::value_of(c.get("cmr.sigtran.as.cmr-server.state")), "AS_ACTIVE");

  stop(stp, SIGKILL);
  EXPECT_EQ(next_trap(c, "cmr.sigtran.asp.cmr-server.state", 10s), "ASP_DOWN") << srv.err();
  EXPECT_EQ(ctrl_client::value_of(c.get("cmr.sigtran.asp.cmr-server.active")), "0");

  stp = start_stp(srv, ip, stp_port);
  // Reconnecting passes through other states; ASP_ACTIVE comes last.
  const auto deadline = clock_type::now() + 20s;
  std::string seen, value;
  while (value != "ASP_ACTIVE" && clock_type::now() < deadline) {
    value = next_trap(
        c, "cmr.sigtran.asp.cmr-server.state",
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now()));
    seen += value + " ";
  }
  EXPECT_EQ(value, "ASP_ACTIVE") << seen << srv.err();
  EXPECT_EQ(ctrl_client::value_of(c.get("cmr.sigtran.asp.cmr-server.state")), "ASP_ACTIVE");
  // The link as a counter group of its own (statsd, CTRL, /metrics; the only
  // ASP: index 0): up again, having gone down once and up twice; the mirror
  // copies once a second.
  std::string up, went_down, went_up;
  for (const auto until = clock_type::now() + 5s; clock_type::now() < until;) {
    up = ctrl_client::value_of(c.get("stat_item.last.cmr_sigtran-asp.0.up"));
    went_down = ctrl_client::value_of(c.get("rate_ctr.abs.cmr_sigtran-asp.cmr-server.went-down"));
    went_up = ctrl_client::value_of(c.get("rate_ctr.abs.cmr_sigtran-asp.cmr-server.went-up"));
    if (up == "1" && went_down == "1" && went_up == "2") break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(up, "1");
  EXPECT_EQ(went_down, "1");
  EXPECT_EQ(went_up, "2");
  stop(stp, SIGTERM);
}

}  // namespace
}  // namespace cmr::test
