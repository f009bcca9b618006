#include "sip/message/uri.h"

#include "sip/message/text.h"

namespace cmr::sip {

namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_unreserved(char c) {
  if (is_alnum(c)) return true;
  switch (c) {
    case '-':
    case '_':
    case '.':
    case '!':
    case '~':
    case '*':
    case '\'':
    case '(':
    case ')':
      return true;
    default:
      return false;
  }
}
bool user_char(char c) {
  if (is_unreserved(c)) return true;
  switch (c) {
    case '&':
    case '=':
    case '+':
    case '$':
    case ',':
    case ';':
    case '?':
    case '/':
      return true;
    default:
      return false;
  }
}
bool password_char(char c) {
  if (is_unreserved(c)) return true;
  switch (c) {
    case '&':
    case '=':
    case '+':
    case '$':
    case ',':
      return true;
    default:
      return false;
  }
}
// Raw characters allowed in user/password before decoding (escapes included).
bool raw_user_char(char c) {
  return user_char(c) || c == '%';
}
bool raw_password_char(char c) {
  return password_char(c) || c == '%';
}

bool valid_scheme(std::string_view s) {
  if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) return false;
  for (char c : s)
    if (!is_alnum(c) && c != '+' && c != '-' && c != '.') return false;
  return true;
}

bool param_char(char c) {
  if (is_unreserved(c)) return true;
  switch (c) {
    case '[':
    case ']':
    case '/':
    case ':':
    case '&':
    case '+':
    case '$':
    case '%':
    case '=':
      return true;
    default:
      return false;
  }
}

}  // namespace

bool valid_host(std::string_view host, bool bracketed) {
  if (host.empty()) return false;
  if (bracketed) {
    for (char c : host)
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
            c == ':' || c == '.'))
        return false;
    return host.find(':') != std::string_view::npos;
  }
  // hostname or IPv4: labels of alnum and '-', separated by dots.
  if (host.front() == '.' || host.front() == '-') return false;
  for (char c : host)
    if (!is_alnum(c) && c != '-' && c != '.') return false;
  return true;
}

result<uri, uri_error> parse_uri(std::string_view text) {
  uri u;
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || !valid_scheme(text.substr(0, colon)))
    return unexpected(uri_error{"no scheme"});
  u.scheme = text::to_lower(text.substr(0, colon));
  std::string_view rest = text.substr(colon + 1);
  for (char c : rest)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      return unexpected(uri_error{"whitespace or control character in URI"});
  // Never URI characters (RFC 3986 2, RFC 3261 25.1), and the delimiters of
  // name-addr: a URI holding one could not be written back inside <...>
  // (From, To, Contact, Route of the requests the AS builds from it).
  if (rest.find_first_of("<>\"") != std::string_view::npos)
    return unexpected(uri_error{"'<', '>' or '\"' in URI"});

  if (u.scheme == "tel") {
    const auto semi = rest.find(';');
    u.user = std::string(rest.substr(0, semi));
    u.has_user = true;
    if (u.user.empty()) return unexpected(uri_error{"empty telephone number"});
    if (semi != std::string_view::npos) {
      auto params = param_list::parse(rest.substr(semi + 1));
      if (!params) return unexpected(uri_error{"bad tel parameters"});
      u.params = std::move(*params);
    }
    return u;
  }
  if (!u.is_sip()) {
    if (rest.empty()) return unexpected(uri_error{"empty opaque URI"});
    u.opaque = std::string(rest);
    return u;
  }

  // userinfo: everything up to the '@' ('@' is allowed nowhere else raw).
  const auto at = rest.find('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    std::string_view user = userinfo;
    const auto pw = userinfo.find(':');
    if (pw != std::string_view::npos) {
      user = userinfo.substr(0, pw);
      const auto password = userinfo.substr(pw + 1);
      for (char c : password)
        if (!raw_password_char(c)) return unexpected(uri_error{"bad password character"});
      auto decoded = text::percent_decode(password);
      if (!decoded) return unexpected(uri_error{"bad escape in password"});
      u.password = std::move(*decoded);
    }
    if (user.empty()) return unexpected(uri_error{"empty user"});
    for (char c : user)
      if (!raw_user_char(c)) return unexpected(uri_error{"bad user character"});
    auto decoded = text::percent_decode(user);
    if (!decoded) return unexpected(uri_error{"bad escape in user"});
    u.user = std::move(*decoded);
    u.has_user = true;
  }

  // hostport
  std::size_t host_end = 0;
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    if (close == std::string_view::npos)
      return unexpected(uri_error{"unterminated IPv6 reference"});
    u.host = std::string(rest.substr(1, close - 1));
    u.ipv6 = true;
    if (!valid_host(u.host, true)) return unexpected(uri_error{"bad IPv6 reference"});
    host_end = close + 1;
  } else {
    host_end = rest.find_first_of(":;?");
    if (host_end == std::string_view::npos) host_end = rest.size();
    u.host = text::to_lower(rest.substr(0, host_end));
    if (!valid_host(u.host, false)) return unexpected(uri_error{"bad host"});
  }
  rest = rest.substr(host_end);
  if (!rest.empty() && rest.front() == ':') {
    auto port_end = rest.find_first_of(";?");
    if (port_end == std::string_view::npos) port_end = rest.size();
    const auto port = text::parse_uint(rest.substr(1, port_end - 1), 65535);
    if (!port) return unexpected(uri_error{"bad port"});
    u.port = static_cast<std::uint16_t>(*port);
    rest = rest.substr(port_end);
  }
  if (!rest.empty() && rest.front() == ';') {
    auto params_end = rest.find('?');
    if (params_end == std::string_view::npos) params_end = rest.size();
    const auto raw = rest.substr(1, params_end - 1);
    for (char c : raw)
      if (!param_char(c) && c != ';') return unexpected(uri_error{"bad uri-parameter character"});
    auto params = param_list::parse(raw);
    if (!params) return unexpected(uri_error{"bad uri-parameters"});
    u.params = std::move(*params);
    rest = rest.substr(params_end);
  }
  if (!rest.empty() && rest.front() == '?') {
    u.headers = std::string(rest.substr(1));
    rest = {};
  }
  if (!rest.empty()) return unexpected(uri_error{"trailing characters after host"});
  return u;
}

std::string uri::host_port() const {
  std::string out = ipv6 ? "[" + host + "]" : host;
  if (port) out += ":" + std::to_string(*port);
  return out;
}

std::string uri::to_string() const {
  std::string out = scheme + ":";
  if (scheme == "tel") return out + user + params.to_string();
  if (!is_sip()) return out + opaque;
  if (has_user) {
    out += text::percent_encode(user, user_char);
    if (password) out += ":" + text::percent_encode(*password, password_char);
    out += "@";
  }
  out += host_port();
  out += params.to_string();
  if (!headers.empty()) out += "?" + headers;
  return out;
}

bool uri::same_address(const uri& o) const {
  const auto transport = params.get("transport").value_or("");
  const auto other_transport = o.params.get("transport").value_or("");
  return scheme == o.scheme && user == o.user && text::iequals(host, o.host) && port == o.port &&
         text::iequals(transport, other_transport) && opaque == o.opaque;
}

}  // namespace cmr::sip
