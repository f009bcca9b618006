#include "mgmt/content_routes.h"

namespace cmr::mgmt {
namespace {

namespace http = boost::beast::http;

constexpr std::string_view k_upload_prefix = "/cmr/1/resources/";
constexpr std::string_view k_upload_suffix = "/content";
constexpr std::string_view k_download_prefix = "/cmr/1/content/";

void plain(http_response& res, http::status s, std::string_view text) {
  res.result(s);
  res.set(http::field::content_type, "text/plain");
  res.body() = std::string(text) + "\n";
}

// MEDIA NOT YET WIRED: media/content_service.h and media/download_service.h
// did not exist when this was written. The routes, roles and status mapping
// are in place; these two functions are where the media calls go.
void upload_pending(http_response& res) {
  plain(res, http::status::not_implemented, "content upload not available in this build");
}
void download_pending(http_response& res) {
  plain(res, http::status::not_implemented, "content download not available in this build");
}

}  // namespace

bool handle_content_route(const dispatcher& d, const http_request& req, std::string_view path,
                          http_response& res) {
  if (path.substr(0, k_download_prefix.size()) == k_download_prefix) {
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
      plain(res, http::status::method_not_allowed, "GET or HEAD");
      res.set(http::field::allow, "GET, HEAD");
      return true;
    }
    download_pending(res);
    return true;
  }
  if (path.substr(0, k_upload_prefix.size()) != k_upload_prefix || path.size() <= k_upload_prefix.size() ||
      path.substr(path.size() - k_upload_suffix.size()) != k_upload_suffix)
    return false;
  if (req.method() != http::verb::put) {
    plain(res, http::status::method_not_allowed, "PUT");
    res.set(http::field::allow, "PUT");
    return true;
  }
  const access_token* t = d.token(to_sv(req[http::field::authorization]));
  if (t == nullptr || (t->who != role_portal && t->who != role_provider)) {
    plain(res, http::status::forbidden, "portal or content-provider token required");
    return true;
  }
  upload_pending(res);
  return true;
}

}  // namespace cmr::mgmt
