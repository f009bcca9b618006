// server::start_ip(): the intelligent peripheral (in/ip, DESIGN.md section 8)
// when the configuration has an "ip" node (docs/configuration.md, "ip").
//
// The IP's assist dialogues (AssistRequestInstructions) use an SCCP user of
// their own on the same cs7 instance ("ip / local-ssn", also listed as a
// "sigtran / sccp-user ssn"). Addressed to the instance's own point code,
// libosmo-sigtran 1.6 routes them locally: sccp_scrc.c
// scrc_local_out_common() sees a local DPC with an SSN and hands the
// message to the SCCP user bound to that SSN (scrc_node_6), without MTP.
// So the IP reaches an SCP in the same server exactly as it reaches a
// remote one (tests/unit/ip check the round trip over the real stack).
#include "apps/cmr-server/ip_runtime.h"
#include "apps/cmr-server/server.h"
#include "common/log.h"
#include "sigtran/point_code.h"

namespace cmr::app {

result<void, std::string> server::start_ip() {
  const in::ip::ip_settings& s = config_.ip;
  if (!s.enabled()) return ok;
  std::uint32_t scp_pc = ss7_->own_pc();
  if (!s.scp_point_code.empty()) {
    const auto pc = bridge_.call_on_osmo(
        [&] { return sigtran::parse_point_code(config_.sigtran.cs7_instance, s.scp_point_code); });
    if (!pc) return unexpected{"ip scp point-code " + s.scp_point_code + ": not a point code"};
    scp_pc = *pc;
  }
  in::ip::ip_config cfg = s.config;
  cfg.prefixes = in::ip::prefix_list(s.assist_prefix);
  cfg.scp_cap.point_code = scp_pc;
  cfg.scp_inap.point_code = scp_pc;
  const unsigned scp_ssn = cfg.scp_cap.ssn.value_or(0);

  auto rt = std::make_unique<ip_runtime>();
  auto reader = store::store::open_reader(config_.store.open.path);
  if (!reader) return unexpected{"ip store reader: " + reader.error().message};
  rt->reader = std::move(*reader);
  rt->announcements = std::make_unique<in::ip::store_announcement_source>(*rt->reader);
  rt->node = std::make_unique<in::ip::ip_node>(std::move(cfg), *rt->announcements);
  if (auto o = rt->node->open(); !o) return o;

  auto* node = rt->node.get();
  sigtran::sccp_service* sccp = ss7_->attach(
      s.local_ssn, node->executor(), [node](sigtran::n_unitdata m) { node->on_unitdata(m); });
  if (sccp == nullptr) {
    return unexpected{"ip local-ssn " + std::to_string(s.local_ssn) +
                      " is not bound: add \"sccp-user ssn " + std::to_string(s.local_ssn) +
                      "\" to the sigtran node"};
  }
  // The WIN role (docs/cdma-delivery.md): ANSI TCAP on a second SCCP user of
  // the same instance, which the SCP's SeizeResource is addressed to.
  sigtran::sccp_service* win = nullptr;
  if (s.win_ssn) {
    win = ss7_->attach(*s.win_ssn, node->executor(),
                       [node](sigtran::n_unitdata m) { node->on_win_unitdata(m); });
    if (win == nullptr) {
      return unexpected{"ip win-ssn " + std::to_string(*s.win_ssn) +
                        " is not bound: add \"sccp-user ssn " + std::to_string(*s.win_ssn) +
                        "\" to the sigtran node, or \"no win-ssn\" to the ip node"};
    }
  }
  node->start(sccp, win);
  CMR_LOG(main, notice,
          "intelligent peripheral listening on UDP and TCP port %u (SSN %u, SCP %u/%u, WIN SSN %s)",
          node->udp_endpoint().port, static_cast<unsigned>(s.local_ssn), scp_pc, scp_ssn,
          s.win_ssn ? std::to_string(*s.win_ssn).c_str() : "off");
  status_.ip.set([node] { return node->status_text(); });
  ip_ = std::move(rt);
  return ok;
}

}  // namespace cmr::app
