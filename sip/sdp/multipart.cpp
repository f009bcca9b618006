#include "sip/sdp/multipart.h"

#include "sip/message/header_names.h"
#include "sip/message/text.h"

namespace cmr::sip {

const std::string* body_part::header(std::string_view name) const {
  const auto canon = canonical_header_name(name);
  for (const auto& h : headers)
    if (text::iequals(h.name, canon)) return &h.value;
  return nullptr;
}

std::optional<media_type> body_part::content_type() const {
  const auto* v = header("Content-Type");
  // RFC 2046 5.1: a part without Content-Type is text/plain.
  return v == nullptr ? parse_media_type("text/plain") : parse_media_type(*v);
}

std::optional<content_disposition> body_part::disposition() const {
  const auto* v = header("Content-Disposition");
  if (v == nullptr) return std::nullopt;
  return parse_content_disposition(*v);
}

result<std::vector<body_part>, multipart_error> parse_multipart(std::string_view body,
                                                                std::string_view boundary) {
  if (boundary.empty() || boundary.size() > 70) return unexpected(multipart_error{"bad boundary"});
  const std::string delim = "--" + std::string(boundary);
  // The first delimiter may open the body; later ones follow a CRLF that
  // belongs to the delimiter, not to the part (RFC 2046 5.1.1).
  std::size_t pos = body.starts_with(delim) ? 0 : body.find("\r\n" + delim);
  if (pos == std::string_view::npos) return unexpected(multipart_error{"no delimiter"});
  if (pos != 0) pos += 2;
  std::vector<body_part> parts;
  while (true) {
    pos += delim.size();
    if (body.substr(pos, 2) == "--") return parts;  // close-delimiter
    const auto eol = body.find("\r\n", pos);  // rest of the delimiter line (transport padding)
    if (eol == std::string_view::npos) return unexpected(multipart_error{"truncated"});
    const auto start = eol + 2;
    const auto next = body.find("\r\n" + delim, start - 2);
    if (next == std::string_view::npos) return unexpected(multipart_error{"no close delimiter"});
    const auto raw = next >= start ? body.substr(start, next - start) : std::string_view{};
    body_part part;
    // Part headers end at an empty line; a part may have none.
    std::size_t hpos = 0;
    while (true) {
      const auto nl = raw.find("\r\n", hpos);
      if (nl == std::string_view::npos || nl == hpos) {
        hpos = nl == std::string_view::npos ? raw.size() : nl + 2;
        break;
      }
      const auto line = raw.substr(hpos, nl - hpos);
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) return unexpected(multipart_error{"bad part header"});
      // The name is a token from the start of the line (RFC 2045 / RFC 822
      // field-name; whitespace only before the colon). A name with a CR or
      // LF in it, or after one, would be written back as a line of its own,
      // possibly a delimiter, and the serialised body would split elsewhere.
      std::string_view name = line.substr(0, colon);
      while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
      if (!text::is_token(name)) return unexpected(multipart_error{"bad part header name"});
      part.headers.push_back(header_field{canonical_header_name(name),
                                          std::string(text::trim(line.substr(colon + 1)))});
      hpos = nl + 2;
    }
    part.body = std::string(raw.substr(std::min(hpos, raw.size())));
    parts.push_back(std::move(part));
    pos = next + 2;
  }
}

std::string serialize_multipart(const std::vector<body_part>& parts, std::string_view boundary) {
  std::string out;
  for (const auto& p : parts) {
    out += "--";
    out += boundary;
    out += "\r\n";
    for (const auto& h : p.headers) out += h.name + ": " + h.value + "\r\n";
    out += "\r\n";
    out += p.body;
    out += "\r\n";
  }
  out += "--";
  out += boundary;
  out += "--\r\n";
  return out;
}

std::optional<body_part> find_body_part(const message& msg, std::string_view type,
                                        std::string_view subtype, std::string_view disposition) {
  const auto* ct = msg.header("Content-Type");
  if (ct == nullptr || msg.body.empty()) return std::nullopt;
  const auto mt = parse_media_type(*ct);
  if (!mt) return std::nullopt;
  auto matches = [&](const body_part& p) {
    const auto pt = p.content_type();
    if (!pt || !pt->is(type, subtype)) return false;
    if (disposition.empty()) return true;
    const auto d = p.disposition();
    // No Content-Disposition on an SDP body means "session" (RFC 3261 20.11).
    const std::string dtype = d ? d->type : std::string("session");
    return text::iequals(dtype, disposition);
  };
  if (mt->is("multipart", "mixed") || mt->is("multipart", "alternative")) {
    const auto boundary = mt->param("boundary");
    if (!boundary) return std::nullopt;
    auto parts = parse_multipart(msg.body, *boundary);
    if (!parts) return std::nullopt;
    for (auto& p : *parts)
      if (matches(p)) return std::move(p);
    return std::nullopt;
  }
  body_part whole;
  whole.headers.push_back(header_field{"Content-Type", *ct});
  if (const auto* cd = msg.header("Content-Disposition"))
    whole.headers.push_back(header_field{"Content-Disposition", *cd});
  whole.body = msg.body;
  if (matches(whole)) return whole;
  return std::nullopt;
}

}  // namespace cmr::sip
