// The one timer service of every layer: TCAP's operation, reject and
// inactivity timers, SIP's transaction and retransmission timers, the SCP's
// and the intelligent peripheral's supervision timers. An interface so that
// tests drive time by hand (manual_timer_service) and production uses Asio
// (asio_timer_service).
//
// Callbacks run on the executor the service was made with (a layer's strand,
// the SIP thread) and never from inside start() or cancel(). Cancelling an
// already fired or unknown timer is harmless.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace cmr {

class timer_service {
public:
  using timer_id = std::uint64_t;  // 0 is never a valid timer
  using duration = std::chrono::milliseconds;
  using time_point = std::chrono::steady_clock::time_point;
  using callback = std::function<void()>;

  virtual ~timer_service() = default;
  virtual timer_id start(duration after, callback cb) = 0;
  virtual void cancel(timer_id id) = 0;
  [[nodiscard]] virtual time_point now() const = 0;
  // Timers started and neither fired nor cancelled: the leak check.
  [[nodiscard]] virtual std::size_t pending() const = 0;
};

}  // namespace cmr
