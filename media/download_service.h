// HTTP-mode content downloads (DESIGN.md section 8): GET/HEAD of
//   <prefix><ResourceId>?exp=<unix>&sig=<hex>      (prefix "/cmr/1/content/")
// The management HTTP server routes matching targets here and writes the
// response as it comes back (already prepared: Content-Length set, body
// empty for HEAD/304; do not call prepare_payload()).
//
// Answers: 403 missing/bad signature; 410 URL expired or resource expired;
// 404 unknown, inactive or suspended resource, or no content uploaded;
// 304 If-None-Match; 206 single Range; 416 unsatisfiable Range; 200 whole
// content (also for a multi-range request, see byte_range.h); 405 other
// methods; 500 when a recorded file cannot be opened.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>
#include <string_view>

#include "media/content_body.h"
#include "media/signed_url.h"
#include "common/clock.h"

namespace cmr::store {
class store;
}

namespace cmr::media {

struct download_config {
  std::string path_prefix = "/cmr/1/content/";
};

class download_service {
public:
  using request_header = boost::beast::http::request_header<>;
  using response = boost::beast::http::response<content_body>;

  download_service(store::store& st, const url_signer& signer, const cmr::clock& clock,
                   download_config config = {});

  // Whether a request target belongs to this service (path starts with the prefix).
  [[nodiscard]] bool matches(std::string_view target) const;
  // Any message type works (request<Body> derives from request_header<>).
  [[nodiscard]] response handle(const request_header& req) const;

private:
  [[nodiscard]] response serve(const request_header& req, const std::string& resource_id) const;

  store::store& store_;
  const url_signer& signer_;
  const cmr::clock& clock_;
  download_config config_;
};

}  // namespace cmr::media
