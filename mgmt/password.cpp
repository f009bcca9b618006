#include "mgmt/password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sys/random.h>

#include <cerrno>
#include <vector>

namespace cmr::mgmt {
namespace {

constexpr std::size_t k_salt = 16;
constexpr std::size_t k_key = 32;

std::string to_hex(const unsigned char* p, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  s.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    s += digits[p[i] >> 4];
    s += digits[p[i] & 0x0f];
  }
  return s;
}

std::optional<std::vector<unsigned char>> from_hex(std::string_view s) {
  if (s.size() % 2 != 0) return std::nullopt;
  std::vector<unsigned char> out;
  const auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); i += 2) {
    const int h = nib(s[i]), l = nib(s[i + 1]);
    if (h < 0 || l < 0) return std::nullopt;
    out.push_back(static_cast<unsigned char>(h * 16 + l));
  }
  return out;
}

bool fill_random(unsigned char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t got = ::getrandom(p, n, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += got;
    n -= static_cast<std::size_t>(got);
  }
  return true;
}

bool derive(std::string_view password, const unsigned char* salt, std::size_t salt_len,
            std::uint32_t iterations, unsigned char* out) {
  return PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt,
                           static_cast<int>(salt_len), static_cast<int>(iterations), EVP_sha256(),
                           static_cast<int>(k_key), out) == 1;
}

}  // namespace

std::optional<std::string> random_hex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (!fill_random(buf.data(), buf.size())) return std::nullopt;
  return to_hex(buf.data(), buf.size());
}

std::optional<std::string> hash_password(std::string_view password, std::uint32_t iterations) {
  unsigned char salt[k_salt];
  unsigned char key[k_key];
  if (!fill_random(salt, sizeof salt) || !derive(password, salt, sizeof salt, iterations, key))
    return std::nullopt;
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + to_hex(salt, sizeof salt) + "$" +
         to_hex(key, sizeof key);
}

bool verify_password(std::string_view password, std::string_view stored) {
  constexpr std::string_view tag = "pbkdf2-sha256$";
  if (stored.substr(0, tag.size()) != tag) return false;
  stored.remove_prefix(tag.size());
  const auto d1 = stored.find('$');
  const auto d2 = stored.find('$', d1 == std::string_view::npos ? d1 : d1 + 1);
  if (d1 == std::string_view::npos || d2 == std::string_view::npos) return false;
  std::uint32_t iterations = 0;
  for (char c : stored.substr(0, d1)) {
    if (c < '0' || c > '9' || iterations > 100000000) return false;
    iterations = iterations * 10 + static_cast<std::uint32_t>(c - '0');
  }
  const auto salt = from_hex(stored.substr(d1 + 1, d2 - d1 - 1));
  const auto expected = from_hex(stored.substr(d2 + 1));
  if (iterations == 0 || !salt || !expected || expected->size() != k_key) return false;
  unsigned char key[k_key];
  if (!derive(password, salt->data(), salt->size(), iterations, key)) return false;
  return CRYPTO_memcmp(key, expected->data(), k_key) == 0;
}

}  // namespace cmr::mgmt
