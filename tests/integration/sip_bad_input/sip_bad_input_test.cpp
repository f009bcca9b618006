// Bad input against the running cmr-server with SIP enabled (issue 5): every
// RFC 4475 torture message over UDP and TCP, garbage, oversized messages, a
// flood of transactions and a callee that never answers. Each case checks
// what a peer sees on the wire, that the server logged it, and that it still
// answers afterwards; "show cmr sip" tells that calls, transactions and RTP
// streams were freed, and a clean SIGTERM exit (LeakSanitizer in the
// sanitizer build) that nothing leaked.
#include <gtest/gtest.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <regex>
#include <set>
#include <sstream>

#include "tests/integration/server/server_process.h"
#include "tests/integration/sip_bad_input/sip_peer.h"

namespace cmr::test {
namespace {

constexpr auto startup_bound = 20s;  // generous: sanitizer builds start slowly
constexpr auto answer_bound = 10s;   // one answer under load (ASan, 2 shared cores)
const std::string k_subscriber = "491700000777";  // rings forever at the callee

int count_of(const std::string& hay, const std::string& needle) {
  int n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// A mono 16-bit PCM WAV of a 440 Hz tone.
std::string wav_pcm16(std::uint32_t rate, double seconds) {
  const auto frames = static_cast<std::uint32_t>(rate * seconds);
  std::string w;
  auto u32 = [&](std::uint32_t v) { for (int i = 0; i < 4; ++i) w.push_back(static_cast<char>(v >> (8 * i))); };
  auto u16 = [&](std::uint16_t v) { w.push_back(static_cast<char>(v)); w.push_back(static_cast<char>(v >> 8)); };
  w += "RIFF";
  u32(36 + frames * 2);
  w += "WAVEfmt ";
  u32(16);
  u16(1);
  u16(1);
  u32(rate);
  u32(rate * 2);
  u16(2);
  u16(16);
  w += "data";
  u32(frames * 2);
  for (std::uint32_t i = 0; i < frames; ++i)
    u16(static_cast<std::uint16_t>(static_cast<std::int16_t>(8000 * std::sin(i * 2 * M_PI * 440 / rate))));
  return w;
}

// One HTTP request over a fresh connection; the status code, 0 on failure.
int http(std::uint16_t port, const std::string& method, const std::string& target,
         const std::string& type, const std::string& body) {
  tcp_peer c(port);
  if (!c.connected()) return 0;
  c.send(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer demo-portal\r\n"
         "Content-Type: " + type + "\r\nAccept: application/json\r\nConnection: close\r\n"
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  c.wait_closed(answer_bound);
  const auto& b = c.raw();
  if (b.rfind("HTTP/1.1 ", 0) != 0) return 0;
  return std::atoi(b.c_str() + 9);
}

// Header value of a raw message (first line whose name matches, any case).
std::string raw_header(const std::string& msg, const std::vector<std::string>& names) {
  std::istringstream lines(msg);
  for (std::string line; std::getline(lines, line) && line != "\r";) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
    for (const auto& n : names) {
      if (strcasecmp(name.c_str(), n.c_str()) != 0) continue;
      auto v = line.substr(colon + 1);
      // Folded continuation lines (RFC 4475 wsinv folds its CSeq).
      while (lines.peek() == ' ' || lines.peek() == '\t') {
        std::string more;
        std::getline(lines, more);
        v += " " + more;
      }
      for (auto& ch : v)
        if (ch == '\r' || ch == '\t') ch = ' ';
      v.erase(0, v.find_first_not_of(" \t"));
      while (!v.empty() && (v.back() == '\r' || v.back() == ' ')) v.pop_back();
      return v;
    }
  }
  return {};
}

// The SIP server under test and its callee. One per test: each case starts
// from a fresh process, so what one case does cannot hide in the next.
class sip_bad_input : public ::testing::Test {
protected:
  void SetUp() override {
    std::string cfg = demo_config();
    const std::string lvl = " logging level lglobal notice\n";
    ASSERT_NE(cfg.find(lvl), std::string::npos);
    cfg.replace(cfg.find(lvl), lvl.size(), lvl + " logging level sip info\n");
    // The demo's intelligent peripheral has a fixed SIP port: any free one here.
    if (const auto ip = cfg.find("\nip\n bind 127.0.0.1 5070\n"); ip != std::string::npos)
      cfg.replace(ip, 25, "\nip\n bind 127.0.0.1 0\n");
    cfg += " system-default cmrbt demo-system-default\n";  // still in the cmr node
    cfg += "sip\n bind 127.0.0.1 0\n next-hop 127.0.0.1 " + std::to_string(callee_.port()) +
           " udp\n mode cmrbt gateway\n mode cmrt off\n rtp-ports 0 0\n ring-timeout 2\n";
    server_.write_file("test.cfg", cfg);
    server_.start({"-c", "test.cfg"});
    ASSERT_TRUE(server_.wait_for_err(" started", startup_bound)) << server_.err();
    sip_port_ = server_.sip_port();
    ASSERT_NE(sip_port_, 0) << server_.err();
    mgmt_port_ = server_.mgmt_port();
    ASSERT_NE(mgmt_port_, 0) << server_.err();
    vty_ = std::make_unique<vty_client>(server_.vty_port());
    ASSERT_TRUE(vty_->connected());
  }

  void TearDown() override {
    if (!server_.running()) return;
    // A clean exit on SIGTERM: calls ended, and in the sanitizer build
    // LeakSanitizer found nothing (it would make the exit status non-zero).
    vty_.reset();
    server_.send_signal(SIGTERM);
    const auto st = server_.wait_exit(20s);
    ASSERT_TRUE(st.has_value()) << "no exit after SIGTERM";
    EXPECT_TRUE(WIFEXITED(*st) && WEXITSTATUS(*st) == 0) << "status " << *st << "\n"
                                                         << server_.err().substr(0, 20000);
  }

  // "show cmr sip" as name -> value.
  std::map<std::string, long> sip_status() {
    std::map<std::string, long> out;
    std::istringstream lines(vty_->command("show cmr sip"));
    for (std::string line; std::getline(lines, line);) {
      std::istringstream f(line);
      std::string name;
      long value = 0;
      if (f >> name >> value) out[name] = value;
    }
    return out;
  }

  // Polls "show cmr sip" until `name` is `value`.
  bool wait_status(const std::string& name, long value, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    do {
      auto s = sip_status();
      if (s.count(name) != 0 && s[name] == value) return true;
      std::this_thread::sleep_for(20ms);
    } while (std::chrono::steady_clock::now() < deadline);
    return false;
  }

  std::string options(const std::string& via_host, std::uint16_t via_port, const std::string& call_id,
                      const std::string& transport = "UDP") const {
    return "OPTIONS sip:cmr@127.0.0.1:" + std::to_string(sip_port_) + " SIP/2.0\r\n"
           "Via: SIP/2.0/" + transport + " " + via_host + ":" + std::to_string(via_port) +
           ";branch=z9hG4bK-" + call_id + ";rport\r\n"
           "Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=p1\r\nTo: <sip:cmr@127.0.0.1>\r\n"
           "Call-ID: " + call_id + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
  }

  // The server still answers an OPTIONS over UDP (retransmitted like a UAC would).
  void expect_healthy(const std::string& why) {
    ASSERT_TRUE(server_.running()) << why << "\n" << server_.err();
    udp_peer p("127.0.0.1", {0});
    const std::string id = "health-" + std::to_string(++probes_);
    for (int attempt = 0; attempt < 10; ++attempt) {
      p.send(sip_port_, options("127.0.0.1", p.port(), id));
      for (auto r = p.receive(1s); r; r = p.receive(1s))
        if (r->msg && r->msg->call_id() == id) {
          EXPECT_EQ(r->msg->status, 200) << why;
          return;
        }
    }
    ADD_FAILURE() << why << ": no answer to OPTIONS\n" << server_.err();
  }

  callee callee_{k_subscriber};  // calls to the subscriber ring forever, others are busy
  server_process server_;
  std::uint16_t sip_port_ = 0, mgmt_port_ = 0;
  std::unique_ptr<vty_client> vty_;
  int probes_ = 0;
};

// --- RFC 4475 ------------------------------------------------------------------

// What this server (a B2BUA: an endpoint toward the caller) must answer to
// each torture message: the final status; 0 nothing; -1 (TCP) the
// connection is closed. tests/vectors/rfc4475/README.md explains each.
struct expectation {
  const char* file;
  int udp;
  int tcp;
  // Some messages share their top Via branch and sent-by with an earlier
  // one: over UDP that transaction still exists (Timer J, 32 s), so RFC 3261
  // 17.2.3 makes this a retransmission of it and its final answer comes back.
  const char* same_transaction_as = nullptr;
};
const expectation k_vectors[] = {
    // Valid, but its To tag names a dialog that does not exist (RFC 3261 12.2.2).
    {"3.1.1.1_wsinv", 481, 481},
    {"3.1.1.2_intmeth", 501, 501},
    {"3.1.1.3_esc01", 486, 486},  // valid INVITE: relayed to the callee, who is busy
    {"3.1.1.4_escnull", 405, 405},  // REGISTER: not a registrar
    {"3.1.1.5_esc02", 501, 501},
    {"3.1.1.6_lwsdisp", 200, 200},
    {"3.1.1.7_longreq", 486, 486},
    {"3.1.1.8_dblreq", 405, 405},
    {"3.1.1.9_semiuri", 200, 200},
    {"3.1.1.10_transports", 200, 200},
    {"3.1.1.11_mpart01", 405, 405},  // MESSAGE
    {"3.1.1.12_unreason", 0, 0},     // responses to nothing we sent: dropped
    {"3.1.1.13_noreason", 0, 0},
    {"3.1.2.1_badinv01", 400, 400},
    {"3.1.2.2_clerr", 400, 0},  // TCP: waits for the rest of the body
    {"3.1.2.3_ncl", 400, -1},   // TCP: no framing, closed
    {"3.1.2.4_scalar02", 400, 400},
    {"3.1.2.5_scalarlg", 0, 0},
    {"3.1.2.6_quotbal", 400, 400},
    {"3.1.2.7_ltgtruri", 400, 400},
    {"3.1.2.8_lwsruri", 400, 400},
    {"3.1.2.9_lwsstart", 400, 400},
    {"3.1.2.10_trws", 400, 400},
    {"3.1.2.11_escruri", 400, 400},
    {"3.1.2.12_baddate", 400, 400},
    {"3.1.2.13_regbadct", 400, 400},
    {"3.1.2.14_badaspec", 400, 400},
    {"3.1.2.15_baddn", 400, 400},
    {"3.1.2.16_badvers", 505, 505},
    {"3.1.2.17_mismatch01", 400, 400},
    {"3.1.2.18_mismatch02", 501, 501},
    {"3.1.2.19_bigcode", 0, 0},
    {"3.2.1_badbranch", 200, 200},
    {"3.3.1_insuf", 400, 400},
    {"3.3.2_unkscm", 416, 416},
    {"3.3.3_novelsc", 416, 416, "3.3.2_unkscm"},
    {"3.3.4_unksm2", 405, 405},
    {"3.3.5_bext01", 420, 420},
    {"3.3.6_invut", 415, 415},
    {"3.3.7_regaut01", 405, 405},
    {"3.3.8_multi01", 400, 400},
    {"3.3.9_mcl01", 400, -1},
    {"3.3.10_bcast", 0, 0},
    {"3.3.11_zeromf", 483, 483},  // Max-Forwards 0 at a forwarding element
    {"3.3.12_cparam01", 405, 405},
    {"3.3.13_cparam02", 405, 405, "3.3.12_cparam01"},
    {"3.3.14_regescrt", 405, 405, "3.1.1.4_escnull"},
    {"3.3.15_sdp01", 406, 406},
    {"3.4.1_inv2543", 486, -1},  // TCP: no Content-Length on a stream, closed
};

std::string vector_bytes(const std::string& name) {
  return slurp(std::string(CMR_SOURCE_DIR) + "/tests/vectors/rfc4475/" + name + ".sip");
}

// An ACK for a non-2xx final to an INVITE (RFC 3261 17.1.1.3): the
// response's top Via, From, To, Call-ID, the CSeq number.
std::string ack_for(const sip::message& rsp, const std::string& request_uri) {
  std::string a = "ACK " + request_uri + " SIP/2.0\r\n";
  for (const auto& h : rsp.headers)
    if (h.name == "Via") {
      a += "Via: " + h.value + "\r\n";
      break;
    }
  for (const char* n : {"From", "To", "Call-ID"})
    if (const auto* v = rsp.header(n)) a += std::string(n) + ": " + *v + "\r\n";
  a += "CSeq: " + std::to_string(rsp.cseq() ? rsp.cseq()->number : 0) +
       " ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
  return a;
}

std::string request_uri_of(const std::string& raw) {
  const auto sp1 = raw.find(' ');
  const auto sp2 = raw.find(' ', sp1 + 1);
  return raw.substr(sp1 + 1, sp2 - sp1 - 1);
}

// Status, Call-ID and CSeq method read from the raw bytes: an answer to a
// malformed request copies its malformed headers and need not parse.
int raw_status(const std::string& bytes) {
  return bytes.rfind("SIP/2.0 ", 0) == 0 ? std::atoi(bytes.c_str() + 8) : 0;
}
std::string raw_cseq_method(const std::string& bytes) {
  const auto v = raw_header(bytes, {"CSeq"});
  const auto sp = v.find_last_of(" \t");
  return sp == std::string::npos ? v : v.substr(sp + 1);
}
// A final answer (>= 200) to the request with this Call-ID and method.
bool is_final_for(const received& r, const std::string& call_id, const std::string& method) {
  return raw_status(r.bytes) >= 200 && raw_header(r.bytes, {"Call-ID", "i"}) == call_id &&
         (method.empty() || raw_cseq_method(r.bytes) == method);
}

bool is_invite_final(const received& r) {
  return r.msg && r.msg->is_response() && r.msg->status >= 300 && r.msg->cseq() &&
         r.msg->cseq()->method == "INVITE";
}

// Final statuses seen, as "vector: status" lines for a readable failure.
std::string describe(const std::string& name, const std::set<int>& finals, const std::vector<received>& got) {
  std::string s = name + ": finals {";
  for (int f : finals) s += " " + std::to_string(f);
  s += " }, " + std::to_string(got.size()) + " messages";
  for (const auto& g : got)
    s += "\n  " + g.bytes.substr(0, g.bytes.find('\r')) + " (Call-ID " + raw_header(g.bytes, {"Call-ID", "i"}) +
         ", CSeq " + raw_header(g.bytes, {"CSeq"}) + ")";
  return s;
}

TEST_F(sip_bad_input, rfc4475_over_udp) {
  // The answers go to the source address and the Via port (5060 unless
  // given; 5050 for quotbal; rport for mpart01). Our own loopback address
  // 127.0.0.X keeps those fixed ports free of other tests' sockets.
  std::unique_ptr<udp_peer> p;
  for (int x = 2 + ::getpid() % 200, tries = 0; !p && tries < 50; ++tries, x = 2 + (x + 1) % 250) {
    try {
      p = std::make_unique<udp_peer>("127.0.0." + std::to_string(x), std::vector<std::uint16_t>{5060, 5050});
    } catch (const std::exception&) {
    }
  }
  ASSERT_TRUE(p) << "no free 127.0.0.X:5060";
  int n = 0;
  for (const auto& v : k_vectors) {
    const std::string bytes = vector_bytes(v.file);
    ASSERT_FALSE(bytes.empty()) << v.file;
    const std::string call_id =
        raw_header(v.same_transaction_as ? vector_bytes(v.same_transaction_as) : bytes, {"Call-ID", "i"});
    const std::string probe = "probe-udp-" + std::to_string(++n);
    p->send(sip_port_, bytes);
    p->send(sip_port_, options(p->address(), p->port(), probe));
    std::vector<received> got;
    std::set<int> finals;
    bool probe_answered = false;
    const auto deadline = std::chrono::steady_clock::now() + answer_bound;
    // Until the probe is answered and, when a final is expected, it came.
    while (std::chrono::steady_clock::now() < deadline &&
           (!probe_answered || (v.udp != 0 && finals.empty()))) {
      auto r = p->receive(200ms);
      if (!r) continue;
      if (r->msg && r->msg->call_id() == probe) {
        probe_answered = true;
        continue;
      }
      if (is_final_for(*r, call_id, {})) finals.insert(raw_status(r->bytes));
      if (is_invite_final(*r)) p->send(sip_port_, ack_for(*r->msg, request_uri_of(bytes)));
      got.push_back(std::move(*r));
    }
    EXPECT_TRUE(probe_answered) << v.file << ": no answer to the OPTIONS after it";
    if (v.udp == 0) {
      EXPECT_TRUE(got.empty()) << describe(v.file, finals, got);
    } else {
      EXPECT_EQ(finals, std::set<int>{v.udp}) << describe(v.file, finals, got);
    }
  }
  // Logged: each unparseable one, the calls toward the busy callee.
  const std::string log = server_.err();
  EXPECT_GE(count_of(log, ": unparseable ("), 22) << log;
  EXPECT_EQ(callee_.busy(), 3u);  // esc01, longreq, inv2543
  ASSERT_TRUE(wait_status("calls-active", 0, answer_bound)) << vty_->command("show cmr sip");
  expect_healthy("after the RFC 4475 messages over UDP");
}

TEST_F(sip_bad_input, rfc4475_over_tcp) {
  int n = 0;
  for (const auto& v : k_vectors) {
    const std::string bytes = vector_bytes(v.file);
    const std::string call_id = raw_header(bytes, {"Call-ID", "i"});
    const std::string method = raw_cseq_method(bytes);  // dblreq pipelines an INVITE after it
    tcp_peer c(sip_port_);
    ASSERT_TRUE(c.connected()) << v.file;
    c.send(bytes);
    std::vector<received> got;
    std::set<int> finals;
    if (v.tcp > 0) {
      const auto deadline = std::chrono::steady_clock::now() + answer_bound;
      while (finals.empty() && std::chrono::steady_clock::now() < deadline) {
        auto r = c.receive(200ms);
        if (!r) {
          if (c.closed()) break;
          continue;
        }
        if (is_final_for(*r, call_id, method)) finals.insert(raw_status(r->bytes));
        if (is_invite_final(*r)) c.send(ack_for(*r->msg, request_uri_of(bytes)));
        got.push_back(std::move(*r));
      }
      EXPECT_EQ(finals, std::set<int>{v.tcp}) << describe(v.file, finals, got);
    } else if (v.tcp < 0) {
      EXPECT_TRUE(c.wait_closed(answer_bound)) << v.file << ": connection not closed";
      for (auto r = c.receive(0ms); r; r = c.receive(0ms)) got.push_back(std::move(*r));
      EXPECT_TRUE(got.empty()) << describe(v.file, finals, got);
    } else {
      // Nothing may come back: a probe on a second connection is answered
      // first, then this one is still silent.
      tcp_peer probe(sip_port_);
      const std::string id = "probe-tcp-" + std::to_string(++n);
      probe.send(options("127.0.0.1", probe.local_port(), id, "TCP"));
      auto r = probe.receive(answer_bound);
      ASSERT_TRUE(r && r->msg && r->msg->call_id() == id) << v.file;
      for (auto x = c.receive(100ms); x; x = c.receive(100ms)) got.push_back(std::move(*x));
      EXPECT_TRUE(got.empty()) << describe(v.file, finals, got);
    }
  }
  const std::string log = server_.err();
  EXPECT_GE(count_of(log, "TCP from 127.0.0.1:"), 20) << log;
  EXPECT_GE(count_of(log, "framing lost"), 3) << log;  // ncl, mcl01, inv2543
  ASSERT_TRUE(wait_status("calls-active", 0, answer_bound)) << vty_->command("show cmr sip");
  expect_healthy("after the RFC 4475 messages over TCP");
}

// --- garbage and oversized ---------------------------------------------------------

TEST_F(sip_bad_input, garbage_datagrams_and_streams_are_dropped) {
  udp_peer p("127.0.0.1", {0});
  std::mt19937 rng(4475);
  std::vector<std::string> junk = {"", "\r\n\r\n", std::string(1, '\0'), "INVITE",
                                   "SIP/2.0 200\r\n\r\n", "INVITE sip:a@b SIP/2.0\r\n\r\n",
                                   std::string(1400, '\xff')};
  for (int i = 0; i < 200; ++i) {
    std::string s(1 + rng() % 1500, '\0');
    for (auto& ch : s) ch = static_cast<char>(rng());
    junk.push_back(std::move(s));
  }
  for (const auto& j : junk) p.send(sip_port_, j);
  const std::string id = "after-garbage";
  p.send(sip_port_, options("127.0.0.1", p.port(), id));
  auto r = p.receive(answer_bound);
  ASSERT_TRUE(r && r->msg) << server_.err();
  EXPECT_EQ(r->msg->call_id(), id) << "something answered the garbage: " << r->bytes;
  EXPECT_EQ(r->msg->status, 200);

  // A stream of junk that ends a "header block": no Content-Length, closed.
  tcp_peer c(sip_port_);
  std::string s(3000, '\0');
  for (auto& ch : s) ch = static_cast<char>(rng());
  c.send(s + "\r\n\r\n");
  EXPECT_TRUE(c.wait_closed(answer_bound));
  EXPECT_FALSE(c.receive(0ms).has_value());

  const std::string log = server_.err();
  EXPECT_GE(count_of(log, "UDP from 127.0.0.1:" + std::to_string(p.port()) + "/UDP: unparseable"), 200) << log;
  EXPECT_NE(log.find("framing lost"), std::string::npos) << log;
  EXPECT_EQ(sip_status()["udp-sent"], 1) << vty_->command("show cmr sip");  // only the OPTIONS' 200
  expect_healthy("after garbage");
}

TEST_F(sip_bad_input, oversized_messages) {
  udp_peer p("127.0.0.1", {0});
  // The largest datagram IPv4 carries (65,507 octets) with one 65,000-octet
  // header: over the 8 KiB header limit, answered 513 Message Too Large.
  std::string big = options("127.0.0.1", p.port(), "big-header");
  big.insert(big.find("Content-Length"), "X-Pad: " + std::string(65000, 'a') + "\r\n");
  big.insert(big.find("Content-Length"), "X-Pad2: " + std::string(65507 - big.size() - 10, 'b') + "\r\n");
  ASSERT_EQ(big.size(), 65507u);
  p.send(sip_port_, big);
  auto r = p.receive(answer_bound);
  ASSERT_TRUE(r && r->msg) << server_.err();
  EXPECT_EQ(r->msg->call_id(), "big-header");
  EXPECT_EQ(r->msg->status, 513);  // Message Too Large
  // Too many headers (the limit is 128): 513 too.
  std::string many = options("127.0.0.1", p.port(), "many-headers");
  std::string extra;
  for (int i = 0; i < 500; ++i) extra += "X-H" + std::to_string(i) + ": v\r\n";
  many.insert(many.find("Content-Length"), extra);
  p.send(sip_port_, many);
  r = p.receive(answer_bound);
  ASSERT_TRUE(r && r->msg) << server_.err();
  EXPECT_EQ(r->msg->call_id(), "many-headers");
  EXPECT_EQ(r->msg->status, 513);

  // TCP: a Content-Length of 4 GB, one beyond any integer we take, and a
  // header block that never ends: the connection is closed, nothing read on.
  for (const std::string length : {"4294967295", "99999999999999999999"}) {
    tcp_peer c(sip_port_);
    std::string m = options("127.0.0.1", c.local_port(), "huge-cl", "TCP");
    m.replace(m.find("Content-Length: 0"), 17, "Content-Length: " + length);
    c.send(m + "abc");
    EXPECT_TRUE(c.wait_closed(answer_bound)) << length;
    EXPECT_FALSE(c.receive(0ms).has_value()) << length;
  }
  {
    tcp_peer c(sip_port_);
    c.send("OPTIONS sip:cmr@127.0.0.1 SIP/2.0\r\nX-Pad: ");
    const std::string chunk(16384, 'x');
    for (int i = 0; i < 8 && !c.closed(); ++i) c.send(chunk);
    EXPECT_TRUE(c.wait_closed(answer_bound));
  }
  const std::string log = server_.err();
  EXPECT_NE(log.find("unparseable (header too long: X-Pad"), std::string::npos) << log;
  EXPECT_NE(log.find("unparseable (too many headers"), std::string::npos) << log;
  EXPECT_GE(count_of(log, "framing lost (message too large"), 2) << log;
  EXPECT_GE(count_of(log, "framing lost (bad Content-Length"), 1) << log;
  EXPECT_EQ(sip_status()["tcp-connections"], 0) << vty_->command("show cmr sip");
  expect_healthy("after oversized messages");
}

// --- a flood of transactions -----------------------------------------------------------

long rss_kb(pid_t pid) {
  std::istringstream s(slurp("/proc/" + std::to_string(pid) + "/status"));
  for (std::string line; std::getline(s, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return -1;
}

TEST_F(sip_bad_input, flood_of_invites_and_options) {
  // As fast as the server answers: up to `window` transactions outstanding,
  // each retransmitted after 500 ms like a UAC (RFC 3261 Timer A/E) until its
  // final answer, so a datagram lost on a loaded box does not lose a call.
  udp_peer p("127.0.0.1", {0});
  const auto here = "127.0.0.1:" + std::to_string(p.port());
  const long rss_before = rss_kb(server_.pid());
  constexpr int n = 2000;  // INVITEs and as many OPTIONS
  constexpr std::size_t window = 200;
  std::mutex mutex;
  std::map<std::string, std::pair<std::string, std::chrono::steady_clock::time_point>> open;  // Call-ID ->
  std::set<std::string> invite_finals, options_ok;
  std::atomic<bool> done{false};
  std::thread reader([&] {
    while (!done) {
      auto r = p.receive(100ms);
      if (!r || !r->msg || !r->msg->is_response() || r->msg->status < 200) continue;
      const auto id = r->msg->call_id();
      if (is_invite_final(*r)) p.send(sip_port_, ack_for(*r->msg, "sip:" + id + "@127.0.0.1"));
      const std::lock_guard lock(mutex);
      (id.rfind("flood-inv-", 0) == 0 ? invite_finals : options_ok).insert(id);
      open.erase(id);
    }
  });
  auto invite = [&](int i) {
    const std::string id = "flood-inv-" + std::to_string(i);
    return "INVITE sip:" + id + "@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP " + here + ";branch=z9hG4bK-" + id +
           ";rport\r\nMax-Forwards: 70\r\nFrom: <sip:491700000001@127.0.0.1>;tag=f" + std::to_string(i) +
           "\r\nTo: <sip:" + id + "@127.0.0.1>\r\nCall-ID: " + id +
           "\r\nCSeq: 1 INVITE\r\nContact: <sip:caller@" + here + ">\r\nContent-Length: 0\r\n\r\n";
  };
  long max_calls = 0;
  int next = 0;
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  for (;;) {
    std::vector<std::string> to_send;
    {
      const std::lock_guard lock(mutex);
      const auto now = std::chrono::steady_clock::now();
      for (auto& [id, entry] : open)
        if (now - entry.second > 500ms) {
          to_send.push_back(entry.first);
          entry.second = now;
        }
      while (next < n && open.size() + 2 <= window) {
        const auto inv = invite(next);
        const auto opt = options("127.0.0.1", p.port(), "flood-opt-" + std::to_string(next));
        open["flood-inv-" + std::to_string(next)] = {inv, now};
        open["flood-opt-" + std::to_string(next)] = {opt, now};
        to_send.push_back(inv);
        to_send.push_back(opt);
        ++next;
      }
      if (next == n && open.empty()) break;
    }
    for (const auto& m : to_send) p.send(sip_port_, m);
    if (next % 500 == 0 && next > 0) max_calls = std::max(max_calls, sip_status()["calls-active"]);
    if (std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(1ms);
  }
  done = true;
  reader.join();
  // Responsive right after, and every call freed.
  expect_healthy("right after the flood");
  EXPECT_TRUE(wait_status("calls-active", 0, 30s)) << vty_->command("show cmr sip");
  const auto st = sip_status();
  EXPECT_EQ(invite_finals.size(), static_cast<std::size_t>(n)) << vty_->command("show cmr sip");
  EXPECT_EQ(options_ok.size(), static_cast<std::size_t>(n));
  EXPECT_EQ(st.at("calls"), n);  // retransmissions absorbed, not new calls
  // Nothing to present (no such owner): forwarded as a proxy (unserved proxy).
  EXPECT_EQ(st.at("proxied"), n);
  EXPECT_LE(max_calls, static_cast<long>(window));
  EXPECT_EQ(st.at("rtp-streams-active"), 0);
  // Transactions linger for their RFC 3261 timers (J, D: 32 s on UDP), bounded by what came in.
  EXPECT_LE(st.at("server-transactions"), 2 * n + 10);
  EXPECT_LE(st.at("client-transactions"), n + 10);
  const long rss_after = rss_kb(server_.pid());
  // Under ASan freed memory is held in quarantine (256 MB by default) before
  // it is reused, so the process grows by up to that much without leaking.
#if defined(__SANITIZE_ADDRESS__)
  constexpr long quarantine_kb = 256 * 1024;
#else
  constexpr long quarantine_kb = 0;
#endif
  EXPECT_LT(rss_after - rss_before, 256 * 1024 + quarantine_kb)
      << rss_before << " kB -> " << rss_after << " kB";
  std::cerr << "[flood] " << n << " INVITEs + " << n << " OPTIONS, retransmissions in "
            << st.at("retransmissions-in") << ", max calls-active " << max_calls << ", RSS " << rss_before
            << " -> " << rss_after << " kB\n";
}

// --- a callee that never answers ------------------------------------------------------

// ISC requests with routes and headers an S-CSCF would not send: a top Route
// naming another node (ignored: the next hop), P-Served-User, P-Charging-
// Vector and P-Asserted-Identity that do not parse, a return route of ours
// followed unchanged. Each call gets its final response, none is left.
TEST_F(sip_bad_input, isc_requests_with_bad_routes_and_headers) {
  udp_peer p("127.0.0.1", {0});
  const auto here = "127.0.0.1:" + std::to_string(p.port());
  const std::string as = "127.0.0.1:" + std::to_string(sip_port_);
  const std::string s_cscf = "127.0.0.1:" + std::to_string(callee_.port());
  auto call = [&](const std::string& id, const std::string& extra) -> int {
    const std::string ruri = "sip:4930000777@" + as;
    p.send(sip_port_, "INVITE " + ruri + " SIP/2.0\r\nVia: SIP/2.0/UDP " + here + ";branch=z9hG4bK-" +
                          id + ";rport\r\nMax-Forwards: 70\r\nFrom: <sip:491700000001@127.0.0.1>;tag=" +
                          id + "\r\nTo: <sip:4930000777@127.0.0.1>\r\nCall-ID: " + id +
                          "\r\nCSeq: 1 INVITE\r\nContact: <sip:caller@" + here + ">\r\n" + extra +
                          "Content-Length: 0\r\n\r\n");
    for (const auto until = std::chrono::steady_clock::now() + 10s;
         std::chrono::steady_clock::now() < until;) {
      auto r = p.receive(100ms);
      if (!r || !r->msg || !r->msg->is_response() || r->msg->call_id() != id) continue;
      if (r->msg->status < 200) continue;
      p.send(sip_port_, ack_for(*r->msg, ruri));
      return r->msg->status;
    }
    return 0;
  };
  const auto before = sip_status();
  // A foreign top Route and a P-Served-User that does not parse.
  EXPECT_EQ(call("isc-foreign", "Route: <sip:127.0.0.9:5060;lr>, <sip:" + s_cscf +
                                    ";lr;odi=x>\r\nP-Served-User: <sip:bob@ims;sescase=term\r\n"),
            486);
  auto inv = callee_.last_invite();
  EXPECT_EQ(inv.call_id(), "isc-foreign");
  EXPECT_FALSE(inv.has_header("Route")) << inv.serialize();
  // Our own entry, a return route (the callee stands in for the S-CSCF),
  // a broken charging vector and asserted identity.
  EXPECT_EQ(call("isc-return", "Route: <sip:" + as + ";lr>\r\nRoute: <sip:" + s_cscf +
                                   ";lr;odi=t-1>\r\nP-Charging-Vector: ;;==\r\n"
                                   "P-Asserted-Identity: <sip:\r\nP-Served-User: <sip:4930000777@ims>;"
                                   "sescase=term;regstate=reg\r\n"),
            486);
  inv = callee_.last_invite();
  EXPECT_EQ(inv.call_id(), "isc-return");  // proxied: the same Call-ID
  EXPECT_EQ(inv.header_values("Route"), std::vector<std::string>{"<sip:" + s_cscf + ";lr;odi=t-1>"});
  ASSERT_TRUE(inv.top_via().has_value());
  EXPECT_EQ(inv.top_via()->port, sip_port_) << inv.serialize();
  EXPECT_FALSE(inv.has_header("Record-Route"));
  // Only our own entry: the next hop, no Route sent on.
  EXPECT_EQ(call("isc-own-only", "Route: <sip:" + as + ";lr>\r\n"), 486);
  EXPECT_FALSE(callee_.last_invite().has_header("Route"));
  ASSERT_TRUE(wait_status("calls-active", 0, answer_bound)) << vty_->command("show cmr sip");
  const auto after = sip_status();
  EXPECT_EQ(after.at("isc-foreign-route") - before.at("isc-foreign-route"), 1);
  EXPECT_EQ(after.at("isc-terminating") - before.at("isc-terminating"), 1);
  EXPECT_EQ(after.at("proxied") - before.at("proxied"), 3);
  expect_healthy("after the ISC requests");
}

TEST_F(sip_bad_input, callee_that_never_answers_ends_with_408_cancel_and_media_stopped) {
  // A subscriber whose ringback is the system default, with playable content.
  ASSERT_EQ(http(mgmt_port_, "POST", "/cmr/1/ServiceSubscription", "application/json",
                 R"({"SubscriberId":")" + k_subscriber + R"(","OperationType":2,"CMRBT":true,"CMRT":false})"),
            200);
  ASSERT_EQ(http(mgmt_port_, "PUT", "/cmr/1/resources/demo-system-default/content", "audio/wav",
                 wav_pcm16(8000, 1.0)),
            200);
  const std::string decision = vty_->command("show cmr decision " + k_subscriber + " cmrbt");
  ASSERT_NE(decision.find("demo-system-default"), std::string::npos) << decision;

  udp_peer p("127.0.0.1", {0});
  udp_peer rtp("127.0.0.1", {0});
  const auto here = "127.0.0.1:" + std::to_string(p.port());
  const std::string sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " +
                          std::to_string(rtp.port()) + " RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";
  const std::string ruri = "sip:" + k_subscriber + "@127.0.0.1:" + std::to_string(sip_port_);
  const std::string from = "<sip:491700000001@127.0.0.1>;tag=caller1";
  p.send(sip_port_, "INVITE " + ruri + " SIP/2.0\r\nVia: SIP/2.0/UDP " + here +
                        ";branch=z9hG4bK-ring-inv;rport\r\nMax-Forwards: 70\r\nFrom: " + from +
                        "\r\nTo: <sip:" + k_subscriber + "@127.0.0.1>\r\nCall-ID: ring-1\r\nCSeq: 1 INVITE\r\n"
                        "Contact: <sip:caller@" + here + ">\r\nSupported: 100rel\r\n"
                        "Allow: INVITE, ACK, CANCEL, BYE, PRACK, UPDATE\r\nP-Early-Media: supported\r\n"
                        "Content-Type: application/sdp\r\nContent-Length: " + std::to_string(sdp.size()) +
                        "\r\n\r\n" + sdp);
  // Early media: a reliable 18x with the SDP answer; PRACK it.
  std::optional<sip::message> early, final_rsp;
  const auto start = std::chrono::steady_clock::now();
  while (!final_rsp && std::chrono::steady_clock::now() - start < 20s) {
    auto r = p.receive(200ms);
    if (!r || !r->msg || !r->msg->is_response()) continue;
    const auto& m = *r->msg;
    if (m.status > 100 && m.status < 200 && !early) {
      early = m;
      const auto* rseq = m.header("RSeq");
      ASSERT_NE(rseq, nullptr) << r->bytes;
      std::string target = m.header("Contact") ? *m.header("Contact") : ruri;
      if (target.find('<') != std::string::npos)
        target = target.substr(target.find('<') + 1, target.find('>') - target.find('<') - 1);
      p.send(sip_port_, "PRACK " + target + " SIP/2.0\r\nVia: SIP/2.0/UDP " + here +
                            ";branch=z9hG4bK-ring-prack;rport\r\nMax-Forwards: 70\r\nFrom: " + from +
                            "\r\nTo: " + *m.header("To") + "\r\nCall-ID: ring-1\r\nCSeq: 2 PRACK\r\nRAck: " +
                            *rseq + " 1 INVITE\r\nContent-Length: 0\r\n\r\n");
    } else if (m.status >= 200 && m.cseq() && m.cseq()->method == "INVITE") {
      final_rsp = m;
      p.send(sip_port_, ack_for(m, ruri));
    }
  }
  const auto final_at = std::chrono::steady_clock::now();
  ASSERT_TRUE(early.has_value()) << (final_rsp ? final_rsp->serialize() : "no final") << server_.err();
  EXPECT_NE(early->body.find("m=audio"), std::string::npos) << early->serialize();
  EXPECT_TRUE(early->has_option("Require", "100rel"));
  ASSERT_TRUE(final_rsp.has_value()) << server_.err();
  // The ring timeout (2 s) ended it: 408 upstream, CANCEL downstream.
  EXPECT_EQ(final_rsp->status, 408);
  EXPECT_GE(final_at - start, 1900ms);
  EXPECT_EQ(callee_.invites(), 1u);
  for (const auto until = std::chrono::steady_clock::now() + answer_bound;
       callee_.cancelled().empty() && std::chrono::steady_clock::now() < until;)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(callee_.cancelled().size(), 1u) << "no CANCEL toward the callee";

  // RTP arrived while it rang, and stops: no packet for 500 ms within 5 s.
  int packets = 0;
  auto last_packet = std::chrono::steady_clock::now();
  char buf[2048];
  const auto quiet_deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < quiet_deadline &&
         std::chrono::steady_clock::now() - last_packet < 500ms) {
    pollfd pf{rtp.fd(), POLLIN, 0};
    if (::poll(&pf, 1, 50) > 0 && ::recv(rtp.fd(), buf, sizeof buf, 0) > 0) {
      ++packets;
      last_packet = std::chrono::steady_clock::now();
    }
  }
  EXPECT_GE(packets, 75) << "early media while ringing (50 packets/s for 2 s)\n" << server_.err();
  EXPECT_GE(std::chrono::steady_clock::now() - last_packet, 500ms) << "RTP did not stop";

  ASSERT_TRUE(wait_status("calls-active", 0, answer_bound)) << vty_->command("show cmr sip");
  EXPECT_TRUE(wait_status("rtp-streams-active", 0, answer_bound)) << vty_->command("show cmr sip");
  const auto st = sip_status();
  EXPECT_EQ(st.at("timeouts"), 1);
  EXPECT_EQ(st.at("media-started"), 1);
  const std::string log = server_.err();
  EXPECT_NE(log.find("ring"), std::string::npos) << log;
  EXPECT_NE(log.find("stopped demo-system-default after"), std::string::npos) << log;
  expect_healthy("after the unanswered call");
}

}  // namespace
}  // namespace cmr::test
