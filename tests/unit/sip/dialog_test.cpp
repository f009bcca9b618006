// Dialogs (RFC 3261 12), 100rel (RFC 3262) and UPDATE (RFC 3311).
#include "sip/dialog/dialog.h"

#include <gtest/gtest.h>

#include "sip/dialog/dialog_table.h"
#include "sip/dialog/ok_retransmitter.h"
#include "sip/dialog/prack_tracker.h"
#include "sip/dialog/reliable_provisional.h"
#include "sip_test_helpers.h"

namespace cmr::sip::test {
namespace {

using namespace std::chrono_literals;

message invite_with_route_set() {
  auto inv = outgoing("INVITE", 10);
  inv.prepend_header("Via", "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKd1");
  return inv;
}

message response_with(const message& req, int status, const std::string& tag) {
  auto rsp = make_response(req, status, {}, tag);
  rsp.add_header("Record-Route", "<sip:p2.example.com;lr>");
  rsp.add_header("Record-Route", "<sip:p1.example.com;lr>");
  rsp.add_header("Contact", "<sip:bob@192.0.2.30:5062>");
  return rsp;
}

TEST(dialog, uac_early_from_18x_with_tag_then_confirmed) {
  const auto inv = invite_with_route_set();
  EXPECT_FALSE(dialog::create_uac(inv, make_response(inv, 180)));  // no tag: no dialog
  auto d = dialog::create_uac(inv, response_with(inv, 183, "early1"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->state(), dialog_state::early);
  EXPECT_EQ(d->id().local_tag, "a1");
  EXPECT_EQ(d->id().remote_tag, "early1");
  // Record-Route reversed for the UAC.
  ASSERT_EQ(d->route_set().size(), 2u);
  EXPECT_EQ(d->route_set()[0], "<sip:p1.example.com;lr>");
  EXPECT_EQ(d->remote_target().to_string(), "sip:bob@192.0.2.30:5062");
  auto ok = response_with(inv, 200, "early1");
  ok.set_header("Contact", "<sip:bob@192.0.2.31>");
  d->on_response(ok);
  EXPECT_EQ(d->state(), dialog_state::confirmed);
  EXPECT_EQ(d->remote_target().host, "192.0.2.31");
}

TEST(dialog, in_dialog_requests_loose_routing_and_cseq) {
  const auto inv = invite_with_route_set();
  auto d = dialog::create_uac(inv, response_with(inv, 200, "b9"));
  ASSERT_TRUE(d);
  const auto bye = d->create_request("BYE");
  EXPECT_EQ(bye.request_uri.to_string(), "sip:bob@192.0.2.30:5062");
  const auto routes = bye.header_values("Route");
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0], "<sip:p1.example.com;lr>");
  EXPECT_EQ(bye.cseq()->number, 11u);
  EXPECT_EQ(bye.from()->tag(), "a1");
  EXPECT_EQ(bye.to()->tag(), "b9");
  EXPECT_EQ(bye.call_id(), inv.call_id());
  EXPECT_EQ(d->state(), dialog_state::terminated);
  EXPECT_EQ(d->next_hop().host, "p1.example.com");
}

TEST(dialog, strict_route_puts_remote_target_last) {
  auto inv = invite_with_route_set();
  auto rsp = make_response(inv, 200, {}, "s1");
  rsp.add_header("Record-Route", "<sip:strict.example.com>");
  rsp.add_header("Contact", "<sip:bob@192.0.2.30>");
  auto d = dialog::create_uac(inv, rsp);
  ASSERT_TRUE(d);
  const auto req = d->create_request("INFO");
  EXPECT_EQ(req.request_uri.to_string(), "sip:strict.example.com");
  const auto routes = req.header_values("Route");
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0], "<sip:bob@192.0.2.30>");
}

TEST(dialog, ack_for_2xx_keeps_invite_cseq_and_reinvite_increments) {
  const auto inv = invite_with_route_set();
  auto d = dialog::create_uac(inv, response_with(inv, 200, "b9"));
  const auto ack = d->create_ack(10);
  EXPECT_EQ(ack.method, "ACK");
  EXPECT_EQ(ack.cseq()->number, 10u);
  EXPECT_EQ(ack.cseq()->method, "ACK");
  EXPECT_EQ(d->local_cseq(), 10u);
  const auto reinvite = d->create_request("INVITE");
  EXPECT_EQ(reinvite.cseq()->number, 11u);
  EXPECT_TRUE(reinvite.has_header("Contact"));
  const auto update = d->create_request("UPDATE");  // RFC 3311: a target refresh request
  EXPECT_EQ(update.cseq()->number, 12u);
  EXPECT_TRUE(update.has_header("Contact"));
}

