// A thread-safe place for a running service's status text: the service (or
// the composition root) installs a query when it starts and removes it
// before it goes; a "show ..." command reads it from another thread (the
// VTY's). One mechanism for every "show cmr ..." view:
//
//   status_slot scp_status;                          // outlives the service
//   install show_status("show cmr scp", doc, scp_status, "SCP not running");
//   scp_status.set([svc] { return svc->status_text(); });   // when it runs
//   scp_status.clear();                                     // before it goes
//
// A query with arguments ("show cmr decision OWNER ...") uses the same slot
// with its own signature: basic_status_slot<std::string(A, B)>.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "common/config_node.h"

namespace cmr {

template <typename Signature>
class basic_status_slot;

template <typename... Args>
class basic_status_slot<std::string(Args...)> {
public:
  using query = std::function<std::string(Args...)>;

  // Installs (or, with an empty function, removes) the query.
  void set(query q) {
    const std::lock_guard lock(mu_);
    q_ = std::move(q);
  }
  void clear() { set({}); }
  // The query's text, nullopt when none is installed (the service does not
  // run). The query runs under the slot's lock, so the service cannot remove
  // it (and go away) meanwhile: queries must not block for long.
  [[nodiscard]] std::optional<std::string> read(Args... args) const {
    const std::lock_guard lock(mu_);
    if (!q_) return std::nullopt;
    return q_(std::forward<Args>(args)...);
  }

private:
  mutable std::mutex mu_;
  query q_;
};

using status_slot = basic_status_slot<std::string()>;

namespace config {

// A show command printing what `slot` says, or "% <not_running>" (a warning)
// while nothing is installed. `slot` must outlive the VTY.
inline show_command show_status(std::string syntax, std::string doc, const status_slot& slot,
                                std::string not_running) {
  return {std::move(syntax), std::move(doc),
          [&slot, not_running = std::move(not_running)](args) -> result<std::string, std::string> {
            if (auto text = slot.read()) return std::move(*text);
            return unexpected{not_running};
          }};
}

}  // namespace config
}  // namespace cmr
