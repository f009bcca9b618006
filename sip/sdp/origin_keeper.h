// One leg's SDP origin as a B2BUA presents it (RFC 3264 8). The B2BUA sends
// a leg session descriptions that come from different sources (its own
// early-media answer, the other party's offers and answers), but to the
// party on that leg they are one session: every description keeps the
// username, session id and address of the first one sent on the leg, and the
// version goes up by exactly one each time the description changes (stays
// the same when it does not), whatever versions the sources wrote.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sip/sdp/sdp.h"

namespace cmr::sip::sdp {

class origin_keeper {
public:
  // The description to send on this leg in place of `body`: unchanged for
  // the first one (it fixes the leg's origin), else under the leg's origin
  // with the next version if it differs from the last one sent, the same
  // version if not. A body that does not parse as SDP is returned as it is.
  std::string present(std::string_view body);
  // The same, for a description already parsed.
  std::string present(session_description sd);

  [[nodiscard]] bool started() const { return leg_origin_.has_value(); }
  [[nodiscard]] std::uint64_t version() const { return version_; }

private:
  std::optional<sdp::origin> leg_origin_;
  std::uint64_t version_ = 0;
  std::string last_content_;  // the last description sent, its o= line left out
};

}  // namespace cmr::sip::sdp
