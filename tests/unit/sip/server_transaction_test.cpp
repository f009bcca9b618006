// Server transaction machines (RFC 3261 17.2) and the layer's matching,
// CANCEL handling and answers to unparseable requests, with a manual clock.
#include <gtest/gtest.h>

#include "sip_test_helpers.h"

namespace cmr::sip::test {
namespace {

using namespace std::chrono_literals;

TEST(server_transaction, invite_sends_100_after_200ms_and_repeats_last_provisional) {
  stack_fixture s;
  const auto inv = request("INVITE");
  s.deliver(inv, s.peer_udp);
  ASSERT_EQ(s.tu.requests.size(), 1u);
  auto tx = s.tu.requests[0];
  EXPECT_TRUE(s.udp.sent.empty());
  s.timers.advance(200ms);
  ASSERT_EQ(s.udp.sent.size(), 1u);
  EXPECT_EQ(s.udp.sent[0].msg.status, 100);
  EXPECT_EQ(s.udp.sent[0].msg.to()->tag(), "");
  tx->respond(180);
  s.deliver(inv, s.peer_udp);  // retransmission: the 180 again, TU not bothered
  EXPECT_EQ(s.tu.requests.size(), 1u);
  ASSERT_EQ(s.udp.sent.size(), 3u);
  EXPECT_EQ(s.udp.sent[2].msg.status, 180);
  EXPECT_EQ(s.udp.sent[2].msg.to()->tag(), tx->local_tag());
}

TEST(server_transaction, invite_no_100_when_tu_answers_quickly) {
  stack_fixture s;
  s.tu.auto_status = 180;
  s.deliver(request("INVITE"), s.peer_udp);
  s.timers.advance(1s);
  ASSERT_EQ(s.udp.sent.size(), 1u);
  EXPECT_EQ(s.udp.sent[0].msg.status, 180);
}

TEST(server_transaction, invite_error_retransmits_g_until_h) {
  stack_fixture s;
  s.deliver(request("INVITE"), s.peer_udp);
  auto tx = s.tu.requests[0];
  std::vector<tx_error> errors;
  tx->on_error = [&](tx_error e) { errors.push_back(e); };
  tx->respond(486);
  EXPECT_EQ(tx->state(), tx_state::completed);
  s.timers.advance(40s);
  // G: T1 doubling up to T2; H after 64*T1.
  EXPECT_EQ(
      times_ms(s.udp.matching("486")),
      (std::vector<long>{0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], tx_error::timeout);
  EXPECT_EQ(tx->state(), tx_state::terminated);
}

TEST(server_transaction, invite_ack_confirms_then_timer_i) {
  stack_fixture s;
  const auto inv = request("INVITE");
  s.deliver(inv, s.peer_udp);
  auto tx = s.tu.requests[0];
  tx->respond(404);
  auto ack = request("ACK");  // same branch: matches the INVITE transaction
  ack.set_header("To", "<sip:bob@example.com>;tag=" + tx->local_tag());
  s.timers.advance(700ms);
  s.deliver(ack, s.peer_udp);
  EXPECT_EQ(tx->state(), tx_state::confirmed);
  EXPECT_TRUE(s.tu.acks.empty());  // absorbed
  s.deliver(ack, s.peer_udp);      // retransmitted ACK absorbed too
  EXPECT_TRUE(s.tu.acks.empty());
  s.timers.advance(10s);
  EXPECT_EQ(s.udp.matching("404").size(), 2u);  // the one at 500 ms only
  EXPECT_EQ(tx->state(), tx_state::terminated);
  EXPECT_EQ(s.layer.server_count(), 0u);
}

TEST(server_transaction, invite_over_tcp_no_g_and_ack_terminates) {
  stack_fixture s;
  s.deliver(request("INVITE"), s.peer_tcp, 7);
  auto tx = s.tu.requests[0];
  EXPECT_EQ(tx->connection(), 7u);
  tx->respond(486);
  s.timers.advance(5s);
  EXPECT_EQ(s.tcp.matching("486").size(), 1u);
  s.deliver(request("ACK"), s.peer_tcp, 7);
  EXPECT_EQ(tx->state(), tx_state::terminated);
}

TEST(server_transaction, invite_2xx_accepted_then_ack_goes_to_tu) {
  stack_fixture s;
  const auto inv = request("INVITE");
  s.deliver(inv, s.peer_udp);
  auto tx = s.tu.requests[0];
  tx->respond(200);
  EXPECT_EQ(tx->state(), tx_state::accepted);
  s.deliver(inv, s.peer_udp);  // INVITE retransmission in Accepted: absorbed
  EXPECT_EQ(s.udp.matching("200").size(), 1u);
  EXPECT_TRUE(tx->respond(200));  // the TU retransmits its 2xx itself
  EXPECT_EQ(s.udp.matching("200").size(), 2u);
  s.deliver(request("ACK", "z9hG4bKack2"), s.peer_udp);
  EXPECT_EQ(s.tu.acks.size(), 1u);
  s.timers.advance(32s);  // timer L
  EXPECT_EQ(tx->state(), tx_state::terminated);
}

TEST(server_transaction, non_invite_completed_repeats_final_until_j) {
  stack_fixture s;
  const auto opt = request("OPTIONS");
  s.deliver(opt, s.peer_udp);
  auto tx = s.tu.requests[0];
  EXPECT_EQ(tx->state(), tx_state::trying);
  s.deliver(opt, s.peer_udp);  // Trying: nothing to repeat
  EXPECT_TRUE(s.udp.sent.empty());
  tx->respond(200);
  EXPECT_FALSE(tx->respond(500));  // one final response only
  s.deliver(opt, s.peer_udp);
  EXPECT_EQ(s.udp.matching("200").size(), 2u);
  s.timers.advance(31s);
  EXPECT_EQ(tx->state(), tx_state::completed);
  s.timers.advance(1s);
  EXPECT_EQ(tx->state(), tx_state::terminated);
}

TEST(server_transaction, non_invite_tcp_terminates_on_final) {
  stack_fixture s;
  s.deliver(request("OPTIONS"), s.peer_tcp, 3);
  auto tx = s.tu.requests[0];
  tx->respond(100);
  EXPECT_EQ(tx->state(), tx_state::proceeding);
  tx->respond(200);
  EXPECT_EQ(tx->state(), tx_state::terminated);
}

TEST(server_transaction, cancel_gets_200_and_tu_answers_487) {
  stack_fixture s;
  const auto inv = request("INVITE");
  s.deliver(inv, s.peer_udp);
  auto tx = s.tu.requests[0];
  tx->respond(180);
  s.deliver(request("CANCEL"), s.peer_udp);  // same branch, method CANCEL
  ASSERT_EQ(s.tu.cancels.size(), 1u);
  const auto ok = s.udp.matching("200");
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].msg.cseq()->method, "CANCEL");
  EXPECT_EQ(ok[0].msg.to()->tag(), tx->local_tag());
  EXPECT_EQ(s.udp.matching("487").size(), 1u);
  EXPECT_EQ(tx->state(), tx_state::completed);
}

TEST(server_transaction, cancel_without_invite_gets_481) {
  stack_fixture s;
  s.deliver(request("CANCEL", "z9hG4bKnothing"), s.peer_udp);
  EXPECT_EQ(s.udp.matching("481").size(), 1u);
  EXPECT_TRUE(s.tu.cancels.empty());
}

TEST(server_transaction, cancel_after_final_is_200_but_not_passed_up) {
  stack_fixture s;
  s.deliver(request("INVITE"), s.peer_udp);
  s.tu.requests[0]->respond(486);
  s.deliver(request("CANCEL"), s.peer_udp);
  EXPECT_TRUE(s.tu.cancels.empty());
  EXPECT_EQ(s.udp.matching("200").size(), 1u);
}

TEST(server_transaction, rfc2543_matching_without_magic_cookie) {
  stack_fixture s;
  const auto inv = request("INVITE", "old2543branch");
  s.deliver(inv, s.peer_udp);
  ASSERT_EQ(s.tu.requests.size(), 1u);
  auto tx = s.tu.requests[0];
  tx->respond(486);
  s.deliver(inv, s.peer_udp);  // retransmission matched by the 2543 key
  EXPECT_EQ(s.tu.requests.size(), 1u);
  EXPECT_EQ(s.udp.matching("486").size(), 2u);
  auto ack = request("ACK", "old2543branch");
  ack.set_header("To", "<sip:bob@example.com>;tag=wrong");
  s.deliver(ack, s.peer_udp);  // wrong To tag: not this transaction's ACK
  EXPECT_EQ(tx->state(), tx_state::completed);
  ack.set_header("To", "<sip:bob@example.com>;tag=" + tx->local_tag());
  s.deliver(ack, s.peer_udp);
  EXPECT_EQ(tx->state(), tx_state::confirmed);
}

TEST(server_transaction, via_received_and_rport_are_filled_in) {
  stack_fixture s;
  auto inv = request("INVITE");
  inv.set_header("Via", "SIP/2.0/UDP client.example.com:5066;branch=z9hG4bKr;rport");
  const endpoint natted{boost::asio::ip::make_address("198.51.100.7"), 40000, transport_kind::udp};
  s.deliver(inv, natted);
  auto tx = s.tu.requests[0];
  const auto via = tx->request().top_via();
  EXPECT_EQ(*via->received(), "198.51.100.7");
  EXPECT_EQ(*via->rport(), 40000);
  tx->respond(486);
  ASSERT_EQ(s.udp.sent.size(), 1u);
  EXPECT_EQ(s.udp.sent[0].to, natted);  // RFC 3581: back to the source port
}

TEST(server_transaction, response_without_rport_goes_to_via_port) {
  stack_fixture s;
  auto inv = request("OPTIONS");
  inv.set_header("Via", "SIP/2.0/UDP 192.0.2.20:5080;branch=z9hG4bKp");
  s.deliver(inv, s.peer_udp);
  s.tu.requests[0]->respond(200);
  EXPECT_EQ(s.udp.sent[0].to.port, 5080);
}

TEST(transaction_layer, unparseable_request_gets_400_or_505_and_responses_are_dropped) {
  stack_fixture s;
  auto bad = request("INVITE").serialize();
  bad.replace(bad.find("CSeq: 1 INVITE"), 14, "CSeq: 1 OPTIONS");
  s.deliver(bad, s.peer_udp);
  ASSERT_EQ(s.udp.sent.size(), 1u);
  EXPECT_EQ(s.udp.sent[0].msg.status, 400);
  EXPECT_TRUE(s.tu.requests.empty());

  auto v3 = request("OPTIONS").serialize();
  v3.replace(v3.find("SIP/2.0\r\n"), 7, "SIP/3.0");
  s.deliver(v3, s.peer_udp);
  ASSERT_EQ(s.udp.sent.size(), 2u);
  EXPECT_EQ(s.udp.sent[1].msg.status, 505);

  auto bad_rsp = make_response(request("OPTIONS"), 200).serialize();
  bad_rsp.replace(bad_rsp.find("CSeq: 1"), 7, "CSeq: x");
  s.deliver(bad_rsp, s.peer_udp);
  s.deliver("\x01\x02garbage", s.peer_udp);
  EXPECT_EQ(s.udp.sent.size(), 2u);
  EXPECT_EQ(s.layer.stats().parse_errors, 4u);
}

TEST(transaction_layer, answers_go_to_the_source_address_never_to_a_foreign_via_host) {
  stack_fixture s;
  // Parsed: "received" is added, the answer goes there (18.2.2).
  auto ok = request("OPTIONS");
  ok.set_header("Via", "SIP/2.0/UDP 198.51.100.20:5080;branch=z9hG4bKq");
  s.deliver(ok, s.peer_udp);
  s.tu.requests[0]->respond(200);
  // Unparseable (RFC 4475 3.1.2.7 style): no "received" was ever added.
  auto bad = request("INVITE").serialize();
  bad.replace(bad.find("CSeq: 1 INVITE"), 14, "CSeq: 1 OPTIONS");
  bad.replace(bad.find("Via: "), 0, "Via: SIP/2.0/UDP 198.51.100.21:5090;branch=z9hG4bKb\r\n");
  s.deliver(bad, s.peer_udp);
  ASSERT_EQ(s.udp.sent.size(), 2u);
  EXPECT_EQ(s.udp.sent[0].to.address, s.peer_udp.address);
  EXPECT_EQ(s.udp.sent[0].to.port, 5080);
  EXPECT_EQ(s.udp.sent[1].msg.status, 400);
  EXPECT_EQ(s.udp.sent[1].to.address, s.peer_udp.address);
  EXPECT_EQ(s.udp.sent[1].to.port, 5090);
}

TEST(transaction_layer, ack_for_unknown_transaction_goes_to_tu) {
  stack_fixture s;
  s.deliver(request("ACK", "z9hG4bKlone"), s.peer_udp);
  EXPECT_EQ(s.tu.acks.size(), 1u);
  EXPECT_TRUE(s.udp.sent.empty());
}

}  // namespace
}  // namespace cmr::sip::test