TEST(dialog, uas_side_remote_cseq_and_target_refresh) {
  auto inv = request("INVITE", "z9hG4bKu1", 5);
  inv.add_header("Record-Route", "<sip:p1.example.com;lr>");
  auto d = dialog::create_uas(inv, "uas1", "<sip:bob@192.0.2.10>", true);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->id().local_tag, "uas1");
  EXPECT_EQ(d->id().remote_tag, "alice1");
  EXPECT_EQ(d->route_set()[0], "<sip:p1.example.com;lr>");
  EXPECT_EQ(d->remote_target().to_string(), "sip:alice@192.0.2.20:5060");
  auto update = request("UPDATE", "z9hG4bKu2", 6);
  update.set_header("Contact", "<sip:alice@192.0.2.99>");
  EXPECT_TRUE(d->on_request(update));
  EXPECT_EQ(d->remote_target().host, "192.0.2.99");
  EXPECT_FALSE(d->on_request(request("INFO", "z9hG4bKu3", 4)));  // lower CSeq: 500
  const auto in_id = incoming_dialog_id(update);
  EXPECT_EQ(in_id.remote_tag, "alice1");
  EXPECT_EQ(d->create_request("BYE").to()->tag(), "alice1");
}

TEST(reliable_provisional, retransmits_doubling_until_64_t1) {
  stack_fixture s;
  s.deliver(request("INVITE"), s.peer_udp);
  auto tx = s.tu.requests[0];
  reliable_provisional rel(tx, s.timers, s.layer.config());
  bool timed_out = false;
  rel.on_timeout = [&] { timed_out = true; };
  ASSERT_TRUE(rel.send(make_response(tx->request(), 183, {}, tx->local_tag())));
  EXPECT_FALSE(rel.send(make_response(tx->request(), 180, {}, tx->local_tag())));  // one at a time
  s.timers.advance(40s);
  // T1, 2T1, 4T1... from the first send: 0, .5, 1.5, 3.5, 7.5, 15.5, 31.5 s; expiry at 32 s.
  EXPECT_EQ(times_ms(s.udp.matching("183")),
            (std::vector<long>{0, 500, 1500, 3500, 7500, 15500, 31500}));
  EXPECT_TRUE(timed_out);
  const auto first = s.udp.matching("183")[0].msg;
  EXPECT_TRUE(first.has_option("Require", "100rel"));
  EXPECT_TRUE(first.has_header("RSeq"));
}

TEST(reliable_provisional, retransmits_over_tcp_too_and_prack_stops_it) {
  stack_fixture s;
  s.deliver(request("INVITE"), s.peer_tcp, 1);
  auto tx = s.tu.requests[0];
  reliable_provisional rel(tx, s.timers, s.layer.config());
  ASSERT_TRUE(rel.send(make_response(tx->request(), 180, {}, tx->local_tag())));
  s.timers.advance(600ms);
  EXPECT_EQ(s.tcp.matching("180").size(), 2u);
  const auto rseq = *parse_rseq(*s.tcp.sent[0].msg.header("RSeq"));
  auto prack = request("PRACK", "z9hG4bKpr", 2);
  prack.add_header("RAck", std::to_string(rseq + 1) + " 1 INVITE");
  EXPECT_FALSE(rel.on_prack(prack));  // wrong RSeq: 481
  prack.set_header("RAck", std::to_string(rseq) + " 1 BYE");
  EXPECT_FALSE(rel.on_prack(prack));  // wrong method
  prack.set_header("RAck", std::to_string(rseq) + " 1 INVITE");
  EXPECT_TRUE(rel.on_prack(prack));
  EXPECT_FALSE(rel.pending());
  s.timers.advance(40s);
  EXPECT_EQ(s.tcp.matching("180").size(), 2u);
  // The next reliable provisional takes RSeq + 1.
  ASSERT_TRUE(rel.send(make_response(tx->request(), 183, {}, tx->local_tag())));
  EXPECT_EQ(*parse_rseq(*s.tcp.matching("183")[0].msg.header("RSeq")), rseq + 1);
}

TEST(prack_tracker, orders_reliable_provisionals) {
  prack_tracker t;
  auto inv = request("INVITE");
  auto rsp = make_response(inv, 180, {}, "x");
  EXPECT_EQ(t.on_provisional(rsp), prack_tracker::verdict::not_reliable);
  rsp.add_header("Require", "100rel");
  rsp.add_header("RSeq", "100");
  EXPECT_EQ(t.on_provisional(rsp), prack_tracker::verdict::prack);
  EXPECT_EQ(t.on_provisional(rsp), prack_tracker::verdict::retransmission);
  rsp.set_header("RSeq", "102");
  EXPECT_EQ(t.on_provisional(rsp), prack_tracker::verdict::out_of_order);
  rsp.set_header("RSeq", "101");
  EXPECT_EQ(t.on_provisional(rsp), prack_tracker::verdict::prack);
}

