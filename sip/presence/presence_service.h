// The presence watcher as a unit the composition root starts and stops: its
// own UDP transport on the configured local address, its own transaction
// layer and the watcher, on one io_context with its own thread (the SIP
// stack is single-threaded by design, like the application server's).
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>
#include <thread>

#include "common/asio_timer_service.h"
#include "common/result.h"
#include "sip/presence/watcher.h"
#include "sip/transaction/transaction_layer.h"
#include "sip/transport/udp_transport.h"

namespace cmr::sip::presence {

struct service_options {
  std::string address = "127.0.0.1";  // where NOTIFYs arrive (UDP)
  std::uint16_t port = 5064;           // 0: a free port (logged)
  watcher_options watcher;
  transport_options transport;
};

class presence_service {
public:
  // `list` and `sink` must outlive the service; both are called on its thread.
  presence_service(service_options options, watch_list& list, presence_sink& sink);
  ~presence_service();
  presence_service(const presence_service&) = delete;
  presence_service& operator=(const presence_service&) = delete;

  // Opens the transport, starts the thread and the first rescan.
  result<void, std::string> start();
  // Ends the subscriptions (Expires: 0, a moment to send them), joins the
  // thread. Idempotent.
  void stop();
  [[nodiscard]] endpoint local_endpoint() const { return udp_ ? udp_->local_endpoint() : endpoint{}; }
  // "show cmr presence"; callable from any thread.
  [[nodiscard]] std::string status_text();

private:
  service_options options_;
  boost::asio::io_context io_;
  asio_timer_service timers_;
  watcher watcher_;
  transaction_layer layer_;
  std::unique_ptr<udp_transport> udp_;
  std::thread thread_;
};

}  // namespace cmr::sip::presence
