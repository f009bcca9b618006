#include "tests/integration/sip_server/lab_tools.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace cmr::test {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

// True once some process has bound UDP `port` on 127.0.0.1.
bool udp_port_taken(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool taken = ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0;
  ::close(fd);
  return taken;
}

// Runs a shell command, returns its standard output.
std::string run_output(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  ::pclose(p);
  return out;
}

bool replace_once(std::string& s, const std::string& from, const std::string& to) {
  const auto pos = s.find(from);
  if (pos == std::string::npos) return false;
  s.replace(pos, from.size(), to);
  return true;
}

double now_epoch() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

namespace {
void put_le(std::string& s, std::uint32_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) s += static_cast<char>((v >> (8 * i)) & 0xff);
}
}  // namespace

std::string alaw_wav(int samples, int seed) {
  std::string data;
  for (int i = 0; i < samples; ++i)
    data += static_cast<char>(((i * 7 + (i / 160) * 31 + seed * 13) & 0xff) ^ (0x55 + seed));
  std::string w = "RIFF";
  put_le(w, static_cast<std::uint32_t>(4 + 26 + 12 + 8 + data.size()), 4);
  w += "WAVEfmt ";
  put_le(w, 18, 4);
  put_le(w, 6, 2);     // WAVE_FORMAT_ALAW
  put_le(w, 1, 2);     // mono
  put_le(w, 8000, 4);  // sample rate
  put_le(w, 8000, 4);  // bytes per second
  put_le(w, 1, 2);     // block align
  put_le(w, 8, 2);     // bits per sample
  put_le(w, 0, 2);     // cbSize
  w += "fact";
  put_le(w, 4, 4);
  put_le(w, static_cast<std::uint32_t>(data.size()), 4);
  w += "data";
  put_le(w, static_cast<std::uint32_t>(data.size()), 4);
  return w + data;
}

std::string upload_alaw_content(const std::string& server_dir, unsigned short mgmt_port,
                                const std::string& wav_file, const std::string& resource,
                                std::string& error) {
  const std::string out = server_dir + "/upload.out";
  const std::string code = run_output(
      "curl -s -o " + out +
      " -w '%{http_code}' -X PUT -H 'Authorization: Bearer demo-portal' "
      "-H 'Content-Type: audio/wav' --data-binary @" +
      wav_file + " http://127.0.0.1:" + std::to_string(mgmt_port) + "/cmr/1/resources/" +
      resource + "/content");
  if (code != "200") {
    error = "content upload: HTTP " + code + " " + slurp_file(out);
    return {};
  }
  std::string rendition;
  std::error_code ec;
  for (const auto& e :
       std::filesystem::directory_iterator(server_dir + "/content/" + resource, ec)) {
    const auto name = e.path().filename().string();
    if (name.rfind("alaw-", 0) == 0 && e.path().extension() == ".alaw")
      rendition = slurp_file(e.path().string());
  }
  if (rendition.empty()) error = "no A-law playout rendition after the upload: " + slurp_file(out);
  return rendition;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(s.begin());
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\n')) s.pop_back();
  return s;
}

std::string slurp_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// --- child_process -----------------------------------------------------------

child_process::child_process(const std::vector<std::string>& args, const std::string& log) {
  std::vector<std::string> store = args;
  std::vector<char*> argv;
  for (auto& a : store) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ == 0) {
    // The peer ends with the test, even one killed mid-run (SIGTERM: Kamailio
    // then ends its own worker processes too).
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(125);
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) ::_exit(126);
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    const int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, STDIN_FILENO);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
}

child_process::~child_process() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

int child_process::wait(std::chrono::milliseconds limit) {
  if (pid_ <= 0) return -1;
  const auto deadline = clock_type::now() + limit;
  for (;;) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    if (clock_type::now() >= deadline) break;
    std::this_thread::sleep_for(5ms);
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
  return -1;
}

void child_process::signal(int signo) const {
  if (pid_ > 0) ::kill(pid_, signo);
}

// --- udp_sink ----------------------------------------------------------------

udp_sink::udp_sink() {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  const int buf = 1 << 20;
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof sa;
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0 &&
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len) == 0)
    port_ = ntohs(sa.sin_port);
}

udp_sink::~udp_sink() {
  if (fd_ >= 0) ::close(fd_);
}

std::vector<std::string> udp_sink::drain() {
  std::vector<std::string> out;
  char buf[2048];
  for (;;) {
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n < 0) break;
    out.emplace_back(buf, static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace cmr::test
