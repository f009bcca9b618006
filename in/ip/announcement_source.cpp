#include "in/ip/announcement_source.h"

#include "in/builtin_prompts.h"
#include "in/ip/log.h"
#include "media/dtmf/prompts.h"
#include "store/store.h"

namespace cmr::in::ip {

std::shared_ptr<const media::playout_rendition> store_announcement_source::rendition(
    std::uint32_t announcement_id, media::g711_law law) {
  if (const auto kind = builtin_prompt_of(announcement_id)) {
    auto& slot = prompts_[static_cast<int>(*kind)][law == media::g711_law::alaw ? 0 : 1];
    if (!slot) {
      auto r = media::playout_rendition::owned(media::dtmf::builtin_prompt(*kind, law), law);
      if (!r) {
        CMR_LOG(ip, error, "built-in prompt %s: %s", ringback::to_string(*kind), r.error().c_str());
        return nullptr;
      }
      slot = std::make_shared<const media::playout_rendition>(std::move(*r));
    }
    return slot;
  }
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
