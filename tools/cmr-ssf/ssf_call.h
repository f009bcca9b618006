// One call of the emulated switch: everything the call model (ssf_engine.h)
// keeps per dialogue. Plain data; the engine's parts (TC-user, operation
// handlers, event reports, scenario timers, bearer) act on it. Kept lean:
// the load path holds one per call in progress.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "common/timer_service.h"
#include "in/tcap/tc_primitives.h"
#include "tools/cmr-ssf/armed_events.h"
#include "tools/cmr-ssf/bearer.h"
#include "tools/cmr-ssf/ssf_types.h"
#include "tools/cmr-ssf/trunk.h"

namespace cmr::tools::ssf {

using tcap::dialogue_id;

enum class call_phase : std::uint8_t {
  setup,        // IDP sent, the call waits for the SCP
  alerting,     // the callee (leg 2, or the ICA leg) rings
  answer_wait,  // answer reported as EDP-R, waiting for the SCP
  talking,      // answered
  ending_wait,  // a call-ending event reported as EDP-R, waiting for the SCP
  released,     // ReleaseCall received, waiting for the SCP's TC-END
};

struct ssf_call {
  dialogue_id id = 0;
  call_phase ph = call_phase::setup;
  std::chrono::steady_clock::time_point begun;
  cmr::timer_service::time_point deadline;  // timer service clock
  bool answered_once = false;
  std::int8_t next_invoke = 2;
  armed_events armed;
  // User interaction.
  bool to_resource = false;  // ConnectToResource in force
  bool temporary = false;    // EstablishTemporaryConnection in force
  bearer_id bearer = 0;
  bool bearer_requested = false;
  bearer_request pending_bearer;
  std::optional<std::int8_t> pa_invoke;      // PA waiting for its SRR
  std::optional<std::int8_t> bearer_invoke;  // CTR/ETC or PA invoke for a bearer error
  std::int32_t bearer_opcode = 0;
  // route-via-platform: the Connect routed the call to the platform.
  std::string platform_digits;  // empty: not routed there
  std::string calling;          // kept only with a platform prefix
  trunk_id trunk = 0;
  // CPH.
  std::uint8_t callee_leg = 2;
  bool callee_leg_released = false;
  // Deferred to the end of the message being processed.
  bool proceed_pending = false;
  bool ended_by_peer = false;
  bool end_now = false;     // send TC-END at flush
  bool tx_pending = false;  // components queued: TC-CONTINUE at flush
  call_outcome outcome = call_outcome::continued;
  bool outcome_set = false;
  failure_kind failure = failure_kind::none;
  std::string detail;
  bool has_setup = false;
  std::chrono::microseconds setup{};
  cmr::timer_service::timer_id scenario_timer = 0;
  cmr::timer_service::timer_id abandon_timer = 0;
};

}  // namespace cmr::tools::ssf
