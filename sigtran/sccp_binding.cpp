#include "sigtran/sccp_binding.h"

#include <cstring>
#include <exception>
#include <utility>

#include "sigtran/osmo_headers.h"
#include "sigtran/sccp_address_conv.h"
#include "store/log.h"

namespace cmr::sigtran {
namespace {

// The SCCP UDT data length is one octet; libosmo-sigtran 1.6 does not
// segment (XUDT) on this path and would truncate the length byte.
constexpr std::size_t max_udt_data = 255;
// libosmo-sigtran's own primitive buffer sizes (sccp_helpers.c).
constexpr std::uint16_t prim_headroom = 512;
constexpr std::uint16_t prim_size = 2048 + prim_headroom;

}  // namespace

sccp_binding::sccp_binding(bridge& br, const link_table& links, std::uint8_t ssn,
                           std::uint32_t own_pc)
    : bridge_(br), links_(links), ssn_(ssn), own_pc_(own_pc) {}

bool sccp_binding::bind(osmo_sccp_instance* sccp) {
  const std::string name = "cmr-ssn-" + std::to_string(ssn_);
  scu_ = osmo_sccp_user_bind(sccp, name.c_str(), &sccp_binding::on_primitive, ssn_);
  if (scu_ == nullptr) return false;
  osmo_sccp_user_set_priv(scu_, this);
  return true;
}

void sccp_binding::unbind() {
  if (scu_ == nullptr) return;
  osmo_sccp_user_unbind(scu_);
  scu_ = nullptr;
}

void sccp_binding::set_receiver(boost::asio::any_io_executor executor, unitdata_handler handler) {
  std::shared_ptr<const receiver> r;
  if (handler) r = std::make_shared<const receiver>(receiver{std::move(executor), std::move(handler)});
  const std::lock_guard lock(receiver_mu_);
  receiver_ = std::move(r);
}

sccp_address sccp_binding::local_address() const {
  sccp_address a;
  a.point_code = own_pc_;
  a.ssn = ssn_;
  return a;
}

sccp_user_counters sccp_binding::counters() const {
  return {sent_.load(), send_dropped_.load(), send_invalid_.load(),
          received_.load(), received_unhandled_.load(), notices_.load()};
}

void sccp_binding::count_drop(const char* why, const n_unitdata& msg) {
  ++send_dropped_;
  if (!dropping_.exchange(true)) {
    CMR_LOG(sigtran, notice, "SSN %u: N-UNITDATA to %s dropped: %s (further drops logged at debug)",
            static_cast<unsigned>(ssn_), to_string(msg.called).c_str(), why);
  } else {
    CMR_LOG(sigtran, debug, "SSN %u: N-UNITDATA to %s dropped: %s", static_cast<unsigned>(ssn_),
            to_string(msg.called).c_str(), why);
  }
}

bool sccp_binding::send_unitdata(n_unitdata msg) {
  if (!msg.called.point_code) {
    ++send_invalid_;
    CMR_LOG(sigtran, error, "SSN %u: N-UNITDATA without a called point code (GT routing is not "
            "available): not sent", static_cast<unsigned>(ssn_));
    return false;
  }
  if (msg.data.size() > max_udt_data) {
    ++send_invalid_;
    CMR_LOG(sigtran, error, "SSN %u: N-UNITDATA of %zu octets exceeds the UDT limit of %zu: not sent",
            static_cast<unsigned>(ssn_), msg.data.size(), max_udt_data);
    return false;
  }
  if (!msg.calling.point_code) msg.calling.point_code = own_pc_;
  if (!msg.calling.ssn) msg.calling.ssn = ssn_;
  // Refuse at once what libosmo-sigtran would silently drop (FACTS.md: tx
  // returns 0 while the ASP is down); the osmo thread checks again.
  if (!links_.reachable(*msg.called.point_code)) {
    count_drop("no active route", msg);
    return false;
  }
  const bool queued = bridge_.run_on_osmo([self = shared_from_this(), m = std::move(msg)] {
    self->transmit(m);
  });
  if (!queued) {
    ++send_dropped_;
    return false;
  }
  return true;
}

void sccp_binding::transmit(const n_unitdata& msg) {
  if (scu_ == nullptr) {
    count_drop("SCCP user unbound", msg);
    return;
  }
  osmo_ss7_instance* ss7 = osmo_sccp_get_ss7(osmo_sccp_get_sccp(scu_));
  const std::uint32_t dpc = *msg.called.point_code;
  if (!osmo_ss7_pc_is_local(ss7, dpc)) {
    osmo_ss7_route* rt = osmo_ss7_route_lookup(ss7, dpc);
    if (rt == nullptr) {
      count_drop("no route", msg);
      return;
    }
    if (rt->dest.as != nullptr && !osmo_ss7_as_active(rt->dest.as)) {
      count_drop("AS not active", msg);
      return;
    }
  }

  msgb* m = msgb_alloc_headroom(prim_size, prim_headroom, "cmr N-UNITDATA.req");
  if (m == nullptr) {
    count_drop("out of memory", msg);
    return;
  }
  auto* prim = reinterpret_cast<osmo_scu_prim*>(msgb_put(m, sizeof(osmo_scu_prim)));
  *prim = osmo_scu_prim{};
  to_osmo(msg.called, prim->u.unitdata.called_addr);
  to_osmo(msg.calling, prim->u.unitdata.calling_addr);
  prim->u.unitdata.in_sequence_control = msg.in_sequence ? 1 : 0;
  // Kept for peers reading it; libosmo-sigtran 1.6 encodes protocol class 0.
  prim->u.unitdata.return_option = msg.return_on_error ? 1 : 0;
  osmo_prim_init(&prim->oph, SCCP_SAP_USER, OSMO_SCU_PRIM_N_UNITDATA, PRIM_OP_REQUEST, m);
  m->l2h = msgb_put(m, static_cast<unsigned>(msg.data.size()));
  if (!msg.data.empty()) std::memcpy(m->l2h, msg.data.data(), msg.data.size());

  // Takes the msgb in every case.
  if (osmo_sccp_user_sap_down(scu_, &prim->oph) < 0) {
    count_drop("rejected by SCCP", msg);
    return;
  }
  ++sent_;
  dropping_.store(false, std::memory_order_relaxed);
}

int sccp_binding::on_primitive(osmo_prim_hdr* oph, void* ctx) {
  auto* scu = static_cast<osmo_sccp_user*>(ctx);
  auto* self = static_cast<sccp_binding*>(osmo_sccp_user_get_priv(scu));
  // A C callback: nothing may propagate into libosmo-sigtran.
  try {
    if (self != nullptr) {
      switch (OSMO_PRIM_HDR(oph)) {
        case OSMO_PRIM(OSMO_SCU_PRIM_N_UNITDATA, PRIM_OP_INDICATION):
          self->on_unitdata_ind(oph);
          break;
        case OSMO_PRIM(OSMO_SCU_PRIM_N_NOTICE, PRIM_OP_INDICATION): {
          ++self->notices_;
          const auto* p = reinterpret_cast<osmo_scu_prim*>(oph);
          CMR_LOG(sigtran, notice, "SSN %u: N-NOTICE (message returned), cause %u, to %s",
                  static_cast<unsigned>(self->ssn_), p->u.notice.cause,
                  to_string(from_osmo(p->u.notice.called_addr)).c_str());
          break;
        }
        case OSMO_PRIM(OSMO_SCU_PRIM_N_PCSTATE, PRIM_OP_INDICATION): {
          const auto* p = reinterpret_cast<osmo_scu_prim*>(oph);
          CMR_LOG(sigtran, info, "SSN %u: N-PCSTATE: point code %s %s", static_cast<unsigned>(self->ssn_),
                  format_pc(p->u.pcstate.affected_pc).c_str(),
                  p->u.pcstate.sp_status == OSMO_SCCP_SP_S_ACCESSIBLE ? "accessible" : "inaccessible");
          if (self->pc_state_hook_) self->pc_state_hook_();
          break;
        }
        default:
          CMR_LOG(sigtran, info, "SSN %u: ignored primitive %s", static_cast<unsigned>(self->ssn_),
                  osmo_scu_prim_name(oph));
          break;
      }
    }
  } catch (const std::exception& e) {
    CMR_LOG(sigtran, error, "SCCP primitive handling failed: %s", e.what());
  } catch (...) {
    CMR_LOG(sigtran, error, "SCCP primitive handling failed");
  }
  msgb_free(oph->msg);
  return 0;
}

void sccp_binding::on_unitdata_ind(osmo_prim_hdr* oph) {
  const auto* p = reinterpret_cast<osmo_scu_prim*>(oph);
  n_unitdata msg;
  msg.called = from_osmo(p->u.unitdata.called_addr);
  msg.calling = from_osmo(p->u.unitdata.calling_addr);
  msg.in_sequence = p->u.unitdata.in_sequence_control != 0;
  msg.return_on_error = p->u.unitdata.return_option != 0;
  const unsigned len = msgb_l2len(oph->msg);
  const auto* data = static_cast<const std::uint8_t*>(msgb_l2(oph->msg));
  if (data != nullptr && len > 0) msg.data.assign(data, data + len);

  std::shared_ptr<const receiver> r;
  {
    const std::lock_guard lock(receiver_mu_);
    r = receiver_;
  }
  if (!r) {
    ++received_unhandled_;
    CMR_LOG(sigtran, notice, "SSN %u: N-UNITDATA from %s dropped: no receiver attached",
            static_cast<unsigned>(ssn_), to_string(msg.calling).c_str());
    return;
  }
  ++received_;
  CMR_LOG(sigtran, debug, "SSN %u: N-UNITDATA %s -> %s, %zu octets", static_cast<unsigned>(ssn_),
          to_string(msg.calling).c_str(), to_string(msg.called).c_str(), msg.data.size());
  bridge::post_to_asio(r->executor, [r, m = std::move(msg)]() mutable {
    // An Asio handler: the user's exception stops here.
    try {
      r->handler(std::move(m));
    } catch (const std::exception& e) {
      CMR_LOG(sigtran, error, "N-UNITDATA handler threw: %s", e.what());
    } catch (...) {
      CMR_LOG(sigtran, error, "N-UNITDATA handler threw");
    }
  });
}

}  // namespace cmr::sigtran
