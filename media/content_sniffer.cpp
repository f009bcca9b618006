#include "media/content_sniffer.h"

#include <algorithm>
#include <array>

namespace cmr::media {
namespace {

std::string_view as_text(std::span<const std::uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

bool starts_with(std::span<const std::uint8_t> b, std::string_view magic, std::size_t at = 0) {
  return b.size() >= at + magic.size() && as_text(b).substr(at, magic.size()) == magic;
}

std::uint32_t be32(std::span<const std::uint8_t> b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
         (std::uint32_t{b[at + 2]} << 8) | std::uint32_t{b[at + 3]};
}

// ISO BMFF (MP4, 3GPP): the file starts with an 'ftyp' box whose size fits
// the file; returns the brands (major first, then the compatible ones).
std::optional<std::string> ftyp_brands(std::span<const std::uint8_t> b) {
  if (!starts_with(b, "ftyp", 4)) return std::nullopt;
  const std::uint32_t size = be32(b, 0);
  if (size < 16 || size > b.size() || size % 4 != 0) return std::nullopt;
  std::string brands(as_text(b).substr(8, 4));
  for (std::size_t at = 16; at + 4 <= size; at += 4) brands += as_text(b).substr(at, 4);
  return brands;
}

bool has_3gpp_brand(const std::string& brands) {
  for (std::size_t at = 0; at + 4 <= brands.size(); at += 4) {
    const auto brand = std::string_view(brands).substr(at, 4);
    if (brand.starts_with("3gp") || brand.starts_with("3g2") || brand.starts_with("3ge") ||
        brand.starts_with("3gg") || brand.starts_with("3gr") || brand.starts_with("3gs"))
      return true;
  }
  return false;
}

char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

bool iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (ascii_upper(s[i]) != prefix[i]) return false;
  return true;
}

std::optional<std::string> check_vcard(std::string_view s) {
  if (!is_valid_utf8(s)) return "vCard is not valid UTF-8";
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  if (!iequals_prefix(s, "BEGIN:VCARD")) return "vCard does not start with BEGIN:VCARD";
  const auto last_line = s.rfind('\n');
  const auto tail = last_line == std::string_view::npos ? s : s.substr(last_line + 1);
  if (tail.size() != 9 || !iequals_prefix(tail, "END:VCARD"))
    return "vCard does not end with END:VCARD";
  if (last_line == std::string_view::npos) return "vCard has no content lines";
  return std::nullopt;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    std::uint32_t min = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1FU, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0FU, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07U, min = 0x10000;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3FU);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

std::optional<std::string> sniff_mismatch(format_family family, std::span<const std::uint8_t> b) {
  if (b.empty()) return "empty content";
  switch (family) {
    case format_family::wav:
      if ((starts_with(b, "RIFF") || starts_with(b, "RF64")) && starts_with(b, "WAVE", 8))
        return std::nullopt;
      return "not a RIFF/WAVE file";
    case format_family::flac:
      if (starts_with(b, "fLaC")) return std::nullopt;
      return "no fLaC stream marker";
    case format_family::ogg:
      if (starts_with(b, "OggS")) return std::nullopt;
      return "no OggS page";
    case format_family::mp4:
      if (ftyp_brands(b)) return std::nullopt;
      return "no ISO BMFF ftyp box";
    case format_family::three_gpp: {
      const auto brands = ftyp_brands(b);
      if (brands && has_3gpp_brand(*brands)) return std::nullopt;
      return "no ftyp box with a 3GPP brand";
    }
    case format_family::png:
      // Signature, then the IHDR chunk (length 13) that must come first.
      if (starts_with(b, "\x89PNG\r\n\x1A\n") && starts_with(b, "IHDR", 12) && be32(b, 8) == 13)
        return std::nullopt;
      return "no PNG signature and IHDR";
    case format_family::jpeg:
      if (b.size() >= 4 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return std::nullopt;
      return "no JPEG SOI marker";
    case format_family::gif:
      if ((starts_with(b, "GIF87a") || starts_with(b, "GIF89a")) && b.size() >= 13)
        return std::nullopt;
      return "no GIF87a/GIF89a header";
    case format_family::text: {
      const auto s = as_text(b);
      if (!is_valid_utf8(s)) return "text is not valid UTF-8";
      if (std::find(s.begin(), s.end(), '\0') != s.end()) return "text contains NUL";
      return std::nullopt;
    }
    case format_family::vcard:
      return check_vcard(as_text(b));
  }
  return "unknown format";
}

}  // namespace cmr::media
