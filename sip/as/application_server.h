// The CMR SIP application server as a unit the composition root starts and
// stops: UDP and TCP transports, the transaction layer, the B2BUA and the
// RTP port pool, all on one io_context with its own thread (the SIP stack is
// single-threaded by design; RTP senders use strands of the same context).
// Decisions the port defers come back to that thread through a gate that
// stop() closes first, so a store thread never posts into a stopped server.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "media/rtp/port_pool.h"
#include "sip/as/as_config.h"
#include "sip/as/b2bua.h"
#include "sip/as/content_source.h"
#include "common/asio_timer_service.h"
#include "sip/transaction/transaction_layer.h"
#include "sip/transport/tcp_transport.h"
#include "sip/transport/udp_transport.h"
#include "common/result.h"

namespace cmr::sip::as {

struct server_options {
  as_config as;
  std::string address = "127.0.0.1";
  std::uint16_t port = 5060;  // UDP and TCP; 0: a free port (the same for both when possible)
  media::rtp::port_range rtp;
  transport_options transport;
};

class application_server {
public:
  // `decisions` (may be nullptr: every call passes through untouched),
  // `content` and `records` (may be nullptr: no charging records) must
  // outlive the server.
  application_server(server_options options, store::decision_port* decisions,
                     content_source& content, cdr::charging_writer* records = nullptr);
  ~application_server();
  application_server(const application_server&) = delete;
  application_server& operator=(const application_server&) = delete;

  // On-line copy and presentation control (b2bua::set_ringback); before
  // start(). Both must outlive the server.
  void set_ringback(ringback::copy_port* copies, const ringback::presentation_settings* settings) {
    b2bua_.set_ringback(copies, settings);
  }

  // Opens the transports and starts the thread.
  result<void, std::string> start();
  // Ends the calls, closes the transports, joins the thread. Idempotent.
  void stop();

  [[nodiscard]] endpoint udp_endpoint() const { return udp_ ? udp_->local_endpoint() : endpoint{}; }
  [[nodiscard]] endpoint tcp_endpoint() const { return tcp_ ? tcp_->local_endpoint() : endpoint{}; }
  // "name value" lines (calls, transactions, transports, RTP streams), read
  // on the SIP thread; callable from any other thread ("show cmr sip").
  [[nodiscard]] std::string status_text();

private:
  // Tasks for the SIP thread from the store's threads pass through it.
  struct post_gate {
    std::mutex mu;
    bool open = true;
  };
  void close_gate();

  server_options options_;
  std::shared_ptr<post_gate> gate_ = std::make_shared<post_gate>();
  boost::asio::io_context io_;
  media::rtp::port_pool ports_;
  asio_timer_service timers_;
  b2bua b2bua_;
  transaction_layer layer_;
  std::unique_ptr<udp_transport> udp_;
  std::unique_ptr<tcp_transport> tcp_;
  std::thread thread_;
};

}  // namespace cmr::sip::as
