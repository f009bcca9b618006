#include "sip/message/parser.h"

#include <optional>
#include <utility>

#include "sip/message/header_names.h"
#include "sip/message/request_check.h"
#include "sip/message/text.h"

namespace cmr::sip {

const char* to_string(parse_error e) {
  switch (e) {
    case parse_error::empty:
      return "empty";
    case parse_error::message_too_large:
      return "message too large";
    case parse_error::too_many_headers:
      return "too many headers";
    case parse_error::header_too_long:
      return "header too long";
    case parse_error::bad_start_line:
      return "bad start line";
    case parse_error::bad_version:
      return "unsupported SIP version";
    case parse_error::bad_request_uri:
      return "bad Request-URI";
    case parse_error::bad_header_line:
      return "bad header line";
    case parse_error::missing_header:
      return "missing mandatory header";
    case parse_error::bad_via:
      return "bad Via";
    case parse_error::bad_cseq:
      return "bad CSeq";
    case parse_error::bad_from_to:
      return "bad From/To";
    case parse_error::bad_content_length:
      return "bad Content-Length";
    case parse_error::body_truncated:
      return "body shorter than Content-Length";
    case parse_error::duplicate_header:
      return "single-valued header repeated";
    case parse_error::cseq_method_mismatch:
      return "CSeq method differs from request method";
    case parse_error::bad_max_forwards:
      return "bad Max-Forwards";
    case parse_error::bad_header_value:
      return "bad header value";
  }
  return "?";
}

int parse_failure::response_status() const {
  if (!partial || !partial->is_request()) return 0;
  // RFC 4475 asks for a 400 even when From, To or Call-ID are missing
  // (3.3.1) or the Via is malformed (3.1.2.1): the response then goes back to
  // the source address. Without any Via the sender cannot match it: drop.
  if (!partial->has_header("Via")) return 0;
  if (code == parse_error::bad_version) return 505;
  if (code == parse_error::message_too_large || code == parse_error::header_too_long ||
      code == parse_error::too_many_headers)
    return 513;  // Message Too Large (RFC 3261 21.5.14)
  // An unknown method whose CSeq disagrees: 501 rather than 400 (RFC 4475
  // 3.1.2.18 prefers it, being more future-proof).
  if (code == parse_error::cseq_method_mismatch && !partial->method.empty() &&
      !is_known_method(partial->method))
    return 501;
  return 400;
}

namespace {

using parse_result = result<message, parse_failure>;

parse_result fail(parse_error code, std::string detail, std::shared_ptr<message> partial = {}) {
  return unexpected(parse_failure{code, std::move(detail), std::move(partial)});
}

bool valid_version(std::string_view v) {
  // "SIP" "/" 1*DIGIT "." 1*DIGIT
  if (v.size() < 7 || !text::iequals(v.substr(0, 4), "SIP/")) return false;
  const auto dot = v.find('.', 4);
  if (dot == std::string_view::npos || dot == 4 || dot + 1 >= v.size()) return false;
  for (std::size_t i = 4; i < v.size(); ++i)
    if (i != dot && (v[i] < '0' || v[i] > '9')) return false;
  return true;
}

bool is_sip20(std::string_view v) {
  return text::iequals(v, "SIP/2.0");
}

// One logical header line (folding already undone).
struct raw_line {
  std::string_view first;
  std::string unfolded;
  bool dropped = false;  // over the length limit
};

}  // namespace

parse_result parse_message(std::string_view bytes, const parse_limits& limits) {
  if (bytes.size() > limits.max_message_size)
    return fail(parse_error::message_too_large, std::to_string(bytes.size()) + " bytes");
  // RFC 3261 7.5: ignore CRLFs before the start line (keep-alives).
  while (!bytes.empty() && (bytes.front() == '\r' || bytes.front() == '\n')) bytes.remove_prefix(1);
  if (bytes.empty()) return fail(parse_error::empty, "no start line");

  // Split into lines up to the empty line; accept bare LF as well as CRLF.
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  bool found_end = false;
  while (pos < bytes.size()) {
    const auto nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) {
      lines.push_back(bytes.substr(pos));
      pos = bytes.size();
      break;
    }
    auto line = bytes.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = nl + 1;
    if (line.empty()) {
      found_end = true;
      break;
    }
    lines.push_back(line);
  }
  const std::string_view rest = found_end ? bytes.substr(pos) : std::string_view{};

