#include "media/content_format.h"

#include <array>
#include <utility>

#include "store/model.h"

namespace cmr::media {
namespace {

struct known_type {
  std::string_view mime;
  format_family family;
};

constexpr std::array<known_type, 14> k_types = {{
    {"audio/wav", format_family::wav},
    {"audio/x-wav", format_family::wav},
    {"audio/wave", format_family::wav},
    {"audio/vnd.wave", format_family::wav},
    {"audio/flac", format_family::flac},
    {"audio/x-flac", format_family::flac},
    {"audio/ogg", format_family::ogg},
    {"video/mp4", format_family::mp4},
    {"video/3gpp", format_family::three_gpp},
    {"image/png", format_family::png},
    {"image/jpeg", format_family::jpeg},
    {"image/gif", format_family::gif},
    {"text/plain", format_family::text},
    {"text/vcard", format_family::vcard},
}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_token_char(char c) {  // RFC 7230 tchar
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_token_char(c)) return false;
  return true;
}

// Splits "name=value" parameters after the type; handles quoted values
// (which may contain ';' and ','). false when malformed.
template <class F>
bool for_each_param(std::string_view rest, F&& f) {
  while (!rest.empty()) {
    rest = trim(rest);
    if (rest.empty()) return true;
    if (rest.front() != ';') return false;
    rest = trim(rest.substr(1));
    if (rest.empty()) return true;  // tolerate a trailing ';'
    const auto eq = rest.find('=');
    if (eq == std::string_view::npos) return false;
    const auto name = trim(rest.substr(0, eq));
    if (!is_token(name)) return false;
    rest = trim(rest.substr(eq + 1));
    std::string value;
    if (!rest.empty() && rest.front() == '"') {
      std::size_t i = 1;
      for (; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) ++i;
        value.push_back(rest[i]);
      }
      if (i >= rest.size()) return false;  // unterminated quote
      rest.remove_prefix(i + 1);
    } else {
      const auto end = rest.find(';');
      const auto v = trim(rest.substr(0, end));
      if (!is_token(v)) return false;
      value = std::string(v);
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    }
    if (!f(lower(name), std::move(value))) return false;
  }
  return true;
}

bool valid_codecs(std::string_view v) {
  // A comma-separated list of RFC 6381 codec identifiers (letters, digits, '.', '-', '_').
  bool item = false;
  for (char c : v) {
    if (c == ',') {
      if (!item) return false;
      item = false;
    } else if (c == ' ') {
      continue;
    } else if (is_token_char(c)) {
      item = true;
    } else {
      return false;
    }
  }
  return item;
}

}  // namespace

std::optional<content_format> parse_format(std::string_view declared) {
  const auto semi = declared.find(';');
  const auto type = lower(trim(declared.substr(0, semi)));
  content_format out;
  bool found = false;
  for (const auto& k : k_types) {
    if (k.mime == type) {
      out.family = k.family;
      found = true;
    }
  }
  if (type == "text/x-vcard") {
    out.family = format_family::vcard;
    found = true;
  }
  if (!found) return std::nullopt;
  out.mime = type;
  if (semi == std::string_view::npos) return out;
  const bool params_ok =
      for_each_param(declared.substr(semi), [&](const std::string& name, std::string value) {
        if (name == "codecs") {
          if (!valid_codecs(value)) return false;
          out.codecs = std::move(value);
        } else if (name == "charset") {
          const auto cs = lower(value);
          if (cs != "utf-8" && cs != "us-ascii") return false;
        }
        return true;  // other parameters (rate, channels, ...) are ignored
      });
  if (!params_ok) return std::nullopt;
  return out;
}

std::string content_format::content_type() const {
  std::string out = mime;
  if (family == format_family::text || family == format_family::vcard) out += "; charset=utf-8";
  if (!codecs.empty()) {
    if (is_token(codecs))
      out += "; codecs=" + codecs;
    else
      out += "; codecs=\"" + codecs + "\"";
  }
  return out;
}

store::media_type content_format::media_type() const {
  switch (family) {
    case format_family::wav:
    case format_family::flac:
    case format_family::ogg:
      return store::media_type::audio;
    case format_family::mp4:
    case format_family::three_gpp:
      return store::media_type::video;
    case format_family::png:
    case format_family::jpeg:
    case format_family::gif:
      return store::media_type::image;
    case format_family::text:
      return store::media_type::text;
    case format_family::vcard:
      return store::media_type::vcard;
  }
  return store::media_type::audio;
}

std::string_view content_format::extension() const {
  switch (family) {
    case format_family::wav:
      return "wav";
    case format_family::flac:
      return "flac";
    case format_family::ogg:
      return "ogg";
    case format_family::mp4:
      return "mp4";
    case format_family::three_gpp:
      return "3gp";
    case format_family::png:
      return "png";
    case format_family::jpeg:
      return "jpg";
    case format_family::gif:
      return "gif";
    case format_family::text:
      return "txt";
    case format_family::vcard:
      return "vcf";
  }
  return "bin";
}

bool is_audio(format_family f) {
  return f == format_family::wav || f == format_family::flac || f == format_family::ogg;
}

}  // namespace cmr::media
