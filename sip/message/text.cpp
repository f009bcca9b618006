#include "sip/message/text.h"

#include <cctype>

namespace cmr::sip::text {

bool is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
  return s;
}

bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-':
    case '.':
    case '!':
    case '%':
    case '*':
    case '_':
    case '+':
    case '`':
    case '\'':
    case '~':
      return true;
    default:
      return false;
  }
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_token_char(c)) return false;
  return true;
}

std::size_t find_top_level(std::string_view s, char c, std::size_t from) {
  bool in_quotes = false;
  int angle = 0;
  for (std::size_t i = from; i < s.size(); ++i) {
    const char ch = s[i];
    if (in_quotes) {
      if (ch == '\\')
        ++i;  // quoted-pair: skip the escaped octet
      else if (ch == '"')
        in_quotes = false;
      continue;
    }
    if (angle == 0 && ch == c) return i;
    if (ch == '"') {
      in_quotes = true;
      continue;
    }
    if (ch == '<') {
      ++angle;
      continue;
    }
    if (ch == '>' && angle > 0) {
      --angle;
      continue;
    }
  }
  return std::string_view::npos;
}

std::vector<std::string_view> split_top_level(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const auto pos = find_top_level(s, sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(trim(s.substr(start)));
      return out;
    }
    out.push_back(trim(s.substr(start, pos - start)));
    start = pos + 1;
  }
}

std::optional<std::string> unquote(std::string_view q) {
  q = trim(q);
  if (q.size() < 2 || q.front() != '"' || q.back() != '"') return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < q.size(); ++i) {
    if (q[i] == '\\') {
      if (i + 2 >= q.size()) return std::nullopt;  // backslash escaping the closing quote
      out.push_back(q[++i]);
    } else if (q[i] == '"') {
      return std::nullopt;
    } else {
      out.push_back(q[i]);
    }
  }
  return out;
}

std::string quote(std::string_view raw) {
  std::string out = "\"";
  for (char c : raw) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace cmr::sip::text
