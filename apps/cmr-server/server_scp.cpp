// server::start_scp(): the SCP service logic (in/scp) on the SCCP users of
// the SS7 stack. For each SSN the stack binds that the service serves (146
// CAP, 241 INAP) a TCAP layer with that family's contexts, the service as
// its TC-user, on the service's strand. "show cmr scp" reads its counters.
#include <cerrno>
#include <cstring>

#include "apps/cmr-server/scp_runtime.h"
#include "apps/cmr-server/server.h"
#include "common/log.h"

namespace cmr::app {

result<void, std::string> server::start_scp() {
  if (!ss7_) return ok;
  auto rt = std::make_unique<scp_runtime>(io_);
  const auto& cfg = config_.scp;
  rt->records = std::make_unique<in::scp::charging_writer>(cfg.charging_records);
  if (!rt->records->ok())
    return unexpected{"scp charging-records " + cfg.charging_records + ": " + std::strerror(errno)};

  in::scp::decide_fn decide = [engine = decisions_.get()](
                                  std::string_view owner, bool cmrt,
                                  std::string_view other) -> std::optional<in::scp::resource_choice> {
    const auto d = engine->decide(owner, cmrt ? store::service::cmrt : store::service::cmrbt, other,
                                  store::media_set::cs());
    if (!d.resource) return std::nullopt;
    in::scp::resource_choice c;
    c.id = d.resource->id;
    const auto annc = d.resource->announcement_id;
    c.announcement_id = annc > 0 && annc <= 0xffffffffLL ? static_cast<std::uint32_t>(annc) : 0;
    c.alerting_pattern = d.resource->alerting_pattern;
    return c;
  };
  rt->service = std::make_unique<in::scp::scp_service>(cfg, std::move(decide), rt->timers,
                                                       rt->records.get());
  for (const std::uint8_t ssn : config_.sigtran.ssns) {
    if (ssn != 146 && ssn != 241) continue;
    sigtran::sccp_service* sccp = ss7_->service(ssn);
    if (sccp == nullptr) continue;
    auto& ep = rt->service->add_endpoint(ssn);
    auto layer = std::make_unique<in::tcap::tcap_layer>(
        *sccp, rt->timers, ep, in::scp::scp_service::contexts_for_ssn(ssn),
        in::tcap::operation_table::cap_inap_defaults(), rt->service->tcap_settings());
    ep.bind(*layer);
    // N-NOTICE (a message the network returned) ends up as TC-NOTICE.
    ss7_->attach(
        ssn, rt->strand, [l = layer.get()](sigtran::n_unitdata m) { l->receive(m); },
        [l = layer.get()](sigtran::n_notice n) { l->notice(n); });
    rt->layers.push_back(std::move(layer));
    CMR_LOG(main, notice, "SCP service logic on SSN %u (%s)", ssn, ssn == 146 ? "CAP" : "INAP");
  }
  status_.scp.set([svc = rt->service.get()] { return svc->status_text(); });
  scp_ = std::move(rt);
  return ok;
}

}  // namespace cmr::app
