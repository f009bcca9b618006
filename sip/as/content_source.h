// What a call's media procedures need of the node besides the decision
// (which comes through store::decision_port): the playout renditions
// (media/) and the HTTP-mode download URL (media/signed_url), behind one
// small interface so the call logic is tested without a store.
// Implementations are called on the SIP thread and must not block for long.
#pragma once

#include <memory>
#include <string>

#include "media/playout_rendition.h"

namespace cmr::sip::as {

class content_source {
public:
  virtual ~content_source() = default;
  // The G.711 rendition of `resource_id`, or nullptr when none was prepared.
  virtual std::shared_ptr<const media::playout_rendition> rendition(const std::string& resource_id,
                                                                    media::g711_law law) = 0;
  // A per-call expiring download URL.
  virtual std::string download_url(const std::string& resource_id) = 0;
};

}  // namespace cmr::sip::as
