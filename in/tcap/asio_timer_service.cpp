#include "in/tcap/asio_timer_service.h"

namespace cmr::in::tcap {

// Destroying a steady_timer cancels its wait without throwing (cancel()
// may throw); the handlers then see operation_aborted and do nothing.
asio_timer_service::~asio_timer_service() {
  timers_.clear();
}

timer_service::timer_id asio_timer_service::start(duration after, callback cb) {
  const timer_id id = next_id_++;
  auto t = std::make_unique<boost::asio::steady_timer>(ex_, after);
  // The handler finds its timer by id: a cancelled (erased) timer's handler
  // sees operation_aborted or no entry and does nothing.
  t->async_wait([this, id, cb = std::move(cb)](const boost::system::error_code& ec) {
    if (ec) return;
    auto it = timers_.find(id);
    if (it == timers_.end()) return;
    timers_.erase(it);
    cb();
  });
  timers_.emplace(id, std::move(t));
  return id;
}

void asio_timer_service::cancel(timer_id id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return;
  timers_.erase(it);  // destroying the timer cancels the wait
}

}  // namespace cmr::in::tcap
