// P-Early-Media (RFC 5009): "supported" in requests, and per-stream
// authorization (sendrecv, sendonly, recvonly, inactive) plus "gated" in
// responses and in-dialog requests.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cmr::sip {

enum class early_media_param { supported, sendrecv, sendonly, recvonly, inactive, gated };

const char* to_string(early_media_param p);

struct p_early_media {
  std::vector<early_media_param> params;  // in order; one direction per m= line
  // Unknown parameters (em-param is extensible: token) kept for forwarding.
  std::vector<std::string> extensions;

  [[nodiscard]] bool has(early_media_param p) const;
  [[nodiscard]] std::string to_string() const;
};

// Accepts the value of one or more P-Early-Media headers joined by commas.
std::optional<p_early_media> parse_p_early_media(std::string_view value);

}  // namespace cmr::sip
