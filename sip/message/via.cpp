#include "sip/message/via.h"

#include <cctype>

#include "sip/message/text.h"
#include "sip/message/uri.h"

namespace cmr::sip {

namespace {
result<via, via_error> fail(std::string reason) {
  return unexpected(via_error{std::move(reason)});
}
}  // namespace

result<via, via_error> parse_via(std::string_view value) {
  // sent-protocol = name LWS? "/" LWS? version LWS? "/" LWS? transport; LWS
  // is allowed around the slashes (RFC 4475 wsinv).
  via v;
  std::string_view s = text::trim(value);
  std::string parts[3];
  for (int i = 0; i < 3; ++i) {
    s = text::trim(s);
    std::size_t n = 0;
    while (n < s.size() && text::is_token_char(s[n])) ++n;
    if (n == 0) return fail("bad sent-protocol");
    parts[i] = std::string(s.substr(0, n));
    s = text::trim(s.substr(n));
    if (i < 2) {
      if (s.empty() || s.front() != '/') return fail("bad sent-protocol");
      s.remove_prefix(1);
    }
  }
  if (!text::iequals(parts[0], "SIP")) return fail("protocol is not SIP");
  v.protocol = "SIP/" + parts[1];
  for (auto& c : parts[2]) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  v.transport = parts[2];
  // sent-by: host [":" port], then params
  const auto semi = text::find_top_level(s, ';');
  std::string_view sent_by = text::trim(s.substr(0, semi));
  if (sent_by.empty()) return fail("missing sent-by");
  if (sent_by.front() == '[') {
    const auto close = sent_by.find(']');
    if (close == std::string_view::npos) return fail("bad IPv6 sent-by");
    v.host = std::string(sent_by.substr(1, close - 1));
    v.ipv6 = true;
    sent_by = text::trim(sent_by.substr(close + 1));
  } else {
    const auto colon = sent_by.find(':');
    v.host = std::string(text::trim(sent_by.substr(0, colon)));
    sent_by = colon == std::string_view::npos ? std::string_view{} : sent_by.substr(colon);
  }
  if (!valid_host(v.host, v.ipv6)) return fail("bad sent-by host");
  if (!sent_by.empty()) {
    if (sent_by.front() != ':') return fail("junk after sent-by host");
    const auto port = text::parse_uint(text::trim(sent_by.substr(1)), 65535);
    if (!port) return fail("bad sent-by port");
    v.port = static_cast<std::uint16_t>(*port);
  }
  if (semi != std::string_view::npos) {
    auto params = param_list::parse(s.substr(semi + 1));
    if (!params) return fail("bad Via parameters");
    v.params = std::move(*params);
  }
  return v;
}

std::optional<std::uint16_t> via::rport() const {
  const auto value = params.get("rport");
  if (!value || value->empty()) return std::nullopt;
  const auto number = text::parse_uint(*value, 65535);
  if (!number) return std::nullopt;
  return static_cast<std::uint16_t>(*number);
}

std::string via::sent_by() const {
  std::string out = ipv6 ? "[" + host + "]" : text::to_lower(host);
  out += ":" + std::to_string(port.value_or(transport == "TLS" ? 5061 : 5060));
  return out;
}

std::string via::to_string() const {
  std::string out = protocol + "/" + transport + " ";
  out += ipv6 ? "[" + host + "]" : host;
  if (port) out += ":" + std::to_string(*port);
  out += params.to_string();
  return out;
}

}  // namespace cmr::sip
