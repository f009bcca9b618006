// Fuzz target: HTTP request framing as the management server receives it
// (mgmt/http_session.cpp): Boost.Beast's request parser with the session's
// limits (header 8 KiB, body 64 KiB for CMR messages, the content limits for
// uploads, set once the header names the route), fed in pieces the way a
// socket delivers them, several requests per connection (keep-alive), then
// the route and percent-decoding of each target (mgmt/http_route). Asserts
// that a request the parser completes kept to the limit its route had, and
// that the path segments of a routed target are valid UTF-8.
#include <algorithm>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "media/content_format.h"
#include "media/content_service.h"
#include "mgmt/http_options.h"
#include "mgmt/http_route.h"
#include "mgmt/lexical.h"

namespace {

namespace http = boost::beast::http;
using cmr::mgmt::http_route;
using parser_t = http::request_parser<http::string_body>;

std::string_view sv(boost::beast::string_view s) { return {s.data(), s.size()}; }

// content_service::size_limit with the default limits: nullopt for a Format
// it does not know (the upload route then keeps the largest limit).
std::optional<std::size_t> upload_limit(std::string_view content_type) {
  const cmr::media::content_limits lim;
  const auto f = cmr::media::parse_format(content_type);
  if (!f) return std::nullopt;
  switch (f->media_type()) {
    case cmr::store::media_type::audio:
      return lim.audio;
    case cmr::store::media_type::video:
      return lim.video;
    case cmr::store::media_type::image:
      return lim.image;
    case cmr::store::media_type::text:
      return lim.text;
    case cmr::store::media_type::vcard:
      return lim.vcard;
  }
  return std::nullopt;
}

std::size_t largest_upload_limit() {
  const cmr::media::content_limits l;
  return std::max({l.audio, l.video, l.image, l.text, l.vcard});
}

// One connection: what http_session::read_header/on_header/read_body do with
// the parser, minus the socket. Returns false when the session would close.
class connection {
public:
  explicit connection(const cmr::mgmt::http_options& o) : options_(o) { fresh_parser(); }

  bool feed(std::string_view piece) {
    pending_.append(piece);
    while (!pending_.empty()) {
      boost::beast::error_code ec;
      const std::size_t used = parser_->put(boost::asio::buffer(pending_.data(), pending_.size()), ec);
      pending_.erase(0, used);
      if (ec == http::error::need_more) return true;
      if (ec) return false;  // 400, 413 or 431, then the connection closes
      if (parser_->is_header_done() && !header_seen_) {
        header_seen_ = true;
        if (!on_header()) return false;
      }
      if (parser_->is_done()) {
        if (!on_request()) return false;
        fresh_parser();
      }
    }
    return true;
  }

private:
  void fresh_parser() {
    parser_.emplace();
    parser_->header_limit(options_.max_header);
    parser_->body_limit(std::max<std::uint64_t>(options_.max_body, largest_upload_limit()));
    header_seen_ = false;
    limit_ = 0;
  }

  bool on_header() {
    const auto& req = parser_->get();
    if (req.count(http::field::content_type) > 1 || req.count(http::field::authorization) > 1 ||
        req.count("X-CMR-TransactionId") > 1)
      return false;
    auto route = cmr::mgmt::route_of(sv(req.target()));
    if (!route) return false;
    if (auto segments = cmr::mgmt::decode_path(sv(req.target()))) {
      for (const auto& s : *segments) CMR_FUZZ_CHECK(cmr::mgmt::valid_utf8(s));
    }
    if (route->what != http_route::kind::not_found) CMR_FUZZ_CHECK(cmr::mgmt::valid_utf8(route->name));
    upload_ = route->what == http_route::kind::upload;
    if (upload_) {
      limit_ = upload_limit(sv(req[http::field::content_type])).value_or(largest_upload_limit());
    } else {
      limit_ = options_.max_body;
    }
    parser_->body_limit(limit_);
    if (const auto len = parser_->content_length(); len && *len > limit_) return false;
    parser_->eager(true);
    return true;
  }

  bool on_request() {
    const auto& req = parser_->get();
    CMR_FUZZ_CHECK(header_seen_);
    CMR_FUZZ_CHECK(req.body().size() <= limit_);
    return req.keep_alive();
  }

  const cmr::mgmt::http_options& options_;
  std::optional<parser_t> parser_;
  std::string pending_;
  bool header_seen_ = false;
  bool upload_ = false;
  std::size_t limit_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const cmr::mgmt::http_options options;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // Pieces of sizes that follow from the input itself (one input, one cut).
  connection c(options);
  std::size_t pos = 0;
  std::size_t piece = 7;
  while (pos < size) {
    piece = 1 + (piece * 131 + static_cast<std::uint8_t>(bytes[pos])) % 1500;
    const std::size_t n = std::min(piece, size - pos);
    if (!c.feed(bytes.substr(pos, n))) return 0;
    pos += n;
  }
  return 0;
}
