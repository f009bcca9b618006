#include "mgmt/content_routes.h"

#include "mgmt/json_codec.h"
#include "mgmt/lexical.h"
#include "mgmt/xml_codec.h"
#include "mgmt/log.h"

namespace cmr::mgmt {
namespace {

namespace http = boost::beast::http;

constexpr std::string_view k_transaction_header = "X-CMR-TransactionId";

const structure_desc k_response{
    "ContentUploadResponse",
    {str("TransactionId", 0, 1, 64), integer("StatusCode", 1), str("StatusDescription", 0, 1, 0),
     str("ResourceId", 0, 1, 64), str("ContentType", 0, 1, 256), unsigned_int("Size", 0),
     str("Sha256", 0, 1, 64), unsigned_int("DurationMs", 0)}};

void cmr_body(const http_request& req, http_response& res, element& msg, status code,
              std::string_view detail) {
  msg.add("StatusCode", std::to_string(static_cast<int>(code)));
  std::string text(describe(code));
  if (!detail.empty()) text += ": " + std::string(detail);
  if (code != status::success && code != status::general_error)
    CMR_LOG(mgmt, info, "content upload %s -> %d (HTTP %u) %s",
            printable(msg.value("ResourceId")).c_str(), static_cast<int>(code), res.result_int(),
            printable(text).c_str());
  msg.add("StatusDescription", std::move(text));
  const bool json = to_sv(req[http::field::accept]).find("application/json") != std::string_view::npos;
  res.set(http::field::content_type, json ? "application/json" : "application/xml");
  res.body() = json ? encode_json(msg, k_response) : encode_xml(msg, k_response, k_response.name);
}

// The start of every upload answer: the header's TransactionId when it can
// be echoed (tid_ok false: it cannot, 10007), and the ResourceId when the
// response's schema can carry it (an id beyond 64 characters names no
// resource anyway: 10008).
element upload_message(const http_request& req, const std::string& id, bool& tid_ok) {
  element msg;
  const std::string_view tid = to_sv(
      req[boost::beast::string_view(k_transaction_header.data(), k_transaction_header.size())]);
  tid_ok = valid_utf8(tid) && !has_non_xml_char(tid) && utf8_length(tid) <= 64;
  if (!tid.empty() && tid_ok) msg.add("TransactionId", std::string(tid));
  if (utf8_length(id) <= 64) msg.add("ResourceId", id);
  return msg;
}

}  // namespace

const structure_desc& content_upload_response() { return k_response; }

std::size_t content_routes::upload_limit(std::string_view content_type) const {
  if (content_ == nullptr) return 0;
  return content_->size_limit(content_type).value_or(content_->max_size_limit());
}

void content_routes::upload(const dispatcher& d, const http_request& req, const std::string& id,
                            http_response& res) const {
  res.result(http::status::ok);
  if (req.method() != http::verb::put) {
    CMR_LOG(mgmt, info, "content upload refused with HTTP 405: %s",
            printable(to_sv(req.method_string())).c_str());
    res.result(http::status::method_not_allowed);
    res.set(http::field::allow, "PUT");
    res.set(http::field::content_type, "text/plain");
    res.body() = "use PUT\n";
    return;
  }
  // The TransactionId travels in a header (the body is the content); echoed
  // like a CMR request's, when it is something we can put back on the wire.
  bool tid_ok = false;
  element msg = upload_message(req, id, tid_ok);
  const std::string_view tid = to_sv(
      req[boost::beast::string_view(k_transaction_header.data(), k_transaction_header.size())]);
  const access_token* t = d.token(to_sv(req[http::field::authorization]));
  if (t == nullptr || (t->who != role_portal && t->who != role_provider))
    return cmr_body(req, res, msg, status::security_error, "portal or content-provider token required");
  if (content_ == nullptr) return cmr_body(req, res, msg, status::general_error, {});
  if (t->who == role_provider) {
    auto r = d.store_ref().resources().get(id);
    if (r && r->provider_id != t->provider_id)
      return cmr_body(req, res, msg, status::security_error, "not your resource");
  }
  if (!tid_ok) return cmr_body(req, res, msg, status::invalid_parameter, "TransactionId");
  // The repeated-operation guard, per principal like the CMR operations'.
  principal who;
  who.who = t->who;
  who.provider_id = t->provider_id;
  const media::upload_guard guard{who.key(), std::string(tid), d.clock_ref().now()};
  const std::string_view body = req.body();
  auto put = content_->put_content(
      id, to_sv(req[http::field::content_type]),
      {reinterpret_cast<const std::uint8_t*>(body.data()), body.size()}, tid.empty() ? nullptr : &guard);
  if (!put) {
    const auto code = put.error().what;
    if (code == media::content_error::code::too_large) {
      res.result(http::status::payload_too_large);
      return cmr_body(req, res, msg, status::invalid_parameter, "content too large");
    }
    if (code == media::content_error::code::internal) {
      CMR_LOG(mgmt, error, "upload %s: %s", printable(id).c_str(), put.error().message.c_str());
      return cmr_body(req, res, msg, status::general_error, {});
    }
    return cmr_body(req, res, msg, static_cast<status>(media::cmr_status_code(code)), put.error().message);
  }
  msg.add("ContentType", put->content_type);
  msg.add("Size", std::to_string(put->size));
  msg.add("Sha256", put->sha256);
  msg.add("DurationMs", std::to_string(put->duration_ms));
  cmr_body(req, res, msg, status::success, {});
}

void content_routes::too_large(const http_request& req, const std::string& id,
                               http_response& res) const {
  bool tid_ok = false;
  element msg = upload_message(req, id, tid_ok);
  res.result(http::status::payload_too_large);
  cmr_body(req, res, msg, status::invalid_parameter, "content too large");
}

std::optional<media::download_service::response> content_routes::download(
    const http::request_header<>& req) const {
  if (download_ == nullptr) return std::nullopt;
  return download_->handle(req);
}

}  // namespace cmr::mgmt
