// The B2BUA (sip/as) on fake transports and a manual clock: the test plays
// the caller (A, 192.0.2.20) and the callee (B, the next hop 192.0.2.30),
// reads what the B2BUA sent each of them from the fake transport, and runs
// the tasks posted back to the "SIP thread" itself. Decisions come from a
// fake decision port that can hold them back, as the store does for an owner
// not in memory. RTP sockets are bound on 127.0.0.1 but the io_context never
// runs: no stream sends anything. The SDPs name 127.0.0.1 only.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/manual_timer_service.h"
#include "media/rtp/port_pool.h"
#include "sip/as/b2bua.h"
#include "sip/log.h"
#include "sip/message/parser.h"
#include "store/decision_port.h"
#include "tests/common/fsm_trace.h"
#include "tests/common/temp_dir.h"
#include "tests/unit/sip/sip_test_helpers.h"

namespace cmr::sip::as::test {

using namespace std::chrono_literals;

inline constexpr const char* k_owner = "491700000001";  // has r1 for both services
inline constexpr const char* k_nobody = "491700000099";

class fake_decisions final : public store::decision_port {
public:
  std::optional<store::decision> decide_or_defer(const store::decision_request& r,
                                                 decided_fn later) override {
    asked.push_back(r.svc);
    store::decision d;
    d.svc = r.svc;
    if (r.owner == k_owner) {
      auto res = std::make_shared<store::resource>();
      res->id = "r1";
      d.resource = std::move(res);
      d.why = store::decision::reason::rule;
    }
    if (!hold) return d;
    held.emplace_back(std::move(later), std::move(d));
    return std::nullopt;
  }
  // Completes the held decisions, as a store thread would.
  void release() {
    auto h = std::move(held);
    held.clear();
    for (auto& [later, d] : h) later(std::move(d));
  }
  bool hold = false;
  std::vector<store::service> asked;
  std::vector<std::pair<decided_fn, store::decision>> held;
};

class fake_content final : public content_source {
public:
  explicit fake_content(const testing::temp_dir& dir) : path_(dir.file("r1.alaw")) {
    std::ofstream out(path_, std::ios::binary);
    for (int i = 0; i < 50 * 160; ++i) out.put(static_cast<char>(0xd5 ^ (i % 16)));
  }
  std::shared_ptr<const media::playout_rendition> rendition(const std::string& id,
                                                            media::g711_law law) override {
    if (id != "r1" || law != media::g711_law::alaw) return nullptr;
    auto r = media::playout_rendition::open(path_, law);
    if (!r) return nullptr;
    return std::make_shared<const media::playout_rendition>(std::move(*r));
  }
  std::string download_url(const std::string& id) override {
    return "http://127.0.0.1:8080/cmr/1/content/" + id + "?exp=4102444800&sig=0123abcd";
  }

private:
  std::string path_;
};

inline std::string sdp(const std::string& user, int port, int version = 1) {
  return "v=0\r\no=" + user + " 1 " + std::to_string(version) +
         " IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " +
         std::to_string(port) + " RTP/AVP 8 0\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n";
}

class b2bua_test : public ::testing::Test {
protected:
  const endpoint caller{boost::asio::ip::make_address("192.0.2.20"), 5060, transport_kind::udp};
  const endpoint callee{boost::asio::ip::make_address("192.0.2.30"), 5060, transport_kind::udp};

  ~b2bua_test() override {
    if (b2b_) b2b_->stop_all();
  }

  // What an unserved call becomes; the B2BUA traces keep "b2bua", the
  // proxy ones (call_fsm_trace_test.cpp) set proxy before start().
  unserved_handling unserved = unserved_handling::b2bua;

  void start(delivery_mode bt, delivery_mode rt) {
    as_config c;
    c.next_hop = callee;
    c.cmrbt_mode = bt;
    c.cmrt_mode = rt;
    c.ring_timeout = 30s;
    c.unserved = unserved;
    b2b_ = std::make_unique<b2bua>(
        io_, ports_, &decisions, content_,
        [this](std::function<void()> task) { posted_.push_back(std::move(task)); }, c);
    layer_ = std::make_unique<transaction_layer>(timers, timer_config{}, *b2b_);
    b2b_->set_layer(*layer_);
    layer_->add_transport(udp_);
    layer_->add_transport(tcp_);
  }

  // Runs what was posted to the SIP thread.
  void pump() {
    while (!posted_.empty()) {
      auto tasks = std::move(posted_);
      posted_.clear();
      for (auto& t : tasks) t();
    }
  }
  void advance(std::chrono::milliseconds d) {
    timers.advance(d);
    pump();
  }

  void deliver(const message& m, const endpoint& from) { layer_->on_message(m, from, 0); }
  void from_a(const std::string& text) {
    auto m = parse_message(text);
    ASSERT_TRUE(m) << text;
    deliver(*m, caller);
  }

