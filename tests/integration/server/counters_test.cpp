// Counters the Osmocom way, against the real cmr-server (one start-up):
// every layer's counter group is listed with its descriptions by libosmocore's
// "show rate-counters" and "show stats", a counter moves after a management
// request, a configured "stats reporter statsd" sends metric lines to a UDP
// socket on 127.0.0.1, and a reporter toward a closed port logs no ERROR.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "tests/integration/server/server_process.h"

namespace cmr::test {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
constexpr auto startup_bound = 10s;  // generous: sanitizer builds start slowly

// A UDP socket on 127.0.0.1, any free port.
class udp_socket {
public:
  udp_socket() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof sa;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len) != 0)
      throw std::runtime_error("udp socket");
    port_ = ntohs(sa.sin_port);
  }
  ~udp_socket() { close(); }
  udp_socket(const udp_socket&) = delete;
  udp_socket& operator=(const udp_socket&) = delete;
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  unsigned short port() const { return port_; }
  // Datagrams until one contains every needle, or the deadline: everything read.
  std::string receive_until(const std::vector<std::string>& needles, std::chrono::milliseconds t) {
    std::string all;
    const auto deadline = clock_type::now() + t;
    while (clock_type::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buf[65536];
      const auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) continue;
      const std::string d(buf, static_cast<std::size_t>(n));
      all += d + "\n";
      std::istringstream lines(d);
      for (std::string line; std::getline(lines, line);) {
        bool all_in = true;
        for (const auto& needle : needles)
          all_in = all_in && line.find(needle) != std::string::npos;
        if (all_in) return all;
      }
    }
    return all;
  }

private:
  int fd_ = -1;
  unsigned short port_ = 0;
};

// One HTTP request on a fresh connection; the status line of the answer.
std::string http_post(unsigned short port, const std::string& target) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
    ::close(fd);
    return {};
  }
  const std::string req = "POST " + target +
                          " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n"
                          "Content-Length: 0\r\nConnection: close\r\n\r\n";
  (void)!::write(fd, req.data(), req.size());
  std::string out;
  char buf[4096];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) break;
    const auto n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out.substr(0, out.find("\r\n"));
}

// The value "show rate-counters" prints for `counter` in the group whose
// header line starts with `group` ("<description> <index>:"); -1 when absent.
long long rate_counter(const std::string& show, const std::string& group,
                       const std::string& counter) {
  const auto at = show.find("\n" + group);
  if (at == std::string::npos) return -1;
  std::istringstream lines(show.substr(at + 1));
  std::string line;
  std::getline(lines, line);  // the group's header
  const std::regex row("^\\s*" + counter + ":\\s+([0-9]+)");
  while (std::getline(lines, line) && line.rfind(' ', 0) == 0) {
    std::smatch m;
    if (std::regex_search(line, m, row)) return std::stoll(m[1].str());
  }
  return -1;
}

