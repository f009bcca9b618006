#include "sip/transaction/asio_timer_service.h"

namespace cmr::sip {

asio_timer_service::~asio_timer_service() {
  *alive_ = false;
  for (auto& [timer_id, t] : timers_) t->cancel();
}

timer_service::id asio_timer_service::start(duration d, std::function<void()> fn) {
  const id t = next_id_++;
  auto timer = std::make_unique<boost::asio::steady_timer>(io_, d);
  timer->async_wait(
      [this, t, fn = std::move(fn), alive = alive_](const boost::system::error_code& ec) {
        if (!*alive || ec) return;  // cancelled, or the service is gone
        const auto it = timers_.find(t);
        if (it == timers_.end()) return;
        // Keep the timer object alive until this handler returns.
        auto self = std::move(it->second);
        timers_.erase(it);
        fn();
      });
  timers_.emplace(t, std::move(timer));
  return t;
}

void asio_timer_service::cancel(id timer) {
  const auto it = timers_.find(timer);
  if (it == timers_.end()) return;
  it->second->cancel();
  timers_.erase(it);
}

timer_service::duration asio_timer_service::now() const {
  return std::chrono::duration_cast<duration>(std::chrono::steady_clock::now().time_since_epoch());
}

}  // namespace cmr::sip
