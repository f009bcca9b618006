#include "sigtran/vty_config.h"

#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>

#include "sigtran/vty_node.h"

namespace cmr::sigtran::vty {
namespace {

// libosmovty keeps the pointer for the process lifetime.
struct app_storage {
  std::string name, version, copyright;
  vty_app_info info{};
};
app_storage g_app;

// libosmovty calls this when a config file or the telnet user leaves a node
// (less indentation, "exit"). Without it libosmo-sigtran's nodes crash
// vty_read_config_file (FACTS.md); ours simply return to CONFIG_NODE.
int go_parent(struct vty* vty) {
  if (is_daemon_node(vty->node)) {
    vty->node = CONFIG_NODE;
    vty->index = nullptr;
    return 0;
  }
  return osmo_ss7_vty_go_parent(vty);
}

int is_config_node(struct vty* vty, int node) {
  if (is_daemon_node(node)) return 1;
  return osmo_ss7_is_config_node(vty, node);
}

// The listening sockets this process owns, by fd. telnet_init_dynif() keeps
// its fd private, so after binding port 0 we find the new listener by
// comparing before/after and ask the kernel for its port. Only the osmo
// thread opens sockets at start-up, so nothing else can appear in between.
std::set<int> listening_fds() {
  std::set<int> fds;
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return fds;
  while (const dirent* e = readdir(dir)) {
    char* end = nullptr;
    const long fd = std::strtol(e->d_name, &end, 10);
    if (end == e->d_name || *end != '\0') continue;
    int listening = 0;
    socklen_t len = sizeof listening;
    if (getsockopt(static_cast<int>(fd), SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 &&
        listening != 0)
      fds.insert(static_cast<int>(fd));
  }
  closedir(dir);
  return fds;
}

std::uint16_t local_port(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return 0;
  if (ss.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&ss)->sin_port);
  if (ss.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_port);
  return 0;
}

// 1-based number and text of the line that ends at byte offset `pos`.
std::pair<std::size_t, std::string> line_at(const std::string& text, std::size_t pos) {
  pos = std::min(pos, text.size());
  std::size_t line = 1;
  for (std::size_t i = 0; i + 1 < pos; ++i)
    if (text[i] == '\n') ++line;
  std::size_t end = pos;
  while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r')) --end;
  std::size_t begin = end == 0 ? 0 : text.rfind('\n', end - 1) + 1;  // npos + 1 == 0
  while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
  return {line, text.substr(begin, end - begin)};
}

}  // namespace

result<void, std::string> init(void* talloc_ctx, const app_info& app,
                               std::span<const config::node> nodes,
                               std::span<const config::show_command> shows) {
  g_app.name = app.name;
  g_app.version = app.version;
  g_app.copyright = app.copyright;
  g_app.info.name = g_app.name.c_str();
  g_app.info.version = g_app.version.c_str();
  g_app.info.copyright = g_app.copyright.c_str();
  g_app.info.tall_ctx = talloc_ctx;
  g_app.info.go_parent_cb = &go_parent;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  // Deprecated in libosmocore 1.7 (no longer called) but kept as FACTS.md
  // measured it, for libosmovty versions that still use it.
  g_app.info.is_config_node = &is_config_node;
#pragma GCC diagnostic pop

  // libosmo-sigtran's FSMs and instance list exist before the cs7 commands run.
  osmo_ss7_init();
  vty_init(&g_app.info);
  logging_vty_add_cmds();
  osmo_talloc_vty_add_cmds();
  // "show rate-counters", "show stats", "stats reporter statsd", "stats interval".
  osmo_stats_vty_add_cmds();
  // The SG variant includes everything the ASP variant has plus "listen
  // (sua|m3ua|ipa) PORT" and route tables: the SCP accepts IPA clients itself.
  // Only one of the two may be called (they install the same nodes).
  osmo_ss7_vty_init_sg(talloc_ctx);
  osmo_sccp_vty_init();
  for (const auto& n : nodes)
    if (auto r = install_config_node(n); !r) return r;
  for (const auto& s : shows) install_show_command(s);
  return ok;
}

result<void, std::string> read_config_file(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "r");
  if (f == nullptr)
    return unexpected{path + ": cannot open config file: " + std::strerror(errno)};
  take_file_reject_message();
  const int rc = vty_read_config_filep(f, nullptr);
  // libosmovty reads with fgets() and stops right after the offending line, so
  // the stream position tells which line failed; it prints the text but not
  // the number.
  const long pos = std::ftell(f);
  std::fclose(f);
  if (rc == 0) {
    host_config_set(path.c_str());  // "write file" writes back to it
    return ok;
  }
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto [line, content] = line_at(text, pos < 0 ? text.size() : static_cast<std::size_t>(pos));
  std::string why = take_file_reject_message();
  if (why.empty()) why = "unknown command, invalid value or inconsistent indentation";
  return unexpected{path + ":" + std::to_string(line) + ": " + why + ": '" + content + "'"};
}

result<listen_address, std::string> start_telnet(void* talloc_ctx, std::uint16_t default_port) {
  const std::string host = vty_get_bind_addr();
  const int port = vty_get_bind_port(default_port);
  const auto before = listening_fds();
  const int rc = telnet_init_dynif(talloc_ctx, nullptr, host.c_str(), port);
  if (rc < 0)
    return unexpected{"cannot open the VTY telnet interface on " + host + ":" +
                      std::to_string(port) + ": " + std::strerror(errno)};
  auto bound = static_cast<std::uint16_t>(port);
  if (bound == 0) {
    for (const int fd : listening_fds())
      if (before.count(fd) == 0) bound = local_port(fd);
    if (bound == 0) return unexpected{std::string("VTY telnet bound, but its port is unknown")};
  }
  return listen_address{host, bound};
}

}  // namespace cmr::sigtran::vty
