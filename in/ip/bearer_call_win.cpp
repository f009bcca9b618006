// bearer_call: the TLDN form's side of the WIN resource attachment
// (docs/cdma-delivery.md "win-resource"; the transaction is win_role's).
#include "in/ip/bearer_call.h"
#include "in/ip/intelligent_peripheral.h"
#include "in/ip/log.h"

namespace cmr::in::ip {

bool bearer_call::play_win(std::uint32_t announcement) {
  if (!state_.allows(bearer_event::rx_srf_directive)) {
    step(bearer_event::rx_srf_directive);  // logged as refused
    return false;
  }
  auto rendition = owner_.announcements().rendition(announcement, target_.law);
  if (!rendition) {
    CMR_LOG(ip, notice, "%s: announcement %u: nothing to play in this law", name().c_str(),
            announcement);
    return false;
  }
  if (instruction_timer_ != 0) owner_.layer().timers().cancel(instruction_timer_);
  instruction_timer_ = 0;
  // The contract plays the bound resource once; max-call-duration bounds it.
  const auto frames = frames_for(rendition->frame_count(), 1, 0, std::nullopt);
  step(bearer_event::rx_srf_directive, std::to_string(announcement).c_str());
  start_play({std::move(rendition), frames, 0});
  return true;
}

void bearer_call::win_ended(bool reported, const char* why) {
  win_dialogue_ = 0;
  // The normal end (Response after the srfdir result): the MSC drops the
  // resource leg (DisconnectResource -> BYE); the IP keeps the bearer until
  // then, bounded by max-call-duration. Anything else ends it now, as an
  // abort does in the routing-number form.
  if (reported && state_.in(bearer_state::wait_scp) && step(bearer_event::scp_end)) {
    CMR_LOG(ip, info, "%s: resource released by the SCP, waiting for the MSC's BYE",
            name().c_str());
    return;
  }
  release(bearer_event::scp_failed, why);
}

}  // namespace cmr::in::ip
