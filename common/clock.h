// Injected time source: production code reads the system clock, tests drive a
// manual clock and never sleep.
#pragma once

#include <atomic>
#include <chrono>

namespace cmr {

// Wall-clock time to the second (store::timestamp is the same type).
using timestamp = std::chrono::sys_seconds;

class clock {
public:
  virtual ~clock() = default;
  [[nodiscard]] virtual timestamp now() const = 0;
};

class system_clock final : public clock {
public:
  [[nodiscard]] timestamp now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

class manual_clock final : public clock {
public:
  explicit manual_clock(timestamp start) : now_(start.time_since_epoch().count()) {}
  [[nodiscard]] timestamp now() const override {
    return timestamp(std::chrono::seconds(now_.load()));
  }
  void set(timestamp t) { now_ = t.time_since_epoch().count(); }
  void advance(std::chrono::seconds d) { now_ += d.count(); }

private:
  std::atomic<std::int64_t> now_;
};

}  // namespace cmr
