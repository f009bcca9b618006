// Two stack instances in one process exchanging real UDP and TCP traffic on
// 127.0.0.1 (ports chosen by the kernel), plus garbage and oversized input.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <functional>

#include "common/asio_timer_service.h"
#include "sip/transaction/transaction_layer.h"
#include "sip/transport/listener_pair.h"
#include "sip/transport/tcp_transport.h"
#include "sip/transport/udp_transport.h"

namespace cmr::sip {
namespace {

using namespace std::chrono_literals;
const auto loopback = boost::asio::ip::make_address("127.0.0.1");

// A UAS/UAC pair member: a transaction layer on real transports.
class node final : public transaction_user {
public:
  node(boost::asio::io_context& io, const transport_options& opt = {})
      : timers_(io), layer_(timers_, timer_config{}, *this) {
    auto u = udp_transport::open(io, layer_, loopback, 0, opt);
    auto t = tcp_transport::open(io, layer_, loopback, 0, opt);
    EXPECT_TRUE(u) << (u ? "" : u.error());
    EXPECT_TRUE(t) << (t ? "" : t.error());
    udp_ = std::move(*u);
    tcp_ = std::move(*t);
    layer_.add_transport(*udp_);
    layer_.add_transport(*tcp_);
  }
  void on_request(const std::shared_ptr<server_transaction>& tx) override {
    ++requests;
    last_request = tx->request();
    if (on_request_fn)
      on_request_fn(tx);
    else
      tx->respond(200);
  }
  void on_ack(const message& ack, const endpoint&) override { acks.push_back(ack); }
  void on_cancel(const std::shared_ptr<server_transaction>& inv, const message&) override {
    inv->respond(487);
  }
  void on_stray_response(const message&, const endpoint&) override {}

  endpoint at(transport_kind k) const {
    return k == transport_kind::udp ? udp_->local_endpoint() : tcp_->local_endpoint();
  }
  transaction_layer& layer() { return layer_; }
  udp_transport& udp() { return *udp_; }
  tcp_transport& tcp() { return *tcp_; }

