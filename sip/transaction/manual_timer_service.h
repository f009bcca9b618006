// A timer_service whose time only moves when a test calls advance().
#pragma once

#include <map>
#include <utility>

#include "sip/transaction/timer_service.h"

namespace cmr::sip {

class manual_timer_service final : public timer_service {
public:
  id start(duration d, std::function<void()> fn) override;
  void cancel(id timer) override;
  [[nodiscard]] duration now() const override { return now_; }

  // Moves time forward, firing due timers in deadline order (timers started
  // by callbacks fire too when they fall within the step).
  void advance(duration d);
  [[nodiscard]] std::size_t pending() const { return timers_.size(); }

private:
  duration now_{0};
  id next_id_ = 1;
  // (deadline, id) keeps start order for equal deadlines.
  std::map<std::pair<duration, id>, std::function<void()>> timers_;
};

}  // namespace cmr::sip
