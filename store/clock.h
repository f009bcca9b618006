// Injected time source: production code reads the system clock, tests drive a
// manual clock and never sleep.
#pragma once

#include <atomic>
#include <chrono>

#include "store/model.h"

namespace cmr {

class clock {
public:
  virtual ~clock() = default;
  [[nodiscard]] virtual store::timestamp now() const = 0;
};

class system_clock final : public clock {
public:
  [[nodiscard]] store::timestamp now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

class manual_clock final : public clock {
public:
  explicit manual_clock(store::timestamp start) : now_(start.time_since_epoch().count()) {}
  [[nodiscard]] store::timestamp now() const override {
    return store::timestamp(std::chrono::seconds(now_.load()));
  }
  void set(store::timestamp t) { now_ = t.time_since_epoch().count(); }
  void advance(std::chrono::seconds d) { now_ += d.count(); }

private:
  std::atomic<std::int64_t> now_;
};

}  // namespace cmr
