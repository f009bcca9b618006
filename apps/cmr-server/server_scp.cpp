// server::start_scp(): the SCP service logic (in/scp) and its CAP/INAP
// mapping (in/cap) on the SCCP users of the SS7 stack. For each SSN the
// stack binds that the service serves (146 CAP, 241 INAP) a TCAP layer with
// that family's contexts, the mapping as its TC-user, on the service's
// strand; decisions go to the decision engine, which loads owners that are
// not in memory on the store's threads. "show cmr scp" reads its counters.
#include <array>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <cstring>

#include "apps/cmr-server/scp_runtime.h"
#include "apps/cmr-server/server.h"
#include "common/log.h"
#include "in/ansi41/win_operation_table.h"
#include "sigtran/point_code.h"

namespace cmr::app {

result<void, std::string> server::start_scp() {
  if (!ss7_) return ok;
  auto rt = std::make_unique<scp_runtime>(io_);
  const auto& cfg = config_.scp;
  rt->records = std::make_unique<in::scp::charging_writer>(cfg.charging_records);
  if (!rt->records->ok())
    return unexpected{"scp charging-records " + cfg.charging_records + ": " + std::strerror(errno)};

  auto post = [gate = rt->gate, strand = rt->strand](std::function<void()> task) {
    const std::lock_guard lock(gate->mu);
    if (gate->open) boost::asio::post(strand, std::move(task));
  };
  rt->service = std::make_unique<in::scp::scp_service>(cfg, decisions_.get(), rt->timers,
                                                       std::move(post), rt->records.get());
  // On-line copy (scp / online-copy, docs/cs-delivery.md): AddResource
  // Action=1 through the management dispatcher, the presentation-control node.
  rt->service->set_online_copy(&copy_port(), &presentation());
  // Prompt resources named in presentation-control: the IP plays them by
  // their announcement ids like any resource; unknown ones fall back to the
  // built-in prompt (logged).
  std::array<std::uint32_t, 3> prompt_ids{};
  for (const auto k : {ringback::prompt_kind::confirmed, ringback::prompt_kind::refused,
                       ringback::prompt_kind::offer}) {
    const std::string& id = presentation().prompt(k);
    if (id.empty() || store_ == nullptr) continue;
    auto r = store_->resources().get(id);
    if (r && r->announcement_id > 0 && r->announcement_id <= 0x7fffffff) {
      prompt_ids[static_cast<std::size_t>(k)] = static_cast<std::uint32_t>(r->announcement_id);
      CMR_LOG(main, info, "SCP prompt %s: resource %s, announcement %lld", ringback::to_string(k),
              id.c_str(), static_cast<long long>(r->announcement_id));
    } else {
      CMR_LOG(main, notice, "SCP prompt %s: resource %s has no announcement id: the built-in prompt plays",
              ringback::to_string(k), id.c_str());
    }
  }
  rt->service->set_prompt_announcements(prompt_ids);
  rt->mapping = std::make_unique<in::cap::cap_mapping>(*rt->service, rt->service->counters_mut(),
                                                       rt->service->settings());
  rt->service->add_status_lines([m = rt->mapping.get()] { return m->status_lines(); });
  rt->service->add_after_sweep([m = rt->mapping.get()] { m->recount(); });
  for (const std::uint8_t ssn : config_.sigtran.ssns) {
    if (ssn != 146 && ssn != 241) continue;
    sigtran::sccp_service* sccp = ss7_->service(ssn);
    if (sccp == nullptr) continue;
    auto& ep = rt->mapping->add_endpoint(ssn);
    auto layer = std::make_unique<in::tcap::tcap_layer>(
        *sccp, rt->timers, ep, in::cap::cap_mapping::contexts_for_ssn(ssn),
        in::tcap::operation_table::cap_inap_defaults(), rt->mapping->tcap_settings());
    ep.bind(*layer);
    // N-NOTICE (a message the network returned) ends up as TC-NOTICE.
    ss7_->attach(
        ssn, rt->strand, [l = layer.get()](sigtran::n_unitdata m) { l->receive(m); },
        [l = layer.get()](sigtran::n_notice n) { l->notice(n); });
    rt->layers.push_back(std::move(layer));
    CMR_LOG(main, notice, "SCP service logic on SSN %u (%s)", ssn, ssn == 146 ? "CAP" : "INAP");
  }
  if (auto w = start_win(*rt); !w) return w;
  status_.scp.set([svc = rt->service.get()] { return svc->status_text(); });
  scp_ = std::move(rt);
  return ok;
}

// ANSI-41 WIN (docs/cdma-delivery.md): one ANSI TCAP layer on scp / win-ssn
// with the WIN mapping as its TC-user, on the service's strand; SeizeResource
// goes to scp / win-ip (the IP in this server unless a point code is given).
result<void, std::string> server::start_win(scp_runtime& rt) {
  const auto& cfg = config_.scp;
  if (cfg.win_ssn == 0) return ok;
  sigtran::sccp_service* sccp = ss7_->service(cfg.win_ssn);
  if (sccp == nullptr) {
    // The default win-ssn with no SCCP user for it: a CAP/INAP-only node.
    CMR_LOG(main, notice,
            "ANSI-41 WIN off: SSN %u is not a \"sigtran / sccp-user ssn\" (scp / win-ssn)",
            static_cast<unsigned>(cfg.win_ssn));
    return ok;
  }
  sigtran::sccp_address ip;
  ip.point_code = ss7_->own_pc();
  ip.ssn = cfg.win_ip_ssn;
  if (!cfg.win_ip_point_code.empty()) {
    const auto pc = bridge_.call_on_osmo([&] {
      return sigtran::parse_point_code(config_.sigtran.cs7_instance, cfg.win_ip_point_code);
    });
    if (!pc) return unexpected{"scp win-ip point-code " + cfg.win_ip_point_code + ": not a point code"};
    ip.point_code = *pc;
  }
  rt.win = std::make_unique<in::win::win_mapping>(*rt.service, rt.service->counters_mut(),
                                                  rt.service->settings(), rt.timers);
  rt.win_layer = std::make_unique<in::ansi_tcap::ansi_tcap_layer>(
      *sccp, rt.timers, *rt.win, in::ansi41::win_operation_table(), rt.win->tcap_settings());
  rt.win->bind(*rt.win_layer, ip);
  rt.service->add_status_lines([m = rt.win.get()] { return m->status_lines(); });
  rt.service->add_after_sweep([m = rt.win.get()] { m->recount(); });
  ss7_->attach(
      cfg.win_ssn, rt.strand, [l = rt.win_layer.get()](sigtran::n_unitdata m) { l->receive(m); },
      [l = rt.win_layer.get()](sigtran::n_notice n) { l->notice(n); });
  CMR_LOG(main, notice, "SCP service logic on SSN %u (ANSI-41 WIN), IP at %u/%u",
          static_cast<unsigned>(cfg.win_ssn), *ip.point_code, static_cast<unsigned>(*ip.ssn));
  return ok;
}

}  // namespace cmr::app
