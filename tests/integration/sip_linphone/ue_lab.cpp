#include "tests/integration/sip_linphone/ue_lab.h"

#include "tests/integration/sip_server/lab_tools.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/common/capture_marker.h"
#include "tests/common/free_port.h"

namespace cmr::test {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

const std::string k_scenarios = std::string(CMR_SOURCE_DIR) + "/tests/sipp/matrix/";

// A UDP socket bound to ip:0 that nobody reads (a party's RTP port, the
// markers' destination): the datagrams sent there need no ICMP answer.
int bind_udp(const std::string& ip, std::uint16_t& port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  ::inet_pton(AF_INET, ip.c_str(), &a.sin_addr);
  socklen_t len = sizeof a;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
    return -1;
  port = ntohs(a.sin_port);
  return fd;
}

bool udp_bound(const std::string& ip, std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  ::inet_pton(AF_INET, ip.c_str(), &a.sin_addr);
  return !detail::can_bind(a, SOCK_DGRAM);
}

bool wait_bound(const std::string& ip, std::uint16_t port, owned_process& p) {
  for (const auto deadline = clock_type::now() + 10s; clock_type::now() < deadline;) {
    if (udp_bound(ip, port)) return true;
    if (!p.running()) return false;
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

}  // namespace

std::string ue_frame::text() const {
  std::string t = src + ">" + dst + " ";
  if (rtp) return t + "RTP";
  if (!method.empty()) return t + method;
  return t + status + " " + cseq_method;
}

ue_lab::ue_lab(std::string name, std::string cmrbt_mode, ims_core core)
    : name_(std::move(name)), mode_(std::move(cmrbt_mode)), core_(core) {
  marker_fd_ = bind_udp(k_marker_ip, marker_port_);
  callee_rtp_fd_ = bind_udp(k_callee_ip, callee_rtp_port_);
  if (marker_fd_ < 0 || callee_rtp_fd_ < 0) {
    fail("cannot bind UDP on " + k_marker_ip + " / " + k_callee_ip);
    return;
  }
  callee_port_ = free_port(k_callee_ip);
  callee_sip_ = k_callee_ip + ":" + std::to_string(callee_port_);
  if (!start_server() || !upload_content() || !start_pcscf()) return;
  linphone_options o;
  o.dir = dir() + "/ue";
  std::filesystem::create_directories(o.dir);
  o.address = k_ue_ip;
  // The S-CSCF config takes a preloaded Route only from the AS (its odi):
  // linphone addresses it in the Request-URI instead.
  if (core_ == ims_core::pcscf) o.outbound_proxy = pcscf_sip_;
  ue_ = std::make_unique<linphone_ue>(o);
  if (!ue_->start_error().empty()) {
    fail(ue_->start_error());
    return;
  }
  ue_sip_ = k_ue_ip + ":" + std::to_string(ue_->options().sip_port);
  ue_address_ = k_ue_ip + ":" + std::to_string(ue_->options().rtp_port);
  start_capture();
}

ue_lab::~ue_lab() {
  ue_.reset();  // quits linphonec (its calls first)
  if (tshark_) tshark_->stop(SIGTERM, 5s);
  if (pcscf_) pcscf_->stop(SIGTERM, 5s);
  vty_.reset();
  server_.send_signal(SIGTERM);
  server_.wait_exit(10s);
  // The lab's files (capture, linphonec's output and log, its recording,
  // kamailio's and sipp's logs, the server's stderr) outlive the test there.
  if (const char* keep = std::getenv("CMR_UE_LAB_KEEP"); keep != nullptr && *keep != '\0') {
    std::error_code ec;
    const std::string to = std::string(keep) + "/" + name_;
    std::filesystem::remove_all(to, ec);
    std::filesystem::create_directories(keep, ec);
    std::filesystem::copy(dir(), to, std::filesystem::copy_options::recursive, ec);
  }
  if (marker_fd_ >= 0) ::close(marker_fd_);
  if (callee_rtp_fd_ >= 0) ::close(callee_rtp_fd_);
}

bool ue_lab::fail(const std::string& why) {
  if (setup_error_.empty()) setup_error_ = name_ + ": " + why;
  return false;
}

bool ue_lab::start_server() {
  std::ifstream in(std::string(CMR_SOURCE_DIR) + "/configs/sip-lab.cfg");
  std::string cfg{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  // SIP and RTP on the AS's own address; VTY and HTTP stay on 127.0.0.1
  // (the test's VTY client and curl), every port a free one.
  const std::pair<std::string, std::string> edits[] = {
      {"logging color 1", "logging color 0"},
      {" bind 127.0.0.1 4260", " bind 127.0.0.1 0"},
      {" bind 127.0.0.1 8080", " bind 127.0.0.1 0"},
      {" bind 127.0.0.1 5060", " bind " + k_as_ip + " 0"},
      {"listen ipa 5000", "listen ipa 0"},
      {" next-hop 127.0.0.1 5080 udp",
       " next-hop " + k_callee_ip + " " + std::to_string(callee_port_) + " udp"},
      {" mode cmrbt gateway", " mode cmrbt " + mode_},
      {" media-address 127.0.0.1", " media-address " + k_as_ip},
      {" rtp-ports 16384 32767", " rtp-ports 0 0"},
  };
  for (const auto& [from, to] : edits)
    if (!replace_once(cfg, from, to)) return fail("configs/sip-lab.cfg has no '" + from + "'");
  server_.start({"-c", server_.write_file("sip-lab.cfg", cfg)});
  if (!server_.wait_for_err("SIP application server listening", 20s) ||
      !server_.wait_for_err("management HTTP listening", 20s))
    return fail("cmr-server did not start:\n" + server_.err());
  const std::string err = server_.err();
  as_port_ = server_.sip_port();
  as_sip_ = k_as_ip + ":" + std::to_string(as_port_);
  for (const auto deadline = clock_type::now() + 10s;
       server_.vty_port() == 0 && clock_type::now() < deadline;)
    std::this_thread::sleep_for(5ms);
  if (as_port_ == 0 || server_.vty_port() == 0) return fail("ports not in the log:\n" + err);
  vty_ = std::make_unique<vty_client>(server_.vty_port());
  if (!vty_->connected()) return fail("VTY not reachable");
  return true;
}

// Subscriber 491700000001 presents demo-ringback-2 to 491700000002 (the
// demo catalogue's group rule): linphone calls as 491700000002.
bool ue_lab::upload_content() {
  const unsigned short mgmt = server_.mgmt_port();
  if (mgmt == 0) return fail("no management port in the log");
  // 1 s: longer than the ring, so linphone records one stretch, not a loop.
  std::string error;
  rendition_ = upload_alaw_content(dir(), mgmt, server_.write_file("ring.wav", alaw_wav(8000)),
                                   "demo-ringback-2", error);
  if (rendition_.empty()) return fail(error);
  return true;
}

// Kamailio next to the UE. P-CSCF (configs/ims-pcscf.kamailio.cfg): initial
// requests go on to the AS (NEXT_HOP), in-dialog ones along the route set.
// S-CSCF (configs/ims-scscf.kamailio.cfg): the terminating iFC sends the
// INVITE to the AS, the AS's B-leg comes back and goes to the callee.
bool ue_lab::start_pcscf() {
  pcscf_port_ = free_port(k_pcscf_ip);
  pcscf_sip_ = k_pcscf_ip + ":" + std::to_string(pcscf_port_);
  const std::string work = dir() + "/kamailio";
  std::filesystem::create_directories(work);
  const bool s = core_ == ims_core::scscf;
  process_spec spec;
  spec.argv = {"kamailio",
               "-f",
               std::string(CMR_SOURCE_DIR) +
                   (s ? "/configs/ims-scscf.kamailio.cfg" : "/configs/ims-pcscf.kamailio.cfg"),
               "-DD",
               "-E",
               "-n",
               "1",
               "-w",
               work,
               "-Y",
               work,
               "-l",
               "udp:" + pcscf_sip_};
  if (s)
    spec.argv.insert(spec.argv.end(),
                     {"-A", "AS_ADDR=\"" + as_sip_ + "\"", "-A",
                      "CALLEE_ADDR=\"" + callee_sip_ + "\"", "-A", "WITH_TERM_AS"});
  else
    spec.argv.insert(spec.argv.end(), {"-A", "NEXT_HOP=\"sip:" + as_sip_ + "\""});
  spec.output_file = work + "/kamailio.log";
  spec.parent_death_signal = SIGTERM;  // kamailio's main process ends its children
  pcscf_ = std::make_unique<owned_process>(spec);
  if (!wait_bound(k_pcscf_ip, pcscf_port_, *pcscf_))
    return fail("kamailio did not start:\n" + run_output("cat " + spec.output_file));
  return true;
}

bool ue_lab::start_capture() {
  pcap_ = dir() + "/" + name_ + ".pcapng";
  const auto port = [](auto p) { return " or port " + std::to_string(p); };
  const auto rtp = ue_->options().rtp_port;
  const std::string filter = "udp and (port " + std::to_string(ue_->options().sip_port) +
                             port(rtp) + port(rtp + 1) + port(pcscf_port_) + port(as_port_) +
                             port(callee_port_) + port(callee_rtp_port_) + port(marker_port_) + ")";
  process_spec spec;
  // dumpcap, tshark's capture engine, captures within ~0.2 s where tshark
  // spends seconds loading its dissectors first; tshark reads the file later.
  spec.argv = {"dumpcap", "-q", "-i", "lo", "-f", filter, "-w", pcap_};
  spec.output_file = dir() + "/dumpcap.log";
  tshark_ = std::make_unique<owned_process>(spec);
  return mark("start") || fail("tshark captured nothing: " + run_output("cat " + spec.output_file));
}

// Marker datagrams (tests/common/capture_marker.h) to the test's own socket.
bool ue_lab::mark(const std::string& what) {
  const std::string payload =
      "cmr-ue-capture-" + what + "-" + std::to_string(::getpid()) + "-" + name_;
  return test::mark_capture(k_marker_ip, marker_port_, pcap_, payload);
}

long ue_lab::counter(const std::string& name) {
  if (!vty_) return -1;
  const std::string out = vty_->command("show cmr sip");
  std::smatch m;
  if (std::regex_search(out, m, std::regex("(^|\n)" + name + " ([0-9]+)")))
    return std::stol(m[2].str());
  return -1;
}

ue_case& ue_lab::run_caller(const std::string& name, const std::string& uas_scenario,
                            const std::string& owner, std::chrono::milliseconds talk) {
  auto& c = *cases_.emplace_back(std::make_unique<ue_case>());
  c.name = name;
  if (!setup_error_.empty()) return c;
  const std::string base = dir() + "/" + name;
  process_spec uas;
  uas.argv = {"sipp",
              "-sf",
              k_scenarios + uas_scenario,
              "-i",
              k_callee_ip,
              "-p",
              std::to_string(callee_port_),
              "-m",
              "1",
              "-timeout",
              "15s",
              "-timeout_error",
              "-nostdin",
              "-set",
              "rtp",
              std::to_string(callee_rtp_port_),
              "-trace_err",
              "-error_file",
              base + "-uas.err"};
  uas.output_file = base + "-uas.log";
  owned_process callee(uas);
  if (!wait_bound(k_callee_ip, callee_port_, callee)) return c;
  c.start = now_epoch();
  c.call_id = ue_->call("sip:" + owner + "@" + (core_ == ims_core::scscf ? pcscf_sip_ : as_sip_));
  if (c.call_id > 0) {
    c.reached_early_media = ue_->wait_call_state(c.call_id, "early media", 10s);
    // Answered, or refused by the callee (linphone says "error", then "ended").
    for (const auto deadline = clock_type::now() + 10s;
         c.final_state.empty() && clock_type::now() < deadline;) {
      for (const char* s : {"connected", "error", "ended"})
        if (c.final_state.empty() && ue_->wait_call_state(c.call_id, s, 0ms)) c.final_state = s;
      std::this_thread::sleep_for(5ms);
    }
    c.reached_connected = c.final_state == "connected";
    if (c.reached_connected) {
      std::this_thread::sleep_for(talk);
      ue_->terminate();
    }
    // A refused call ends at "error" (linphonec prints no "ended" for it).
    c.call_over = c.final_state == "error" || ue_->wait_call_state(c.call_id, "ended", 10s);
  }
  c.uas_rc = callee.wait(c.call_over ? 10s : 1s);
  callee.stop(SIGTERM, 1s);
  c.uas_log = run_output("cat " + base + "-uas.err " + base + "-uas.log 2>/dev/null");
  // The call is over in the server too before the next case starts.
  for (const auto deadline = clock_type::now() + 10s; clock_type::now() < deadline;) {
    if (counter("calls-active") == 0 && counter("rtp-streams-active") == 0) break;
    std::this_thread::sleep_for(20ms);
  }
  c.end = now_epoch();
  c.recording = ue_->record_path();
  return c;
}

std::string ue_lab::analyse() {
  if (!tshark_) return "no capture";
  mark("end");  // everything sent before is in the file
  tshark_->stop(SIGTERM, 10s);
  tshark_.reset();
  const auto rtp = ue_->options().rtp_port;
  const std::string sip_ports[] = {std::to_string(ue_->options().sip_port),
                                   std::to_string(pcscf_port_), std::to_string(as_port_),
                                   std::to_string(callee_port_)};
  std::string decode;
  for (const auto& p : sip_ports) decode += " -d udp.port==" + p + ",sip";
  decode += " -d udp.port==" + std::to_string(rtp) +
            ",rtp -d udp.port==" + std::to_string(rtp + 1) + ",rtcp";
  const std::string fields = run_output(
      "tshark -r " + pcap_ + decode +
      " -T fields -E separator=/t -E occurrence=a -E aggregator=, -e frame.time_epoch -e ip.src "
      "-e udp.srcport -e ip.dst -e udp.dstport -e frame.protocols -e sip.Method "
      "-e sip.Status-Code -e sip.CSeq.method -e sip.RSeq -e sip.RAck -e sip.Require "
      "-e sip.Supported -e sip.P-Early-Media -e sdp.connection_info.address -e sdp.media.port "
      "-e sdp.media_attr -e rtp.p_type -e rtp.ssrc -e _ws.malformed -e _ws.expert.severity "
      "-e _ws.expert.message -e frame.number 2>/dev/null");
  constexpr long warning = 0x00600000;  // PI_WARN
  std::istringstream lines(fields);
  std::size_t count = 0;
  for (std::string line; std::getline(lines, line);) {
    const auto f = split(line, '\t');
    if (f.size() < 23) continue;
    ++count;
    ue_frame fr;
    fr.time = std::atof(f[0].c_str());
    fr.src = f[1] + ":" + f[2];
    fr.dst = f[3] + ":" + f[4];
    fr.protocols = f[5];
    fr.method = f[6];
    fr.status = f[7];
    fr.cseq_method = f[8];
    fr.rseq = f[9];
    fr.rack = f[10];
    fr.require = f[11];
    fr.supported = f[12];
    fr.p_early_media = f[13];
    fr.sdp_connection = f[14];
    fr.sdp_media_port = f[15];
    fr.sdp_direction = f[16];
    fr.rtp = !f[17].empty();
    fr.payload_type = fr.rtp ? std::atoi(f[17].c_str()) : -1;
    fr.ssrc = f[18];
    long severity = 0;
    for (const auto& v : split(f[20], ',')) severity = std::max(severity, std::atol(v.c_str()));
    if (!f[19].empty() || severity >= warning)
      fr.problem = "frame " + f[22] + " (" + f[5] + "): " + f[19] + " " + f[21];
    for (auto& c : cases_)
      if (fr.time >= c->start && fr.time <= c->end) c->frames.push_back(fr);
  }
  return count == 0 ? "tshark read no frames from " + pcap_ : "";
}

}  // namespace cmr::test
