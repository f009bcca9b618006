#include "sigtran/ss7_stack.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <thread>

#include "sigtran/ipa_client_lm.h"
#include "sigtran/link_monitor.h"
#include "sigtran/osmo_asp.h"
#include "sigtran/osmo_headers.h"
#include "sigtran/osmo_list.h"
#include "sigtran/sccp_address_conv.h"
#include "sigtran/log.h"

namespace cmr::sigtran {
namespace {

ss7_stack* g_active = nullptr;  // osmo thread only

std::string pc_str(const osmo_ss7_instance* inst, std::uint32_t pc) {
  char buf[32];
  return osmo_ss7_pointcode_print_buf(buf, sizeof buf, inst, pc);
}

// The address a listening socket is bound to (port 0 resolved).
bool bound_address(int fd, std::string& host, std::uint16_t& port) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (fd < 0 || getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return false;
  char buf[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&ss);
    inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
    port = ntohs(in->sin_port);
  } else if (ss.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&ss);
    inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
    port = ntohs(in6->sin6_port);
  } else {
    return false;
  }
  host = buf;
  return true;
}

// Whether a signalling socket still holds frames in its write queue
// (libosmo-netif arms the write interest while its queue is not empty).
bool frames_unwritten(osmo_ss7_instance* inst) {
  bool pending = false;
  for_each_entry<osmo_ss7_asp>(&inst->asp_list, [&](osmo_ss7_asp* asp) {
    const osmo_fd* ofd = asp_ofd(asp);
    if (ofd != nullptr && ofd->fd >= 0 && (ofd->when & OSMO_FD_WRITE) != 0) pending = true;
  });
  return pending;
}

}  // namespace

ss7_stack_options ss7_stack_options::from(const sigtran_config& cfg) {
  ss7_stack_options o;
  static_cast<sigtran_config&>(o) = cfg;
  return o;
}

ss7_stack::ss7_stack(bridge& br, ss7_stack_options options)
    : bridge_(br), options_(std::move(options)) {}

ss7_stack::~ss7_stack() {
  stop();
}

result<void, std::string> ss7_stack::start() {
  if (started_) return unexpected{std::string("SS7 stack already started")};
  auto r = bridge_.call_on_osmo([this] { return start_on_osmo(); });
  if (r) started_ = true;
  return r;
}

result<void, std::string> ss7_stack::start_on_osmo() {
  if (g_active != nullptr) return unexpected{std::string("another SS7 stack is running")};
  osmo_ss7_instance* inst = osmo_ss7_instance_find(options_.cs7_instance);
  if (inst == nullptr)
    return unexpected{"cs7 instance " + std::to_string(options_.cs7_instance) +
                      " is not configured (sigtran / cs7-instance)"};
  if (!osmo_ss7_pc_is_valid(inst->cfg.primary_pc))
    return unexpected{"cs7 instance " + std::to_string(options_.cs7_instance) +
                      " has no point-code"};
  own_pc_ = inst->cfg.primary_pc;

  manage_ipa_clients(inst);  // ASPs added over the VTY since the config was read
  if (auto r = add_ipa_clients(inst); !r) return r;
  add_default_client_route(inst);
  if (auto r = check_listeners(inst); !r) return r;

  osmo_sccp_instance* sccp = osmo_ss7_ensure_sccp(inst);
  if (sccp == nullptr) return unexpected{std::string("cannot create the SCCP instance")};
  if (!scmg_.bind(sccp)) return unexpected{std::string("cannot bind SCCP management (SSN 1)")};
  for (const std::uint8_t ssn : options_.ssns) {
    auto b = std::make_shared<sccp_binding>(bridge_, links_, ssn, own_pc_);
    if (!b->bind(sccp)) {
      for (auto& done : bindings_) done->unbind();
      bindings_.clear();
      return unexpected{"cannot bind an SCCP user to SSN " + std::to_string(ssn) +
                        " (already bound?)"};
    }
    bindings_.push_back(std::move(b));
  }

  monitor_ = std::make_unique<link_monitor>(links_, options_.cs7_instance, options_.poll_interval);
  monitor_->start();
  // Every user gets N-PCSTATE; SCCP management logs it and refreshes.
  scmg_.set_pc_state_hook([this] { refresh_links(); });
  g_active = this;
  // "show cmr sigtran" runs on this thread too: the state of this moment.
  if (options_.status != nullptr)
    options_.status->set([this] {
      refresh_links();
      return show_text();
    });

  std::string ssns;
  for (const std::uint8_t ssn : options_.ssns)
    ssns += (ssns.empty() ? "" : ",") + std::to_string(ssn);
  CMR_LOG(sigtran, notice, "SCCP on cs7 instance %u, point code %s, SSN %s", options_.cs7_instance,
          pc_str(inst, own_pc_).c_str(), ssns.c_str());
  return ok;
}

