// route-via-platform (docs/cs-delivery.md section 7, DESIGN.md 9b): the SCP
// answers the trigger with routing to the ringback platform, and the SIP
// application server behind the switch's trunk plays the owner's resource
// while it extends the call to the callee (Gateway mode) and cuts through on
// the answer: true ringback during alerting on every phase.
//   trigger -> arm events + route to platform prefix + called number
//   then the armed events to the end of the call (event_reports.cpp): the
//   switch sees the platform's answer, busy or no answer, which are the
//   callee's.
//
//   IDLE --routed--> ROUTED
//
// The protocol mapping says how: CAP/INAP Connect (destinationRoutingAddress),
// ANSI-41 RoutingDigits. The call never triggers twice: the service answers
// Continue to a trigger whose called number carries the prefix, and to the
// returning leg of a call it routed (scp_service::platform_loop).
#include <array>

#include "in/scp/log.h"
#include "in/scp/procedure.h"
#include "in/scp/procedures.h"
#include "in/scp/scp_service.h"

namespace cmr::in::scp {

enum class rvp_state : std::uint8_t { idle, routed };
enum class rvp_input : std::uint8_t { routed };

const char* to_string(rvp_state s) {
  return s == rvp_state::idle ? "IDLE" : "ROUTED";
}
const char* to_string(rvp_input) {
  return "routed";
}

namespace {

using rvp_row = fsm_row<rvp_state, rvp_input>;
constexpr std::array rvp_table{rvp_row{rvp_state::idle, rvp_input::routed, rvp_state::routed}};

class route_via_platform_procedure final : public procedure {
public:
  route_via_platform_procedure(scp_service& svc, call& c)
      : procedure(svc, c), fsm_(rvp_table, rvp_state::idle, log_scp), prefix_(sub_prefix("rvp")) {}
  [[nodiscard]] const char* name() const override { return "route-via-platform"; }

  void start() override {
    const std::string digits = svc_.settings().platform_prefix + c_.owner;
    if (!send({arm_call_events{c_.originating}, route_to_platform{digits}})) return;
    fsm_.dispatch(rvp_input::routed, prefix_);
    CMR_LOG(scp, info, "%s: routed to the platform as %s", c_.prefix.c_str(), digits.c_str());
    svc_.note_routed(c_);
    proceeded();
    c_.t_alerting = svc_.timers().now();
  }

private:
  fsm<rvp_state, rvp_input> fsm_;
  std::string prefix_;
};

}  // namespace

std::unique_ptr<procedure> make_route_via_platform(scp_service& svc, call& c) {
  return std::make_unique<route_via_platform_procedure>(svc, c);
}

}  // namespace cmr::in::scp
