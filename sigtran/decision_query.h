// The "show cmr decision" VTY command asks the ringing decision engine what a
// call would get, with the engine's own explanation: a lab engineer's way to
// check rules without placing a call. The composition root installs the
// query (the engine lives above sigtran/); without one the command says so.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace cmr::sigtran {

// owner, service ("cmrbt"/"cmrt"), other party (may be empty) -> explanation.
// Called on the osmo thread; must be thread-safe with respect to calls.
using decision_query =
    std::function<std::string(std::string_view owner, std::string_view service,
                              std::string_view other_party)>;

// Thread-safe; pass an empty function to remove the query (before the engine goes).
void set_decision_query(decision_query query);

}  // namespace cmr::sigtran