result<void, std::string> ss7_stack::add_ipa_clients(osmo_ss7_instance* inst) {
  const std::uint32_t full_mask = (1U << osmo_ss7_pc_width(&inst->cfg.pc_fmt)) - 1U;
  for (const auto& c : options_.ipa_clients) {
    const int pc = osmo_ss7_pointcode_parse(inst, c.point_code.c_str());
    if (pc < 0 || !osmo_ss7_pc_is_valid(static_cast<std::uint32_t>(pc)))
      return unexpected{"sigtran ipa-client " + c.name + ": invalid point code '" + c.point_code +
                        "'"};
    osmo_ss7_as* as = osmo_ss7_as_find_or_create(inst, c.name.c_str(), OSMO_SS7_ASP_PROT_IPA);
    if (as == nullptr) return unexpected{"sigtran ipa-client " + c.name + ": cannot create its AS"};
    if (as->cfg.proto != OSMO_SS7_ASP_PROT_IPA)
      return unexpected{"sigtran ipa-client " + c.name + ": an AS of that name is not ipa"};
    // What osmo-stp's "routing-key 0 PC" and "point-code override dpc" do:
    // IPA has no routing label, so the AS supplies OPC (the client) and DPC
    // (us) of everything arriving on the client's connection.
    as->cfg.routing_key.pc = static_cast<std::uint32_t>(pc);
    as->cfg.pc_override.dpc = own_pc_;
    if (osmo_ss7_route_find_dpc_mask(inst->rtable_system, static_cast<std::uint32_t>(pc),
                                     full_mask) == nullptr &&
        osmo_ss7_route_create(inst->rtable_system, static_cast<std::uint32_t>(pc), full_mask,
                              c.name.c_str()) == nullptr)
      return unexpected{"sigtran ipa-client " + c.name + ": cannot create the route"};
    CMR_LOG(sigtran, info, "IPA client %s accepted as point code %s", c.name.c_str(),
            pc_str(inst, static_cast<std::uint32_t>(pc)).c_str());
  }
  return ok;
}

// What osmo_sccp_simple_client() does for osmo-bsc & co: a lone client AS
// (e.g. towards osmo-stp) gets the default route when the config has none.
void ss7_stack::add_default_client_route(osmo_ss7_instance* inst) {
  if (osmo_ss7_route_find_dpc_mask(inst->rtable_system, 0, 0) != nullptr) return;
  std::vector<osmo_ss7_as*> client_as;
  for_each_entry<osmo_ss7_as>(&inst->as_list, [&](osmo_ss7_as* as) {
    for (osmo_ss7_asp* asp : as->cfg.asps)
      if (asp != nullptr && !asp->cfg.is_server) {
        client_as.push_back(as);
        return;
      }
  });
  if (client_as.size() != 1) return;
  if (osmo_ss7_route_create(inst->rtable_system, 0, 0, client_as[0]->cfg.name) != nullptr)
    CMR_LOG(sigtran, notice, "default route via AS %s (the only client AS)",
            client_as[0]->cfg.name);
}

result<void, std::string> ss7_stack::check_listeners(osmo_ss7_instance* inst) {
  listeners_.clear();
  std::string error;
  for_each_entry<osmo_xua_server>(&inst->xua_servers, [&](osmo_xua_server* xs) {
    listener_address a;
    a.protocol = osmo_ss7_asp_protocol_name(xs->cfg.proto);
    const osmo_fd* ofd = osmo_stream_srv_link_get_ofd(xs->server);
    if (ofd == nullptr || !bound_address(ofd->fd, a.host, a.port)) {
      // libosmo-sigtran only prints a VTY warning when the bind fails and
      // carries on without the listener: refuse to start instead.
      if (error.empty())
        error = "cs7 instance " + std::to_string(options_.cs7_instance) + ": listen " + a.protocol +
                " " + std::to_string(xs->cfg.local.port) + " is not bound (address in use?)";
      return;
    }
    CMR_LOG(sigtran, notice, "%s listener on %s:%u%s", a.protocol.c_str(), a.host.c_str(),
            static_cast<unsigned>(a.port),
            xs->cfg.accept_dyn_reg ? ""
                                   : " (no accept-asp-connections dynamic-permitted: "
                                     "only configured ASPs)");
    listeners_.push_back(std::move(a));
  });
  if (!error.empty()) return unexpected{error};
  return ok;
}

