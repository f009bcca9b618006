#include "tests/integration/server/server_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace cmr::test {
namespace {

using clock_type = std::chrono::steady_clock;
constexpr auto poll_step = std::chrono::milliseconds(5);

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
}

}  // namespace

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int run_shell(const std::string& cmd, std::string* out) {
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return -1;
  std::string text;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p) != nullptr) text += buf;
  const int st = ::pclose(p);
  if (out != nullptr) *out = text;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

std::string tone_wav() {
  const int n = 3200;
  std::string pcm;
  for (int i = 0; i < n; ++i) {
    const auto v = static_cast<std::int16_t>(8000 * std::sin(2 * M_PI * 440 * i / 8000.0));
    pcm.push_back(static_cast<char>(v & 0xff));
    pcm.push_back(static_cast<char>((v >> 8) & 0xff));
  }
  auto le32 = [](std::uint32_t v) {
    std::string s(4, '\0');
    for (int i = 0; i < 4; ++i)
      s[static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xff);
    return s;
  };
  auto le16 = [](std::uint16_t v) {
    return std::string{static_cast<char>(v & 0xff), static_cast<char>(v >> 8)};
  };
  return "RIFF" + le32(static_cast<std::uint32_t>(36 + pcm.size())) + "WAVEfmt " + le32(16) +
         le16(1) + le16(1) + le32(8000) + le32(16000) + le16(2) + le16(16) + "data" +
         le32(static_cast<std::uint32_t>(pcm.size())) + pcm;
}

std::string demo_config() { return demo_config(0, 0, 0); }

std::string demo_config(unsigned http_port, unsigned ip_port, unsigned ipa_port) {
  std::string cfg = slurp(std::string(CMR_SOURCE_DIR) + "/configs/cmr-server.cfg");
  if (cfg.empty()) throw std::runtime_error("configs/cmr-server.cfg missing");
  replace_all(cfg, "bind 127.0.0.1 4260", "bind 127.0.0.1 0");
  replace_all(cfg, "bind 127.0.0.1 8080", "bind 127.0.0.1 " + std::to_string(http_port));
  // the intelligent peripheral
  replace_all(cfg, "bind 127.0.0.1 5070", "bind 127.0.0.1 " + std::to_string(ip_port));
  // the stand-alone IPA listener
  replace_all(cfg, "listen ipa 5000", "listen ipa " + std::to_string(ipa_port));
  replace_all(cfg, "logging color 1", "logging color 0");
  // The CTRL interface on a free port too (its default 4279 is one port
  // for every server the suite runs at once): the demo's commented node,
  // enabled in place, so that tests appending lines to the last node (cmr)
  // still do.
  const std::string commented = "!ctrl\n! bind 127.0.0.1 4279\n";
  const auto at = cfg.find(commented);
  if (at == std::string::npos) throw std::runtime_error("configs/cmr-server.cfg: no '!ctrl' node");
  cfg.replace(at, commented.size(), "ctrl\n bind 127.0.0.1 0\n");
  return cfg;
}

server_process::server_process() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "cmr-server-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
}

server_process::~server_process() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  // CMR_KEEP_TEST_DIRS=1 keeps the server's directory (logs, captures) for
  // a look after a failure.
  if (const char* keep = std::getenv("CMR_KEEP_TEST_DIRS"); keep != nullptr && *keep == '1') {
    std::fprintf(stderr, "kept %s\n", dir_.c_str());
    return;
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string server_process::write_file(const std::string& name, const std::string& text) const {
  const std::string path = dir_ + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

void server_process::start(const std::vector<std::string>& args) {
  std::vector<std::string> argv_store{CMR_SERVER_BIN};
  argv_store.insert(argv_store.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_store) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string out_path = dir_ + "/stdout";
  const std::string err_path = dir_ + "/stderr";

  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // Child: only async-signal-safe calls until exec. The server dies with
    // the test process: a crashed or killed test leaves no server behind.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::chdir(dir_.c_str()) != 0) ::_exit(126);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0) ::_exit(126);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
}

std::optional<int> server_process::wait_exit(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return std::nullopt;
  const auto deadline = clock_type::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      return status;
    }
    if (clock_type::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

bool server_process::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

void server_process::send_signal(int signo) const {
  if (pid_ > 0) ::kill(pid_, signo);
}

std::string server_process::out() const {
  return slurp(dir_ + "/stdout");
}
std::string server_process::err() const {
  return slurp(dir_ + "/stderr");
}

bool server_process::wait_for_err(const std::string& needle, std::chrono::milliseconds timeout) {
  const auto deadline = clock_type::now() + timeout;
  while (clock_type::now() < deadline) {
    if (err().find(needle) != std::string::npos) return true;
    if (!running()) return err().find(needle) != std::string::npos;
    std::this_thread::sleep_for(poll_step);
  }
  return false;
}

unsigned short server_process::port_from_log(const std::regex& re) const {
  std::smatch m;
  const std::string text = err();
  if (!std::regex_search(text, m, re)) return 0;
  return static_cast<unsigned short>(std::stoul(m[1].str()));
}

unsigned short server_process::vty_port() const {
  static const std::regex re("VTY telnet listening on [0-9.]+:([0-9]+)");
  return port_from_log(re);
}

unsigned short server_process::sip_port() const {
  static const std::regex re("SIP application server listening on UDP and TCP port ([0-9]+)");
  return port_from_log(re);
}

unsigned short server_process::mgmt_port() const {
  static const std::regex re("management HTTP listening on [0-9.]+:([0-9]+)");
  return port_from_log(re);
}

unsigned short server_process::ctrl_port() const {
  static const std::regex re("CTRL interface listening on [0-9.]+:([0-9]+)");
  return port_from_log(re);
}

vty_client::vty_client(unsigned short port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
    ::close(fd_);
    fd_ = -1;
    return;
  }
  banner_ = read_until_prompt(std::chrono::seconds(5));
}

vty_client::~vty_client() {
  if (fd_ >= 0) ::close(fd_);
}

std::string vty_client::command(const std::string& line) {
  const std::string wire = line + "\r\n";
  if (::send(fd_, wire.data(), wire.size(), MSG_NOSIGNAL) < 0) return {};
  return read_until_prompt(std::chrono::seconds(5));
}

// Reads until the output ends with a prompt ("cmr-server> ", "...# ").
std::string vty_client::read_until_prompt(std::chrono::milliseconds timeout) {
  static const std::regex prompt(R"(cmr-server(\([a-z0-9-]+\))?[>#] $)");
  std::string text;
  const auto deadline = clock_type::now() + timeout;
  while (clock_type::now() < deadline) {
    pollfd p{fd_, POLLIN, 0};
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
    if (::poll(&p, 1, static_cast<int>(std::max<long>(left.count(), 0))) <= 0) break;
    char buf[4096];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    if (std::regex_search(text, prompt)) break;
  }
  text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
  return text;
}

}  // namespace cmr::test
