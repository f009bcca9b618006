// What the load driver (load_driver.h) needs of a call model, whichever
// protocol it speaks: CAP/INAP over ITU TCAP (ssf_engine.h) or ANSI-41 WIN
// over ANSI TCAP (win_engine.h). Both report finished calls to a
// call_observer (ssf_engine.h) with the same call_record.
#pragma once

#include <cstdint>
#include <string>

#include "in/tcap/tc_primitives.h"

namespace cmr::tools::ssf {

class call_model {
public:
  virtual ~call_model() = default;
  // Places one call; `pair` is the index of the (called, calling) pair in
  // the number pools, for models that cache a message per pair. 0 when it
  // could not be sent (the call is recorded as failed send_failed).
  virtual in::tcap::dialogue_id place_call(std::uint64_t pair, const std::string& called,
                                           const std::string& calling) = 0;
  [[nodiscard]] virtual std::size_t live_calls() const = 0;
  // Aborts every live call as failed timeout; stops the call-timeout sweep.
  virtual void abort_all() = 0;
};

}  // namespace cmr::tools::ssf
