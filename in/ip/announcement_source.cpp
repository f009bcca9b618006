#include "in/ip/announcement_source.h"

#include "in/ip/log.h"
#include "store/store.h"

namespace cmr::in::ip {

std::shared_ptr<const media::playout_rendition> store_announcement_source::rendition(
    std::uint32_t announcement_id, media::g711_law law) {
  auto res = db_.resources().find_by_announcement(announcement_id);
  if (!res) return nullptr;
  auto r = media::playout_rendition::load(db_.contents(), res->id, law);
  if (!r) {
    CMR_LOG(ip, debug, "announcement %u (%s): no %s rendition: %s", announcement_id,
            res->id.c_str(), law == media::g711_law::alaw ? "A-law" : "u-law", r.error().c_str());
    return nullptr;
  }
  return std::make_shared<const media::playout_rendition>(std::move(*r));
}

}  // namespace cmr::in::ip
