// Fuzz target: one SIP message as the transports receive it (sip/message).
// The input is parsed as a datagram (parse_message) and, cut into pieces the
// way TCP delivers it, through the stream framer and the parser again. For
// what the parser accepts: the header accessors the transaction and dialog
// layers call, the request checks a UAS makes, the SDP (plain or in a
// multipart body) the AS reads, and that the message serialises to text that
// parses back to the same message (serialising again gives the same bytes).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "sip/message/parser.h"
#include "sip/message/request_check.h"
#include "sip/message/stream_framer.h"
#include "sip/sdp/multipart.h"
#include "sip/sdp/sdp.h"

namespace {

using namespace cmr::sip;

void use_parsed(const message& m) {
  // What the layers above read from every message they take.
  (void)m.top_via();
  (void)m.cseq();
  (void)m.from();
  (void)m.to();
  (void)m.call_id();
  (void)m.summary();
  if (m.is_request()) (void)check_request(m);
  for (const char* disposition : {"", "session", "early-session"}) {
    if (auto part = find_body_part(m, "application", "sdp", disposition)) {
      if (auto sd = sdp::parse(part->body)) {
        for (std::size_t i = 0; i < sd->media.size(); ++i) (void)sd->media_direction(i);
      }
    }
  }
}

void check_round_trip(const message& m) {
  const std::string text = m.serialize();
  auto again = parse_message(text);
  CMR_FUZZ_CHECK(again.has_value());
  CMR_FUZZ_CHECK(again->is_request() == m.is_request());
  CMR_FUZZ_CHECK(again->method == m.method);
  CMR_FUZZ_CHECK(again->status == m.status);
  CMR_FUZZ_CHECK(again->body == m.body);
  CMR_FUZZ_CHECK(again->call_id() == m.call_id());
  CMR_FUZZ_CHECK(again->serialize() == text);
}

void check_failure(const parse_failure& f) {
  const int status = f.response_status();
  CMR_FUZZ_CHECK(status == 0 || status == 400 || status == 501 || status == 505 || status == 513);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  // A datagram.
  if (auto m = parse_message(bytes)) {
    use_parsed(*m);
    check_round_trip(*m);
  } else {
    check_failure(m.error());
  }

  // A stream, in pieces whose sizes follow from the input itself, so that
  // every run of one input cuts it the same way.
  parse_limits limits;
  stream_framer framer(limits);
  std::size_t pos = 0;
  std::size_t framed = 0;
  std::size_t piece = 1;
  while (pos < size) {
    piece = 1 + (piece * 31 + static_cast<std::uint8_t>(bytes[pos])) % 700;
    const std::size_t n = std::min(piece, size - pos);
    framer.append(bytes.substr(pos, n));
    pos += n;
    for (;;) {
      auto next = framer.next();
      if (!next) return 0;  // the connection is closed
      if (!*next) break;    // more input needed
      const std::string& one = **next;
      framed += one.size();
      CMR_FUZZ_CHECK(one.size() <= limits.max_message_size);
      if (auto m = parse_message(one, limits)) use_parsed(*m);
    }
    // The framer refuses rather than buffering without bound.
    CMR_FUZZ_CHECK(framer.buffered() <= limits.max_message_size + n);
  }
  CMR_FUZZ_CHECK(framed <= size);
  return 0;
}
