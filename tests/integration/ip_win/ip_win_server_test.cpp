// The intelligent peripheral's WIN role in the real cmr-server over the real
// libosmo-sigtran stack: sccp_peer, an IPA client of the server's listener,
// plays the ANSI-41 SCP (SSN 147) with ANSI TCAP packages built by the
// project's codecs; a raw UDP socket plays the MSC's bearer (SIP + RTP).
//   SeizeResource -> TLDN, INVITE to the TLDN -> 200 + InstructionRequest,
//   SRFDirective -> RTP, srfdir RETURN RESULT, Response; the bearer stays
//   until the BYE; "show cmr ip" counts it all (docs/cdma-delivery.md).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "in/ansi41/win_operations.h"
#include "in/ansi_tcap/ansi_tcap_message.h"
#include "tests/integration/server/server_process.h"
#include "tests/integration/sigtran/sigtran_fixture.h"

namespace cmr::test {
namespace {

namespace a41 = in::ansi41;
namespace at = in::ansi_tcap;
using clock_type = std::chrono::steady_clock;

bool have(const char* tool) {
  return run_shell(std::string("command -v ") + tool + " >/dev/null 2>&1") == 0;
}

std::string hex(const std::vector<std::uint8_t>& b) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (auto v : b) {
    s.push_back(digits[v >> 4]);
    s.push_back(digits[v & 15]);
  }
  return s;
}
std::vector<std::uint8_t> unhex(const std::string& s) {
  std::vector<std::uint8_t> b;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2)
    b.push_back(static_cast<std::uint8_t>(std::stoul(s.substr(i, 2), nullptr, 16)));
  return b;
}

// "name value" lines of "show cmr ip".
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

