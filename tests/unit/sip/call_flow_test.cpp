// A whole early-media call between two stack instances over real UDP and TCP
// sockets on 127.0.0.1: INVITE (Supported: 100rel) -> reliable 183 with SDP
// -> PRACK -> UPDATE -> 200 INVITE (retransmitted until ACK) -> ACK -> BYE.
// Every layer takes part: transports, transactions, dialogs, 100rel, SDP.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>

#include "sip/dialog/dialog.h"
#include "sip/dialog/ok_retransmitter.h"
#include "sip/dialog/prack_tracker.h"
#include "sip/dialog/reliable_provisional.h"
#include "sip/sdp/sdp.h"
#include "common/asio_timer_service.h"
#include "sip/transaction/transaction_layer.h"
#include "sip/transport/tcp_transport.h"
#include "sip/transport/udp_transport.h"
#include "sip/transport/uri_endpoint.h"

namespace cmr::sip {
namespace {

using namespace std::chrono_literals;

const char* sdp_body(const char* user, int port) {
  static std::string out;
  out = std::string("v=0\r\no=") + user + " 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n" +
        "t=0 0\r\nm=audio " + std::to_string(port) + " RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";
  return out.c_str();
}

// One stack instance; `tu` decides what happens with incoming requests.
class stack final : public transaction_user {
public:
  explicit stack(boost::asio::io_context& io) : timers(io), layer(timers, timer_config{}, *this) {
    const auto lo = boost::asio::ip::make_address("127.0.0.1");
    udp = udp_transport::open(io, layer, lo, 0).value();
    tcp = tcp_transport::open(io, layer, lo, 0).value();
    layer.add_transport(*udp);
    layer.add_transport(*tcp);
  }
  void on_request(const std::shared_ptr<server_transaction>& tx) override { on_req(tx); }
  void on_ack(const message& ack, const endpoint&) override { on_ack_fn(ack); }
  void on_cancel(const std::shared_ptr<server_transaction>& inv, const message&) override {
    inv->respond(487);
  }
  void on_stray_response(const message&, const endpoint&) override {}
  [[nodiscard]] std::string contact(transport_kind k) const {
    const auto ep = k == transport_kind::udp ? udp->local_endpoint() : tcp->local_endpoint();
    return "<sip:" + ep.address.to_string() + ":" + std::to_string(ep.port) +
           (k == transport_kind::tcp ? ";transport=tcp>" : ">");
  }

