#include "mgmt/http_server.h"

#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>

#include "mgmt/http_session.h"
#include "mgmt/log.h"

namespace cmr::mgmt {

namespace net = boost::asio;
using tcp = net::ip::tcp;

http_server::http_server(net::io_context& io, const dispatcher& cmr, http_options options,
                         content_services content)
    : io_(io),
      acceptor_(io),
      shared_(std::make_shared<http_shared>(cmr, std::move(options),
                                            content_routes{content.upload, content.download})) {
  if (shared_->options.upload_workers > 0) {
    upload_pool_ = std::make_unique<net::thread_pool>(shared_->options.upload_workers);
    shared_->uploads = upload_pool_->get_executor();
  }
}

http_server::~http_server() {
  stop();
  if (upload_pool_) upload_pool_->join();  // an upload under way finishes
}

result<std::uint16_t, std::string> http_server::start() {
  boost::system::error_code ec;
  const auto addr = net::ip::make_address(shared_->options.address, ec);
  if (ec) return unexpected{"mgmt bind address " + shared_->options.address + ": " + ec.message()};
  const tcp::endpoint ep{addr, shared_->options.port};
  if (acceptor_.open(ep.protocol(), ec); ec) return unexpected{"mgmt socket: " + ec.message()};
  if (acceptor_.set_option(net::socket_base::reuse_address(true), ec); ec)
    return unexpected{"mgmt SO_REUSEADDR: " + ec.message()};
  if (acceptor_.bind(ep, ec); ec)
    return unexpected{"mgmt bind " + shared_->options.address + ":" +
                      std::to_string(shared_->options.port) + ": " + ec.message()};
  if (acceptor_.listen(net::socket_base::max_listen_connections, ec); ec)
    return unexpected{"mgmt listen: " + ec.message()};
  const auto port = acceptor_.local_endpoint().port();
  CMR_LOG(mgmt, notice, "management HTTP listening on %s:%u", shared_->options.address.c_str(),
          static_cast<unsigned>(port));
  accept();
  return port;
}

void http_server::stop() {
  boost::system::error_code ec;
  if (acceptor_.is_open()) acceptor_.close(ec);
}

void http_server::accept() {
  acceptor_.async_accept(net::make_strand(io_), [this](boost::system::error_code ec, tcp::socket s) {
    if (ec == net::error::operation_aborted) return;  // stopped
    if (!ec) {
      boost::system::error_code rec;
      const auto from = s.remote_endpoint(rec).address();
      const auto verdict = rec ? connection_slots::verdict::admitted : shared_->slots.admit(from);
      if (rec) {
        s.close(ec);  // the peer is gone already
      } else if (verdict == connection_slots::verdict::admitted) {
        std::make_shared<http_session>(std::move(s), from, shared_)->start();
      } else {
        // Over a cap: a short 503 on the fresh (empty) send buffer, then
        // close, at once: a refused client holds nothing.
        static constexpr std::string_view busy =
            "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\n"
            "Content-Length: 0\r\n\r\n";
        s.non_blocking(true, ec);
        s.write_some(net::buffer(busy.data(), busy.size()), ec);
        s.close(ec);
        if (verdict == connection_slots::verdict::address_full) {
          if (shared_->counters.refused_per_address++ % 1000 == 0)
            CMR_LOG(mgmt, notice,
                    "per-address connection cap %u reached by %s: refusing its connections",
                    shared_->options.max_connections_per_address, from.to_string().c_str());
        } else if (shared_->counters.refused_connections++ % 1000 == 0) {
          CMR_LOG(mgmt, notice, "connection cap %u reached: refusing connections",
                  shared_->options.max_connections);
        }
      }
    } else {
      CMR_LOG(mgmt, error, "accept: %s", ec.message().c_str());
    }
    if (acceptor_.is_open()) accept();
  });
}

}  // namespace cmr::mgmt
