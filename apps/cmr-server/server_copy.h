// cmr-server's ringback::copy_port: the on-line copy during a ringback
// (spec 5.7) over the management dispatcher's write path
// (mgmt::dispatcher::copy_online: AddResource Action=1 through the
// group-commit writer). Each outcome is counted (group "cmr_ringback",
// "show cmr ringback", "show rate-counters") and logged once: NOTICE for a
// copy or a full write queue, INFO for a refusal, ERROR only for a store
// failure.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

#include "common/counters.h"
#include "common/ringback_control.h"

namespace cmr::mgmt {
class dispatcher;
}

namespace cmr::app {

class server_copy final : public ringback::copy_port {
public:
  server_copy();
  // The write path, from start-up (after the dispatcher exists) to shutdown
  // (nullptr before the dispatcher goes). Without one, a copy is `failed`.
  void attach(const mgmt::dispatcher* d) { dispatcher_.store(d, std::memory_order_release); }

  // Any thread; `done` runs where the dispatcher completes its writes (an io
  // thread in cmr-server) or, for busy and failed, on the calling thread.
  void copy(ringback::copy_request req, std::function<void(ringback::copy_outcome)> done) override;

  // The counters, "name value" per line ("show cmr ringback").
  [[nodiscard]] std::string counters_text() const { return group_.text(); }
  [[nodiscard]] std::uint64_t count(ringback::copy_outcome o) const;

private:
  void finished(const ringback::copy_request& req, ringback::copy_outcome o);

  std::atomic<const mgmt::dispatcher*> dispatcher_{nullptr};
  counter_group group_;
};

// "show cmr ringback": the presentation-control settings in force and the
// copy counters.
std::string ringback_status_text(const ringback::presentation_settings& s, const server_copy& copies);

}  // namespace cmr::app
