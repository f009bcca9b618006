// Interoperability with a real peer: sipp's built-in UAC scenario places
// calls (INVITE, 180/200, ACK, BYE) against a small UAS built from this stack,
// over UDP and TCP on 127.0.0.1. Skipped when sipp is not installed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <thread>

#include "common/asio_timer_service.h"
#include "sip/transaction/transaction_layer.h"
#include "sip/transport/tcp_transport.h"
#include "sip/transport/udp_transport.h"

namespace cmr::sip {
namespace {

std::string find_sipp() {
  for (const char* dir : {"/usr/bin", "/usr/local/bin", "/usr/sbin"}) {
    const auto p = std::filesystem::path(dir) / "sipp";
    if (access(p.c_str(), X_OK) == 0) return p.string();
  }
  return {};
}

// Answers INVITE with 180 and a 200 carrying SDP, BYE with 200, counts ACKs.
class small_uas final : public transaction_user {
public:
  explicit small_uas(boost::asio::io_context& io)
      : timers_(io), layer_(timers_, timer_config{}, *this) {
    const auto lo = boost::asio::ip::make_address("127.0.0.1");
    udp_ = udp_transport::open(io, layer_, lo, 0).value();
    tcp_ = tcp_transport::open(io, layer_, lo, 0).value();
    layer_.add_transport(*udp_);
    layer_.add_transport(*tcp_);
  }
  void on_request(const std::shared_ptr<server_transaction>& tx) override {
    const auto& req = tx->request();
    if (req.method == "INVITE") {
      ++invites;
      tx->respond(180);
      auto ok = make_response(req, 200, {}, tx->local_tag());
      const auto local =
          tx->peer().kind == transport_kind::udp ? udp_->local_endpoint() : tcp_->local_endpoint();
      ok.add_header("Contact", "<sip:uas@127.0.0.1:" + std::to_string(local.port) +
                                   (local.kind == transport_kind::tcp ? ";transport=tcp>" : ">"));
      ok.add_header("Content-Type", "application/sdp");
      ok.body =
          "v=0\r\no=cmr 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
          "m=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
      tx->respond(std::move(ok));
    } else if (req.method == "BYE") {
      ++byes;
      tx->respond(200);
    } else {
      tx->respond(405);
    }
  }
  void on_ack(const message&, const endpoint&) override { ++acks; }
  void on_cancel(const std::shared_ptr<server_transaction>& inv, const message&) override {
    inv->respond(487);
  }
  void on_stray_response(const message&, const endpoint&) override {}

  std::uint16_t port(transport_kind k) const {
    return (k == transport_kind::udp ? udp_->local_endpoint() : tcp_->local_endpoint()).port;
  }
  std::atomic<int> invites{0}, acks{0}, byes{0};

private:
  asio_timer_service timers_;
  transaction_layer layer_;
  std::unique_ptr<udp_transport> udp_;
  std::unique_ptr<tcp_transport> tcp_;
};

class sipp_interop : public ::testing::TestWithParam<transport_kind> {};

TEST_P(sipp_interop, sipp_uac_completes_20_calls) {
  const auto sipp = find_sipp();
  if (sipp.empty()) GTEST_SKIP() << "sipp not installed (Debian package sip-tester)";
  boost::asio::io_context io;
  small_uas uas(io);
  auto guard = boost::asio::make_work_guard(io);
  std::thread runner([&] { io.run(); });

  const auto dir =
      std::filesystem::temp_directory_path() / ("cmr-sipp-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string cmd = "cd " + dir.string() + " && timeout 60 " + sipp +
                          " -sn uac 127.0.0.1:" + std::to_string(uas.port(GetParam())) +
                          " -i 127.0.0.1 -m 20 -r 20 -l 20 -timeout 30s -nostdin " +
                          (GetParam() == transport_kind::tcp ? "-t t1 " : "-t u1 ") +
                          "-trace_err > sipp.out 2>&1";
  const int rc = std::system(cmd.c_str());

  boost::asio::post(io, [&] {
    guard.reset();
    io.stop();
  });
  runner.join();
  EXPECT_EQ(rc, 0) << "sipp failed; see " << dir;
  EXPECT_EQ(uas.invites.load(), 20);
  EXPECT_EQ(uas.acks.load(), 20);
  EXPECT_EQ(uas.byes.load(), 20);
  if (rc == 0) std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(sip, sipp_interop,
                         ::testing::Values(transport_kind::udp, transport_kind::tcp),
                         [](const auto& p) { return std::string(to_string(p.param)); });

}  // namespace
}  // namespace cmr::sip
