#include "tests/common/linphone_ue.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/common/free_port.h"

namespace cmr::test {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

sockaddr_in ipv4(const std::string& address, unsigned short port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  ::inet_pton(AF_INET, address.c_str(), &a.sin_addr);
  return a;
}

// True once some socket holds UDP address:port.
bool udp_bound(const std::string& address, unsigned short port) {
  const sockaddr_in a = ipv4(address, port);
  return !detail::can_bind(a, SOCK_DGRAM);
}

// An even port P with P and P + 1 free for UDP on `address` (RTP and RTCP).
unsigned short free_rtp_pair(const std::string& address) {
  for (int i = 0; i < 1000; ++i) {
    const unsigned short p = free_port(address);
    if (p % 2 != 0) continue;
    if (detail::can_bind(ipv4(address, static_cast<unsigned short>(p + 1)), SOCK_DGRAM)) return p;
  }
  throw std::runtime_error("linphone_ue: no free RTP port pair on " + address);
}

// linphonec prints its prompt before asynchronous lines: "linphonec> Call 1 ...".
std::string strip_prompt(std::string line) {
  static const std::string prompt = "linphonec> ";
  while (line.compare(0, prompt.size(), prompt) == 0) line.erase(0, prompt.size());
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

bool is_call_event(const std::string& line) {
  return line.compare(0, 5, "Call ") == 0 || line.compare(0, 24, "Media streams establish") == 0 ||
         line.compare(0, 27, "Receiving new incoming call") == 0 ||
         line.compare(0, 26, "Establishing call id to ") == 0;
}

}  // namespace

linphone_ue::linphone_ue(linphone_options o) : o_(std::move(o)) {
  if (o_.sip_port == 0) o_.sip_port = free_port(o_.address);
  if (o_.rtp_port == 0) o_.rtp_port = free_rtp_pair(o_.address);
  if (o_.record_file.empty()) o_.record_file = o_.dir + "/received.wav";
  // liblinphone 5.1 opens its message database below $HOME and, when that
  // directory is missing, gives up starting the core without a word on
  // stdout: no SIP socket is ever opened (the "no SIP port" of a first try).
  std::error_code ec;
  std::filesystem::create_directories(o_.dir + "/home/.local/share/linphone", ec);
  if (ec) {
    fail("cannot create " + o_.dir + "/home: " + ec.message());
    return;
  }
  const std::string rc = o_.dir + "/linphonerc";
  std::ofstream(rc) << write_rc();
  process_spec spec;
  spec.argv = {"linphonec", "-c", rc, "-d", std::to_string(o_.log_level), "-l", log_path()};
  spec.output_file = o_.dir + "/linphonec.out";
  spec.env = {{"HOME", o_.dir + "/home"}};
  spec.stdin_pipe = true;
  proc_ = std::make_unique<owned_process>(spec);
  // No sound card here: mediastreamer's file player and recorder instead.
  command("soundcard use files");
  if (wait_for("Using wav files instead of soundcard.", 10s) == std::string::npos) {
    fail("linphonec did not take 'soundcard use files'");
    return;
  }
  command("record " + o_.record_file);
  for (const auto deadline = clock_type::now() + 10s; !udp_bound(o_.address, o_.sip_port);) {
    if (clock_type::now() >= deadline || !proc_->running()) {
      fail("linphonec opened no SIP socket on " + o_.address + ":" + std::to_string(o_.sip_port));
      return;
    }
    std::this_thread::sleep_for(5ms);
  }
}

linphone_ue::~linphone_ue() {
  stop();
}

bool linphone_ue::fail(const std::string& why) {
  if (start_error_.empty())
    start_error_ = why + "\n--- linphonec output:\n" + output() + "\n--- log: " + log_path();
  return false;
}

std::string linphone_ue::sip_uri() const {
  return "sip:" + o_.user + "@" + o_.address + ":" + std::to_string(o_.sip_port);
}

std::string linphone_ue::log_path() const {
  return o_.dir + "/linphonec.log";
}

std::string linphone_ue::output() const {
  return read_file(o_.dir + "/linphonec.out");
}

// The rc file (linphonerc): every key here was checked against liblinphone
// 5.1.65 (docs/ims-lab-linphone.md).
std::string linphone_ue::write_rc() const {
  std::ostringstream rc;
  const std::string identity = "sip:" + o_.user + "@" + o_.address;
  rc << "[sip]\n"
     << "sip_port=" << o_.sip_port << "\n"
     << "sip_tcp_port=0\nsip_tls_port=0\n"  // UDP only
     << "bind_address=" << o_.address
     << "\n"
     // IPv4 only. Without ipv6_migration_done the first start rewrites
     // use_ipv6 to 1 and the SDP names the host's global IPv6 address.
     << "use_ipv6=0\nipv6_migration_done=1\n"
     << "100rel_support_level=1\n"  // Supported: 100rel, PRACK for reliable 18x
     << "use_rfc2833=0\n"           // no telephone-event: PCMA/PCMU only
     << "guess_hostname=0\n"
     << "contact=" << identity << "\n"
     << "inc_timeout=60\n";
  if (!o_.outbound_proxy.empty()) {
    // The proxy is the default account's: calls carry a preloaded Route to
    // it; no REGISTER (nothing in the lab is a registrar).
    rc << "default_proxy=0\n"
       << "[proxy_0]\n"
       << "reg_proxy=<sip:" << o_.outbound_proxy << ";transport=udp>\n"
       << "reg_route=<sip:" << o_.outbound_proxy << ";transport=udp;lr>\n"
       << "reg_identity=" << identity << "\n"
       << "reg_sendregister=0\npublish=0\n";
  } else {
    rc << "default_proxy=-1\n";
  }
  rc << "[rtp]\n"
     << "audio_rtp_port=" << o_.rtp_port << "\n"
     << "bind_address=" << o_.address << "\n"  // media socket and SDP c= address
     << "rtcp_xr_enabled=0\n"
     << "[net]\n"
     << "firewall_policy=0\n"  // no STUN server, no ICE, no upnp
     << "[misc]\n"
     << "add_missing_audio_codecs=0\nadd_missing_video_codecs=0\n"
     << "[audio_codec_0]\nmime=PCMA\nrate=8000\nchannels=1\nenabled=1\n"
     << "[audio_codec_1]\nmime=PCMU\nrate=8000\nchannels=1\nenabled=1\n"
     << "[video]\nenabled=0\ncapture=0\ndisplay=0\n";
  return rc.str();
}

bool linphone_ue::command(const std::string& line) {
  return proc_ && proc_->write_stdin(line + "\n");
}

std::size_t linphone_ue::wait_for(const std::string& needle, std::chrono::milliseconds timeout,
                                  std::size_t from) {
  for (const auto deadline = clock_type::now() + timeout;;) {
    const std::string out = output();
    if (from < out.size()) {
      const auto at = out.find(needle, from);
      if (at != std::string::npos) {
        const auto eol = out.find('\n', at);
        return eol == std::string::npos ? out.size() : eol + 1;
      }
    }
    if (clock_type::now() >= deadline || !proc_ || !proc_->running()) return std::string::npos;
    std::this_thread::sleep_for(5ms);
  }
}

std::vector<linphone_event> linphone_ue::events() {
  const std::string out = output();
  const auto now = clock_type::now();
  while (scanned_ < out.size()) {
    const auto eol = out.find('\n', scanned_);
    if (eol == std::string::npos) break;  // a line still being written
    const std::string line = strip_prompt(out.substr(scanned_, eol - scanned_));
    scanned_ = eol + 1;
    if (is_call_event(line)) events_.push_back({now, line});
  }
  return events_;
}

int linphone_ue::call(const std::string& uri, std::chrono::milliseconds timeout) {
  const auto from = output().size();
  if (!command("call " + uri)) return -1;
  const auto end = wait_for(", assigned id ", timeout, from);
  if (end == std::string::npos) return -1;
  const std::string out = output();
  const auto at = out.rfind(", assigned id ", end);
  return std::atoi(out.c_str() + at + 14);
}

bool linphone_ue::wait_call_state(int id, const std::string& state,
                                  std::chrono::milliseconds timeout) {
  const std::string head = "Call " + std::to_string(id) + " ";
  for (const auto deadline = clock_type::now() + timeout;;) {
    for (const auto& e : events()) {
      if (e.line.compare(0, head.size(), head) != 0) continue;
      const auto& l = e.line;
      if (l.size() >= state.size() + 1 &&
          l.compare(l.size() - state.size() - 1, state.size() + 1, state + ".") == 0)
        return true;
      if (l.find(" " + state + " (") != std::string::npos) return true;  // "ended (No error)."
    }
    if (clock_type::now() >= deadline || !proc_ || !proc_->running()) return false;
    std::this_thread::sleep_for(5ms);
  }
}

int linphone_ue::stop() {
  if (!proc_) return -1;
  int status = -1;
  if (proc_->running()) {
    command("terminate all");
    command("quit");
    proc_->close_stdin();  // EOF quits as well
    status = proc_->wait(5s);
  }
  const int killed = proc_->stop(SIGTERM, 2s);
  if (status == -1) status = killed;
  proc_.reset();
  return status;
}

}  // namespace cmr::test
