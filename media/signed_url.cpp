#include "media/signed_url.h"

#include <charconv>

#include "media/digest.h"
#include "store/log.h"

namespace cmr::media {
namespace {

std::optional<std::int64_t> parse_unix(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
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

std::string percent_encode(std::string_view s) {
  static constexpr char k_digits[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(k_digits[u >> 4]);
      out.push_back(k_digits[u & 0x0F]);
    }
  }
  return out;
}

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    const int hi = hex_value(s[i + 1]);
    const int lo = hex_value(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>((hi << 4) | lo));
    i += 2;
  }
  return out;
}

}  // namespace cmr::media
