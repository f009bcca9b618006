#include "mgmt/http_session.h"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <chrono>

#include <openssl/crypto.h>

#include "mgmt/lexical.h"
#include "mgmt/log.h"
#include "mgmt/metrics_exposition.h"
#include "mgmt/operation_registry.h"

namespace cmr::mgmt {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {
constexpr std::size_t k_max_linger_bytes = 1 << 20;
}  // namespace

http_session::http_session(net::ip::tcp::socket&& socket, net::ip::address from,
                           std::shared_ptr<http_shared> shared)
    : stream_(std::move(socket)), from_(std::move(from)), shared_(std::move(shared)) {}

http_session::~http_session() {
  shared_->slots.release(from_);
}

void http_session::start() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
}

void http_session::read_header() {
  parser_.emplace();
  route_ = {};  // an error before the route is known counts as "other"
  parser_->header_limit(shared_->options.max_header);
  // The largest limit of any route, so that the parser does not refuse an
  // upload by its Content-Length before the route is known; on_header sets
  // the route's own limit.
  parser_->body_limit(std::max<std::uint64_t>(shared_->options.max_body, shared_->content.upload_limit("")));
  // Two deadlines, both from the start of the request (idle wait
  // included): the header first, then the whole request. A client sending
  // a byte a second is cut at the header deadline.
  request_start_ = std::chrono::steady_clock::now();
  const auto header_s =
      std::min(shared_->options.header_timeout_s, shared_->options.read_timeout_s);
  stream_.expires_at(request_start_ + std::chrono::seconds(header_s));
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                            self->on_header(ec);
                          });
}

void http_session::on_header(beast::error_code ec) {
  read_at_ = std::chrono::steady_clock::now();
  if (ec == beast::error::timeout && parser_->got_some()) {
    // Mid-header (an idle keep-alive connection timing out is normal).
    CMR_LOG(mgmt, info, "%s: header not complete within %u s: connection closed",
            from_.to_string().c_str(),
            std::min(shared_->options.header_timeout_s, shared_->options.read_timeout_s));
  }
  if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
      ec == net::error::connection_reset || ec == net::error::operation_aborted) {
    beast::error_code ignored;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    return;
  }
  if (ec == http::error::header_limit)
    return error_reply(http::status::request_header_fields_too_large, "header too large");
  // The parser checks Content-Length against the body limit with the header.
  if (ec == http::error::body_limit) return error_reply(http::status::payload_too_large, "body too large");
  if (ec) return error_reply(http::status::bad_request, "malformed HTTP request");
  const auto& req = parser_->get();
  // A header read once must be there once: two Content-Types, two
  // Authorizations or two X-CMR-TransactionIds leave it to chance which one
  // counts (as a repeated JSON member would).
  if (req.count(http::field::content_type) > 1 || req.count(http::field::authorization) > 1 ||
      req.count("X-CMR-TransactionId") > 1)
    return error_reply(http::status::bad_request, "repeated header");
  auto route = route_of(to_sv(req.target()));
  if (!route)
    return error_reply(http::status::bad_request,
                       "malformed percent-encoding in the request target");
  route_ = std::move(*route);
  // The rest of the request (its body) by the whole-request deadline.
  stream_.expires_at(request_start_ + std::chrono::seconds(shared_->options.read_timeout_s));
  if (route_.what == http_route::kind::upload) {
    // Uploads are media files, not messages: their own (larger) limit.
    const std::size_t limit = shared_->content.upload_limit(to_sv(req[http::field::content_type]));
    if (limit > 0) parser_->body_limit(limit);
    if (const auto len = parser_->content_length(); len && *len > limit && limit > 0) {
      res_ = {};
      res_.version(req.version());
      res_.keep_alive(false);
      shared_->content.too_large(req, route_.name, res_);
      return respond(true);
    }
  } else {
    parser_->body_limit(shared_->options.max_body);
    if (const auto len = parser_->content_length(); len && *len > shared_->options.max_body)
      return error_reply(http::status::payload_too_large, "body too large");
  }
  if (beast::iequals(req[http::field::expect], "100-continue")) {
    auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, req.version());
    http::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code wec, std::size_t) {
      if (wec) return;
      self->read_body();
    });
    return;
  }
  read_body();
}

