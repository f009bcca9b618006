#include "sigtran/ctrl_interface.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

#include "sigtran/ctrl_variables.h"
#include "sigtran/link_monitor.h"
#include "sigtran/log.h"
#include "sigtran/osmo_headers.h"

namespace cmr::sigtran {
namespace {

using answer = result<std::string, std::string>;

struct ctrl_state {
  ctrl_handle* handle = nullptr;
  osmo_fd listener{};
};

// Osmo thread only; never destroyed (libosmoctrl keeps pointers into it).
ctrl_state& state() {
  static auto* s = new ctrl_state;
  return *s;
}

// libosmoctrl's callbacks for the one element "cmr *" (every variable
// starting with "cmr."): they hand over to ctrl_variables.cpp.
int reply(ctrl_cmd* cmd, const answer& a) {
  cmd->reply = talloc_strdup(cmd, a ? a->c_str() : a.error().c_str());
  if (cmd->reply == nullptr) cmd->reply = const_cast<char*>("OOM");
  return a ? CTRL_CMD_REPLY : CTRL_CMD_ERROR;
}

int get_cmr(ctrl_cmd* cmd, void* /*data*/) {
  try {
    return reply(cmd, ctrl_tree_get(cmd->variable));
  } catch (const std::exception& e) {  // nothing may propagate into libosmoctrl
    return reply(cmd, unexpected{std::string(e.what())});
  }
}

int set_cmr(ctrl_cmd* cmd, void* /*data*/) {
  answer a = unexpected{std::string("internal error")};
  try {
    a = ctrl_tree_set(cmd->variable, cmd->value);
  } catch (const std::exception& e) {
    a = unexpected{std::string(e.what())};
  }
  if (!a)
    CMR_LOG(sigtran, notice, "CTRL: SET %s %s refused: %s", cmd->variable, cmd->value,
            a.error().c_str());
  return reply(cmd, a);
}

// SET is validated (and refused) in set_cmr, which knows the variable.
int verify_cmr(ctrl_cmd* /*cmd*/, const char* /*value*/, void* /*data*/) {
  return 0;
}

ctrl_cmd_element g_cmr_element{
    .name = "cmr *", .strcmd = {}, .set = &set_cmr, .get = &get_cmr, .verify = &verify_cmr};

// --- the listener ----------------------------------------------------------------
// Opened here rather than by ctrl_interface_setup_dynip2(): port 0 is then
// resolved by getsockname(), and a busy port is our error to word (libosmo
// would log it at ERROR level, which a busy default port is not).

int on_accept(osmo_fd* ofd, unsigned int what) {
  if ((what & OSMO_FD_READ) == 0) return 0;
  sockaddr_in peer{};
  socklen_t len = sizeof peer;
  const int fd =
      ::accept4(ofd->fd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) {
    CMR_LOG(sigtran, notice, "CTRL: accept failed: %s", std::strerror(errno));
    return 0;
  }
  const int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  ctrl_handle* h = state().handle;
  ctrl_connection* c = osmo_ctrl_conn_alloc(h, h);
  if (c == nullptr) {
    ::close(fd);
    return 0;
  }
  c->write_queue.bfd.fd = fd;
  c->write_queue.bfd.when = OSMO_FD_READ;
  if (osmo_fd_register(&c->write_queue.bfd) != 0) {
    ::close(fd);
    talloc_free(c);
    return 0;
  }
  // libosmoctrl reads, answers and closes it (and unlinks it) from now on.
  llist_add(&c->list_entry, &h->ccon_list);
  char host[INET_ADDRSTRLEN] = "?";
  inet_ntop(AF_INET, &peer.sin_addr, host, sizeof host);
  CMR_LOG(sigtran, info, "CTRL: connection from %s:%u", host,
          static_cast<unsigned>(ntohs(peer.sin_port)));
  return 0;
}

result<std::uint16_t, std::string> listen_on(const std::string& host, std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  if (inet_pton(AF_INET, host.c_str(), &a.sin_addr) != 1)
    return unexpected{"invalid address " + host};
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return unexpected{std::string(std::strerror(errno))};
  const int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 16) != 0) {
    const int e = errno;
    ::close(fd);
    return unexpected{std::string(std::strerror(e))};
  }
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  osmo_fd_setup(&state().listener, fd, OSMO_FD_READ, &on_accept, nullptr, 0);
  if (osmo_fd_register(&state().listener) != 0) {
    ::close(fd);
    return unexpected{std::string("cannot register the socket")};
  }
  return ntohs(a.sin_port);
}

