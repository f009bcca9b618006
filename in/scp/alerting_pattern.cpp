// CMRT on CS (docs/cs-delivery.md section 3, alerting-pattern): the
// resource's alerting pattern goes to the callee's alerting in the
// dialogue's last message (the mapping writes ContinueWithArgument or Connect
// to the called number, as its protocol can). No pattern: Continue.
//
//   IDLE --instructed--> DONE
#include <array>

#include "in/scp/procedure.h"
#include "in/scp/procedures.h"
#include "in/scp/scp_service.h"

namespace cmr::in::scp {

enum class ap_state : std::uint8_t { idle, done };
enum class ap_input : std::uint8_t { instructed };

const char* to_string(ap_state s) { return s == ap_state::idle ? "IDLE" : "DONE"; }
const char* to_string(ap_input) { return "instructed"; }

namespace {

using ap_row = fsm_row<ap_state, ap_input>;
constexpr std::array ap_table{ap_row{ap_state::idle, ap_input::instructed, ap_state::done}};

class alerting_pattern_procedure final : public procedure {
public:
  alerting_pattern_procedure(scp_service& svc, call& c)
      : procedure(svc, c), fsm_(ap_table, ap_state::idle, log_scp), prefix_(sub_prefix("ap")) {}
  [[nodiscard]] const char* name() const override { return "alerting-pattern"; }

  void start() override {
    const bool sent =
        c_.alerting_pattern
            ? send({continue_with_alerting{*c_.alerting_pattern, c_.called_routing}}, true)
            : send({continue_call{}}, true);
    if (!sent) return;
    fsm_.dispatch(ap_input::instructed, prefix_);
    proceeded();
    finish(call_outcome::continued);
  }

private:
  fsm<ap_state, ap_input> fsm_;
  std::string prefix_;
};

}  // namespace

std::unique_ptr<procedure> make_alerting_pattern(scp_service& svc, call& c) {
  return std::make_unique<alerting_pattern_procedure>(svc, c);
}

}  // namespace cmr::in::scp
