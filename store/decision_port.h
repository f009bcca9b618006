// The one question the delivery paths ask (DESIGN.md section 5): CS (the
// SCP, whatever its protocol) and SIP (the application server) describe the
// call in one call context, store::decision_request (owner, service, other
// party, what the path can carry), and get a store::decision back. The
// decision engine implements it; tests use fakes.
//
// A caller serves many calls on one thread (the SCP's strand, the SIP
// thread) and must never wait for the store there: when the owner's
// settings are in memory the decision comes back at once; otherwise the
// port returns nullopt, loads them elsewhere and calls `later` with the
// decision on a store thread, and the caller posts it to its own executor.
#pragma once

#include <functional>
#include <optional>

#include <string_view>

#include "store/decision.h"
#include "store/media_set.h"
#include "store/model.h"

namespace cmr::store {

// The call context: whose settings apply, for which service, who the
// other party is, what the path can carry. The views must stay valid until
// the call returns (decide_or_defer copies what `later` needs).
struct decision_request {
  std::string_view owner;
  service svc = service::cmrbt;
  std::string_view other_party;
  media_set caps = media_set::cs();
  bool default1_only = false;  // decision_input::default1_only
};

class decision_port {
public:
  using decided_fn = std::function<void(decision)>;
  virtual ~decision_port() = default;
  [[nodiscard]] virtual std::optional<decision> decide_or_defer(const decision_request& r,
                                                                decided_fn later) = 0;
};

}  // namespace cmr::store
