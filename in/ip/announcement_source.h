// Where the IP finds what to play: the playout rendition (G.711, 20 ms
// frames, prepared at upload; never transcoded per call) of the resource
// with a CS announcement id (store: resources.announcement_id).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "media/playout_rendition.h"

namespace cmr::store {
class store;
}

namespace cmr::in::ip {

class announcement_source {
public:
  virtual ~announcement_source() = default;
  // nullptr: no resource with that announcement id, or no rendition in that law.
  virtual std::shared_ptr<const media::playout_rendition> rendition(std::uint32_t announcement_id,
                                                                    media::g711_law law) = 0;
};

// Reads the store through its own (reader) connection; called on the IP's
// thread only, like the connection requires.
class store_announcement_source final : public announcement_source {
public:
  explicit store_announcement_source(store::store& db) : db_(db) {}
  std::shared_ptr<const media::playout_rendition> rendition(std::uint32_t announcement_id,
                                                            media::g711_law law) override;

private:
  store::store& db_;
};

}  // namespace cmr::in::ip
