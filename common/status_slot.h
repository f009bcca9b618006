// A thread-safe place for a running service's status text: the service (or
// the composition root) installs a query when it starts and removes it
// before it goes; a "show ..." command reads it from another thread (the
// VTY's). One mechanism for every "show cmr ..." view.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace cmr {

class status_slot {
public:
  using query = std::function<std::string()>;

  // Installs (or, with an empty function, removes) the query.
  void set(query q) {
    const std::lock_guard lock(mu_);
    q_ = std::move(q);
  }
  void clear() { set({}); }
  // The query's text, nullopt when none is installed (the service does not
  // run). The query runs under the slot's lock, so the service cannot remove
  // it (and go away) meanwhile: queries must not block for long.
  [[nodiscard]] std::optional<std::string> read() const {
    const std::lock_guard lock(mu_);
    if (!q_) return std::nullopt;
    return q_();
  }

private:
  mutable std::mutex mu_;
  query q_;
};

}  // namespace cmr
