#include "media/download_service.h"

#include <sys/stat.h>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/verb.hpp>
#include <ctime>
#include <optional>

#include "media/byte_range.h"
#include "media/log.h"
#include "store/store.h"

namespace cmr::media {
namespace {

namespace http = boost::beast::http;
using response = download_service::response;

struct query_params {
  std::optional<std::string> exp;
  std::optional<std::string> sig;
};

query_params parse_query(std::string_view q) {
  query_params out;
  while (!q.empty()) {
    const auto amp = q.find('&');
    const auto item = q.substr(0, amp);
    const auto eq = item.find('=');
    if (eq != std::string_view::npos) {
      const auto key = item.substr(0, eq);
      auto value = percent_decode(item.substr(eq + 1));
      if (key == "exp" && value && !out.exp)
        out.exp = std::move(value);
      else if (key == "sig" && value && !out.sig)
        out.sig = std::move(value);
    }
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return out;
}

// What message::keep_alive() would say; a header alone does not offer it.
bool wants_keep_alive(const download_service::request_header& req) {
  const auto conn = req[http::field::connection];
  const http::token_list tokens(conn);
  auto has = [&](boost::beast::string_view t) {
    for (const auto& tok : tokens)
      if (boost::beast::iequals(tok, t)) return true;
    return false;
  };
  if (req.version() >= 11) return !has("close");
  return has("keep-alive");
}

response make(const download_service::request_header& req, http::status status) {
  response res{status, req.version()};
  res.keep_alive(wants_keep_alive(req));
  return res;
}

response error_response(const download_service::request_header& req, http::status status) {
  auto res = make(req, status);
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  std::string text(http::obsolete_reason(status));
  text += "\n";
  res.content_length(text.size());
  if (req.method() != http::verb::head) res.body().assign_text(std::move(text));
  return res;
}

std::string http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  const auto n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return {buf, n};
}

// If-None-Match uses the weak comparison (RFC 7232 3.2): W/ prefixes ignored.
bool none_match(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    const auto comma = header.find(',');
    auto tag = header.substr(0, comma);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

download_service::download_service(store::store& st, const url_signer& signer,
                                   const cmr::clock& clock, download_config config)
    : store_(st), signer_(signer), clock_(clock), config_(std::move(config)) {}

bool download_service::matches(std::string_view target) const {
  return target.starts_with(config_.path_prefix);
}

response download_service::handle(const request_header& req) const {
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    auto res = error_response(req, http::status::method_not_allowed);
    res.set(http::field::allow, "GET, HEAD");
    return res;
  }
  const std::string_view target(req.target().data(), req.target().size());
  if (!matches(target)) return error_response(req, http::status::not_found);
  const auto qmark = target.find('?');
  const auto encoded_id =
      target.substr(config_.path_prefix.size(), qmark == std::string_view::npos
                                                    ? std::string_view::npos
                                                    : qmark - config_.path_prefix.size());
  const auto params =
      parse_query(qmark == std::string_view::npos ? std::string_view{} : target.substr(qmark + 1));
  const auto id = percent_decode(encoded_id);
  if (!id || !params.exp || !params.sig) return error_response(req, http::status::forbidden);

  switch (signer_.verify(*id, *params.exp, *params.sig, clock_.now())) {
    case url_check::bad_signature:
      return error_response(req, http::status::forbidden);
    case url_check::expired:
      return error_response(req, http::status::gone);
    case url_check::ok:
      break;
  }
  return serve(req, *id);
}

response download_service::serve(const request_header& req, const std::string& id) const {
  const auto res_ptr = store_.resource_catalogue().find_resource(id);
  if (!res_ptr || res_ptr->status != store::resource_status::active)
    return error_response(req, http::status::not_found);
  if (res_ptr->expires_at && *res_ptr->expires_at <= clock_.now())
    return error_response(req, http::status::gone);
  auto content = store_.contents().get(id, "original");
  if (!content) {
    if (content.error().what != store::error::code::not_found)
      CMR_LOG(media, error, "content record of %s: %s", id.c_str(),
              content.error().message.c_str());
    return error_response(req, content.error().what == store::error::code::not_found
                                   ? http::status::not_found
                                   : http::status::internal_server_error);
  }

  boost::beast::error_code ec;
  boost::beast::file file;
  file.open(content->path.c_str(), boost::beast::file_mode::scan, ec);
  std::uint64_t size = ec ? 0 : file.size(ec);
  struct stat st {};
  if (ec || ::fstat(file.native_handle(), &st) != 0) {
    CMR_LOG(media, error, "content file of %s (%s): %s", id.c_str(), content->path.c_str(),
            ec.message().c_str());
    return error_response(req, http::status::internal_server_error);
  }

  const std::string etag = "\"" + content->sha256 + "\"";
  auto headers = [&](response& r) {
    r.set(http::field::etag, etag);
    r.set(http::field::accept_ranges, "bytes");
    r.set(http::field::last_modified, http_date(st.st_mtime));
    r.set(http::field::cache_control, "private");  // per-call signed URL
  };
  if (const auto inm = req[http::field::if_none_match];
      !inm.empty() && none_match(std::string_view(inm.data(), inm.size()), etag)) {
    auto res = make(req, http::status::not_modified);
    headers(res);
    return res;
  }

  byte_range_request range;
  const auto range_header = req[http::field::range];
  const auto if_range = req[http::field::if_range];
  // If-Range: ranges only when the client still has this version (strong match).
  if (!range_header.empty() && (if_range.empty() || if_range == etag))
    range = parse_byte_range(std::string_view(range_header.data(), range_header.size()), size);

  if (range.what == byte_range_request::kind::unsatisfiable) {
    auto res = error_response(req, http::status::range_not_satisfiable);
    res.set(http::field::content_range, "bytes */" + std::to_string(size));
    res.set(http::field::accept_ranges, "bytes");
    return res;
  }
  const bool partial = range.what == byte_range_request::kind::single;
  const std::uint64_t first = partial ? range.first : 0;
  const std::uint64_t length = partial ? range.length() : size;
  auto res = make(req, partial ? http::status::partial_content : http::status::ok);
  headers(res);
  res.set(http::field::content_type, content->content_type);
  if (partial)
    res.set(http::field::content_range, "bytes " + std::to_string(range.first) + "-" +
                                            std::to_string(range.last) + "/" +
                                            std::to_string(size));
  res.content_length(length);
  if (req.method() != http::verb::head) res.body().assign_file(std::move(file), first, length);
  return res;
}

}  // namespace cmr::media
