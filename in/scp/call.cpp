#include "in/scp/call.h"

#include "in/scp/procedure.h"

namespace cmr::in::scp {

call::call(std::uint64_t call_id)
    : id(call_id),
      state(call_table, call_state::triggered, log_scp),
      prefix("scp(call=" + std::to_string(call_id) + ")") {}

call::~call() = default;

const char* to_string(call_state s) {
  switch (s) {
    case call_state::triggered:
      return "TRIGGERED";
    case call_state::deciding:
      return "DECIDING";
    case call_state::serving:
      return "SERVING";
    case call_state::monitoring:
      return "MONITORING";
    case call_state::closed:
      return "CLOSED";
  }
  return "?";
}

const char* to_string(call_input i) {
  switch (i) {
    case call_input::refuse:
      return "refuse";
    case call_input::decide:
      return "decide";
    case call_input::decided:
      return "decided";
    case call_input::nothing:
      return "nothing to present";
    case call_input::proceed:
      return "proceed";
    case call_input::report:
      return "rx report";
    case call_input::ended:
      return "ended";
    case call_input::lost:
      return "lost";
    case call_input::failed:
      return "failed";
  }
  return "?";
}

}  // namespace cmr::in::scp
