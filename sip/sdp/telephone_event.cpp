#include "sip/sdp/telephone_event.h"

#include <algorithm>
#include <charconv>

#include "sip/message/text.h"

namespace cmr::sip::sdp {

std::optional<int> telephone_event_payload_type(const media& m) {
  for (const auto& f : m.formats) {
    int pt = -1;
    const auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), pt);
    if (ec != std::errc{} || p != f.data() + f.size() || pt < 96 || pt > 127) continue;
    const auto map = m.find_rtpmap(pt);
    if (map && text::iequals(map->encoding, "telephone-event") && map->clock_rate == 8000)
      return pt;
  }
  return std::nullopt;
}

std::string telephone_event_lines(int payload_type) {
  const auto pt = std::to_string(payload_type);
  return "a=rtpmap:" + pt + " telephone-event/8000\r\na=fmtp:" + pt + " 0-15\r\n";
}

}  // namespace cmr::sip::sdp
