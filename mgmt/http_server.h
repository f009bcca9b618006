// The management HTTP/1.1 server (Boost.Beast) on the server's Asio
// io_context: accepts connections up to a cap (in all and per source
// address), hands each to an http_session.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/result.h"
#include "mgmt/connection_slots.h"
#include "mgmt/content_routes.h"
#include "mgmt/dispatcher.h"
#include "mgmt/http_options.h"
#include "mgmt/metrics_latency.h"
#include "mgmt/mgmt_counters.h"

namespace cmr::mgmt {

// What every session of one server shares; sessions keep it alive.
struct http_shared {
  http_shared(const dispatcher& d, http_options o, content_routes c)
      : cmr(d),
        options(std::move(o)),
        content(c),
        slots(options.max_connections, options.max_connections_per_address) {}

  const dispatcher& cmr;
  http_options options;
  content_routes content;
  // The upload workers (http_options::upload_workers); none: inline.
  std::optional<boost::asio::any_io_executor> uploads;
  // Taken at the accept, given back by the session's destructor.
  connection_slots slots;
  mgmt_http_counters counters;
  // Request read to response written, per route ("show cmr latency", /metrics).
  request_latency latency;
};

class http_server {
public:
  http_server(boost::asio::io_context& io, const dispatcher& cmr, http_options options,
              content_services content = {});
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  // Binds and starts accepting; returns the bound port (options.port 0:
  // any free one). Call before the io threads run.
  result<std::uint16_t, std::string> start();
  void stop();

private:
  void accept();

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::unique_ptr<boost::asio::thread_pool> upload_pool_;
  std::shared_ptr<http_shared> shared_;
};

}  // namespace cmr::mgmt