namespace cmr::sip::test {
namespace {

using namespace std::chrono_literals;

// Mutated requests and responses of every kind through the whole layer (run
// under ASan/UBSan in the sanitizer build): nothing crashes, nothing leaks,
// timers still run down.
TEST(transaction_layer, mutated_traffic_never_crashes) {
  stack_fixture s;
  s.udp.expect_parseable = false;
  s.tcp.expect_parseable = false;
  s.tu.auto_status = 486;
  std::vector<std::string> seeds;
  for (const char* m : {"INVITE", "ACK", "CANCEL", "BYE", "PRACK", "UPDATE", "OPTIONS"})
    seeds.push_back(request(m).serialize());
  seeds.push_back(make_response(request("INVITE"), 180, {}, "t").serialize());
  seeds.push_back(make_response(request("INVITE"), 200, {}, "t").serialize());
  std::uint32_t x = 7;
  auto next = [&] {
    x = x * 1103515245u + 12345u;
    return x >> 8;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string m = seeds[next() % seeds.size()];
    const int edits = static_cast<int>(next() % 4);
    for (int e = 0; e < edits; ++e) {
      const auto pos = next() % m.size();
      switch (next() % 3) {
        case 0:
          m[pos] = static_cast<char>(next() & 0xff);
          break;
        case 1:
          m.erase(pos, next() % 8);
          break;
        default:
          m.insert(pos, std::string(next() % 4 + 1, ";,<>\"\\: \r\n"[next() % 10]));
          break;
      }
      if (m.empty()) m = "x";
    }
    s.deliver(m, round % 2 == 0 ? s.peer_udp : s.peer_tcp, round % 2 == 0 ? 0 : 1);
    if (round % 100 == 0) s.timers.advance(1s);
  }
  s.timers.advance(120s);
  EXPECT_EQ(s.layer.server_count(), 0u);
  EXPECT_EQ(s.layer.client_count(), 0u);
}

}  // namespace
}  // namespace cmr::sip::test
