// Client transaction machines (RFC 3261 17.1) driven by a manual clock.
#include <gtest/gtest.h>

#include "sip_test_helpers.h"

namespace cmr::sip::test {
namespace {

using namespace std::chrono_literals;

struct client_events {
  std::vector<message> responses;
  std::vector<tx_error> errors;
  client_transaction::callbacks callbacks() {
    return {[this](const message& m) { responses.push_back(m); },
            [this](tx_error e) { errors.push_back(e); }};
  }
};

TEST(client_transaction, invite_udp_timer_a_doubles_until_timer_b) {
  stack_fixture s;
  client_events ev;
  auto tx = s.layer.send_request(outgoing("INVITE"), s.peer_udp, ev.callbacks());
  EXPECT_EQ(tx->state(), tx_state::calling);
  s.timers.advance(40s);
  // A: 0.5, 1, 2, 4, 8, 16 s intervals; B fires at 64*T1 = 32 s.
  EXPECT_EQ(times_ms(s.udp.matching("INVITE")),
            (std::vector<long>{0, 500, 1500, 3500, 7500, 15500, 31500}));
  ASSERT_EQ(ev.errors.size(), 1u);
  EXPECT_EQ(ev.errors[0], tx_error::timeout);
  EXPECT_EQ(tx->state(), tx_state::terminated);
  EXPECT_EQ(s.layer.client_count(), 0u);
}

TEST(client_transaction, invite_tcp_never_retransmits) {
  stack_fixture s;
  client_events ev;
  auto tx = s.layer.send_request(outgoing("INVITE"), s.peer_tcp, ev.callbacks());
  s.timers.advance(31s);
  EXPECT_EQ(s.tcp.matching("INVITE").size(), 1u);
  EXPECT_TRUE(ev.errors.empty());
  s.timers.advance(1s);
  ASSERT_EQ(ev.errors.size(), 1u);  // timer B still applies
  EXPECT_NE(s.tcp.sent[0].msg.header("Via")->find("SIP/2.0/TCP"), std::string::npos);
}

TEST(client_transaction, invite_provisional_stops_retransmissions_and_b) {
  stack_fixture s;
  client_events ev;
  auto tx = s.layer.send_request(outgoing("INVITE"), s.peer_udp, ev.callbacks());
  const auto sent = s.udp.sent[0].msg;
  s.timers.advance(600ms);
  s.deliver(answer(sent, 180), s.peer_udp);
  EXPECT_EQ(tx->state(), tx_state::proceeding);
  EXPECT_TRUE(tx->got_provisional());
  s.timers.advance(120s);
  EXPECT_EQ(s.udp.matching("INVITE").size(), 2u);
  EXPECT_TRUE(ev.errors.empty());
  ASSERT_EQ(ev.responses.size(), 1u);
  EXPECT_EQ(ev.responses[0].status, 180);
}

TEST(client_transaction, invite_non_2xx_is_acked_by_the_transaction) {
  stack_fixture s;
  client_events ev;
  auto invite = outgoing("INVITE");
  invite.add_header("Route", "<sip:proxy.example.com;lr>");
  auto tx = s.layer.send_request(invite, s.peer_udp, ev.callbacks());
  const auto sent = s.udp.sent[0].msg;
  const auto busy = answer(sent, 486);
  s.deliver(busy, s.peer_udp);
  EXPECT_EQ(tx->state(), tx_state::completed);
  auto acks = s.udp.matching("ACK");
  ASSERT_EQ(acks.size(), 1u);
  const auto& ack = acks[0].msg;
  EXPECT_EQ(ack.request_uri.to_string(), sent.request_uri.to_string());
  EXPECT_EQ(ack.top_via()->branch(), sent.top_via()->branch());
  EXPECT_EQ(ack.header_count("Via"), 1u);
  EXPECT_EQ(ack.to()->tag(), "b1");
  EXPECT_EQ(ack.from()->tag(), "a1");
  EXPECT_EQ(ack.cseq()->number, 1u);
  EXPECT_EQ(ack.cseq()->method, "ACK");
  EXPECT_EQ(*ack.header("Route"), "<sip:proxy.example.com;lr>");
  // A retransmitted 486 is ACKed again but not passed up.
  s.deliver(busy, s.peer_udp);
  EXPECT_EQ(s.udp.matching("ACK").size(), 2u);
  EXPECT_EQ(ev.responses.size(), 1u);
  // Timer D (32 s on UDP) ends it.
  s.timers.advance(31s);
  EXPECT_EQ(tx->state(), tx_state::completed);
  s.timers.advance(1s);
  EXPECT_EQ(tx->state(), tx_state::terminated);
  EXPECT_EQ(s.layer.client_count(), 0u);
}

TEST(client_transaction, invite_non_2xx_over_tcp_terminates_at_once) {
  stack_fixture s;
  client_events ev;
  auto tx = s.layer.send_request(outgoing("INVITE"), s.peer_tcp, ev.callbacks());
  s.deliver(answer(s.tcp.sent[0].msg, 603), s.peer_tcp);
  EXPECT_EQ(s.tcp.matching("ACK").size(), 1u);
  EXPECT_EQ(tx->state(), tx_state::terminated);
}

TEST(client_transaction, invite_2xx_goes_to_tu_and_retransmissions_too) {
  stack_fixture s;
  client_events ev;
  auto tx = s.layer.send_request(outgoing("INVITE"), s.peer_udp, ev.callbacks());
  const auto ok = answer(s.udp.sent[0].msg, 200);
  s.deliver(ok, s.peer_udp);
  EXPECT_EQ(tx->state(), tx_state::accepted);
  EXPECT_TRUE(s.udp.matching("ACK").empty());  // the 2xx ACK is the TU's
  s.deliver(ok, s.peer_udp);
  EXPECT_EQ(ev.responses.size(), 2u);
  s.timers.advance(32s);  // timer M
  EXPECT_EQ(tx->state(), tx_state::terminated);
  s.deliver(ok, s.peer_udp);
  EXPECT_EQ(s.tu.strays.size(), 1u);
}

TEST(client_transaction, non_invite_timer_e_caps_at_t2_and_f_times_out) {
  stack_fixture s;
  client_events ev;
  s.layer.send_request(outgoing("OPTIONS"), s.peer_udp, ev.callbacks());
  s.timers.advance(40s);
  EXPECT_EQ(
      times_ms(s.udp.matching("OPTIONS")),
      (std::vector<long>{0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500}));
  ASSERT_EQ(ev.errors.size(), 1u);
  EXPECT_EQ(ev.errors[0], tx_error::timeout);
}

TEST(client_transaction, non_invite_proceeding_retransmits_every_t2) {
  stack_fixture s;
  client_events ev;
  auto tx = s.layer.send_request(outgoing("BYE"), s.peer_udp, ev.callbacks());
  s.timers.advance(100ms);
  s.deliver(answer(s.udp.sent[0].msg, 100), s.peer_udp);
  EXPECT_EQ(tx->state(), tx_state::proceeding);
  s.timers.advance(10s);
  // 0 and 0.5 s (E was armed before the 100), then every T2.
  EXPECT_EQ(times_ms(s.udp.matching("BYE")), (std::vector<long>{0, 500, 4500, 8500}));
  s.deliver(answer(s.udp.sent[0].msg, 200), s.peer_udp);
  EXPECT_EQ(tx->state(), tx_state::completed);
  s.timers.advance(4999ms);
  EXPECT_EQ(tx->state(), tx_state::completed);  // timer K = T4
  s.timers.advance(1ms);
  EXPECT_EQ(tx->state(), tx_state::terminated);
  EXPECT_EQ(ev.responses.size(), 2u);
}

TEST(client_transaction, non_invite_tcp_no_retransmission_no_linger) {
  stack_fixture s;
  client_events ev;
  auto tx = s.layer.send_request(outgoing("OPTIONS"), s.peer_tcp, ev.callbacks());
  s.timers.advance(20s);
  EXPECT_EQ(s.tcp.sent.size(), 1u);
  s.deliver(answer(s.tcp.sent[0].msg, 200), s.peer_tcp);
  EXPECT_EQ(tx->state(), tx_state::terminated);
}

TEST(client_transaction, transport_error_is_reported) {
  stack_fixture s;
  client_events ev;
  s.udp.fail_sends = true;
  auto tx = s.layer.send_request(outgoing("OPTIONS"), s.peer_udp, ev.callbacks());
  ASSERT_EQ(ev.errors.size(), 1u);
  EXPECT_EQ(ev.errors[0], tx_error::transport);
  EXPECT_EQ(tx->state(), tx_state::terminated);
}

TEST(client_transaction, cancel_reuses_branch_and_gets_its_own_transaction) {
  stack_fixture s;
  client_events inv, can;
  auto tx = s.layer.send_request(outgoing("INVITE"), s.peer_udp, inv.callbacks());
  const auto sent = s.udp.sent[0].msg;
  s.deliver(answer(sent, 180), s.peer_udp);
  auto ctx = s.layer.send_cancel(*tx, can.callbacks());
  const auto cancels = s.udp.matching("CANCEL");
  ASSERT_EQ(cancels.size(), 1u);
  const auto& c = cancels[0].msg;
  EXPECT_EQ(c.top_via()->branch(), sent.top_via()->branch());
  EXPECT_EQ(c.cseq()->number, sent.cseq()->number);
  EXPECT_EQ(c.cseq()->method, "CANCEL");
  EXPECT_EQ(c.to()->tag(), "");
  EXPECT_EQ(s.layer.client_count(), 2u);
  s.deliver(answer(c, 200), s.peer_udp);
  EXPECT_EQ(can.responses.size(), 1u);
  s.deliver(answer(sent, 487), s.peer_udp);
  ASSERT_EQ(inv.responses.size(), 2u);
  EXPECT_EQ(inv.responses[1].status, 487);
  EXPECT_EQ(s.udp.matching("ACK").size(), 1u);
}

}  // namespace
}  // namespace cmr::sip::test