  int requests = 0;
  message last_request;
  std::vector<message> acks;
  std::function<void(const std::shared_ptr<server_transaction>&)> on_request_fn;

private:
  asio_timer_service timers_;
  transaction_layer layer_;
  std::unique_ptr<udp_transport> udp_;
  std::unique_ptr<tcp_transport> tcp_;
};

message options_to(const endpoint& to) {
  auto m =
      message::make_request("OPTIONS", *parse_uri("sip:uas@127.0.0.1:" + std::to_string(to.port)));
  m.add_header("From", "<sip:uac@127.0.0.1>;tag=f1");
  m.add_header("To", "<sip:uas@127.0.0.1>");
  m.add_header("Call-ID", "loop-" + random_token(8));
  m.add_header("CSeq", "1 OPTIONS");
  return m;
}

// Runs the io_context until `done` or a generous bound (a hang guard).
void run_until(boost::asio::io_context& io, const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    io.run_for(10ms);
    if (io.stopped()) io.restart();
  }
}

class loopback_exchange : public ::testing::TestWithParam<transport_kind> {};

TEST_P(loopback_exchange, options_and_invite_with_cancel) {
  boost::asio::io_context io;
  node uac(io), uas(io);
  EXPECT_NE(uas.at(GetParam()).port, 0);  // port 0 resolved to the chosen port
  std::vector<int> statuses;
  client_transaction::callbacks cb{[&](const message& m) { statuses.push_back(m.status); }, {}};
  uac.layer().send_request(options_to(uas.at(GetParam())), uas.at(GetParam()), cb);
  run_until(io, [&] { return !statuses.empty(); });
  ASSERT_EQ(statuses, std::vector<int>{200});
  EXPECT_EQ(uas.last_request.method, "OPTIONS");

  // INVITE answered 180, then CANCEL -> 487 and the transaction's ACK.
  uas.on_request_fn = [](const std::shared_ptr<server_transaction>& tx) { tx->respond(180); };
  statuses.clear();
  auto inv = options_to(uas.at(GetParam()));
  inv.method = "INVITE";
  inv.set_header("CSeq", "1 INVITE");
  inv.add_header("Contact", "<sip:uac@127.0.0.1>");
  auto tx = uac.layer().send_request(inv, uas.at(GetParam()), cb);
  run_until(io, [&] { return !statuses.empty(); });
  ASSERT_EQ(statuses, std::vector<int>{180});
  std::vector<int> cancel_statuses;
  uac.layer().send_cancel(*tx,
                          {[&](const message& m) { cancel_statuses.push_back(m.status); }, {}});
  run_until(io, [&] { return statuses.size() == 2 && !cancel_statuses.empty(); });
  EXPECT_EQ(cancel_statuses, std::vector<int>{200});
  EXPECT_EQ(statuses, (std::vector<int>{180, 487}));
  run_until(io,
            [&] { return uas.layer().server_count() == 0 || GetParam() == transport_kind::udp; });
}

INSTANTIATE_TEST_SUITE_P(sip, loopback_exchange,
                         ::testing::Values(transport_kind::udp, transport_kind::tcp),
                         [](const auto& p) { return std::string(to_string(p.param)); });

TEST(udp_transport, garbage_and_oversized_datagrams) {
  boost::asio::io_context io;
  transport_options opt;
  opt.limits.max_message_size = 1500;
  opt.receive_buffer = 1 << 20;
  opt.send_buffer = 1 << 20;
  node uas(io, opt);
  boost::asio::ip::udp::socket raw(io, boost::asio::ip::udp::endpoint(loopback, 0));
  const boost::asio::ip::udp::endpoint target(loopback, uas.at(transport_kind::udp).port);
  raw.send_to(boost::asio::buffer(std::string("\x00\xff garbage \r\n\r\n", 15)), target);
  raw.send_to(boost::asio::buffer(std::string(4000, 'x')), target);
  // A request with a bad CSeq still gets its 400.
  auto req = options_to(uas.at(transport_kind::udp));
  req.add_header("Via", "SIP/2.0/UDP 127.0.0.1:" + std::to_string(raw.local_endpoint().port()) +
                            ";branch=z9hG4bKraw");
  req.add_header("Max-Forwards", "70");
  auto bytes = req.serialize();
  bytes.replace(bytes.find("CSeq: 1 OPTIONS"), 15, "CSeq: 1 INVITE");
  raw.send_to(boost::asio::buffer(bytes), target);
  // An oversized request: 513 Message Too Large.
  auto big = req;
  big.add_header("X-Pad", std::string(2000, 'p'));
  raw.send_to(boost::asio::buffer(big.serialize()), target);
  run_until(io, [&] { return uas.udp().stats().parse_errors >= 4; });
  EXPECT_EQ(uas.udp().stats().parse_errors, 4u);
  EXPECT_EQ(uas.requests, 0);
  std::array<char, 2000> buf{};
  boost::asio::ip::udp::endpoint from;
  raw.non_blocking(false);
  std::size_t n = raw.receive_from(boost::asio::buffer(buf), from);
  EXPECT_EQ(std::string(buf.data(), 11), "SIP/2.0 400") << std::string(buf.data(), n);
  // The 513 is only possible when the headers are readable: it is not here,
  // because the datagram is refused before parsing (size limit first).
  EXPECT_EQ(uas.layer().stats().error_responses_sent, 1u);
}

TEST(tcp_transport, stream_framing_split_and_pipelined_and_oversize_closes) {
  boost::asio::io_context io;
  transport_options opt;
  opt.limits.max_message_size = 3000;
  node uas(io, opt);
  boost::asio::ip::tcp::socket raw(io);
  raw.connect(boost::asio::ip::tcp::endpoint(loopback, uas.at(transport_kind::tcp).port));
  auto req = options_to(uas.at(transport_kind::tcp));
  req.add_header("Via", "SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKt1");
  req.add_header("Max-Forwards", "70");
  auto second = req;
  second.set_header("Via", "SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKt2");
  second.set_header("Call-ID", "other");
  const auto wire = "\r\n\r\n" + req.serialize() + second.serialize();
  // Two messages, written in three uneven pieces.
  boost::asio::write(raw, boost::asio::buffer(wire.substr(0, 10)));
  io.run_for(50ms);
  io.restart();
  boost::asio::write(raw, boost::asio::buffer(wire.substr(10, 300)));
  boost::asio::write(raw, boost::asio::buffer(wire.substr(310)));
  run_until(io, [&] { return uas.requests == 2; });
  EXPECT_EQ(uas.requests, 2);
  // Responses come back on the same connection.
  std::string got;
  run_until(io, [&] {
    boost::system::error_code ec;
    std::array<char, 4096> buf{};
    raw.non_blocking(true);
    const auto n = raw.read_some(boost::asio::buffer(buf), ec);
    if (!ec) got.append(buf.data(), n);
    return got.find("z9hG4bKt2") != std::string::npos;
  });
  EXPECT_NE(got.find("SIP/2.0 200 OK"), std::string::npos);
  // A header block beyond the limit closes the connection.
  boost::system::error_code ec;
  boost::asio::write(raw, boost::asio::buffer("OPTIONS sip:x SIP/2.0\r\n" + std::string(5000, 'a')),
                     ec);
  run_until(io, [&] { return uas.tcp().connection_count() == 0; });
  EXPECT_EQ(uas.tcp().connection_count(), 0u);
}

TEST(tcp_transport, idle_connections_are_closed) {
  boost::asio::io_context io;
  transport_options opt;
  opt.idle_timeout = 1s;
  node uas(io, opt);
  boost::asio::ip::tcp::socket raw(io);
  raw.connect(boost::asio::ip::tcp::endpoint(loopback, uas.at(transport_kind::tcp).port));
  run_until(io, [&] { return uas.tcp().connection_count() == 1; });
  EXPECT_EQ(uas.tcp().connection_count(), 1u);
  run_until(io, [&] { return uas.tcp().connection_count() == 0; });
  EXPECT_EQ(uas.tcp().connection_count(), 0u);
}

TEST(udp_transport, bind_failure_is_an_error_not_an_exception) {
  boost::asio::io_context io;
  node a(io);
  struct null_user final : transport_user {
    void on_message(message, const endpoint&, connection_id) override {}
    void on_parse_error(const parse_failure&, const endpoint&, connection_id) override {}
  } user;
  auto clash = udp_transport::open(io, user, loopback, a.at(transport_kind::udp).port);
  EXPECT_FALSE(clash);
}

struct null_transport_user final : transport_user {
  void on_message(message, const endpoint&, connection_id) override {}
  void on_parse_error(const parse_failure&, const endpoint&, connection_id) override {}
};

TEST(listener_pair, ephemeral_port_serves_udp_and_tcp_with_one_number) {
  boost::asio::io_context io;
  null_transport_user user;
  for (int i = 0; i < 20; ++i) {
    auto p = open_listener_pair(io, user, loopback, 0);
    ASSERT_TRUE(p) << p.error();
    EXPECT_NE(p->udp->local_endpoint().port, 0);
    EXPECT_EQ(p->udp->local_endpoint().port, p->tcp->local_endpoint().port);
  }
}

TEST(listener_pair, fixed_port_held_for_tcp_elsewhere_is_refused_naming_tcp) {
  boost::asio::io_context io;
  null_transport_user user;
  // Someone else's TCP listener; its number is free for UDP.
  boost::asio::ip::tcp::acceptor other(io, boost::asio::ip::tcp::endpoint(loopback, 0));
  const auto port = other.local_endpoint().port();
  auto p = open_listener_pair(io, user, loopback, port);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().find("tcp:"), std::string::npos) << p.error();
  EXPECT_NE(p.error().find(std::to_string(port)), std::string::npos) << p.error();
}

}  // namespace
}  // namespace cmr::sip
