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
#include <boost/asio/ip/address.hpp>

#include "apps/cmr-server/ip_runtime.h"
#include "apps/cmr-server/server.h"
#include "common/log.h"

namespace cmr::app {

namespace {

in::ip::ip_config make_ip_config(const ip_settings& s, std::uint32_t scp_pc) {
  in::ip::ip_config c;
  c.address = s.address;
  c.port = s.port;
  c.rtp = {s.rtp_first, s.rtp_last};
  using v = in::codec::protocol_variant;
  c.prefixes = {{v::cap_v2, s.assist_prefix_cap_v2},
                {v::cap_v3, s.assist_prefix_cap_v3},
                {v::cap_v4, s.assist_prefix_cap_v4},
                {v::inap_cs1, s.assist_prefix_inap}};
  c.scp_cap.point_code = scp_pc;
  c.scp_cap.ssn = s.scp_ssn;
  c.scp_inap.point_code = scp_pc;
  c.scp_inap.ssn = s.scp_inap_ssn;
  c.max_call_duration = std::chrono::seconds(s.max_call_duration_s);
  return c;
}

}  // namespace

result<void, std::string> server::start_ip() {
  const ip_settings& s = config_.ip;
  if (!s.enabled()) return ok;
  std::uint32_t scp_pc = ss7_->own_pc();
  if (!s.scp_point_code.empty()) {
    const auto pc = bridge_.call_on_osmo([&] {
      return parse_ip_point_code(config_.sigtran_cs7_instance, s.scp_point_code);
    });
    if (!pc) return unexpected{"ip scp point-code " + s.scp_point_code + ": not a point code"};
    scp_pc = *pc;
  }
  auto cfg = make_ip_config(s, scp_pc);
  boost::system::error_code ec;
  cfg.media_address = boost::asio::ip::make_address(s.media_address, ec);
  if (ec) return unexpected{"ip media-address: " + ec.message()};

  auto rt = std::make_unique<ip_runtime>();
  auto reader = store::store::open_reader(config_.database_path);
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
  node->start(sccp);
  CMR_LOG(main, notice,
          "intelligent peripheral listening on UDP and TCP port %u (SSN %u, SCP %u/%u)",
          node->udp_endpoint().port, static_cast<unsigned>(s.local_ssn), scp_pc,
          static_cast<unsigned>(s.scp_ssn));
  set_ip_status_query([node] { return node->status_text(); });
  ip_ = std::move(rt);
  return ok;
}

}  // namespace cmr::app
