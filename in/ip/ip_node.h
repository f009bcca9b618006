// The intelligent peripheral as a unit the composition root starts and
// stops: its own io_context and thread (the SIP stack and the TCAP layer are
// single-threaded; DESIGN.md section 3), the RTP port pool, the peripheral.
//
//   ip_node node(config, announcements);
//   node.open();                                   // transports (port 0 resolved)
//   auto* svc = ss7.attach(ssn, node.executor(), [&node](n_unitdata m) { node.on_unitdata(m); });
//   auto* win = ss7.attach(win_ssn, node.executor(), [&node](n_unitdata m) { node.on_win_unitdata(m); });
//   node.start(svc, win);                          // TCAP layers (when given), thread
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <string>
#include <thread>

#include "in/ip/intelligent_peripheral.h"

namespace cmr::in::ip {

class ip_node {
public:
  ip_node(ip_config config, announcement_source& announcements);
  ~ip_node();  // stop()
  ip_node(const ip_node&) = delete;
  ip_node& operator=(const ip_node&) = delete;

  result<void, std::string> open();
  // `sccp` may be null: the play form works, the routing-number form gets 503.
  // `win` null: no WIN role (TLDNs are not recognised).
  void start(sigtran::sccp_service* sccp, sigtran::sccp_service* win = nullptr);
  // Ends the bearers (BYE, TC-END), stops the thread, closes the transports.
  // Idempotent.
  void stop();

  [[nodiscard]] boost::asio::any_io_executor executor() { return io_.get_executor(); }
  // On the node's thread (the SCCP user's executor).
  void on_unitdata(const sigtran::n_unitdata& msg) { ip_.on_unitdata(msg); }
  void on_win_unitdata(const sigtran::n_unitdata& msg) { ip_.on_win_unitdata(msg); }
  [[nodiscard]] sip::endpoint udp_endpoint() const { return ip_.udp_endpoint(); }
  [[nodiscard]] sip::endpoint tcp_endpoint() const { return ip_.tcp_endpoint(); }
  // Any thread: the counters, read on the node's thread ("show cmr ip").
  [[nodiscard]] std::string status_text();

private:
  boost::asio::io_context io_;
  media::rtp::port_pool ports_;
  intelligent_peripheral ip_;
  std::thread thread_;
};

}  // namespace cmr::in::ip
