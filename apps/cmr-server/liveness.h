// Whether every thread the systemd watchdog vouches for has checked in
// recently. The osmo thread (an osmo timer) and the Asio side (a steady_timer
// on the io_context) each call check_in() on their own thread every half
// period; the notifier sends WATCHDOG=1 only while all_fresh() holds. A side
// that is wedged (a blocking call, a livelock in a handler) stops checking
// in, the keep-alives stop and systemd restarts the process.
//
// The clock is injected so that the test drives time and never sleeps.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cmr::app {

class liveness {
public:
  using clock_type = std::chrono::steady_clock;
  using now_fn = std::function<clock_type::time_point()>;

  // A side is fresh while its last check-in is at most `max_age` old. A side
  // that never checked in counts from construction (start-up grace of one
  // max_age).
  explicit liveness(std::chrono::milliseconds max_age, now_fn now = &clock_type::now);

  // Before any check_in() (not thread-safe against it): the side's index.
  std::size_t add_side(std::string name);

  // Any thread, lock-free.
  void check_in(std::size_t side);

  [[nodiscard]] bool all_fresh() const;
  // The names of the sides that are not fresh, ", " separated (for the log).
  [[nodiscard]] std::string stale_sides() const;

private:
  [[nodiscard]] bool fresh(std::size_t side, clock_type::time_point now) const;

  struct side_state {
    std::string name;
    std::atomic<clock_type::rep> last{0};  // time_since_epoch in clock ticks
  };
  std::chrono::milliseconds max_age_;
  now_fn now_;
  clock_type::time_point created_;
  std::vector<std::unique_ptr<side_state>> sides_;
};

}  // namespace cmr::app
