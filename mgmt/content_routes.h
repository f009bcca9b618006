// The non-CMR routes of the management server, served by media/ (the
// session finds them with route_of, mgmt/http_route.h):
//   PUT /cmr/1/resources/<ResourceId>/content   upload (portal or provider
//       token; a provider only for its own resources), body = the content,
//       Content-Type = its Format. Answered with a ContentUploadResponse
//       (XML, or JSON when the client Accepts application/json): 10008
//       unknown resource, 10007 Format mismatch/undecodable, HTTP 413 too
//       large, 99999 internal; 10003 a provider's foreign resource. An
//       X-CMR-TransactionId header is echoed as TransactionId and guarded
//       per principal like a CMR request's (10011 when repeated).
//   GET/HEAD /cmr/1/content/<ResourceId>?exp=&sig=   signed downloads.
#pragma once

#include <boost/beast/http.hpp>
#include <optional>
#include <string_view>

#include "media/content_service.h"
#include "media/download_service.h"
#include "mgmt/dispatcher.h"

namespace cmr::mgmt {

using http_request = boost::beast::http::request<boost::beast::http::string_body>;
using http_response = boost::beast::http::response<boost::beast::http::string_body>;

// Beast's string_view to the standard one.
inline std::string_view to_sv(boost::beast::string_view s) { return {s.data(), s.size()}; }

class content_routes {
public:
  // Either service may be null (then its route answers 503).
  content_routes(media::content_service* content, const media::download_service* download)
      : content_(content), download_(download) {}

  // The body limit for an upload of this Content-Type (the largest limit
  // when the type is unknown: the service then refuses it by content).
  [[nodiscard]] std::size_t upload_limit(std::string_view content_type) const;

  // `resource_id`: the path's segment, percent-decoded (mgmt/http_route.h).
  void upload(const dispatcher& d, const http_request& req, const std::string& resource_id,
              http_response& res) const;
  // The answer to an upload refused from its Content-Length, before its
  // body: HTTP 413 with a ContentUploadResponse (10007) that echoes the
  // X-CMR-TransactionId header as any other upload answer does.
  void too_large(const http_request& req, const std::string& resource_id, http_response& res) const;
  [[nodiscard]] std::optional<media::download_service::response> download(
      const boost::beast::http::request_header<>& req) const;

private:
  media::content_service* content_;
  const media::download_service* download_;
};

// The upload response (its XSD is docs/xsd/ContentUpload.xsd).
const structure_desc& content_upload_response();

}  // namespace cmr::mgmt
