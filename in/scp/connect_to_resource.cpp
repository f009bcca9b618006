// user-interaction connect-to-resource (docs/cs-delivery.md section 3):
//   IDP -> RRBE + ConnectToResource + PlayAnnouncement
//   SRR -> DisconnectForwardConnection + Continue
//   then the armed events to the end of the call (event_reports.cpp).
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/scp/procedures.h"
#include "in/scp/scp_service.h"
#include "in/scp/log.h"

namespace cmr::in::scp {
namespace {

namespace op_code = codec::opcode;

class connect_to_resource_procedure final : public call_procedure {
public:
  using call_procedure::call_procedure;
  [[nodiscard]] const char* name() const override { return "connect-to-resource"; }

  void start() override {
    if (!send({{op_code::request_report_bcsm_event, ui_events_arg(), std::nullopt},
               {op_code::connect_to_resource, connect_to_resource_arg(), std::nullopt},
               {op_code::play_announcement, announcement_arg(true, true), std::nullopt}}))
      return;
    playing_ = true;
  }

  void on_invoke(const tcap::component_ind& comp) override {
    if (comp.code != op_code::specialized_resource_report) {
      call_procedure::on_invoke(comp);
      return;
    }
    if (!playing_) return;  // a late or repeated report
    playing_ = false;
    CMR_LOG(scp, info, "call %llu: announcement %u complete",
            static_cast<unsigned long long>(c_.id), c_.announcement_id);
    disconnect_and_continue();
  }

  void on_l_cancel(std::int32_t opcode) override {
    // PlayAnnouncement's timer ran out without a SpecializedResourceReport.
    if (opcode != op_code::play_announcement || !playing_) return;
    playing_ = false;
    ++svc_.counters_mut().announcement_timeouts;
    disconnect_and_continue();
  }

private:
  bool playing_ = false;
};

}  // namespace

std::unique_ptr<call_procedure> make_connect_to_resource(scp_service& svc, call& c) {
  return std::make_unique<connect_to_resource_procedure>(svc, c);
}

}  // namespace cmr::in::scp
