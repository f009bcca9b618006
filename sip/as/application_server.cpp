#include "sip/as/application_server.h"

#include <boost/asio/post.hpp>
#include <future>
#include <sstream>

#include "media/rtp/rtp_sender.h"
#include "sip/transport/listener_pair.h"
#include "sip/log.h"

namespace cmr::sip::as {

application_server::application_server(server_options options, store::decision_port* decisions,
                                       content_source& content, cdr::charging_writer* records)
    : options_(std::move(options)),
      ports_(options_.rtp),
      timers_(io_),
      b2bua_(
          io_, ports_, decisions, content,
          [gate = gate_, &io = io_](std::function<void()> task) {
            const std::lock_guard lock(gate->mu);
            if (gate->open) boost::asio::post(io, std::move(task));
          },
          options_.as, records),
      layer_(timers_, timer_config{}, b2bua_, "as") {
  b2bua_.set_layer(layer_);
}

application_server::~application_server() {
  stop();
}

result<void, std::string> application_server::start() {
  boost::system::error_code ec;
  const auto addr = boost::asio::ip::make_address(options_.address, ec);
  if (ec) return unexpected{"sip bind address " + options_.address + ": " + ec.message()};
  auto topt = options_.transport;
  topt.instance = "as";  // the counter groups of its transports
  auto pair = open_listener_pair(io_, layer_, addr, options_.port, topt);
  if (!pair) return unexpected{"sip " + pair.error()};
  udp_ = std::move(pair->udp);
  tcp_ = std::move(pair->tcp);
  layer_.add_transport(*udp_);
  layer_.add_transport(*tcp_);
  CMR_LOG(sip, notice, "SIP application server on %s and %s, next hop %s, cmrbt %s, cmrt %s",
          udp_->local_endpoint().to_string().c_str(), tcp_->local_endpoint().to_string().c_str(),
          options_.as.next_hop.to_string().c_str(), to_string(options_.as.cmrbt_mode),
          to_string(options_.as.cmrt_mode));
  thread_ = std::thread([this] {
    auto guard = boost::asio::make_work_guard(io_);
    io_.run();
  });
  return ok;
}

void application_server::close_gate() {
  const std::lock_guard lock(gate_->mu);
  gate_->open = false;
}

void application_server::stop() {
  // Decisions the store completes from now on are dropped.
  close_gate();
  if (!thread_.joinable()) return;
  // Calls end on the SIP thread (their BYE/CANCEL go out), then the loop
  // gets a moment to send them before it stops.
  std::promise<void> done;
  boost::asio::post(io_, [this, &done] {
    b2bua_.stop_all();
    done.set_value();
  });
  done.get_future().wait_for(std::chrono::seconds(2));
  io_.stop();
  thread_.join();
  if (udp_) udp_->close();
  if (tcp_) tcp_->close();
}

std::string application_server::status_text() {
  if (!thread_.joinable()) return "not running\n";
  auto done = std::make_shared<std::promise<std::string>>();
  auto text = done->get_future();
  boost::asio::post(io_, [this, done] {
    const auto& a = b2bua_.stats();
    const auto& l = layer_.stats();
    const auto& u = udp_->stats();
    std::ostringstream o;
    o << "calls-active " << b2bua_.call_count() << "\ncalls " << a.calls << "\npassed-through "
      << a.passed_through << "\nhttp " << a.http << "\napplication-server " << a.application_server
      << "\ngateway " << a.gateway << "\nforking " << a.forking << "\nmedia-started " << a.media_started << "\nrejected "
      << a.rejected << "\ntimeouts " << a.timeouts << "\ncmrt-not-offered " << a.cmrt_not_offered
      << "\nplatform-calls " << a.platform_calls << "\nproxied " << a.proxied
      << "\nisc-originating " << a.isc_originating << "\nisc-terminating " << a.isc_terminating
      << "\nisc-foreign-route " << a.isc_foreign_route
      << "\nserver-transactions " << layer_.server_count() << "\nclient-transactions "
      << layer_.client_count() << "\nrequests-in " << l.requests_in << "\nresponses-in "
      << l.responses_in << "\nretransmissions-in " << l.retransmissions_in << "\nstray-responses "
      << l.stray_responses << "\nparse-errors " << l.parse_errors << "\nerror-responses-sent "
      << l.error_responses_sent << "\nudp-received " << u.received << "\nudp-sent " << u.sent
      << "\nudp-send-errors " << u.send_errors << "\ntcp-connections " << tcp_->connection_count()
      << "\nrtp-streams-active " << media::rtp::rtp_sender::active_streams() << "\n";
    o << "decisions-deferred " << a.decisions_deferred << "\ndecisions-dropped "
      << a.decisions_dropped << "\n";
    o << b2bua_.key_stats().text();
    done->set_value(o.str());
  });
  // The VTY must not hang on a stuck SIP thread.
  if (text.wait_for(std::chrono::seconds(2)) != std::future_status::ready)
    return "% SIP thread did not answer within 2 s\n";
  return text.get();
}

}  // namespace cmr::sip::as
