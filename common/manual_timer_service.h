// A timer service whose clock moves only when told: unit tests and
// benchmarks advance it by hand and never sleep.
#pragma once

#include <map>
#include <utility>

#include "common/timer_service.h"

namespace cmr {

class manual_timer_service final : public timer_service {
public:
  timer_id start(duration after, callback cb) override;
  void cancel(timer_id id) override;
  [[nodiscard]] time_point now() const override { return now_; }
  [[nodiscard]] std::size_t pending() const override { return timers_.size(); }

  // Moves the clock forward, firing every timer due on the way in deadline
  // order (timers started by a callback fire too when they fall due).
  // Returns how many fired.
  std::size_t advance(duration d);

private:
  time_point now_{};
  timer_id next_id_ = 1;
  // Ordered by (deadline, id): equal deadlines fire in start order.
  std::map<std::pair<time_point, timer_id>, callback> timers_;
  std::map<timer_id, time_point> deadlines_;
};

}  // namespace cmr