void http_session::read_body() {
  http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    self->on_body(ec);
  });
}

void http_session::on_body(beast::error_code ec) {
  if (ec == beast::error::timeout)
    CMR_LOG(mgmt, info, "%s: request not complete within %u s: connection closed",
            from_.to_string().c_str(), shared_->options.read_timeout_s);
  if (ec == beast::error::timeout || ec == net::error::connection_reset || ec == http::error::end_of_stream ||
      ec == http::error::partial_message) {
    beast::error_code ignored;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    return;
  }
  if (ec == http::error::body_limit) return error_reply(http::status::payload_too_large, "body too large");
  if (ec) return error_reply(http::status::bad_request, "malformed HTTP request");
  read_at_ = std::chrono::steady_clock::now();
  http_request req = parser_->release();
  if (route_.what == http_route::kind::download) {
    download_res_ = shared_->content.download(req);
    if (download_res_ && download_res_->result_int() >= 400)
      CMR_LOG(mgmt, info, "%s: download refused with HTTP %u", from_.to_string().c_str(),
              download_res_->result_int());
    if (download_res_) {
      download_res_->keep_alive(req.keep_alive());
      return send_download(!req.keep_alive());
    }
  }
  res_ = {};
  res_.version(req.version());
  res_.keep_alive(req.keep_alive());
  if (route_.what == http_route::kind::upload && shared_->uploads)
    return start_upload(std::move(req));
  if (route(req)) respond(!req.keep_alive());
}

void http_session::respond(bool close) {
  res_.set(http::field::server, "cmr-server");
  res_.prepare_payload();
  if (head_only_) res_.body().clear();  // Content-Length stays what GET would send
  head_only_ = false;
  send(close);
}

// Decoding, resampling and the content's fsync run on an upload worker; the
// answer comes back to this connection's strand.
void http_session::start_upload(http_request&& req) {
  auto r = std::make_shared<http_request>(std::move(req));
  net::post(*shared_->uploads, [self = shared_from_this(), r, id = route_.name] {
    http_response out;
    out.version(r->version());
    out.keep_alive(r->keep_alive());
    self->shared_->content.upload(self->shared_->cmr, *r, id, out);
    net::post(self->stream_.get_executor(), [self, out = std::move(out), close = !r->keep_alive()]() mutable {
      self->res_ = std::move(out);
      self->respond(close);
    });
  });
}

bool http_session::route(const http_request& req) {
  if (route_.what == http_route::kind::upload) {
    shared_->content.upload(shared_->cmr, req, route_.name, res_);
    return true;
  }
  if (route_.what == http_route::kind::download) {
    res_.result(http::status::service_unavailable);
    res_.set(http::field::content_type, "text/plain");
    res_.body() = "downloads not configured\n";
    return true;
  }
  if (route_.what == http_route::kind::metrics && shared_->options.metrics) {
    serve_metrics(req);
    return true;
  }
  if (route_.what != http_route::kind::cmr) {
    CMR_LOG(mgmt, info, "%s: refused with HTTP 404: no route", from_.to_string().c_str());
    res_.result(http::status::not_found);
    res_.set(http::field::content_type, "text/plain");
    res_.body() = "not found\n";
    return true;
  }
  const std::string_view op = route_.name;
  if (req.method() != http::verb::post) {
    if (find_operation(op) == nullptr) {
      CMR_LOG(mgmt, info, "%s: refused with HTTP 404: unknown operation %s",
              from_.to_string().c_str(), printable(op).c_str());
      res_.result(http::status::not_found);
      res_.set(http::field::content_type, "text/plain");
      res_.body() = "unknown operation\n";
      return true;
    }
    CMR_LOG(mgmt, info, "%s: refused with HTTP 405: %s", from_.to_string().c_str(),
            printable(to_sv(req.method_string())).c_str());
    res_.result(http::status::method_not_allowed);
    res_.set(http::field::allow, "POST");
    res_.set(http::field::content_type, "text/plain");
    res_.body() = "use POST\n";
    return true;
  }
  const bool close = !req.keep_alive();
  auto now = shared_->cmr.handle_async(
      {op, to_sv(req[http::field::content_type]), to_sv(req[http::field::authorization]), req.body()},
      // A write: answered after its batch's commit, from the writer's
      // completion; back to this connection's strand.
      [self = shared_from_this(), close](cmr_reply r) {
        net::post(self->stream_.get_executor(), [self, r = std::move(r), close]() mutable {
          self->set_reply(std::move(r));
          self->respond(close);
        });
      });
  if (!now) return false;
  set_reply(std::move(*now));
  return true;
}

