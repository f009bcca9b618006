// CMRT on CS (docs/cs-delivery.md section 3, alerting-pattern): the
// resource's alerting pattern goes to the callee's alerting in one TC-END:
// ContinueWithArgument (CAP v3/v4) or Connect to the called number (CAP v2,
// INAP CS-1). No pattern: Continue.
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/scp/procedures.h"
#include "in/scp/scp_service.h"

namespace cmr::in::scp {
namespace {

namespace op_code = codec::opcode;

class alerting_pattern_procedure final : public call_procedure {
public:
  using call_procedure::call_procedure;
  [[nodiscard]] const char* name() const override { return "alerting-pattern"; }

  void start() override {
    if (!c_.alerting_pattern) {
      if (send({{op_code::continue_, std::nullopt, std::nullopt}}, true)) {
        c_.proceeded = true;
        finish(call_outcome::continued);
      }
      return;
    }
    // 29.078 AlertingPattern: three octets, only the last one used.
    const codec::bytes pattern{0x00, 0x00, *c_.alerting_pattern};
    const auto v = c_.variant;
    bool sent = false;
    if (v == codec::protocol_variant::cap_v3 || v == codec::protocol_variant::cap_v4) {
      codec::continue_with_argument a;
      a.alerting_pattern = pattern;
      sent = send({{op_code::continue_with_argument, codec::encode_continue_with_argument(v, a),
                    std::nullopt}},
                  true);
    } else {
      codec::connect_arg a;
      a.destination_routing_address.push_back(c_.called_routing);
      a.alerting_pattern = pattern;
      sent = send({{op_code::connect, codec::encode_connect(v, a), std::nullopt}}, true);
    }
    if (!sent) return;
    c_.proceeded = true;
    finish(call_outcome::continued);
  }
};

}  // namespace

std::unique_ptr<call_procedure> make_alerting_pattern(scp_service& svc, call& c) {
  return std::make_unique<alerting_pattern_procedure>(svc, c);
}

}  // namespace cmr::in::scp