// A UDP socket on loopback with a receive timeout.
class udp_socket {
public:
  udp_socket() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    timeval tv{0, 100000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~udp_socket() { ::close(fd_); }
  udp_socket(const udp_socket&) = delete;
  udp_socket& operator=(const udp_socket&) = delete;
  [[nodiscard]] unsigned short port() const { return port_; }
  void send_to(unsigned short port, const std::string& text) const {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    ::sendto(fd_, text.data(), text.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
  }
  // One datagram, or nothing within 100 ms.
  std::optional<std::string> receive() const {
    char buf[65536];
    const auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return std::nullopt;
    return std::string(buf, static_cast<std::size_t>(n));
  }

private:
  int fd_ = -1;
  unsigned short port_ = 0;
};

class ip_win_server : public ::testing::Test {
protected:
  void SetUp() override {
    if (!have("curl")) GTEST_SKIP() << "curl missing";
    srv_.write_file("cmr-server.cfg", demo_config());
    srv_.start({"-c", "cmr-server.cfg"});
    ASSERT_TRUE(srv_.wait_for_err("intelligent peripheral listening", 30s)) << srv_.err();
    ASSERT_TRUE(srv_.wait_for_err(" started (", 30s)) << srv_.err();
    const std::string err = srv_.err();
    std::smatch m;
    ASSERT_TRUE(std::regex_search(err, m, std::regex("ipa listener on 127\\.0\\.0\\.1:([0-9]+)")))
        << err;
    const auto ipa_port = static_cast<unsigned short>(std::stoul(m[1]));
    ASSERT_TRUE(std::regex_search(
        err, m, std::regex("intelligent peripheral listening on UDP and TCP port ([0-9]+)")));
    ip_port_ = static_cast<unsigned short>(std::stoul(m[1]));
    ASSERT_TRUE(
        std::regex_search(err, m, std::regex("management HTTP listening on [0-9.]+:([0-9]+)")));
    const auto http_port = std::stoul(m[1]);

    // The resource of announcement 1001 (demo-ringback-1): 0.4 s of tone.
    srv_.write_file("tone.wav", tone_wav());
    std::string out;
    run_shell(
        "curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Authorization: Bearer demo-portal' "
        "-H 'Content-Type: audio/wav' --data-binary @" +
            srv_.dir() + "/tone.wav http://127.0.0.1:" + std::to_string(http_port) +
            "/cmr/1/resources/demo-ringback-1/content",
        &out);
    ASSERT_EQ(out.substr(0, 1), "2") << out;

    peer_config c;
    c.ip = "127.0.0.1";
    c.pc = "0.12.4";
    c.ssns = {147};
    c.asp_name = "cmr-ssf";
    c.remote_ip = "127.0.0.1";
    c.remote_port = ipa_port;
    scp_ = std::make_unique<peer>(dir_, "scp", c, false);
    ASSERT_TRUE(scp_->ready()) << scp_->err();
    ASSERT_TRUE(scp_->wait_state("AS", "as-cmr-ssf", "AS_ACTIVE", 10s))
        << scp_->err() << srv_.err();
  }

  // Sends a package from the SCP's SSN 147 to the IP's 148.
  void send(const at::message& m) {
    const auto wire = at::encode_message(m);
    ASSERT_FALSE(wire.empty());
    ASSERT_TRUE(scp_->send(147, "0.23.2", 148, hex(wire)));
  }
  std::optional<at::message> receive(std::chrono::milliseconds timeout = 5s) {
    auto rx = scp_->receive(timeout);
    if (!rx) return std::nullopt;
    auto m = at::decode_message(unhex(rx->back()));
    if (!m) return std::nullopt;
    return *m;
  }

  std::map<std::string, long> ip_counters() {
    vty_client v(srv_.vty_port());
    return v.connected() ? counters(v.command("show cmr ip")) : std::map<std::string, long>{};
  }

  // The first SIP message on the UAC socket starting with `start` (skipping
  // RTP and other messages), within `timeout`.
  std::optional<std::string> sip_wait(const std::string& start, std::chrono::milliseconds timeout) {
    const auto end = clock_type::now() + timeout;
    while (clock_type::now() < end)
      if (auto d = sip_.receive(); d && d->compare(0, start.size(), start) == 0) return d;
    return std::nullopt;
  }

  static std::string header(const std::string& msg, const std::string& name) {
    std::smatch m;
    if (std::regex_search(msg, m, std::regex("\r\n" + name + ": ([^\r]*)\r\n"))) return m[1];
    return {};
  }

  std::string request(const std::string& method, const std::string& ruri_user, int cseq,
                      const std::string& to, const std::string& body = {}) const {
    const auto uac = std::to_string(sip_.port());
    return method + " sip:" + ruri_user + "@127.0.0.1:" + std::to_string(ip_port_) +
           " SIP/2.0\r\n" + "Via: SIP/2.0/UDP 127.0.0.1:" + uac + ";branch=z9hG4bK-win-" + method +
           std::to_string(cseq) + "\r\nMax-Forwards: 70\r\nFrom: <sip:msc@127.0.0.1>;tag=msc1\r\n" +
           "To: " + to + "\r\nCall-ID: win-call-1\r\nCSeq: " + std::to_string(cseq) + " " + method +
           "\r\nContact: <sip:msc@127.0.0.1:" + uac + ">\r\n" +
           (body.empty() ? "" : "Content-Type: application/sdp\r\n") +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  }

  server_process srv_;
  scratch_dir dir_;
  std::unique_ptr<peer> scp_;
  unsigned short ip_port_ = 0;
  udp_socket sip_;
  udp_socket rtp_;
};

TEST_F(ip_win_server, resource_attachment_over_the_real_stack) {
  constexpr std::uint32_t scp_tid = 0x5cb00001;
  // Query with permission [INVOKE SeizeResource (PSR = 1001)].
  a41::seize_resource sr;
  sr.private_specialized_resource = a41::bytes{0x00, 0x00, 0x03, 0xe9};
  at::message q;
  q.type = at::package::query_with_permission;
  q.originating_tid = scp_tid;
  at::component inv;
  inv.type = at::component::kind::invoke_last;
  inv.invoke_id = 1;
  inv.operation = at::unpack(a41::opcode::seize_resource());
  inv.parameter = a41::encode(sr);
  q.components = {inv};
  ASSERT_NO_FATAL_FAILURE(send(q));

  auto r = receive();
  ASSERT_TRUE(r) << srv_.err();
  EXPECT_EQ(r->type, at::package::conversation_with_permission);
  EXPECT_EQ(r->responding_tid, scp_tid);
  const auto ip_tid = r->originating_tid;
  ASSERT_EQ(r->components.size(), 1U);
  EXPECT_EQ(r->components[0].type, at::component::kind::return_result_last);
  auto res = a41::decode_seize_resource_result(r->components[0].parameter.value_or(a41::bytes{}));
  ASSERT_TRUE(res);
  const auto tldn = res->destination.value;
  EXPECT_EQ(tldn.size(), 11U);
  EXPECT_EQ(tldn.substr(0, 5), "49608");

  // The MSC's bearer to the TLDN.
  const std::string sdp =
      "v=0\r\no=msc 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
      "m=audio " +
      std::to_string(rtp_.port()) + " RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";
  sip_.send_to(ip_port_, request("INVITE", tldn, 1, "<sip:" + tldn + "@127.0.0.1>", sdp));
  const auto ok = sip_wait("SIP/2.0 200", 5s);
  ASSERT_TRUE(ok) << srv_.err();
  const auto to = header(*ok, "To");
  sip_.send_to(ip_port_, request("ACK", tldn, 1, to));

  // Conversation w/ perm [INVOKE InstructionRequest].
  r = receive();
  ASSERT_TRUE(r) << srv_.err();
  EXPECT_EQ(r->type, at::package::conversation_with_permission);
  EXPECT_EQ(r->originating_tid, ip_tid);
  ASSERT_EQ(r->components.size(), 1U);
  EXPECT_EQ(at::pack(r->components[0].operation), a41::opcode::instruction_request());
  const auto instreq = r->components[0].invoke_id.value_or(0);

  // Conversation w/ perm [INVOKE SRFDirective]: custom 0 (1001 > 255).
  a41::srf_directive dir;
  dir.announcements.push_back({0, 0, 0, std::uint8_t{0}});
  at::message c;
  c.type = at::package::conversation_with_permission;
  c.originating_tid = scp_tid;
  c.responding_tid = ip_tid;
  at::component srf;
  srf.type = at::component::kind::invoke_last;
  srf.invoke_id = 2;
  srf.correlation_id = instreq;
  srf.operation = at::unpack(a41::opcode::srf_directive());
  srf.parameter = a41::encode(dir);
  c.components = {srf};
  ASSERT_NO_FATAL_FAILURE(send(c));

  // RTP from the IP, then the srfdir RETURN RESULT once the tone played.
  std::size_t rtp_packets = 0;
  std::optional<at::message> done;
  const auto end = clock_type::now() + 10s;
  while (!done && clock_type::now() < end) {
    while (rtp_.receive()) ++rtp_packets;
    done = receive(100ms);
  }
  ASSERT_TRUE(done) << srv_.err();
  while (rtp_.receive()) ++rtp_packets;
  EXPECT_EQ(done->type, at::package::conversation_with_permission);
  ASSERT_EQ(done->components.size(), 1U);
  EXPECT_EQ(done->components[0].type, at::component::kind::return_result_last);
  EXPECT_EQ(done->components[0].correlation_id, std::optional<std::uint8_t>(2));
  EXPECT_GE(rtp_packets, 15U) << "0.4 s of tone is 20 packets";

  // Response [RETURN RESULT instreq]: the transaction ends, the bearer stays.
  at::message resp;
  resp.type = at::package::response;
  resp.responding_tid = ip_tid;
  at::component rr;
  rr.type = at::component::kind::return_result_last;
  rr.correlation_id = instreq;
  rr.parameter = a41::encode_empty();
  resp.components = {rr};
  ASSERT_NO_FATAL_FAILURE(send(resp));
  std::map<std::string, long> k;
  for (int i = 0; i < 50; ++i) {
    k = ip_counters();
    if (k["win-transactions"] == 0 && k["win-srf-results"] == 1) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(k["win-seizures"], 1);
  EXPECT_EQ(k["tldn-form"], 1);
  EXPECT_EQ(k["win-instruction-requests"], 1);
  EXPECT_EQ(k["win-srf-directives"], 1);
  EXPECT_EQ(k["win-srf-results"], 1);
  EXPECT_EQ(k["win-errors"], 0);
  EXPECT_EQ(k["win-transactions"], 0);
  EXPECT_EQ(k["tldns-active"], 0);
  EXPECT_EQ(k["calls-active"], 1) << "the bearer waits for the MSC's BYE";

  sip_.send_to(ip_port_, request("BYE", "annc", 2, to));
  ASSERT_TRUE(sip_wait("SIP/2.0 200", 5s));
  for (int i = 0; i < 50 && ip_counters()["calls-active"] != 0; ++i)
    std::this_thread::sleep_for(50ms);
  EXPECT_EQ(ip_counters()["calls-active"], 0);
}

}  // namespace
}  // namespace cmr::test
