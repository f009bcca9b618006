#include "sigtran/osmo_timer.h"

#include "sigtran/osmo_headers.h"
#include "sigtran/log.h"

namespace cmr::sigtran {

struct osmo_timer::impl {
  osmo_timer_list timer{};
  unique_task on_expiry;

  static void fired(void* data) {
    auto* self = static_cast<impl*>(data);
    // A C callback: nothing may escape.
    try {
      self->on_expiry();
    } catch (...) {
      CMR_LOG(sigtran, error, "osmo timer callback threw");
    }
  }
};

osmo_timer::osmo_timer(unique_task on_expiry) : p_(std::make_unique<impl>()) {
  p_->on_expiry = std::move(on_expiry);
  osmo_timer_setup(&p_->timer, &impl::fired, p_.get());
}

osmo_timer::~osmo_timer() { cancel(); }

void osmo_timer::schedule(std::chrono::microseconds after) {
  const auto us = after.count() < 0 ? 0 : after.count();
  osmo_timer_schedule(&p_->timer, static_cast<int>(us / 1000000), static_cast<int>(us % 1000000));
}

void osmo_timer::cancel() { osmo_timer_del(&p_->timer); }

bool osmo_timer::pending() const { return osmo_timer_pending(&p_->timer) != 0; }

}  // namespace cmr::sigtran
