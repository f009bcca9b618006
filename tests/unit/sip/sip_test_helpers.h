// Fakes for the SIP stack tests: a transport that records what is sent, a
// transaction user that records what comes up, and message builders.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "sip/message/parser.h"
#include "common/manual_timer_service.h"
#include "sip/transaction/transaction_layer.h"

namespace cmr::sip::test {

struct sent_message {
  message msg;
  endpoint to;
  timer_service::duration at;
};

class fake_transport final : public transport {
public:
  fake_transport(transport_kind k, const timer_service& clock) : kind_(k), clock_(clock) {}
  [[nodiscard]] transport_kind kind() const override { return kind_; }
  [[nodiscard]] endpoint local_endpoint() const override {
    return {boost::asio::ip::make_address("192.0.2.10"), 5060, kind_};
  }
  bool send(const endpoint& to, std::string bytes, connection_id) override {
    auto parsed = parse_message(bytes);
    if (expect_parseable) {
      EXPECT_TRUE(parsed) << "unparseable output: " << bytes;
    }
    if (parsed)
      sent.push_back({std::move(*parsed), to,
                      std::chrono::duration_cast<timer_service::duration>(
                          clock_.now().time_since_epoch())});
    return !fail_sends;
  }
  void close() override {}

  // Messages sent, optionally only those matching a start-line prefix.
  [[nodiscard]] std::vector<sent_message> matching(const std::string& summary_prefix) const {
    std::vector<sent_message> out;
    for (const auto& s : sent)
      if (s.msg.summary().starts_with(summary_prefix)) out.push_back(s);
    return out;
  }

  std::vector<sent_message> sent;
  bool fail_sends = false;
  // Answers to malformed requests copy their malformed headers (RFC 4475
  // asks for the 400 anyway); tests sending such requests turn this off.
  bool expect_parseable = true;

private:
  transport_kind kind_;
  const timer_service& clock_;
};

class recording_tu final : public transaction_user {
public:
  void on_request(const std::shared_ptr<server_transaction>& tx) override {
    requests.push_back(tx);
    if (auto_status != 0) tx->respond(auto_status);
  }
  void on_ack(const message& ack, const endpoint&) override { acks.push_back(ack); }
  void on_cancel(const std::shared_ptr<server_transaction>& invite, const message& c) override {
    cancels.push_back(c);
    invite->respond(487);
  }
  void on_stray_response(const message& rsp, const endpoint&) override { strays.push_back(rsp); }

  int auto_status = 0;  // answer every new request with this, when not 0
  std::vector<std::shared_ptr<server_transaction>> requests;
  std::vector<message> acks;
  std::vector<message> cancels;
  std::vector<message> strays;
};

// A stack with fake UDP and TCP transports and a manual clock.
struct stack_fixture {
  manual_timer_service timers;
  recording_tu tu;
  transaction_layer layer{timers, timer_config{}, tu};
  fake_transport udp{transport_kind::udp, timers};
  fake_transport tcp{transport_kind::tcp, timers};
  endpoint peer_udp{boost::asio::ip::make_address("192.0.2.20"), 5060, transport_kind::udp};
  endpoint peer_tcp{boost::asio::ip::make_address("192.0.2.20"), 5060, transport_kind::tcp};

  stack_fixture() {
    layer.add_transport(udp);
    layer.add_transport(tcp);
  }
  void deliver(const std::string& text, const endpoint& from, connection_id conn = 0) {
    auto parsed = parse_message(text);
    if (parsed) {
      layer.on_message(std::move(*parsed), from, conn);
    } else {
      layer.on_parse_error(parsed.error(), from, conn);
    }
  }
  void deliver(const message& m, const endpoint& from, connection_id conn = 0) {
    deliver(m.serialize(), from, conn);
  }
  fake_transport& wire(transport_kind k) { return k == transport_kind::udp ? udp : tcp; }
};

inline message request(const std::string& method, const std::string& branch = "z9hG4bKtest1",
                       std::uint32_t cseq = 1) {
  auto m = parse_message(method +
                         " sip:bob@192.0.2.10 SIP/2.0\r\n"
                         "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=" +
                         branch +
                         "\r\n"
                         "Max-Forwards: 70\r\n"
                         "From: <sip:alice@example.com>;tag=alice1\r\n"
                         "To: <sip:bob@example.com>\r\n"
                         "Call-ID: call-1@192.0.2.20\r\n"
                         "CSeq: " +
                         std::to_string(cseq) + " " + method +
                         "\r\n"
                         "Contact: <sip:alice@192.0.2.20:5060>\r\n"
                         "Content-Length: 0\r\n\r\n");
  EXPECT_TRUE(m);
  return std::move(*m);
}

// A request as this stack would send it (no Via: the layer adds one).
inline message outgoing(const std::string& method, std::uint32_t cseq = 1) {
  auto m = message::make_request(method, *parse_uri("sip:bob@192.0.2.20"));
  m.add_header("From", "<sip:alice@example.com>;tag=a1");
  m.add_header("To", "<sip:bob@example.com>");
  m.add_header("Call-ID", "out-1@192.0.2.10");
  m.add_header("CSeq", std::to_string(cseq) + " " + method);
  m.add_header("Contact", "<sip:alice@192.0.2.10:5060>");
  return m;
}

// A response to a request this stack sent (as received from the wire).
inline message answer(const message& sent, int status, const std::string& to_tag = "b1") {
  return make_response(sent, status, {}, to_tag);
}

inline std::vector<long> times_ms(const std::vector<sent_message>& v) {
  std::vector<long> out;
  for (const auto& s : v) out.push_back(static_cast<long>(s.at.count()));
  return out;
}

}  // namespace cmr::sip::test