TEST(cmr_server_counters, listed_described_moving_and_reported_to_statsd) {
  udp_socket statsd;
  unsigned short closed_port = 0;
  {
    udp_socket gone;  // a port nobody listens on once this closes
    closed_port = gone.port();
  }
  std::string cfg = demo_config();
  // A SIP application server too, so that every layer runs.
  cfg += "sip\n bind 127.0.0.1 0\n next-hop 127.0.0.1 9 udp\n rtp-ports 0 0\n";
  cfg +=
      "stats interval 1\n"
      "stats reporter statsd\n remote-ip 127.0.0.1\n remote-port " +
      std::to_string(statsd.port()) +
      "\n prefix cmr\n flush-period 1\n enable\n"
      "stats reporter statsd unreachable\n remote-ip 127.0.0.1\n remote-port " +
      std::to_string(closed_port) + "\n enable\n";
  server_process p;
  p.write_file("test.cfg", cfg);
  p.start({"-c", "test.cfg"});
  ASSERT_TRUE(p.wait_for_err(" started", startup_bound)) << p.err();
  std::smatch m;
  const std::string log = p.err();
  ASSERT_TRUE(
      std::regex_search(log, m, std::regex("management HTTP listening on [0-9.]+:([0-9]+)")))
      << log;
  const auto mgmt_port = static_cast<unsigned short>(std::stoul(m[1].str()));
  vty_client vty(p.vty_port());
  ASSERT_TRUE(vty.connected());

  // Every layer's group, with its description and its counters' descriptions.
  const std::string rates = vty.command("show rate-counters");
  for (const char* expected : {"SCP service logic (CAP/INAP, ANSI-41) 0:",
                               "TCAP layer of one SCCP subsystem (index: SSN) 146",
                               "TCAP layer of one SCCP subsystem (index: SSN) 12",
                               "SCCP user of one subsystem (index: SSN) 241",
                               "SCCP management (SSN 1) 0:",
                               "SIP application server (B2BUA) 0:",
                               "SIP transaction layer ",
                               "(as):",
                               "(ip):",
                               "SIP UDP transport ",
                               "Intelligent peripheral (gsmSRF) 0:",
                               "Management interface: CMR requests 0:",
                               "Management interface: HTTP connections 0:",
                               "Management interface: group-commit writer 0:",
                               "Store: subscriber snapshot cache ",
                               "Store: asynchronous snapshot loader 0:",
                               "idp-received:",
                               "InitialDP components received",
                               "CMR requests received (CMR-1/5/6/7 over HTTP)",
                               "rx-messages:",
                               "sst-answered:"})
    EXPECT_NE(rates.find(expected), std::string::npos) << expected << " missing in:\n" << rates;
  const std::string stats = vty.command("show stats");
  for (const char* expected :
       {"SCP service logic (CAP/INAP, ANSI-41)", "Calls the SCP is serving now", "Open TCAP dialogues",
        "Calls through the B2BUA now", "Bearers now", "Write requests queued",
        "InitialDP components received", "CMR requests received (CMR-1/5/6/7 over HTTP)"})
    EXPECT_NE(stats.find(expected), std::string::npos) << expected << " missing in:\n" << stats;
  const long long before = rate_counter(rates, "Management interface: CMR requests", "requests");
  ASSERT_GE(before, 0) << rates;

  // A management request a user would send moves the counters within the
  // mirror's period (1 s).
  EXPECT_EQ(http_post(mgmt_port, "/cmr/1/NoSuchOperation"), "HTTP/1.1 404 Not Found");
  long long after = before;
  long long unknown = 0;
  for (const auto deadline = clock_type::now() + 5s;
       after == before && clock_type::now() < deadline;) {
    std::this_thread::sleep_for(100ms);
    const std::string now = vty.command("show rate-counters");
    after = rate_counter(now, "Management interface: CMR requests", "requests");
    unknown = rate_counter(now, "Management interface: CMR requests", "unknown-operation");
  }
  EXPECT_EQ(after, before + 1);
  EXPECT_EQ(unknown, 1);

  // statsd: "<prefix>.<group>.<index>.<counter>:<delta>|c" on 127.0.0.1.
  const std::string got = statsd.receive_until({"cmr.cmr_mgmt.", ".unknown-operation:1|c"}, 10s);
  EXPECT_NE(got.find(".unknown-operation:1|c"), std::string::npos) << got;
  // With "flush-period 1" every group each interval, stat items (gauges) too.
  // Generous: on a loaded CI machine one report can come late (seen once after 5 s).
  const std::string more = got + statsd.receive_until({"cmr.cmr_scp.0.live-calls:0|g"}, 15s);
  std::string gauges;  // on failure, what did arrive as a gauge
  {
    std::istringstream lines(more);
    for (std::string line; std::getline(lines, line);)
      if (line.find("|g") != std::string::npos) gauges += line + "\n";
  }
  EXPECT_NE(more.find("cmr.cmr_scp.0.live-calls:0|g"), std::string::npos)
      << "gauges received:\n" << gauges;

  // The reporter toward the closed port changed nothing and logged no ERROR.
  EXPECT_TRUE(p.running());
  std::istringstream lines(p.err());
  std::string errors;
  for (std::string line; std::getline(lines, line);)
    if (line.find(" ERROR ") != std::string::npos) errors += line + "\n";
  EXPECT_EQ(errors, "") << p.err();
  EXPECT_NE(vty.command("show rate-counters").find("idp-received:"), std::string::npos);
}

}  // namespace
}  // namespace cmr::test
