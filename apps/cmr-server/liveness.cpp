#include "apps/cmr-server/liveness.h"

#include <utility>

namespace cmr::app {

liveness::liveness(std::chrono::milliseconds max_age, now_fn now)
    : max_age_(max_age), now_(std::move(now)), created_(now_()) {}

std::size_t liveness::add_side(std::string name) {
  auto s = std::make_unique<side_state>();
  s->name = std::move(name);
  s->last.store(created_.time_since_epoch().count(), std::memory_order_relaxed);
  sides_.push_back(std::move(s));
  return sides_.size() - 1;
}

void liveness::check_in(std::size_t side) {
  sides_[side]->last.store(now_().time_since_epoch().count(), std::memory_order_relaxed);
}

bool liveness::fresh(std::size_t side, clock_type::time_point now) const {
  const clock_type::time_point last{
      clock_type::duration(sides_[side]->last.load(std::memory_order_relaxed))};
  return now - last <= max_age_;
}

bool liveness::all_fresh() const {
  const auto now = now_();
  for (std::size_t i = 0; i < sides_.size(); ++i)
    if (!fresh(i, now)) return false;
  return true;
}

std::string liveness::stale_sides() const {
  const auto now = now_();
  std::string out;
  for (std::size_t i = 0; i < sides_.size(); ++i) {
    if (fresh(i, now)) continue;
    if (!out.empty()) out += ", ";
    out += sides_[i]->name;
  }
  return out;
}

}  // namespace cmr::app