TEST(dialog, prack_and_update_through_the_transaction_layer) {
  // UAC view: INVITE out, reliable 183 in, PRACK and UPDATE out as their own
  // non-INVITE transactions inside the early dialog.
  stack_fixture s;
  std::vector<message> responses;
  client_transaction::callbacks cb{[&](const message& m) { responses.push_back(m); }, {}};
  s.layer.send_request(outgoing("INVITE", 1), s.peer_udp, cb);
  const auto inv = s.udp.sent[0].msg;
  auto p183 = make_response(inv, 183, {}, "callee");
  p183.add_header("Require", "100rel");
  p183.add_header("RSeq", "77");
  p183.add_header("Contact", "<sip:bob@192.0.2.20>");
  s.deliver(p183, s.peer_udp);
  ASSERT_EQ(responses.size(), 1u);
  prack_tracker tracker;
  ASSERT_EQ(tracker.on_provisional(responses[0]), prack_tracker::verdict::prack);
  auto d = dialog::create_uac(inv, responses[0]);
  ASSERT_TRUE(d);
  const auto prack = d->create_prack(responses[0]);
  EXPECT_EQ(*prack.header("RAck"), "77 1 INVITE");
  EXPECT_EQ(prack.cseq()->number, 2u);
  s.layer.send_request(prack, s.peer_udp, cb);
  const auto update = d->create_request("UPDATE");
  EXPECT_EQ(update.cseq()->number, 3u);
  s.layer.send_request(update, s.peer_udp, cb);
  const auto sent_prack = s.udp.matching("PRACK");
  const auto sent_update = s.udp.matching("UPDATE");
  ASSERT_EQ(sent_prack.size(), 1u);
  ASSERT_EQ(sent_update.size(), 1u);
  EXPECT_NE(sent_prack[0].msg.top_via()->branch(), sent_update[0].msg.top_via()->branch());
  s.deliver(answer(sent_update[0].msg, 200, "callee"), s.peer_udp);
  s.deliver(answer(sent_prack[0].msg, 200, "callee"), s.peer_udp);
  ASSERT_EQ(responses.size(), 3u);
  EXPECT_EQ(responses[1].cseq()->method, "UPDATE");
  EXPECT_EQ(responses[2].cseq()->method, "PRACK");
}

}  // namespace
}  // namespace cmr::sip::test

namespace cmr::sip::test {
namespace {

using namespace std::chrono_literals;

TEST(ok_retransmitter, retransmits_2xx_until_ack_capped_at_t2) {
  stack_fixture s;
  s.deliver(request("INVITE"), s.peer_udp);
  auto tx = s.tu.requests[0];
  ok_retransmitter ok(tx, s.timers, s.layer.config());
  bool timed_out = false;
  ok.on_timeout = [&] { timed_out = true; };
  ASSERT_TRUE(ok.send(make_response(tx->request(), 200, {}, tx->local_tag())));
  s.timers.advance(12s);
  EXPECT_EQ(times_ms(s.udp.matching("200")), (std::vector<long>{0, 500, 1500, 3500, 7500, 11500}));
  ok.on_ack();
  s.timers.advance(60s);
  EXPECT_EQ(s.udp.matching("200").size(), 6u);
  EXPECT_FALSE(timed_out);
}

TEST(ok_retransmitter, gives_up_after_64_t1) {
  stack_fixture s;
  s.deliver(request("INVITE"), s.peer_udp);
  auto tx = s.tu.requests[0];
  ok_retransmitter ok(tx, s.timers, s.layer.config());
  bool timed_out = false;
  ok.on_timeout = [&] { timed_out = true; };
  ASSERT_TRUE(ok.send(make_response(tx->request(), 200, {}, tx->local_tag())));
  s.timers.advance(31999ms);
  EXPECT_FALSE(timed_out);
  s.timers.advance(1ms);
  EXPECT_TRUE(timed_out);
  EXPECT_FALSE(ok.waiting());
}

TEST(dialog_table, finds_dialogs_for_incoming_messages_and_keeps_forks_apart) {
  dialog_table table;
  const auto inv = invite_with_route_set();
  auto fork1 = table.add(*dialog::create_uac(inv, response_with(inv, 180, "fork1")));
  auto fork2 = table.add(*dialog::create_uac(inv, response_with(inv, 183, "fork2")));
  EXPECT_EQ(table.size(), 2u);
  // A BYE from the callee's second fork: local tag in To, remote in From.
  auto bye = message::make_request("BYE", *parse_uri("sip:alice@192.0.2.10"));
  bye.add_header("From", "<sip:bob@example.com>;tag=fork2");
  bye.add_header("To", "<sip:alice@example.com>;tag=a1");
  bye.add_header("Call-ID", inv.call_id());
  EXPECT_EQ(table.find_for(bye), fork2);
  EXPECT_EQ(table.find_for(response_with(inv, 200, "fork1")), fork1);
  bye.set_header("From", "<sip:bob@example.com>;tag=unknown");
  EXPECT_EQ(table.find_for(bye), nullptr);  // 481
  fork2->terminate();
  EXPECT_EQ(table.sweep(), 1u);
  EXPECT_EQ(table.size(), 1u);
}

}  // namespace
}  // namespace cmr::sip::test
