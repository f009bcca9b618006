#include "sip/message/name_addr.h"

#include "sip/message/text.h"

namespace cmr::sip {

namespace {

result<name_addr, name_addr_error> fail(std::string reason) {
  return unexpected(name_addr_error{std::move(reason)});
}

// Display name as tokens separated by LWS (RFC 3261: *(token LWS)).
bool valid_token_display(std::string_view s) {
  for (char c : s)
    if (!text::is_token_char(c) && !text::is_ws(c)) return false;
  return true;
}

}  // namespace

result<name_addr, name_addr_error> parse_name_addr(std::string_view value) {
  value = text::trim(value);
  name_addr na;
  if (value == "*") {
    na.wildcard = true;
    return na;
  }
  std::string_view after;
  const auto lt = text::find_top_level(value, '<');
  if (!value.empty() && value.front() == '"') {
    // quoted display name, then '<'
    std::size_t i = 1;
    for (; i < value.size(); ++i) {
      if (value[i] == '\\') {
        ++i;
        continue;
      }
      if (value[i] == '"') break;
    }
    if (i >= value.size()) return fail("unterminated display name");
    auto display = text::unquote(value.substr(0, i + 1));
    if (!display) return fail("bad quoted display name");
    na.display_name = std::move(*display);
    na.quoted_display = true;
    value = text::trim(value.substr(i + 1));
    if (value.empty() || value.front() != '<') return fail("display name without <uri>");
  }
  if (!value.empty() && (value.front() == '<' || lt != std::string_view::npos)) {
    const auto open = value.front() == '<' ? 0 : lt;
    if (open > 0) {
      const auto display = text::trim(value.substr(0, open));
      if (!valid_token_display(display)) return fail("bad display name");
      na.display_name = std::string(display);
    }
    const auto close = value.find('>', open);
    if (close == std::string_view::npos) return fail("missing '>'");
    auto u = parse_uri(value.substr(open + 1, close - open - 1));
    if (!u) return fail("bad URI: " + u.error().reason);
    na.uri = std::move(*u);
    after = text::trim(value.substr(close + 1));
  } else {
    // addr-spec: the URI may not contain ';' params (RFC 3261 20.10), so the
    // first ';' after the host part starts the header parameters. A user part
    // may contain ';' (RFC 4475 semiuri), hence "after the '@'".
    const auto at = value.find('@');
    const auto from = at == std::string_view::npos ? 0 : at;
    const auto semi = value.find(';', from);
    const auto uri_text = text::trim(value.substr(0, semi));
    for (char c : uri_text)
      if (text::is_ws(c)) return fail("whitespace in addr-spec");
    auto u = parse_uri(uri_text);
    if (!u) return fail("bad URI: " + u.error().reason);
    if (!u->headers.empty()) return fail("addr-spec with URI headers needs <...>");
    na.uri = std::move(*u);
    after = semi == std::string_view::npos ? std::string_view{} : value.substr(semi);
  }
  if (!after.empty()) {
    if (after.front() != ';') return fail("junk after URI");
    auto params = param_list::parse(after.substr(1));
    if (!params) return fail("bad header parameters");
    na.params = std::move(*params);
  }
  return na;
}

std::string name_addr::to_string() const {
  if (wildcard) return "*";
  std::string out;
  if (!display_name.empty())
    out = (quoted_display ? text::quote(display_name) : display_name) + " ";
  out += "<" + uri.to_string() + ">";
  out += params.to_string();
  return out;
}

}  // namespace cmr::sip
