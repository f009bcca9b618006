// What the B2BUA asks of the rest of the node, behind one small interface so
// the call logic is tested without a store: the decision (store/decision
// engine), the playout renditions (media/), the HTTP-mode download URL
// (media/signed_url). Implementations may be called on the SIP thread and
// must not block for long (the decision engine reads in-memory snapshots).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "media/playout_rendition.h"
#include "store/media_set.h"
#include "store/model.h"

namespace cmr::sip::as {

class resource_source {
public:
  virtual ~resource_source() = default;
  // The resource to present, or nullopt (the call proceeds untouched).
  virtual std::optional<std::string> choose(std::string_view owner, store::service svc,
                                            std::string_view other_party,
                                            store::media_set caps) = 0;
  // The G.711 rendition of `resource_id`, or nullptr when none was prepared.
  virtual std::shared_ptr<const media::playout_rendition> rendition(const std::string& resource_id,
                                                                    media::g711_law law) = 0;
  // A per-call expiring download URL.
  virtual std::string download_url(const std::string& resource_id) = 0;
};

}  // namespace cmr::sip::as
