// Subscriber passwords: PBKDF2-HMAC-SHA256 (OpenSSL libcrypto) with a random
// 16-byte salt, stored as "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>"
// so the iteration count can be raised later without invalidating old hashes.
// Session keys: 128 random bits from getrandom(2), as 32 hex digits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cmr::mgmt {

// nullopt only when the kernel's random source fails.
std::optional<std::string> hash_password(std::string_view password, std::uint32_t iterations);
// Constant-time comparison of the derived key; false for a malformed hash.
bool verify_password(std::string_view password, std::string_view stored);
std::optional<std::string> random_hex(std::size_t bytes);

}  // namespace cmr::mgmt
