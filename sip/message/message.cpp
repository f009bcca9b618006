#include "sip/message/message.h"

#include "sip/message/header_names.h"
#include "sip/message/text.h"

namespace cmr::sip {

message message::make_request(std::string m, sip::uri ruri) {
  message msg;
  msg.request_ = true;
  msg.method = std::move(m);
  msg.request_uri = std::move(ruri);
  return msg;
}

message message::make_response(int code, std::string why) {
  message msg;
  msg.request_ = false;
  msg.status = code;
  msg.reason = why.empty() ? std::string(default_reason(code)) : std::move(why);
  return msg;
}

const std::string* message::header(std::string_view name) const {
  const auto canon = canonical_header_name(name);
  for (const auto& h : headers)
    if (text::iequals(h.name, canon)) return &h.value;
  return nullptr;
}

std::vector<std::string> message::header_values(std::string_view name) const {
  const auto canon = canonical_header_name(name);
  std::vector<std::string> out;
  for (const auto& h : headers)
    if (text::iequals(h.name, canon)) out.push_back(h.value);
  return out;
}

std::size_t message::header_count(std::string_view name) const {
  const auto canon = canonical_header_name(name);
  std::size_t n = 0;
  for (const auto& h : headers)
    if (text::iequals(h.name, canon)) ++n;
  return n;
}

void message::add_header(std::string_view name, std::string value) {
  headers.push_back(header_field{canonical_header_name(name), std::move(value)});
}

void message::prepend_header(std::string_view name, std::string value) {
  const auto canon = canonical_header_name(name);
  // Before the first header of the same name, so Via order is kept.
  auto it = headers.begin();
  for (; it != headers.end(); ++it)
    if (text::iequals(it->name, canon)) break;
  if (it == headers.end()) it = headers.begin();
  headers.insert(it, header_field{canon, std::move(value)});
}

void message::set_header(std::string_view name, std::string value) {
  const auto canon = canonical_header_name(name);
  bool done = false;
  for (auto it = headers.begin(); it != headers.end();) {
    if (text::iequals(it->name, canon)) {
      if (!done) {
        it->value = value;
        done = true;
        ++it;
      } else {
        it = headers.erase(it);
      }
    } else {
      ++it;
    }
  }
  if (!done) headers.push_back(header_field{canon, std::move(value)});
}

void message::remove_header(std::string_view name) {
  const auto canon = canonical_header_name(name);
  std::erase_if(headers, [&](const header_field& h) { return text::iequals(h.name, canon); });
}

void message::remove_first_header(std::string_view name) {
  const auto canon = canonical_header_name(name);
  for (auto it = headers.begin(); it != headers.end(); ++it) {
    if (text::iequals(it->name, canon)) {
      headers.erase(it);
      return;
    }
  }
}

void message::copy_headers(const message& other, std::string_view name) {
  const auto canon = canonical_header_name(name);
  for (const auto& h : other.headers)
    if (text::iequals(h.name, canon)) headers.push_back(h);
}

std::optional<sip::via> message::top_via() const {
  const auto* v = header("Via");
  if (v == nullptr) return std::nullopt;
  auto parsed = parse_via(*v);
  if (!parsed) return std::nullopt;
  return std::move(*parsed);
}

std::optional<sip::cseq> message::cseq() const {
  const auto* v = header("CSeq");
  if (v == nullptr) return std::nullopt;
  return parse_cseq(*v);
}

std::optional<name_addr> message::from() const {
  const auto* v = header("From");
  if (v == nullptr) return std::nullopt;
  auto parsed = parse_name_addr(*v);
  if (!parsed) return std::nullopt;
  return std::move(*parsed);
}

std::optional<name_addr> message::to() const {
  const auto* v = header("To");
  if (v == nullptr) return std::nullopt;
  auto parsed = parse_name_addr(*v);
  if (!parsed) return std::nullopt;
  return std::move(*parsed);
}

std::string message::call_id() const {
  const auto* v = header("Call-ID");
  return v == nullptr ? std::string{} : *v;
}

bool message::has_option(std::string_view header_name, std::string_view option) const {
  const auto canon = canonical_header_name(header_name);
  for (const auto& h : headers) {
    if (!text::iequals(h.name, canon)) continue;
    for (auto item : text::split_top_level(h.value, ','))
      if (text::iequals(item, option)) return true;
  }
  return false;
}

std::string message::serialize() const {
  std::string out;
  out.reserve(512 + body.size());
  if (request_) {
    out += method + " " + request_uri.to_string() + " " + version + "\r\n";
  } else {
    out += version + " " + std::to_string(status) + " " + reason + "\r\n";
  }
  for (const auto& h : headers) {
    if (h.name == "Content-Length") continue;
    out += h.name;
    out += ": ";
    out += h.value;
    out += "\r\n";
  }
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out += body;
  return out;
}

std::string message::summary() const {
  if (request_) return method + " " + request_uri.to_string();
  return std::to_string(status) + " " + reason;
}

std::string_view default_reason(int status) {
  switch (status) {
    case 100:
      return "Trying";
    case 180:
      return "Ringing";
    case 181:
      return "Call Is Being Forwarded";
    case 182:
      return "Queued";
    case 183:
      return "Session Progress";
    case 200:
      return "OK";
    case 202:
      return "Accepted";
    case 300:
      return "Multiple Choices";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Moved Temporarily";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Request Entity Too Large";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Unsupported URI Scheme";
    case 420:
      return "Bad Extension";
    case 421:
      return "Extension Required";
    case 480:
      return "Temporarily Unavailable";
    case 481:
      return "Call/Transaction Does Not Exist";
    case 482:
      return "Loop Detected";
    case 483:
      return "Too Many Hops";
    case 486:
      return "Busy Here";
    case 487:
      return "Request Terminated";
    case 488:
      return "Not Acceptable Here";
    case 491:
      return "Request Pending";
    case 500:
      return "Server Internal Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Server Time-out";
    case 505:
      return "Version Not Supported";
    case 513:
      return "Message Too Large";
    case 603:
      return "Decline";
    default:
      break;
  }
  if (status < 200) return "Session Progress";
  if (status < 300) return "OK";
  if (status < 400) return "Redirect";
  if (status < 500) return "Client Error";
  if (status < 600) return "Server Error";
  return "Global Failure";
}

message make_response(const message& req, int status, std::string_view reason,
                      std::string_view to_tag) {
  auto rsp = message::make_response(status, std::string(reason));
  rsp.copy_headers(req, "Via");
  rsp.copy_headers(req, "From");
  if (const auto* to = req.header("To")) {
    std::string value = *to;
    if (status != 100 && !to_tag.empty()) {
      auto parsed = parse_name_addr(value);
      if (parsed && parsed->tag().empty()) value += ";tag=" + std::string(to_tag);
    }
    rsp.add_header("To", std::move(value));
  }
  rsp.copy_headers(req, "Call-ID");
  rsp.copy_headers(req, "CSeq");
  if (status == 100) rsp.copy_headers(req, "Timestamp");
  return rsp;
}

}  // namespace cmr::sip