// GET /metrics: the exposition (metrics_exposition.h), built from atomics
// on this io thread. A wrong method is 405, a missing or wrong token (when
// "metrics token" is set) 401; the query string is ignored.
void http_session::serve_metrics(const http_request& req) {
  res_.set(http::field::content_type, "text/plain");
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    CMR_LOG(mgmt, info, "%s: /metrics refused with HTTP 405: %s", from_.to_string().c_str(),
            printable(to_sv(req.method_string())).c_str());
    res_.result(http::status::method_not_allowed);
    res_.set(http::field::allow, "GET, HEAD");
    res_.body() = "use GET\n";
    return;
  }
  if (const auto& token = shared_->options.metrics_token; !token.empty()) {
    const std::string want = "Bearer " + token;
    const auto got = to_sv(req[http::field::authorization]);
    if (got.size() != want.size() || CRYPTO_memcmp(got.data(), want.data(), want.size()) != 0) {
      CMR_LOG(mgmt, info, "%s: /metrics refused with HTTP 401: %s", from_.to_string().c_str(),
              got.empty() ? "no token" : "wrong token");
      res_.result(http::status::unauthorized);
      res_.set(http::field::www_authenticate, "Bearer realm=\"metrics\"");
      res_.body() = "metrics token required\n";
      return;
    }
  }
  res_.result(http::status::ok);
  res_.set(http::field::content_type, k_metrics_content_type);
  res_.body() = metrics_text();
  head_only_ = req.method() == http::verb::head;
}

void http_session::set_reply(cmr_reply r) {
  res_.result(static_cast<http::status>(r.http_status));
  res_.set(http::field::content_type, r.content_type);
  if (r.http_status == 503) res_.set(http::field::retry_after, "1");
  res_.body() = std::move(r.body);
}

void http_session::send(bool close) {
  stream_.expires_after(std::chrono::seconds(shared_->options.read_timeout_s));
  http::async_write(stream_, res_, [self = shared_from_this(), close](beast::error_code ec, std::size_t) {
    if (ec) return;
    self->shared_->latency.of(self->route_.what)
        .observe(std::chrono::steady_clock::now() - self->read_at_);
    if (close) return self->linger();
    self->read_header();
  });
}

void http_session::send_download(bool close) {
  stream_.expires_after(std::chrono::seconds(shared_->options.read_timeout_s));
  http::async_write(stream_, *download_res_, [self = shared_from_this(), close](beast::error_code ec, std::size_t) {
    self->download_res_.reset();
    if (ec) return;
    self->shared_->latency.content.observe(std::chrono::steady_clock::now() - self->read_at_);
    if (close) return self->linger();
    self->read_header();
  });
}

void http_session::error_reply(http::status s, std::string_view text) {
  CMR_LOG(mgmt, info, "%s: refused with HTTP %u: %.*s", from_.to_string().c_str(),
          static_cast<unsigned>(s), static_cast<int>(text.size()), text.data());
  res_ = {};
  res_.version(11);
  res_.result(s);
  res_.keep_alive(false);
  res_.set(http::field::server, "cmr-server");
  res_.set(http::field::content_type, "text/plain");
  res_.body() = std::string(text) + "\n";
  res_.prepare_payload();
  send(true);
}

// Half-close and drain what the client still sends (bounded in time and
// bytes), so that a 413 is read by the client instead of lost to a reset.
void http_session::linger() {
  beast::error_code ec;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
  stream_.expires_after(std::chrono::seconds(1));
  stream_.async_read_some(net::buffer(discard_), [self = shared_from_this()](beast::error_code rec, std::size_t n) {
    self->discarded_ += n;
    if (!rec && self->discarded_ < k_max_linger_bytes) return self->linger();
    beast::error_code ignored;
    self->stream_.socket().close(ignored);
  });
}

}  // namespace cmr::mgmt