  // Start line: exactly single spaces between the three elements.
  const auto start = lines.front();
  auto msg = std::make_shared<message>();
  // A request line that is wrong (RFC 4475 3.1.2.7-3.1.2.11) still deserves
  // a 400: remember the error, read the headers, then fail with them.
  std::optional<std::pair<parse_error, std::string>> start_error;
  {
    const auto sp1 = start.find(' ');
    const auto sp2 = sp1 == std::string_view::npos ? sp1 : start.find(' ', sp1 + 1);
    if (sp1 == std::string_view::npos || sp2 == std::string_view::npos)
      return fail(parse_error::bad_start_line, "fewer than three elements");
    const auto a = start.substr(0, sp1);
    const auto b = start.substr(sp1 + 1, sp2 - sp1 - 1);
    const auto c = start.substr(sp2 + 1);
    if (text::iequals(a.substr(0, std::min<std::size_t>(a.size(), 4)), "SIP/") &&
        valid_version(a)) {
      // Status-Line
      if (b.size() != 3 || !text::parse_uint(b, 699) || b[0] < '1')
        return fail(parse_error::bad_start_line, "bad status code");
      *msg = message::make_response(static_cast<int>(*text::parse_uint(b, 699)), std::string(c));
      msg->reason = std::string(c);
      msg->version = std::string(a);
    } else {
      if (!text::is_token(a)) return fail(parse_error::bad_start_line, "bad method");
      *msg = message::make_request(std::string(a), uri{});
      auto u = parse_uri(b);
      if (!valid_version(c)) {
        start_error = {parse_error::bad_start_line, "bad SIP-Version"};
      } else if (!u) {
        start_error = {parse_error::bad_request_uri, u.error().reason};
      } else if (!u->headers.empty()) {  // RFC 3261 19.1.1: not allowed in a Request-URI
        start_error = {parse_error::bad_request_uri, "headers in Request-URI"};
      } else {
        msg->request_uri = std::move(*u);
        msg->version = std::string(c);
      }
    }
  }

