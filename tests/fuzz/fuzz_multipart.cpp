// Fuzz target: multipart/mixed bodies (sip/sdp/multipart.h), as the AS reads
// INVITE offers with a session and an early-session SDP (RFC 3959). The
// input's first line is the boundary (the Content-Type parameter), the rest
// the body. For an accepted body: each part's Content-Type and disposition,
// and that serialising the parts with the same boundary parses back to the
// same parts.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "sip/sdp/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cmr::sip;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto nl = in.find('\n');
  if (nl == std::string_view::npos) return 0;
  const std::string_view boundary = in.substr(0, nl);
  const std::string_view body = in.substr(nl + 1);

  auto parts = parse_multipart(body, boundary);
  if (!parts) return 0;
  for (const auto& p : *parts) {
    (void)p.content_type();
    (void)p.disposition();
  }
  const std::string once = serialize_multipart(*parts, boundary);
  auto again = parse_multipart(once, boundary);
  CMR_FUZZ_CHECK(again.has_value());
  CMR_FUZZ_CHECK(again->size() == parts->size());
  for (std::size_t i = 0; i < parts->size(); ++i) {
    CMR_FUZZ_CHECK((*again)[i].body == (*parts)[i].body);
    CMR_FUZZ_CHECK((*again)[i].headers.size() == (*parts)[i].headers.size());
  }
  CMR_FUZZ_CHECK(serialize_multipart(*again, boundary) == once);

  // The same body inside a message, the way the AS looks for its SDP.
  auto msg = message::make_response(200);
  msg.add_header("Content-Type", "multipart/mixed;boundary=\"" + std::string(boundary) + "\"");
  msg.body = std::string(body);
  (void)find_body_part(msg, "application", "sdp", "early-session");
  return 0;
}
