#include "sip/transaction/manual_timer_service.h"

namespace cmr::sip {

timer_service::id manual_timer_service::start(duration d, std::function<void()> fn) {
  const id t = next_id_++;
  timers_.emplace(std::make_pair(now_ + d, t), std::move(fn));
  return t;
}

void manual_timer_service::cancel(id timer) {
  for (auto it = timers_.begin(); it != timers_.end(); ++it) {
    if (it->first.second == timer) {
      timers_.erase(it);
      return;
    }
  }
}

void manual_timer_service::advance(duration d) {
  const auto end = now_ + d;
  while (!timers_.empty() && timers_.begin()->first.first <= end) {
    auto node = timers_.extract(timers_.begin());
    now_ = node.key().first;
    node.mapped()();
  }
  now_ = end;
}

}  // namespace cmr::sip