  asio_timer_service timers;
  transaction_layer layer;
  std::unique_ptr<udp_transport> udp;
  std::unique_ptr<tcp_transport> tcp;
  std::function<void(const std::shared_ptr<server_transaction>&)> on_req;
  std::function<void(const message&)> on_ack_fn = [](const message&) {};
};

class call_flow : public ::testing::TestWithParam<transport_kind> {};

TEST_P(call_flow, early_media_with_prack_and_update_then_answer_and_bye) {
  const auto kind = GetParam();
  boost::asio::io_context io;
  stack caller(io), callee(io);
  std::vector<std::string> trace;  // what the caller saw, in order

  // Callee (UAS).
  std::shared_ptr<server_transaction> invite_tx;
  std::unique_ptr<reliable_provisional> rel;
  std::unique_ptr<ok_retransmitter> ok;
  std::optional<dialog> uas;
  callee.on_req = [&](const std::shared_ptr<server_transaction>& tx) {
    const auto& req = tx->request();
    if (req.method == "INVITE") {
      ASSERT_TRUE(req.has_option("Supported", "100rel"));
      invite_tx = tx;
      uas = dialog::create_uas(req, tx->local_tag(), callee.contact(kind), true);
      ASSERT_TRUE(uas);
      rel = std::make_unique<reliable_provisional>(tx, callee.timers, callee.layer.config());
      auto p183 = make_response(req, 183, {}, tx->local_tag());
      p183.add_header("Contact", callee.contact(kind));
      p183.add_header("Content-Type", "application/sdp");
      p183.body = sdp_body("callee", 30000);
      ASSERT_TRUE(rel->send(std::move(p183)));
    } else if (req.method == "PRACK") {
      ASSERT_TRUE(uas && uas->on_request(req));
      tx->respond(rel->on_prack(req) ? 200 : 481);
    } else if (req.method == "UPDATE") {
      ASSERT_TRUE(uas && uas->on_request(req));
      auto rsp = make_response(req, 200, {}, tx->local_tag());
      rsp.add_header("Contact", callee.contact(kind));
      rsp.add_header("Content-Type", "application/sdp");
      rsp.body = sdp_body("callee", 30002);
      tx->respond(std::move(rsp));
      // Now answer the call.
      ok = std::make_unique<ok_retransmitter>(invite_tx, callee.timers, callee.layer.config());
      auto answer = make_response(invite_tx->request(), 200, {}, invite_tx->local_tag());
      answer.add_header("Contact", callee.contact(kind));
      answer.add_header("Content-Type", "application/sdp");
      answer.body = sdp_body("callee", 30002);
      ASSERT_TRUE(ok->send(std::move(answer)));
    } else if (req.method == "BYE") {
      EXPECT_TRUE(uas && uas->on_request(req));
      tx->respond(200);
    } else {
      tx->respond(405);
    }
  };
  callee.on_ack_fn = [&](const message&) {
    if (ok) ok->on_ack();
    if (uas) uas->confirm();
  };

  // Caller (UAC).
  const auto callee_ep =
      kind == transport_kind::udp ? callee.udp->local_endpoint() : callee.tcp->local_endpoint();
  auto invite = message::make_request(
      "INVITE", *parse_uri("sip:callee@127.0.0.1:" + std::to_string(callee_ep.port) +
                           (kind == transport_kind::tcp ? ";transport=tcp" : "")));
  invite.add_header("From", "<sip:caller@127.0.0.1>;tag=caller1");
  invite.add_header("To", "<sip:callee@127.0.0.1>");
  invite.add_header("Call-ID", "flow-" + random_token(8));
  invite.add_header("CSeq", "1 INVITE");
  invite.add_header("Contact", caller.contact(kind));
  invite.add_header("Supported", "100rel");
  invite.add_header("Content-Type", "application/sdp");
  invite.body = sdp_body("caller", 20000);

  std::optional<dialog> uac;
  prack_tracker tracker;
  bool done = false;
  std::shared_ptr<client_transaction> invite_ctx;
  auto send_in_dialog = [&](message req, std::function<void(const message&)> on_final) {
    const auto to = endpoint_from_uri(uac->next_hop());
    ASSERT_TRUE(to);
    caller.layer.send_request(std::move(req), *to,
                              {[on_final](const message& rsp) {
                                 if (rsp.status >= 200) on_final(rsp);
                               },
                               [&](tx_error) { ADD_FAILURE() << "in-dialog request failed"; }});
  };
  invite_ctx = caller.layer.send_request(
      invite, callee_ep,
      {[&](const message& rsp) {
         trace.push_back(std::to_string(rsp.status) + " " + rsp.cseq()->method);
         if (rsp.status == 183) {
           if (tracker.on_provisional(rsp) != prack_tracker::verdict::prack) return;
           uac = dialog::create_uac(invite_ctx->request(), rsp);
           ASSERT_TRUE(uac);
           auto offer = sdp::parse(rsp.body);
           ASSERT_TRUE(offer);
           EXPECT_EQ(offer->media[0].port, 30000);
           send_in_dialog(uac->create_prack(rsp), [&](const message& prack_ok) {
             trace.push_back(std::to_string(prack_ok.status) + " PRACK");
             auto update = uac->create_request("UPDATE");
             update.add_header("Content-Type", "application/sdp");
             update.body = sdp_body("caller", 20002);
             send_in_dialog(std::move(update), [&](const message& upd_ok) {
               trace.push_back(std::to_string(upd_ok.status) + " UPDATE");
             });
           });
         } else if (rsp.status == 200) {
           if (uac->state() == dialog_state::confirmed) {  // a retransmission: ACK again
             caller.layer.send_stateless(uac->create_ack(1), *endpoint_from_uri(uac->next_hop()));
             return;
           }
           uac->on_response(rsp);
           caller.layer.send_stateless(uac->create_ack(1), *endpoint_from_uri(uac->next_hop()));
           send_in_dialog(uac->create_request("BYE"), [&](const message& bye_ok) {
             trace.push_back(std::to_string(bye_ok.status) + " BYE");
             done = true;
           });
         }
       },
       [&](tx_error) { ADD_FAILURE() << "INVITE failed"; }});

  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!done && std::chrono::steady_clock::now() < deadline) io.run_for(10ms);
  ASSERT_TRUE(done);
  EXPECT_EQ(trace, (std::vector<std::string>{"183 INVITE", "200 PRACK", "200 UPDATE", "200 INVITE",
                                             "200 BYE"}));
  EXPECT_FALSE(rel->pending());
  EXPECT_FALSE(ok->waiting());
  EXPECT_EQ(uas->state(), dialog_state::terminated);
  EXPECT_EQ(uac->state(), dialog_state::terminated);
  EXPECT_EQ(uac->local_cseq(), 4u);  // INVITE 1, PRACK 2, UPDATE 3, BYE 4
}

INSTANTIATE_TEST_SUITE_P(sip, call_flow,
                         ::testing::Values(transport_kind::udp, transport_kind::tcp),
                         [](const auto& p) { return std::string(to_string(p.param)); });

}  // namespace
}  // namespace cmr::sip
