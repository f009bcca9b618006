#include "common/manual_timer_service.h"

namespace cmr {

timer_service::timer_id manual_timer_service::start(duration after, callback cb) {
  const timer_id id = next_id_++;
  const time_point at = now_ + after;
  timers_.emplace(std::make_pair(at, id), std::move(cb));
  deadlines_.emplace(id, at);
  return id;
}

void manual_timer_service::cancel(timer_id id) {
  auto it = deadlines_.find(id);
  if (it == deadlines_.end()) return;
  timers_.erase({it->second, id});
  deadlines_.erase(it);
}

std::size_t manual_timer_service::advance(duration d) {
  const time_point target = now_ + d;
  std::size_t fired = 0;
  while (!timers_.empty() && timers_.begin()->first.first <= target) {
    auto node = timers_.extract(timers_.begin());
    deadlines_.erase(node.key().second);
    now_ = node.key().first;
    ++fired;
    node.mapped()();
  }
  now_ = target;
  return fired;
}

}  // namespace cmr