  // Header lines, undoing folding (a line starting with SP/HT continues).
  // A header over the limits is left out and the message fails after the
  // others are read, so that a request can still be answered (513).
  std::optional<std::pair<parse_error, std::string>> limit_error;
  std::vector<raw_line> raw;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto line = lines[i];
    // A bare CR inside a header line is never valid, and copying it into a
    // response would let a peer inject header lines. (A NUL can be legal: a
    // quoted-pair in RFC 4475 intmeth.)
    if (line.find('\r') != std::string_view::npos)
      return fail(parse_error::bad_header_line, "CR inside a header line");
    if (line.front() == ' ' || line.front() == '\t') {
      if (raw.empty()) return fail(parse_error::bad_header_line, "folding before first header");
      if (raw.back().dropped) continue;
      raw.back().unfolded += ' ';
      raw.back().unfolded += text::trim(line);
    } else {
      raw.push_back(raw_line{line, std::string(line), false});
    }
    if (!raw.empty() && raw.back().unfolded.size() > limits.max_header_length) {
      if (!limit_error)
        limit_error = {parse_error::header_too_long, std::string(raw.back().first.substr(0, 32))};
      raw.back().unfolded.clear();
      raw.back().dropped = true;  // and its later folded lines with it
    }
  }
  if (raw.size() > limits.max_headers) {
    if (!limit_error) limit_error = {parse_error::too_many_headers, std::to_string(raw.size())};
    raw.resize(limits.max_headers);
  }

  for (const auto& r : raw) {
    const std::string_view line = r.unfolded;
    if (r.dropped) continue;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return fail(parse_error::bad_header_line, "no colon", msg);
    const auto name = text::trim(line.substr(0, colon));
    if (!text::is_token(name)) return fail(parse_error::bad_header_line, "bad header name", msg);
    const auto value = text::trim(line.substr(colon + 1));
    auto canon = canonical_header_name(name);
    if (header_is_list(canon)) {
      for (auto item : text::split_top_level(value, ',')) {
        if (item.empty()) continue;
        msg->headers.push_back(header_field{canon, std::string(item)});
      }
    } else {
      msg->headers.push_back(header_field{std::move(canon), std::string(value)});
    }
    if (msg->headers.size() > limits.max_headers) {
      msg->headers.resize(limits.max_headers);
      if (!limit_error) limit_error = {parse_error::too_many_headers, std::to_string(msg->headers.size())};
      break;
    }
  }

  if (start_error) return fail(start_error->first, start_error->second, msg);
  if (limit_error) return fail(limit_error->first, limit_error->second, msg);

  // Body framing.
  if (const auto* cl = msg->header("Content-Length")) {
    const auto n = text::parse_uint(*cl, limits.max_message_size);
    if (!n) return fail(parse_error::bad_content_length, *cl, msg);
    if (*n > rest.size())
      return fail(parse_error::body_truncated,
                  *cl + " announced, " + std::to_string(rest.size()) + " received", msg);
    msg->body = std::string(rest.substr(0, *n));
  } else {
    msg->body = std::string(rest);
  }

  // The version check comes after the headers so a 505 can be answered.
  if (!is_sip20(msg->version)) return fail(parse_error::bad_version, msg->version, msg);

  // Mandatory headers every transaction needs (RFC 3261 8.1.1).
  for (const char* h : {"Via", "From", "To", "Call-ID", "CSeq"})
    if (!msg->has_header(h)) return fail(parse_error::missing_header, h, msg);
  for (const auto& h : msg->headers)
    if (h.name == "Via" && !parse_via(h.value)) return fail(parse_error::bad_via, h.value, msg);
  for (const char* h :
       {"Call-ID", "CSeq", "From", "To", "Max-Forwards", "Content-Length", "Content-Type"})
    if (msg->header_count(h) > 1) return fail(parse_error::duplicate_header, h, msg);
  const auto cs = msg->cseq();
  if (!cs) return fail(parse_error::bad_cseq, *msg->header("CSeq"), msg);
  if (!msg->from() || !msg->to()) return fail(parse_error::bad_from_to, "From/To", msg);
  if (msg->call_id().empty() || msg->call_id().find_first_of(" \t") != std::string::npos)
    return fail(parse_error::bad_header_line, "bad Call-ID", msg);
  for (const auto& h : msg->headers) {
    if (h.name == "Contact" && !parse_name_addr(h.value))
      return fail(parse_error::bad_header_value, "Contact: " + h.value, msg);
    // RFC 3261 20.17: rfc1123-date, always GMT (RFC 4475 3.1.2.12).
    if (h.name == "Date" && !h.value.ends_with(" GMT"))
      return fail(parse_error::bad_header_value, "Date: " + h.value, msg);
  }
  if (msg->is_request()) {
    // ACK and CANCEL carry the INVITE's number with their own method.
    if (cs->method != msg->method)
      return fail(parse_error::cseq_method_mismatch, cs->method + " vs " + msg->method, msg);
    if (const auto* mf = msg->header("Max-Forwards"); mf != nullptr && !text::parse_uint(*mf, 255))
      return fail(parse_error::bad_max_forwards, *mf, msg);
  }
  return std::move(*msg);
}

}  // namespace cmr::sip
