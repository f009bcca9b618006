#include "sigtran/scmg_user.h"

#include <cstring>
#include <exception>

#include "sigtran/osmo_headers.h"
#include "sigtran/sccp_address_conv.h"
#include "sigtran/log.h"

namespace cmr::sigtran {
namespace {

constexpr std::uint8_t k_scmg_ssn = 1;  // SCCP management (Q.713 3.4.2.2)
// Q.713 5.3: message type, affected SSN, affected PC (2 octets), SMI.
constexpr std::size_t k_scmg_len = 5;
constexpr std::uint16_t prim_headroom = 512;
constexpr std::uint16_t prim_size = 1024 + prim_headroom;

const char* type_name(std::uint8_t t) {
  switch (t) {
    case SCCP_SCMG_MSGT_SSA:
      return "SSA";
    case SCCP_SCMG_MSGT_SSP:
      return "SSP";
    case SCCP_SCMG_MSGT_SST:
      return "SST";
    case SCCP_SCMG_MSGT_SOR:
      return "SOR";
    case SCCP_SCMG_MSGT_SOG:
      return "SOG";
    case SCCP_SCMG_MSGT_SSC:
      return "SSC";
    default:
      return "unknown";
  }
}

}  // namespace

bool scmg_user::bind(osmo_sccp_instance* sccp) {
  if (osmo_sccp_user* lib = osmo_sccp_user_find(sccp, k_scmg_ssn, OSMO_SS7_PC_INVALID))
    osmo_sccp_user_unbind(lib);
  scu_ = osmo_sccp_user_bind(sccp, "cmr-scmg", &scmg_user::on_primitive, k_scmg_ssn);
  if (scu_ == nullptr) return false;
  osmo_sccp_user_set_priv(scu_, this);
  sccp_ = sccp;
  return true;
}

void scmg_user::unbind() {
  if (scu_ == nullptr) return;
  osmo_sccp_user_unbind(scu_);
  scu_ = nullptr;
  sccp_ = nullptr;
}

namespace {

const counter_desc k_counters[] = {
    {"sst-answered", "SST for a local subsystem: SSA sent"},
    {"sst-ignored", "SST for a subsystem not bound here (Q.714: no answer)"},
    {"ssa-received", "SSA (subsystem allowed) received"},
    {"ssp-received", "SSP (subsystem prohibited) received"},
    {"unsupported", "SCMG messages not handled (SOR, SOG, SSC, unknown types)"},
    {"malformed", "SCMG messages that did not decode"},
    {"pc-accessible", "N-PCSTATE: a point code became reachable"},
    {"pc-inaccessible", "N-PCSTATE: a point code became unreachable"},
};
const counter_group_desc k_desc{"scmg", "SCCP management (SSN 1)", k_counters};

}  // namespace

scmg_user::scmg_user() : counters_(k_desc) {}

scmg_counters scmg_user::counters() const {
  return {sst_answered_.load(),  sst_ignored_.load(),    ssa_received_.load(),
          ssp_received_.load(),  unsupported_.load(),    malformed_.load(),
          pc_accessible_.load(), pc_inaccessible_.load()};
}

std::string scmg_user::show_text(const char* nl) const {
  const auto c = counters();
  return std::string("SCCP management (SSN 1): SST answered ") + std::to_string(c.sst_answered) +
         ", SST ignored " + std::to_string(c.sst_ignored) + ", SSA " +
         std::to_string(c.ssa_received) + ", SSP " + std::to_string(c.ssp_received) +
         ", unsupported " + std::to_string(c.unsupported) + ", malformed " +
         std::to_string(c.malformed) + nl + "Point codes: became accessible " +
         std::to_string(c.pc_accessible) + ", inaccessible " + std::to_string(c.pc_inaccessible) +
         nl;
}

int scmg_user::on_primitive(osmo_prim_hdr* oph, void* ctx) {
  auto* scu = static_cast<osmo_sccp_user*>(ctx);
  auto* self = static_cast<scmg_user*>(osmo_sccp_user_get_priv(scu));
  // A C callback: nothing may propagate into libosmo-sigtran.
  try {
    if (self != nullptr) {
      switch (OSMO_PRIM_HDR(oph)) {
        case OSMO_PRIM(OSMO_SCU_PRIM_N_UNITDATA, PRIM_OP_INDICATION):
          self->on_unitdata(oph);
          break;
        case OSMO_PRIM(OSMO_SCU_PRIM_N_PCSTATE, PRIM_OP_INDICATION):
          self->on_pcstate(oph);
          break;
        case OSMO_PRIM(OSMO_SCU_PRIM_N_STATE, PRIM_OP_INDICATION): {
          const auto* p = reinterpret_cast<osmo_scu_prim*>(oph);
          CMR_LOG(sigtran, info, "N-STATE: subsystem %u at %s %s",
                  static_cast<unsigned>(p->u.state.affected_ssn),
                  format_pc(p->u.state.affected_pc).c_str(),
                  p->u.state.user_in_service ? "in service" : "out of service");
          break;
        }
        default:
          CMR_LOG(sigtran, info, "SCMG: ignored primitive %s", osmo_scu_prim_name(oph));
          break;
      }
    }
  } catch (const std::exception& e) {
    CMR_LOG(sigtran, error, "SCMG primitive handling failed: %s", e.what());
  } catch (...) {
    CMR_LOG(sigtran, error, "SCMG primitive handling failed");
  }
  msgb_free(oph->msg);
  return 0;
}

void scmg_user::on_pcstate(osmo_prim_hdr* oph) {
  const auto* p = reinterpret_cast<osmo_scu_prim*>(oph);
  const bool accessible = p->u.pcstate.sp_status == OSMO_SCCP_SP_S_ACCESSIBLE;
  ++(accessible ? pc_accessible_ : pc_inaccessible_);
  CMR_LOG(sigtran, notice, "point code %s %s", format_pc(p->u.pcstate.affected_pc).c_str(),
          accessible ? "accessible" : "inaccessible");
  if (pc_state_hook_) pc_state_hook_();
}

void scmg_user::on_unitdata(osmo_prim_hdr* oph) {
  const auto* p = reinterpret_cast<osmo_scu_prim*>(oph);
  const unsigned len = msgb_l2len(oph->msg);
  const auto* data = static_cast<const std::uint8_t*>(msgb_l2(oph->msg));
  const std::string from = to_string(from_osmo(p->u.unitdata.calling_addr));
  if (data == nullptr || len < k_scmg_len ||
      (data[0] == SCCP_SCMG_MSGT_SSC && len < k_scmg_len + 1)) {
    ++malformed_;
    CMR_LOG(sigtran, notice, "SCMG message from %s: %u octets, too short: ignored", from.c_str(),
            len);
    return;
  }
  const std::uint8_t type = data[0];
  const std::uint8_t ssn = data[1];
  // Q.713 5.3.2.3: the affected PC's low-order octet first.
  const std::uint16_t pc = static_cast<std::uint16_t>(data[2] | data[3] << 8U);
  switch (type) {
    case SCCP_SCMG_MSGT_SST: {
      // Q.714 5.3.4.3: answer SSA when the subsystem is available here,
      // otherwise nothing (the tester keeps testing).
      if (ssn == k_scmg_ssn || osmo_sccp_user_find(sccp_, ssn, pc) == nullptr) {
        ++sst_ignored_;
        CMR_LOG(sigtran, info, "SCMG SST from %s for SSN %u: not here, no answer", from.c_str(),
                static_cast<unsigned>(ssn));
        return;
      }
      msgb* m = msgb_alloc_headroom(prim_size, prim_headroom, "cmr SCMG SSA");
      if (m == nullptr) return;
      auto* prim = reinterpret_cast<osmo_scu_prim*>(msgb_put(m, sizeof(osmo_scu_prim)));
      *prim = osmo_scu_prim{};
      prim->u.unitdata.called_addr = p->u.unitdata.calling_addr;
      prim->u.unitdata.calling_addr = p->u.unitdata.called_addr;
      osmo_prim_init(&prim->oph, SCCP_SAP_USER, OSMO_SCU_PRIM_N_UNITDATA, PRIM_OP_REQUEST, m);
      m->l2h = msgb_put(m, k_scmg_len);
      std::memcpy(m->l2h, data, k_scmg_len);
      m->l2h[0] = SCCP_SCMG_MSGT_SSA;
      if (osmo_sccp_user_sap_down(scu_, &prim->oph) < 0) {
        CMR_LOG(sigtran, notice, "SCMG SSA to %s for SSN %u not sent", from.c_str(),
                static_cast<unsigned>(ssn));
        return;
      }
      ++sst_answered_;
      CMR_LOG(sigtran, info, "SCMG SST from %s for SSN %u: SSA", from.c_str(),
              static_cast<unsigned>(ssn));
      return;
    }
    case SCCP_SCMG_MSGT_SSA:
    case SCCP_SCMG_MSGT_SSP:
      ++(type == SCCP_SCMG_MSGT_SSA ? ssa_received_ : ssp_received_);
      CMR_LOG(sigtran, notice, "SCMG %s from %s: subsystem %u at %s %s", type_name(type),
              from.c_str(), static_cast<unsigned>(ssn), format_pc(pc).c_str(),
              type == SCCP_SCMG_MSGT_SSA ? "allowed" : "prohibited");
      return;
    default:
      ++unsupported_;
      CMR_LOG(sigtran, notice, "SCMG %s (type %u) from %s: not supported, ignored", type_name(type),
              static_cast<unsigned>(type), from.c_str());
      return;
  }
}

}  // namespace cmr::sigtran
