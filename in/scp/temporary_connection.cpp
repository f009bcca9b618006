// user-interaction temporary-connection (docs/cs-delivery.md section 3):
//   IDP -> RRBE + EstablishTemporaryConnection (assist prefix + correlation id)
//   the assisting IP: TC-BEGIN [ARI] -> TC-CONTINUE [PlayAnnouncement]
//   the IP: SRR -> TC-END to the IP; DisconnectForwardConnection + Continue to the SSF
//   no ARI within assist-timeout: DFC + Continue, counter.
#include "in/codec/address.h"
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/scp/procedures.h"
#include "in/scp/scp_service.h"
#include "in/scp/log.h"

namespace cmr::in::scp {
namespace {

namespace op_code = codec::opcode;

class temporary_connection_procedure final : public call_procedure {
public:
  using call_procedure::call_procedure;
  ~temporary_connection_procedure() override {
    if (timer_ != 0) svc_.timers().cancel(timer_);
    if (!c_.correlation.empty()) svc_.assists().release(c_.correlation);
  }
  [[nodiscard]] const char* name() const override { return "temporary-connection"; }

  void start() override {
    const auto& cfg = svc_.settings();
    c_.correlation = svc_.assists().allocate(c_.id);
    if (c_.correlation.empty()) {
      fallback("no correlation id free");
      return;
    }
    codec::q763_number routing;
    routing.nature = 4;
    routing.plan = 1;
    routing.qualifier = 0;
    routing.digits = prefix() + c_.correlation;
    codec::establish_temporary_connection etc;
    etc.assisting_ssp_ip_routing_address =
        codec::encode_q763_number(codec::q763_kind::generic, routing);
    etc.correlation_id = assist_registry::encode_generic_digits(c_.correlation);
    if (!cfg.scf_id.empty()) {
      codec::bytes scf;
      if (codec::pack_bcd(cfg.scf_id, scf, true)) etc.scf_id = scf;
    }
    if (etc.assisting_ssp_ip_routing_address.empty() || etc.correlation_id->empty()) {
      fallback("assist routing address did not encode");
      return;
    }
    const auto v = c_.variant;
    if (!send({{op_code::request_report_bcsm_event, ui_events_arg(), std::nullopt},
               {op_code::establish_temporary_connection,
                codec::encode_establish_temporary_connection(v, etc), std::nullopt}}))
      return;
    state_ = state::waiting_ari;
    timer_ = svc_.timers().start(std::chrono::seconds(cfg.assist_timeout_s),
                                 svc_.guarded([this] { assist_timeout(); }));
  }

  bool on_assist_request(scp_endpoint& ep, tcap::dialogue_id d, codec::protocol_variant v,
                         std::int8_t) override {
    if (state_ != state::waiting_ari) return false;
    if (timer_ != 0) svc_.timers().cancel(timer_);
    timer_ = 0;
    svc_.assists().release(c_.correlation);
    c_.correlation.clear();
    svc_.attach_assist(c_, ep, d);
    auto& layer = ep.layer();
    const auto pa = codec::encode_play_announcement(v, announcement(true, true));
    if (pa.empty() || !layer.invoke(d, {1, std::nullopt, op_code::play_announcement, pa, {}, {}}) ||
        !layer.continue_(d)) {
      fallback("PlayAnnouncement to the assisting IP failed");
      return true;
    }
    state_ = state::playing;
    return true;
  }

  void on_assist_component(const tcap::component_ind& comp) override {
    using kind = tcap::component_ind::kind;
    if (comp.type == kind::invoke && comp.code == op_code::specialized_resource_report) {
      if (state_ != state::playing) return;
      state_ = state::done;
      close_assist();  // TC-END to the IP
      disconnect_and_continue();
      return;
    }
    if (comp.type == kind::invoke) {
      ++svc_.counters_mut().unexpected_operations;
      if (c_.assist_open && comp.invoke_id)
        (void)c_.assist_ep->layer().u_reject(
            c_.assist_dialogue, *comp.invoke_id,
            tcap::reject_problem::of(tcap::invoke_problem::unrecognized_operation));
      return;
    }
    if (comp.type == kind::u_error || comp.type == kind::r_reject || comp.type == kind::u_reject) {
      CMR_LOG(scp, notice, "call %llu: the assisting IP refused PlayAnnouncement",
              static_cast<unsigned long long>(c_.id));
      ip_gone();
    }
  }

  void on_assist_end() override {
    c_.assist_open = false;
    ip_gone();
  }
  void on_assist_lost() override {
    c_.assist_open = false;
    ip_gone();
  }

  void on_l_cancel(std::int32_t) override {}

private:
  enum class state : std::uint8_t { idle, waiting_ari, playing, done };

  std::string prefix() const { return svc_.settings().assist_prefix.of(c_.variant); }

  void assist_timeout() {
    timer_ = 0;
    if (state_ != state::waiting_ari || c_.finished) return;
    ++svc_.counters_mut().assist_timeouts;
    CMR_LOG(scp, notice, "call %llu: no AssistRequestInstructions within %u s",
            static_cast<unsigned long long>(c_.id), svc_.settings().assist_timeout_s);
    svc_.assists().release(c_.correlation);
    c_.correlation.clear();
    state_ = state::done;
    disconnect_and_continue();
  }

  // The IP ended, aborted or refused before reporting: the call proceeds.
  void ip_gone() {
    if (state_ != state::playing) return;
    state_ = state::done;
    close_assist();
    disconnect_and_continue();
  }

  state state_ = state::idle;
  cmr::timer_service::timer_id timer_ = 0;
};

}  // namespace

std::unique_ptr<call_procedure> make_temporary_connection(scp_service& svc, call& c) {
  return std::make_unique<temporary_connection_procedure>(svc, c);
}

}  // namespace cmr::in::scp
