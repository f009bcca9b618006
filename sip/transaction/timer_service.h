// Timers for the SIP state machines, injected so unit tests drive them with
// a manual clock and never sleep. Callbacks run on the thread that drives
// the service (the io_context thread, or the test calling advance()).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace cmr::sip {

class timer_service {
public:
  using id = std::uint64_t;
  using duration = std::chrono::milliseconds;

  virtual ~timer_service() = default;
  // Calls `fn` once after `d`. The returned id is never 0.
  virtual id start(duration d, std::function<void()> fn) = 0;
  // Cancelling an expired or unknown id is a no-op.
  virtual void cancel(id timer) = 0;
  [[nodiscard]] virtual duration now() const = 0;
};

}  // namespace cmr::sip