void ss7_stack::stop() {
  if (!started_) return;
  started_ = false;
  auto unbind = [this] {
    if (g_active == this) g_active = nullptr;
    if (options_.status != nullptr) options_.status->clear();
    for (auto& b : bindings_) b->unbind();  // sends what is still queued first
    scmg_.set_pc_state_hook({});
    scmg_.unbind();
    monitor_.reset();
  };
  try {
    bridge_.call_on_osmo(unbind);
    // The last messages (a final TC-END, say) sit in the sockets' write
    // queues until the osmo loop writes them: give it a moment to, so a
    // program that stops right after its last send does not lose it. Each
    // check wakes the loop, which then writes whatever is writable.
    const std::uint32_t id = options_.cs7_instance;
    const auto until = std::chrono::steady_clock::now() + drain_timeout;
    while (bridge_.call_on_osmo([id] {
      osmo_ss7_instance* inst = osmo_ss7_instance_find(id);
      return inst != nullptr && frames_unwritten(inst);
    })) {
      if (std::chrono::steady_clock::now() >= until) {
        CMR_LOG(sigtran, notice, "SS7 stack stopped with frames still unwritten after %lld ms",
                static_cast<long long>(drain_timeout.count()));
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  } catch (const std::exception& e) {
    // The osmo thread is gone, and libosmo with it: nothing left to unbind.
    CMR_LOG(sigtran, info, "SS7 stack stopped after the osmo thread: %s", e.what());
  }
}

sccp_service* ss7_stack::service(std::uint8_t ssn) {
  for (auto& b : bindings_)
    if (b->local_ssn() == ssn) return b.get();
  return nullptr;
}

sccp_service* ss7_stack::attach(std::uint8_t ssn, boost::asio::any_io_executor executor,
                                unitdata_handler handler) {
  return attach(ssn, std::move(executor), std::move(handler), notice_handler{});
}

sccp_service* ss7_stack::attach(std::uint8_t ssn, boost::asio::any_io_executor executor,
                                unitdata_handler handler, notice_handler notices) {
  for (auto& b : bindings_) {
    if (b->local_ssn() != ssn) continue;
    b->set_receiver(std::move(executor), std::move(handler), std::move(notices));
    return b.get();
  }
  return nullptr;
}

std::vector<std::pair<std::uint8_t, sccp_user_counters>> ss7_stack::counters() const {
  std::vector<std::pair<std::uint8_t, sccp_user_counters>> v;
  for (const auto& b : bindings_) v.emplace_back(b->local_ssn(), b->counters());
  return v;
}

void ss7_stack::refresh_links() {
  if (monitor_) monitor_->poll();
}

std::string ss7_stack::show_text(const char* nl) const {
  const link_snapshot s = links_.snapshot();
  std::string out;
  auto line = [&](const std::string& l) { out += l + nl; };
  line("cs7 instance " + std::to_string(options_.cs7_instance) + ", point code " +
       format_pc(own_pc_));
  for (const auto& l : listeners_)
    line("listen " + l.protocol + " " + l.host + ":" + std::to_string(l.port));
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-3s %-20s %-5s %-36s %-12s %s", "", "Name", "Proto", "Role",
                "State", "Peer");
  line(buf);
  for (const auto& r : s.links) {
    std::snprintf(buf, sizeof buf, "%-3s %-20s %-5s %-36s %-12s %s",
                  r.what == link_row::kind::asp ? "ASP" : "AS", r.name.c_str(), r.protocol.c_str(),
                  r.role.c_str(), r.state.c_str(), r.peer.c_str());
    line(buf);
  }
  for (const auto& r : s.routes) {
    std::snprintf(buf, sizeof buf, "route %s mask 0x%" PRIx32 " via %s: %s",
                  format_pc(r.pc).c_str(), r.mask, r.destination.c_str(),
                  r.active ? "active" : "unavailable");
    line(buf);
  }
  for (const auto& [ssn, c] : counters()) {
    std::snprintf(buf, sizeof buf,
                  "SSN %u: sent %" PRIu64 ", send dropped %" PRIu64 ", send invalid %" PRIu64
                  ", received %" PRIu64 ", received without receiver %" PRIu64 ", notices %" PRIu64,
                  static_cast<unsigned>(ssn), c.sent, c.send_dropped, c.send_invalid, c.received,
                  c.received_unhandled, c.notices);
    line(buf);
  }
  out += scmg_.show_text(nl);
  return out;
}

}  // namespace cmr::sigtran
