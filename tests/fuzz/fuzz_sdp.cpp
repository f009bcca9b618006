// Fuzz target: SDP (sip/sdp/sdp.h) as offers and answers arrive in INVITE,
// UPDATE, PRACK and 18x/2xx bodies, plus the application/dtmf-relay body of
// SIP INFO. For an accepted description: the per-media lookups the AS makes,
// and that it serialises to text that parses back to the same text (the
// parser keeps lines it does not model, so the AS can forward them).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "sip/sdp/dtmf_relay.h"
#include "sip/sdp/sdp.h"
#include "sip/sdp/telephone_event.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cmr::sip;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)sdp::parse_dtmf_relay(text);

  auto sd = sdp::parse(text);
  if (!sd) return 0;
  for (std::size_t i = 0; i < sd->media.size(); ++i) {
    const auto& m = sd->media[i];
    (void)sd->media_direction(i);
    (void)m.ptime();
    (void)m.attributes("fmtp");
    (void)sdp::telephone_event_payload_type(m);
    for (const auto& f : m.formats) {
      int pt = 0;
      for (const char c : f) {
        if (c < '0' || c > '9' || pt > 1000) break;
        pt = pt * 10 + (c - '0');
      }
      (void)m.find_rtpmap(pt);
    }
  }
  const std::string once = sd->serialize();
  auto again = sdp::parse(once);
  CMR_FUZZ_CHECK(again.has_value());
  CMR_FUZZ_CHECK(again->media.size() == sd->media.size());
  CMR_FUZZ_CHECK(again->serialize() == once);

  // What the AS does to an offer before answering: directions set per media.
  auto changed = *again;
  for (auto& m : changed.media) m.set_direction(sdp::direction::recvonly);
  auto reparsed = sdp::parse(changed.serialize());
  CMR_FUZZ_CHECK(reparsed.has_value());
  for (std::size_t i = 0; i < reparsed->media.size(); ++i)
    CMR_FUZZ_CHECK(reparsed->media_direction(i) == sdp::direction::recvonly);
  return 0;
}
