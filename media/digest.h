// SHA-256 and HMAC-SHA256 (OpenSSL libcrypto) plus hex helpers, for content
// ETags/file names and signed download URLs.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cmr::media {

using digest256 = std::array<std::uint8_t, 32>;

digest256 sha256(std::span<const std::uint8_t> data);
digest256 hmac_sha256(std::string_view key, std::string_view message);

std::string to_hex(std::span<const std::uint8_t> bytes);  // lowercase
// Lowercase or uppercase hex of exactly 32 bytes; nullopt otherwise.
std::optional<digest256> digest_from_hex(std::string_view hex);
// Compares in time independent of where the inputs differ (signatures).
bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);
// Cryptographically random bytes as hex (a signing secret when none is configured).
std::string random_hex(std::size_t bytes);

}  // namespace cmr::media
