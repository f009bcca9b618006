#include "media/signed_url.h"

#include <charconv>

#include "media/digest.h"
#include "media/log.h"

namespace cmr::media {
namespace {

std::optional<std::int64_t> parse_unix(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

}  // namespace

url_signer::url_signer(std::string secret) : secret_(std::move(secret)) {
  if (secret_.empty()) {
    secret_ = random_hex(32);
    CMR_LOG(media, notice, "no download URL secret configured: using a random one");
  }
}

std::string url_signer::signature(std::string_view resource_id, std::string_view expires) const {
  std::string msg(resource_id);
  msg += '\n';
  msg += expires;
  return to_hex(hmac_sha256(secret_, msg));
}

std::string url_signer::make_url(std::string_view base, std::string_view resource_id,
                                 store::timestamp expires_at) const {
  const auto exp = std::to_string(expires_at.time_since_epoch().count());
  std::string url(base);
  if (url.empty() || url.back() != '/') url += '/';
  url += percent_encode(resource_id);
  url += "?exp=" + exp + "&sig=" + signature(resource_id, exp);
  return url;
}

url_check url_signer::verify(std::string_view resource_id, std::string_view expires,
                             std::string_view sig, store::timestamp now) const {
  const auto exp = parse_unix(expires);
  const auto given = digest_from_hex(sig);
  if (!exp || !given) return url_check::bad_signature;
  const auto expected =
      hmac_sha256(secret_, std::string(resource_id) + "\n" + std::string(expires));
  if (!constant_time_equal(*given, expected)) return url_check::bad_signature;
  if (now.time_since_epoch().count() >= *exp) return url_check::expired;
  return url_check::ok;
}

}  // namespace cmr::media
