#include "sigtran/sccp_binding.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cstring>
#include <exception>
#include <utility>

#include "sigtran/osmo_asp.h"
#include "sigtran/osmo_headers.h"
#include "sigtran/sccp_address_conv.h"
#include "sigtran/log.h"

namespace cmr::sigtran {
namespace {

// The SCCP UDT data length is one octet; libosmo-sigtran 1.6 does not
// segment (XUDT) on this path and would truncate the length byte.
constexpr std::size_t max_udt_data = 255;
// libosmo-sigtran's own primitive buffer sizes (sccp_helpers.c).
constexpr std::uint16_t prim_headroom = 512;
constexpr std::uint16_t prim_size = 2048 + prim_headroom;
// A received batch is handed over early beyond this many messages.
constexpr std::size_t max_rx_batch = 1024;

// --- corking (osmo thread only) --------------------------------------------------------
// libosmo-netif sends each queued IPA frame with its own send() on a
// TCP_NODELAY socket, one per select round: a burst of N messages would
// leave as N segments, each waking the peer. The first message of a turn
// towards an IPA ASP sets TCP_CORK on its socket; the turn-end hook clears it,
// which pushes everything written meanwhile out in full segments. The osmo
// thread's turn ends only once no socket is writable with frames queued, so
// nothing stays corked past it.
std::vector<int> g_corked;  // osmo thread only

int asp_socket(const osmo_ss7_asp* asp) {
  if (asp == nullptr || asp->cfg.proto != OSMO_SS7_ASP_PROT_IPA) return -1;
  const osmo_fd* ofd = asp_ofd(asp);
  return ofd != nullptr ? ofd->fd : -1;
}

void set_cork(int fd, int on) {
  [[maybe_unused]] const int rc = setsockopt(fd, IPPROTO_TCP, TCP_CORK, &on, sizeof on);
}

void cork_as(const osmo_ss7_as* as) {
  if (as == nullptr || as->cfg.proto != OSMO_SS7_ASP_PROT_IPA) return;
  for (const osmo_ss7_asp* asp : as->cfg.asps) {
    const int fd = asp_socket(asp);
    if (fd < 0) continue;
    bool already = false;
    for (const int c : g_corked) already = already || c == fd;
    if (already) continue;
    set_cork(fd, 1);
    g_corked.push_back(fd);
  }
}

void uncork_all() {
  for (const int fd : g_corked) set_cork(fd, 0);
  g_corked.clear();
}

// --- Asio side: sends issued while a received batch is being handled ---------------------
// They are queued and their flush is posted once, after the batch, instead
// of waking the osmo thread for the first message and again and again while
// it races the rest of the batch.
thread_local int tl_hold_depth = 0;
thread_local std::vector<std::shared_ptr<sccp_binding>>* tl_held = nullptr;

}  // namespace

namespace {

const counter_desc k_counters[] = {
    {"sent", "N-UNITDATA requests handed to libosmo-sigtran"},
    {"send-dropped", "Messages not sent: no active route (ASP down), refused or dropped"},
    {"send-invalid", "Messages not sent: no called point code, data over 255 octets"},
    {"received", "N-UNITDATA indications handed to the receiver"},
    {"received-unhandled", "N-UNITDATA indications with no receiver attached"},
    {"notices", "N-NOTICE indications (returned messages)"},
};
const counter_group_desc k_desc{"sccp-user", "SCCP user of one subsystem (index: SSN)", k_counters};

}  // namespace

sccp_binding::sccp_binding(bridge& br, const link_table& links, std::uint8_t ssn,
                           std::uint32_t own_pc)
    : bridge_(br), links_(links), ssn_(ssn), own_pc_(own_pc), counters_(k_desc, ssn) {}

bool sccp_binding::bind(osmo_sccp_instance* sccp) {
  const std::string name = "cmr-ssn-" + std::to_string(ssn_);
  scu_ = osmo_sccp_user_bind(sccp, name.c_str(), &sccp_binding::on_primitive, ssn_);
  if (scu_ == nullptr) return false;
  osmo_sccp_user_set_priv(scu_, this);
  turn_hook_ = bridge_.add_turn_hook([this] {
    flush_rx();
    uncork_all();
  });
  return true;
}

void sccp_binding::unbind() {
  if (scu_ == nullptr) return;
  flush_tx();  // what the user sent before the unbind still goes out
  osmo_sccp_user_unbind(scu_);
  scu_ = nullptr;
  bridge_.remove_turn_hook(turn_hook_);
  turn_hook_ = 0;
  flush_rx();  // what arrived before the unbind is still delivered
  uncork_all();
}

void sccp_binding::set_receiver(boost::asio::any_io_executor executor, unitdata_handler handler,
                                notice_handler notices) {
  std::shared_ptr<const receiver> r;
  if (handler)
    r = std::make_shared<const receiver>(
        receiver{std::move(executor), std::move(handler), std::move(notices)});
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
  return {sent_.load(),     send_dropped_.load(),       send_invalid_.load(),
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
    CMR_LOG(sigtran, error,
            "SSN %u: N-UNITDATA without a called point code (GT routing is not "
            "available): not sent",
            static_cast<unsigned>(ssn_));
    return false;
  }
  if (msg.data.size() > max_udt_data) {
    ++send_invalid_;
    CMR_LOG(sigtran, error,
            "SSN %u: N-UNITDATA of %zu octets exceeds the UDT limit of %zu: not sent",
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
  bool post = false;
  {
    const std::lock_guard lock(send_mu_);
    send_queue_.push_back(std::move(msg));
    if (!flush_posted_) {
      flush_posted_ = true;
      if (tl_hold_depth > 0 && tl_held != nullptr) {
        tl_held->push_back(shared_from_this());  // posted when the batch is done
      } else {
        post = true;
      }
    }
  }
  if (post) post_flush_tx();
  return true;
}

void sccp_binding::post_flush_tx() {
  if (bridge_.run_on_osmo([self = shared_from_this()] { self->flush_tx(); })) return;
  // The osmo thread is gone: nothing queued can be sent any more.
  std::size_t n = 0;
  {
    const std::lock_guard lock(send_mu_);
    n = send_queue_.size();
    send_queue_.clear();
    flush_posted_ = false;
  }
  send_dropped_ += n;
}

void sccp_binding::flush_tx() {
  {
    const std::lock_guard lock(send_mu_);
    sending_.swap(send_queue_);
    flush_posted_ = false;
  }
  for (auto& m : sending_) transmit(m);
  sending_.clear();  // keeps its capacity for the next burst
}

void sccp_binding::local_notice(const char* why, std::uint8_t cause, n_unitdata& msg) {
  count_drop(why, msg);
  std::shared_ptr<const receiver> r;
  {
    const std::lock_guard lock(receiver_mu_);
    r = receiver_;
  }
  if (!r || !r->notices) return;
  rx_item item;
  item.notice = n_notice{msg.called, msg.calling, std::move(msg.data), cause, true};
  queue_rx(std::move(r), std::move(item));
}

void sccp_binding::transmit(n_unitdata& msg) {
  if (scu_ == nullptr) {
    local_notice("SCCP user unbound", return_cause::subsystem_failure, msg);
    return;
  }
  osmo_ss7_instance* ss7 = osmo_sccp_get_ss7(osmo_sccp_get_sccp(scu_));
  const std::uint32_t dpc = *msg.called.point_code;
  if (!osmo_ss7_pc_is_local(ss7, dpc)) {
    osmo_ss7_route* rt = osmo_ss7_route_lookup(ss7, dpc);
    if (rt == nullptr) {
      local_notice("no route", return_cause::mtp_failure, msg);
      return;
    }
    if (rt->dest.as != nullptr && !osmo_ss7_as_active(rt->dest.as)) {
      local_notice("AS not active", return_cause::mtp_failure, msg);
      return;
    }
    cork_as(rt->dest.as);
  }

  msgb* m = msgb_alloc_headroom(prim_size, prim_headroom, "cmr N-UNITDATA.req");
  if (m == nullptr) {
    local_notice("out of memory", return_cause::error_in_local_processing, msg);
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
    local_notice("rejected by SCCP", return_cause::error_in_local_processing, msg);
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
        case OSMO_PRIM(OSMO_SCU_PRIM_N_NOTICE, PRIM_OP_INDICATION):
          self->on_notice_ind(oph);
          break;
        case OSMO_PRIM(OSMO_SCU_PRIM_N_PCSTATE, PRIM_OP_INDICATION):
        case OSMO_PRIM(OSMO_SCU_PRIM_N_STATE, PRIM_OP_INDICATION):
          // Every user gets these; SCCP management (scmg_user) logs them.
          break;
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
  rx_item item;
  item.msg = std::move(msg);
  queue_rx(std::move(r), std::move(item));
}

void sccp_binding::on_notice_ind(osmo_prim_hdr* oph) {
  ++notices_;
  const auto* p = reinterpret_cast<osmo_scu_prim*>(oph);
  // The returned message (a UDTS) is addressed back to us: its called
  // address is the original calling one and vice versa.
  n_notice n;
  n.called = from_osmo(p->u.notice.calling_addr);
  n.calling = from_osmo(p->u.notice.called_addr);
  n.cause = static_cast<std::uint8_t>(p->u.notice.cause & 0xff);
  const unsigned len = msgb_l2len(oph->msg);
  const auto* data = static_cast<const std::uint8_t*>(msgb_l2(oph->msg));
  if (data != nullptr && len > 0) n.data.assign(data, data + len);
  CMR_LOG(sigtran, info, "SSN %u: N-NOTICE: message to %s returned, cause %u, %zu octets",
          static_cast<unsigned>(ssn_), to_string(n.called).c_str(), static_cast<unsigned>(n.cause),
          n.data.size());
  std::shared_ptr<const receiver> r;
  {
    const std::lock_guard lock(receiver_mu_);
    r = receiver_;
  }
  if (!r || !r->notices) return;
  rx_item item;
  item.notice = std::move(n);
  queue_rx(std::move(r), std::move(item));
}

void sccp_binding::queue_rx(std::shared_ptr<const receiver> r, rx_item item) {
  // A new receiver gets only what arrives from now on.
  if (rx_batch_to_ != r) flush_rx();
  rx_batch_to_ = std::move(r);
  rx_batch_.push_back(std::move(item));
  if (rx_batch_.size() >= max_rx_batch) flush_rx();
}

void sccp_binding::flush_rx() {
  if (rx_batch_.empty()) return;
  auto r = std::move(rx_batch_to_);
  rx_batch_to_.reset();
  bridge::post_to_asio(r->executor,
                       [r, batch = std::move(rx_batch_)]() mutable { deliver(r, batch); });
  rx_batch_.clear();  // moved-from: make it valid and empty
}

void sccp_binding::deliver(const std::shared_ptr<const receiver>& r, std::vector<rx_item>& batch) {
  std::vector<std::shared_ptr<sccp_binding>> held;
  auto* outer = tl_held;
  if (tl_hold_depth++ == 0) tl_held = &held;
  for (auto& item : batch) {
    // An Asio handler: the user's exception stops here.
    try {
      if (item.notice) {
        if (r->notices) r->notices(std::move(*item.notice));
      } else {
        r->handler(std::move(item.msg));
      }
    } catch (const std::exception& e) {
      CMR_LOG(sigtran, error, "SCCP indication handler threw: %s", e.what());
    } catch (...) {
      CMR_LOG(sigtran, error, "SCCP indication handler threw");
    }
  }
  if (--tl_hold_depth == 0) tl_held = outer;
  for (auto& b : held) b->post_flush_tx();
}

}  // namespace cmr::sigtran
