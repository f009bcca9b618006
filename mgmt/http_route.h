// Which route a request target names. The path is split into segments
// first and each segment is then percent-decoded (RFC 3986 sections 2.1 and
// 3.3), so that a ResourceId holding '/' travels as %2F inside one segment
// and is never mistaken for a separator:
//   /cmr/1/<Operation>                  a CMR message (POST)
//   /cmr/1/resources/<ResourceId>/content  content upload (PUT)
//   /cmr/1/content/<ResourceId>         signed download (GET, HEAD; the
//                                       download service reads the query)
//   /metrics                            Prometheus exposition (GET, HEAD;
//                                       the query is ignored)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cmr::mgmt {

struct http_route {
  enum class kind : std::uint8_t { cmr, upload, download, metrics, not_found };
  kind what = kind::not_found;
  std::string name;  // the Operation (cmr) or the ResourceId (upload, download)
};

// The path's segments, percent-decoded; nullopt when a '%' is not followed
// by two hex digits, or a segment decodes to invalid UTF-8 or a character
// outside XML Char (such a name could never be an Operation or a
// ResourceId, and must not be echoed).
std::optional<std::vector<std::string>> decode_path(std::string_view target);

// nullopt: malformed percent-encoding (HTTP 400).
std::optional<http_route> route_of(std::string_view target);

}  // namespace cmr::mgmt
