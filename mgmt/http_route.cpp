#include "mgmt/http_route.h"

#include "media/signed_url.h"
#include "mgmt/lexical.h"

namespace cmr::mgmt {

std::optional<std::vector<std::string>> decode_path(std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  std::vector<std::string> segments;
  if (path.empty() || path.front() != '/') return segments;  // no origin-form path: nothing routes
  std::string_view rest = path.substr(1);
  while (true) {
    const auto slash = rest.find('/');
    auto segment = media::percent_decode(rest.substr(0, slash));
    if (!segment || !valid_utf8(*segment) || has_non_xml_char(*segment)) return std::nullopt;
    segments.push_back(std::move(*segment));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return segments;
}

std::optional<http_route> route_of(std::string_view target) {
  auto segments = decode_path(target);
  if (!segments) return std::nullopt;
  const auto& s = *segments;
  http_route r;
  if (s.size() == 1 && s[0] == "metrics") {
    r.what = http_route::kind::metrics;
    return r;
  }
  if (s.size() < 3 || s[0] != "cmr" || s[1] != "1") return r;
  if (s.size() == 3) {
    r.what = http_route::kind::cmr;
    r.name = s[2];
  } else if (s.size() == 5 && s[2] == "resources" && s[4] == "content" && !s[3].empty()) {
    r.what = http_route::kind::upload;
    r.name = s[3];
  } else if (s.size() == 4 && s[2] == "content" && !s[3].empty()) {
    r.what = http_route::kind::download;
    r.name = s[3];
  }
  return r;
}

}  // namespace cmr::mgmt
