// Expiring signed download URLs for HTTP mode (DESIGN.md sections 8 and 9):
//   <base>/<percent-encoded ResourceId>?exp=<unix seconds>&sig=<hex HMAC>
// where sig = HMAC-SHA256(secret, ResourceId "\n" exp) in lowercase hex.
// The exp text is signed as it appears in the URL, so no re-formatting can
// make two URLs share a signature. Hex rather than base64: no characters that
// need escaping anywhere (query, SIP Alert-Info <...>).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/text.h"
#include "store/model.h"

namespace cmr::media {

enum class url_check : std::uint8_t { ok, bad_signature, expired };

class url_signer {
public:
  // An empty secret is replaced by a random one: URLs then stop working at
  // restart, which is safe (they are per call) but worth configuring.
  explicit url_signer(std::string secret);

  [[nodiscard]] std::string signature(std::string_view resource_id, std::string_view expires) const;
  // base: e.g. "http://127.0.0.1:8080/cmr/1/content" (a trailing '/' is fine).
  [[nodiscard]] std::string make_url(std::string_view base, std::string_view resource_id,
                                     store::timestamp expires_at) const;
  // The signature is checked first (constant time), so "expired" is only
  // ever said about a URL this server issued. now >= exp is expired.
  [[nodiscard]] url_check verify(std::string_view resource_id, std::string_view expires,
                                 std::string_view signature, store::timestamp now) const;

private:
  std::string secret_;
};

// RFC 3986 path segment encoding (everything but unreserved characters) and
// its decoding (nullopt for a malformed escape): common/text.h.
using cmr::text::percent_decode;
using cmr::text::percent_encode;

}  // namespace cmr::media
