// What the call keeps of the AS's own early dialog in delivery mode forking
// (TS 24.182 A.3, sip/as/call_forking.cpp): its To tag, the dialog toward
// the caller, its reliable 183, its own SDP session and its state machine
// (sip/as/fork_state.h), logged as "sip-as(call=7)/fork{EARLY}: ...".
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "sip/as/fork_state.h"
#include "sip/dialog/dialog.h"
#include "sip/dialog/reliable_provisional.h"
#include "sip/log.h"
#include "sip/sdp/origin_keeper.h"

namespace cmr::sip::as {

struct forked_dialog {
  explicit forked_dialog(std::string call_prefix)
      : prefix(std::move(call_prefix) + "/fork"), state(fork_table, fork_state::idle, log_sip) {}

  bool step(fork_event e, const char* detail = nullptr) {
    return state.dispatch(e, prefix, detail);
  }

  std::string prefix;
  fsm<fork_state, fork_event> state;
  std::string tag;  // this side's To tag on the forked dialog
  std::optional<dialog> d;
  std::unique_ptr<reliable_provisional> rel;  // none: the 183 went unreliably
  sdp::origin_keeper sdp;                     // one SDP session on this dialog
  std::string answer;                         // the SDP answer of the 183
};

}  // namespace cmr::sip::as