void send_link_trap(const link_row& row, bool removed) {
  if (state().handle == nullptr) return;
  const std::string var = ctrl_link_trap_variable(row);
  std::string value = removed ? std::string("removed") : row.state;
  ctrl_cmd_send_trap(state().handle, var.c_str(), value.data());
}

}  // namespace

config::node ctrl_config_node(ctrl_settings& s) {
  config::node n{"ctrl", "Configure the Control Interface\n", "ctrl"};
  n.commands.push_back({"bind A.B.C.D [<0-65535>]",
                        "Set bind address to listen for Control connections\n"
                        "Local IP address (default 127.0.0.1)\n"
                        "Local TCP port number (default 4279; 0: any free port, logged)\n",
                        [&s](config::args a) -> config::outcome {
                          s.address = std::string(a[0]);
                          s.port.reset();
                          if (a.size() > 1) s.port = config::number<std::uint16_t>(a[1]);
                          s.bound = true;
                          return ok;
                        }});
  n.write = [&s](config::writer& w) {
    if (!s.bound) return;  // like libosmoctrl: no bind line, no section
    w.line("ctrl");
    if (s.port)
      w.line(" bind ", s.address, " ", *s.port);
    else
      w.line(" bind ", s.address);
    w.line("!");
  };
  return n;
}

result<std::optional<ctrl_listen_address>, std::string> start_ctrl_interface(
    const ctrl_start_options& options) {
  auto& s = state();
  if (s.handle != nullptr) return unexpected{std::string("CTRL interface already started")};
  ctrl_tree_state().version = options.version;
  ctrl_tree_state().started = std::chrono::steady_clock::now();
  const auto& cfg = options.settings;
  const std::uint16_t port = cfg.port.value_or(options.default_port);
  auto bound = listen_on(cfg.address, port);
  if (!bound) {
    const std::string where = cfg.address + ":" + std::to_string(port);
    if (cfg.bound)
      return unexpected{"cannot open the CTRL interface on " + where + ": " + bound.error()};
    CMR_LOG(main, notice,
            "CTRL interface not started: %s: %s (set \"ctrl / bind ADDR PORT\" for this server)",
            where.c_str(), bound.error().c_str());
    return std::optional<ctrl_listen_address>{};
  }
  // Allocates libosmoctrl's command table (rate_ctr.*, stat_item.*, fsm.*)
  // on first use; "cmr *" joins it.
  s.handle = ctrl_handle_alloc2(nullptr, nullptr, nullptr, 0);
  if (s.handle == nullptr) return unexpected{std::string("cannot allocate the CTRL handle")};
  if (ctrl_cmd_install(CTRL_NODE_ROOT, &g_cmr_element) != 0)
    return unexpected{std::string("cannot install the cmr.* CTRL variables")};
  s.listener.data = s.handle;
  set_link_change_observer(&send_link_trap);
  return std::optional<ctrl_listen_address>{ctrl_listen_address{cfg.address, *bound}};
}

void set_ctrl_link_table(const link_table* table) {
  ctrl_tree_state().links = table;
}

void add_ctrl_variable(ctrl_variable v) {
  auto name = v.name;
  ctrl_tree_state().added.insert_or_assign(std::move(name), std::move(v));
}

std::string ctrl_link_trap_variable(const link_row& row) {
  return std::string(row.what == link_row::kind::asp ? "cmr.sigtran.asp." : "cmr.sigtran.as.") +
         row.name + ".state";
}

}  // namespace cmr::sigtran
