// A libosmocore timer (osmo_timer_list) behind a libosmo-free header, for code
// that runs on the osmo thread: SS7/SCCP housekeeping, and tests proving that
// timers fire inside the osmo thread's select loop. Every member function must
// be called on the osmo thread (osmo timers are per-thread state); the object
// must also be destroyed there.
#pragma once

#include <chrono>
#include <memory>

#include "sigtran/unique_task.h"

namespace cmr::sigtran {

class osmo_timer {
public:
  // `on_expiry` runs on the osmo thread when the timer fires; it may reschedule.
  explicit osmo_timer(unique_task on_expiry);
  ~osmo_timer();  // cancels
  osmo_timer(const osmo_timer&) = delete;
  osmo_timer& operator=(const osmo_timer&) = delete;

  void schedule(std::chrono::microseconds after);
  void cancel();
  [[nodiscard]] bool pending() const;

private:
  struct impl;
  std::unique_ptr<impl> p_;
};

}  // namespace cmr::sigtran
