#include "sip/message/stream_framer.h"

#include "sip/message/header_names.h"
#include "sip/message/text.h"

namespace cmr::sip {

namespace {
using next_result = result<std::optional<std::string>, parse_failure>;
next_result fail(parse_error code, std::string detail) {
  return unexpected(parse_failure{code, std::move(detail), nullptr});
}
}  // namespace

next_result stream_framer::next() {
  // Keep-alive CRLFs between messages (RFC 5626 4.4.1 double-CRLF ping).
  std::size_t skip = 0;
  while (skip < buffer_.size() && (buffer_[skip] == '\r' || buffer_[skip] == '\n')) ++skip;
  if (skip > 0) buffer_.erase(0, skip);
  if (buffer_.empty()) return std::optional<std::string>{};

  std::size_t header_end = buffer_.find("\r\n\r\n");
  std::size_t body_start = header_end == std::string::npos ? header_end : header_end + 4;
  if (const auto lf = buffer_.find("\n\n"); lf != std::string::npos && lf < header_end) {
    header_end = lf;
    body_start = lf + 2;
  }
  if (header_end == std::string::npos) {
    if (buffer_.size() > limits_.max_message_size)
      return fail(parse_error::message_too_large, "header block without end");
    return std::optional<std::string>{};
  }
  if (header_end > limits_.max_message_size)
    return fail(parse_error::message_too_large, "header block");

  // Find Content-Length (or "l") among the header lines, folding aside.
  std::optional<std::uint64_t> length;
  const std::string_view head(buffer_.data(), header_end);
  std::size_t pos = 0;
  while (pos < head.size()) {
    auto nl = head.find('\n', pos);
    if (nl == std::string_view::npos) nl = head.size();
    const auto line = head.substr(pos, nl - pos);
    pos = nl + 1;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || line.empty() || text::is_ws(line.front())) continue;
    if (canonical_header_name(text::trim(line.substr(0, colon))) != "Content-Length") continue;
    const auto value = text::parse_uint(text::trim(line.substr(colon + 1)), UINT32_MAX);
    // Two different lengths (RFC 4475 3.3.9 mcl01) leave no way to frame.
    if (!value || (length && *length != *value))
      return fail(parse_error::bad_content_length, std::string(line));
    length = value;
  }
  if (!length) return fail(parse_error::bad_content_length, "no Content-Length on a stream");
  const auto total = body_start + static_cast<std::size_t>(*length);
  if (total > limits_.max_message_size)
    return fail(parse_error::message_too_large, std::to_string(total) + " bytes");
  if (buffer_.size() < total) return std::optional<std::string>{};
  std::string out = buffer_.substr(0, total);
  buffer_.erase(0, total);
  return std::optional<std::string>{std::move(out)};
}

}  // namespace cmr::sip
