// One CMR call as the SCP sees it: the SSF's dialogue, the trigger and the
// parties, what the decision chose, and the procedure (delivery profile)
// driving it. Owned by scp_service; single-threaded (the service's strand).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/timer_service.h"
#include "in/codec/operations.h"
#include "in/scp/charging_record.h"
#include "in/scp/scp_settings.h"
#include "in/tcap/tcap_layer.h"

namespace cmr::in::scp {

class call_procedure;
class scp_endpoint;

struct call {
  std::uint64_t id = 0;
  scp_endpoint* ep = nullptr;  // the SSF's dialogue
  tcap::dialogue_id dialogue = 0;
  bool ssf_open = true;  // false once the SSF dialogue ended (either way)
  codec::protocol_variant variant = codec::protocol_variant::cap_v2;

  // Trigger and parties.
  std::uint32_t service_key = 0;
  std::optional<scp_profile> profile;  // nullopt: answered at once (no profile ran)
  bool cmrt = false;
  bool terminating = true;  // TDP 12 (t-events) or TDP 2/3 (o-events)
  std::string owner;
  std::string other;
  codec::isup_number called_routing;                 // ISUP Called Party Number octets
  std::optional<codec::isup_number> calling_number;  // as received

  // The decision.
  std::string resource_id;
  std::uint32_t announcement_id = 0;
  std::optional<std::uint8_t> alerting_pattern;

  // Progress, for the charging record.
  std::chrono::system_clock::time_point wall_start;
  cmr::timer_service::time_point t_start{};
  std::optional<cmr::timer_service::time_point> t_alerting;
  std::optional<cmr::timer_service::time_point> t_answer;
  call_outcome outcome = call_outcome::continued;
  bool proceeded = false;  // a Continue (or equivalent) was sent: the call runs on its own
  bool finished = false;   // swept after the current callback

  // Assisting IP (temporary-connection).
  std::string correlation;
  scp_endpoint* assist_ep = nullptr;
  tcap::dialogue_id assist_dialogue = 0;
  bool assist_open = false;

  // ActivityTest (scp / activity-test-interval).
  cmr::timer_service::timer_id activity_timer = 0;
  cmr::timer_service::time_point last_ssf_rx{};
  std::optional<std::int8_t> activity_invoke;  // sent, its result not yet in

  std::int8_t next_invoke = 1;
  std::unique_ptr<call_procedure> proc;

  [[nodiscard]] const char* protocol_name() const;
  std::int8_t take_invoke_id() {
    const std::int8_t taken = next_invoke;
    next_invoke = taken == 127 ? std::int8_t{1} : static_cast<std::int8_t>(taken + 1);
    return taken;
  }
};

}  // namespace cmr::in::scp
