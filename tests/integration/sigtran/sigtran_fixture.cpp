#include "tests/integration/sigtran/sigtran_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace cmr::test {
namespace {

using clock_type = std::chrono::steady_clock;

const char* log_block =
    "log stderr\n"
    " logging filter all 1\n"
    " logging color 0\n"
    " logging print category 1\n"
    " logging print level 1\n"
    " logging timestamp 0\n"
    " logging level set-all notice\n";

int connect_to(const std::string& host, unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  ::inet_pton(AF_INET, host.c_str(), &a.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Reads until the text ends with a VTY prompt ("> " or "# ").
std::string read_prompt(int fd, std::chrono::milliseconds timeout) {
  std::string out;
  const auto deadline = clock_type::now() + timeout;
  while (clock_type::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    char buf[4096];
    const auto n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() >= 2 && (out.ends_with("> ") || out.ends_with("# "))) break;
  }
  return out;
}

}  // namespace

std::string peer_config_text(const peer_config& c) {
  std::ostringstream s;
  s << log_block << "line vty\n no login\n bind " << c.ip << " 0\n";
  s << "cs7 instance 0\n point-code " << c.pc << "\n";
  if (c.listen_port)
    s << " listen ipa " << *c.listen_port << "\n  local-ip " << c.ip
      << "\n  accept-asp-connections dynamic-permitted\n";
  if (!c.asp_name.empty()) {
    s << " asp " << c.asp_name << " " << c.remote_port << " 0 ipa\n  local-ip " << c.ip
      << "\n  remote-ip " << c.remote_ip << "\n  role asp\n  sctp-role client\n";
    s << " as as-" << c.asp_name << " ipa\n  asp " << c.asp_name << "\n  routing-key 0 " << c.pc << "\n";
  }
  s << "sigtran\n cs7-instance 0\n no sccp-user ssn 146\n no sccp-user ssn 241\n";
  for (const unsigned ssn : c.ssns) s << " sccp-user ssn " << ssn << "\n";
  for (const auto& [name, pc] : c.ipa_clients) s << " ipa-client " << name << " point-code " << pc << "\n";
  return s.str();
}

std::string stp_config_text(const std::string& ip, unsigned short port,
                            const std::vector<stp_client>& clients) {
  std::ostringstream s;
  s << log_block << "line vty\n no login\n bind " << ip << "\n";
  s << "cs7 instance 0\n point-code 0.0.1\n";
  s << " listen ipa " << port << "\n  local-ip " << ip << "\n  accept-asp-connections dynamic-permitted\n";
  for (const auto& c : clients)
    s << " as " << c.name << " ipa\n  routing-key 0 " << c.pc << "\n  point-code override dpc " << c.dpc
      << "\n";
  s << " route-table system\n";
  for (const auto& c : clients) s << "  update route " << c.pc << " 7.255.7 linkset " << c.name << "\n";
  return s.str();
}

scratch_dir::scratch_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "cmr-sigtran-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

scratch_dir::~scratch_dir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string scratch_dir::write(const std::string& name, const std::string& text) const {
  const std::string p = path_ + "/" + name;
  std::ofstream(p) << text;
  return p;
}

peer::peer(const scratch_dir& dir, const std::string& name, const peer_config& cfg, bool echo) {
  const std::string cfg_file = dir.write(name + ".cfg", peer_config_text(cfg));
  err_file_ = dir.path() + "/" + name + ".err";
  std::vector<std::string> argv{SCCP_PEER_BIN, "-c", cfg_file};
  if (echo) argv.emplace_back("--echo");
  proc_ = std::make_unique<child_process>(argv, err_file_);
  ready_ = proc_->wait_line("ready", 5s).has_value();
  if (ready_ && cfg.listen_port) {
    if (auto l = proc_->wait_line("listener ipa", 2s)) {
      listener_port_ = static_cast<unsigned short>(std::stoul(l->substr(l->rfind(' ') + 1)));
    }
  }
}

bool peer::send(unsigned ssn, const std::string& dpc, unsigned dssn, const std::string& hex,
                const std::string& gt) {
  proc_->write_line("send " + std::to_string(ssn) + " " + dpc + " " + std::to_string(dssn) + " " + hex +
                    (gt.empty() ? "" : " " + gt));
  const auto l = proc_->wait_line("sent ", 3s);
  return l && *l == "sent 1";
}

std::optional<std::vector<std::string>> peer::receive(std::chrono::milliseconds timeout) {
  auto l = proc_->wait_line("rx ", timeout);
  if (!l) return std::nullopt;
  std::istringstream in(*l);
  std::vector<std::string> f;
  for (std::string w; in >> w;) f.push_back(w);
  return f;
}

bool peer::wait_state(const std::string& kind, const std::string& name, const std::string& state,
                      std::chrono::milliseconds timeout) {
  const auto deadline = clock_type::now() + timeout;
  const std::string want = "link " + kind + " " + name + " " + state;
  while (clock_type::now() < deadline) {
    proc_->write_line("links");
    bool found = false;
    for (;;) {
      auto l = proc_->wait_any({"link ", "end"}, 2s);
      if (!l || *l == "end") break;
      if (*l == want) found = true;
    }
    if (found) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

peer_counters peer::counters(unsigned ssn) {
  proc_->write_line("counters");
  peer_counters c;
  const std::string prefix = "counters " + std::to_string(ssn) + " ";
  for (auto l = proc_->wait_any({"counters ", "end"}, 2s); l && *l != "end";
       l = proc_->wait_any({"counters ", "end"}, 2s)) {
    if (l->rfind(prefix, 0) == 0)
      std::sscanf(l->c_str() + prefix.size(), "sent %lu dropped %lu invalid %lu received %lu unhandled %lu",
                  &c.sent, &c.dropped, &c.invalid, &c.received, &c.unhandled);
  }
  return c;
}

unsigned short peer::vty_port() const {
  static const std::regex re("VTY telnet listening on [0-9.]+:([0-9]+)");
  std::smatch m;
  const std::string e = err();
  if (std::regex_search(e, m, re)) return static_cast<unsigned short>(std::stoul(m[1]));
  return 0;
}

stp::stp(const scratch_dir& dir, const std::string& ip, unsigned short port,
         const std::vector<stp_client>& clients)
    : ip_(ip) {
  const std::string cfg = dir.write("osmo-stp.cfg", stp_config_text(ip, port, clients));
  proc_ = std::make_unique<child_process>(std::vector<std::string>{"osmo-stp", "-c", cfg},
                                          dir.path() + "/osmo-stp.err");
  // FACTS.md: osmo-stp keeps running when a listener cannot bind; its VTY
  // answering is the readiness signal, the ASs are checked by the tests.
  const auto deadline = clock_type::now() + 5s;
  while (clock_type::now() < deadline && !ready_) {
    const int fd = connect_to(ip_, 4239);
    if (fd >= 0) {
      ::close(fd);
      ready_ = true;
    } else {
      std::this_thread::sleep_for(5ms);
    }
  }
}

std::string stp::show_as() { return vty_command(ip_, 4239, "show cs7 instance 0 as all"); }

std::string vty_command(const std::string& host, unsigned short port, const std::string& command) {
  const int fd = connect_to(host, port);
  if (fd < 0) return {};
  read_prompt(fd, 2s);
  const std::string line = command + "\r\n";
  [[maybe_unused]] const auto n = ::write(fd, line.data(), line.size());
  std::string out = read_prompt(fd, 2s);
  ::close(fd);
  return out;
}

}  // namespace cmr::test