  // The caller's INVITE; `extra` adds headers (each ending in CRLF).
  std::string a_invite(const std::string& extra = {}, bool with_sdp = true) const {
    const std::string body = with_sdp ? sdp("alice", 40000) : std::string();
    return "INVITE sip:" + std::string(owner) +
           "@192.0.2.10 SIP/2.0\r\n"
           "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK-" +
           cid + "\r\nMax-Forwards: 70\r\nFrom: <sip:491700000002@192.0.2.20>;tag=" + cid +
           "\r\nTo: <sip:" + std::string(owner) + "@192.0.2.10>\r\nCall-ID: " + cid +
           "@192.0.2.20\r\nCSeq: 1 INVITE\r\n"
           "Contact: <sip:alice@192.0.2.20:5060>\r\n"
           "P-Asserted-Identity: <sip:491700000002@192.0.2.20>\r\n" +
           extra + (with_sdp ? "Content-Type: application/sdp\r\n" : "") +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  }
  // A request from A inside its dialog (To tag from `rsp`, a response A got).
  std::string a_in_dialog(const std::string& method, const message& rsp, std::uint32_t cseq,
                          const std::string& branch, const std::string& extra = {},
                          const std::string& cseq_method = {}) const {
    return method + " sip:cmr@192.0.2.10:5060 SIP/2.0\r\n" +
           "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK-" + branch +
           "\r\nMax-Forwards: 70\r\nFrom: " + *rsp.header("From") + "\r\nTo: " + *rsp.header("To") +
           "\r\nCall-ID: " + rsp.call_id() + "\r\nCSeq: " + std::to_string(cseq) + " " +
           (cseq_method.empty() ? method : cseq_method) + "\r\n" + extra +
           "Content-Length: 0\r\n\r\n";
  }
  void a_cancel() {
    from_a("CANCEL sip:" + std::string(owner) +
           "@192.0.2.10 SIP/2.0\r\n"
           "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK-" +
           cid + "\r\nMax-Forwards: 70\r\nFrom: <sip:491700000002@192.0.2.20>;tag=" + cid +
           "\r\nTo: <sip:" + std::string(owner) + "@192.0.2.10>\r\nCall-ID: " + cid +
           "@192.0.2.20\r\nCSeq: 1 CANCEL\r\nContent-Length: 0\r\n\r\n");
  }

  // What the B2BUA sent toward A or B (requests and responses).
  std::vector<message> sent_to(const endpoint& who) const {
    std::vector<message> out;
    for (const auto& s : udp_.sent)
      if (s.to.address == who.address) out.push_back(s.msg);
    return out;
  }
  std::optional<message> last_to(const endpoint& who, const std::string& summary_prefix) const {
    const auto v = sent_to(who);
    for (auto it = v.rbegin(); it != v.rend(); ++it)
      if (it->summary().starts_with(summary_prefix)) return *it;
    return std::nullopt;
  }
  // The response to A with this status for its INVITE (of call `call`,
  // default: the current cid).
  std::optional<message> a_got(int status, const std::string& call = {}) const {
    const std::string id = (call.empty() ? cid : call) + "@192.0.2.20";
    for (const auto& m : sent_to(caller))
      if (m.is_response() && m.status == status && m.cseq() && m.cseq()->method == "INVITE" &&
          m.call_id() == id)
        return m;
    return std::nullopt;
  }

  // B answers the INVITE it got (`reliable`: RSeq 1, Require 100rel).
  void b_responds(int status, bool reliable = false, const std::string& body = {}) {
    const auto inv = last_to(callee, "INVITE");
    ASSERT_TRUE(inv);
    auto rsp = make_response(*inv, status, {}, status == 100 ? "" : "b1");
    if (status > 100 && status < 300) rsp.add_header("Contact", "<sip:bob@192.0.2.30:5060>");
    if (reliable) {
      rsp.add_header("Require", "100rel");
      rsp.add_header("RSeq", "1");
    }
    if (!body.empty()) {
      rsp.body = body;
      rsp.add_header("Content-Type", "application/sdp");
    }
    deliver(rsp, callee);
  }
  // B answers the last request of `method` it got (PRACK, CANCEL, BYE).
  void b_answers(const std::string& method, int status = 200) {
    const auto req = last_to(callee, method);
    ASSERT_TRUE(req) << method;
    deliver(make_response(*req, status, {}, "b1"), callee);
  }
  // A answers the last request the B2BUA sent it (UPDATE, BYE).
  void a_answers(const std::string& method, int status = 200, const std::string& body = {}) {
    const auto req = last_to(caller, method);
    ASSERT_TRUE(req) << method;
    auto rsp = make_response(*req, status);
    if (!body.empty()) {
      rsp.body = body;
      rsp.add_header("Content-Type", "application/sdp");
    }
    deliver(rsp, caller);
  }

  std::string owner = k_owner;
  std::string cid = "a1";  // the caller's Call-ID (and branch, From tag) of the next INVITE
  testing::temp_dir dir_{"cmr-b2bua-test"};
  manual_timer_service timers;
  boost::asio::io_context io_;  // never run
  media::rtp::port_pool ports_{{0, 0}};
  fake_decisions decisions;
  fake_content content_{dir_};
  sip::test::fake_transport udp_{transport_kind::udp, timers};
  sip::test::fake_transport tcp_{transport_kind::tcp, timers};
  std::unique_ptr<b2bua> b2b_;
  std::unique_ptr<transaction_layer> layer_;
  std::vector<std::function<void()>> posted_;
};

}  // namespace cmr::sip::as::test
