#include "tests/integration/sip_server/sip_lab.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "tests/common/capture_marker.h"

namespace cmr::test {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

const std::string k_matrix = std::string(CMR_SOURCE_DIR) + "/tests/sipp/matrix/";

// The caller sipp's media port: sipp binds it and the next ports (RTCP,
// video at +2 and +3) at start, so all four must be free. Drawn below
// 16384, where no cmr-server of a parallel test takes RTP ports (their
// ranges start there), so a server's player cannot take sipp's video port
// between the draw and sipp's bind ("Unable to bind video RTP socket").
unsigned short free_media_port() {
  for (int i = 0; i < 200; ++i) {
    const unsigned short p = free_port();
    if (p % 2 != 0 || p + 3 >= 16384) continue;
    bool all = true;
    for (unsigned short k = 1; k <= 3 && all; ++k) {
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      a.sin_port = htons(static_cast<unsigned short>(p + k));
      all = detail::can_bind(a, SOCK_DGRAM);
    }
    if (all) return p;
  }
  return free_port();
}

}  // namespace

// --- sip_lab -----------------------------------------------------------------

sip_lab::sip_lab(lab_options o) : o_(std::move(o)) {
  dir_ = server_.dir();
  uac_port_ = free_port();
  uas_port_ = free_port();
  uac_media_port_ = free_media_port();
  if (o_.scscf.enabled) scscf_port_ = free_port();
  if (start_server() && upload_content() && start_scscf()) start_capture();
}

sip_lab::~sip_lab() {
  if (tshark_) tshark_->signal(SIGTERM);
  tshark_.reset();
  if (kamailio_) {
    kamailio_->signal(SIGTERM);
    kamailio_->wait(5s);
  }
  kamailio_.reset();
  vty_.reset();
  server_.send_signal(SIGTERM);
  server_.wait_exit(10s);
}

bool sip_lab::fail(const std::string& why) {
  if (setup_error_.empty()) setup_error_ = o_.name + ": " + why;
  return false;
}

bool sip_lab::start_server() {
  // The IMS lab's AS sits behind the S-CSCF (configs/ims-lab.cfg): its next
  // hop is the S-CSCF, unserved calls are proxied, calls are charged.
  const std::string name = o_.scscf.enabled ? "ims-lab.cfg" : "sip-lab.cfg";
  std::string cfg = slurp_file(std::string(CMR_SOURCE_DIR) + "/configs/" + name);
  const std::string next_hop = o_.scscf.enabled ? " next-hop 127.0.0.1 5070 udp"
                                                : " next-hop 127.0.0.1 5080 udp";
  const std::uint16_t next_port = o_.scscf.enabled ? scscf_port_ : uas_port_;
  // The lab's fixed ports become free ones; the mode lines are the case's.
  const std::pair<std::string, std::string> edits[] = {
      {"logging color 1", "logging color 0"},
      {" bind 127.0.0.1 4260", " bind 127.0.0.1 0"},
      {" bind 127.0.0.1 8080", " bind 127.0.0.1 0"},
      {" bind 127.0.0.1 5060", " bind 127.0.0.1 0"},
      {"listen ipa 5000", "listen ipa 0"},
      {next_hop, " next-hop 127.0.0.1 " + std::to_string(next_port) + " udp"},
      {" mode cmrbt gateway", " mode cmrbt " + o_.cmrbt_mode},
      {" mode cmrt off", " mode cmrt " + o_.cmrt_mode},
      {" rtp-ports 16384 32767",
       o_.rtp_base == 0 ? std::string(" rtp-ports 0 0")
                        : " rtp-ports " + std::to_string(o_.rtp_base) + " " +
                              std::to_string(o_.rtp_base + 199)},
  };
  for (const auto& [from, to] : edits)
    if (!replace_once(cfg, from, to)) return fail("configs/" + name + " has no '" + from + "'");
  cfg += o_.extra_config;
  server_.start({"-c", server_.write_file(name, cfg)});
  if (!server_.wait_for_err("SIP application server listening", 20s) ||
      !server_.wait_for_err("management HTTP listening", 20s))
    return fail("cmr-server did not start:\n" + server_.err());
  const std::string err = server_.err();
  sip_port_ = server_.sip_port();
  mgmt_port_ = server_.mgmt_port();
  for (const auto deadline = clock_type::now() + 10s;
       server_.vty_port() == 0 && clock_type::now() < deadline;)
    std::this_thread::sleep_for(5ms);
  if (sip_port_ == 0 || mgmt_port_ == 0 || server_.vty_port() == 0)
    return fail("ports not in the log:\n" + err);
  vty_ = std::make_unique<vty_client>(server_.vty_port());
  if (!vty_->connected()) return fail("VTY not reachable");
  return true;
}

// The demo catalogue's subscriber 491700000001 presents demo-ringback-2 to
// 491700000002 (group rule); that resource gets audio over the management
// API, as a content provider would upload it.
bool sip_lab::upload_content() {
  // 0.3 s: 15 frames of 20 ms, so a ring of a few hundred ms loops the content.
  wav_ = alaw_wav(2400);
  std::string error;
  rendition_ = upload_alaw_content(dir_, mgmt_port_, server_.write_file("ring.wav", wav_),
                                   "demo-ringback-2", error);
  if (rendition_.empty()) return fail(error);
  if (rendition_.size() % 160 != 0)
    return fail("the A-law playout rendition is no whole number of 20 ms frames");
  return true;
}

// Kamailio as the S-CSCF stand-in, in the foreground (-DD) with one UDP
// worker (-n 1: the frames' order is the order of events), its working
// directory in the lab's.
bool sip_lab::start_scscf() {
  if (!o_.scscf.enabled) return true;
  const std::uint16_t as_port = o_.scscf.as_down ? free_port() : sip_port_;
  std::vector<std::string> args = {
      "kamailio",
      "-f",
      std::string(CMR_SOURCE_DIR) + "/configs/ims-scscf.kamailio.cfg",
      "-DD",
      "-E",
      "-n",
      "1",
      "-w",
      dir_,
      "-l",
      "udp:127.0.0.1:" + std::to_string(scscf_port_),
      "-A",
      "AS_ADDR=\"127.0.0.1:" + std::to_string(as_port) + "\"",
      "-A",
      "CALLEE_ADDR=\"127.0.0.1:" + std::to_string(uas_port_) + "\""};
  if (o_.scscf.orig_as) args.insert(args.end(), {"-A", "WITH_ORIG_AS"});
  if (o_.scscf.term_as) args.insert(args.end(), {"-A", "WITH_TERM_AS"});
  kamailio_ = std::make_unique<child_process>(args, dir_ + "/kamailio.log");
  for (const auto deadline = clock_type::now() + 10s; clock_type::now() < deadline;) {
    if (udp_port_taken(scscf_port_)) return true;
    std::this_thread::sleep_for(10ms);
  }
  return fail("kamailio did not start: " + slurp_file(dir_ + "/kamailio.log"));
}

std::string sip_lab::charging_records() const { return slurp_file(dir_ + "/sip-records.jsonl"); }

bool sip_lab::start_capture() {
  pcap_ = dir_ + "/" + o_.name + ".pcapng";
  const std::string filter = (scscf_port_ != 0 ? "udp port " + std::to_string(scscf_port_) + " or "
                                               : std::string()) +
                             "udp port " + std::to_string(sip_port_) + " or udp port " +
                             std::to_string(rtp_a_.port()) + " or udp port " +
                             std::to_string(rtp_b_.port()) +
                             (o_.rtp_base == 0 ? std::string()
                                               : " or udp dst portrange " +
                                                     std::to_string(o_.rtp_base) + "-" +
                                                     std::to_string(o_.rtp_base + 199));
  const std::string log = dir_ + "/tshark.log";
  tshark_ = std::make_unique<child_process>(
      std::vector<std::string>{"tshark", "-q", "-i", "lo", "-f", filter, "-w", pcap_}, log);
  for (const auto deadline = clock_type::now() + 20s; clock_type::now() < deadline;) {
    // The first case starts once a marker packet reached the file
    // (tests/common/capture_marker.h).
    if (slurp_file(log).find("Capturing on") != std::string::npos)
      return mark_capture("start") || fail("tshark captured nothing: " + slurp_file(log));
    std::this_thread::sleep_for(10ms);
  }
  return fail("tshark did not start: " + slurp_file(log));
}

// The markers (tests/common/capture_marker.h) are RTP headers without payload
// but the marker text, sent to the callee's RTP sink outside every case's time
// window: analyse() decodes that port as RTP.
bool sip_lab::mark_capture(const std::string& what) {
  const std::string mark = "cmr-capture-" + what + "-" + std::to_string(::getpid()) + "-" + o_.name;
  const std::string pkt = std::string("\x80\x08\0\x01\0\0\0\0\0\0\0\x01", 12) + mark;
  const bool seen = test::mark_capture("127.0.0.1", rtp_b_.port(), pcap_, pkt);
  rtp_b_.drain();
  return seen;
}

long sip_lab::counter(const std::string& name) {
  if (!vty_) return -1;
  const std::string out = vty_->command("show cmr sip");
  std::smatch m;
  if (std::regex_search(out, m, std::regex("(^|\n)" + name + " ([0-9]+)")))
    return std::stol(m[2].str());
  return -1;
}

std::pair<int, std::string> sip_lab::http_get(const std::string& path_and_query) {
  const std::string out = dir_ + "/get.out";
  const std::string code = run_output(
      "curl -s -o " + out + " -w '%{http_code}' 'http://127.0.0.1:" + std::to_string(mgmt_port_) +
      path_and_query + "'");
  return {std::atoi(code.c_str()), slurp_file(out)};
}

std::pair<int, std::string> sip_lab::post_json(const std::string& op, const std::string& json) {
  const std::string in = server_.write_file("post.json", json);
  const std::string out = dir_ + "/post.out";
  const std::string code = run_output(
      "curl -s -o " + out + " -w '%{http_code}' -X POST -H 'Authorization: Bearer demo-portal' "
      "-H 'Content-Type: application/json' -H 'Accept: application/json' --data-binary @" + in +
      " 'http://127.0.0.1:" + std::to_string(mgmt_port_) + "/cmr/1/" + op + "'");
  return {std::atoi(code.c_str()), slurp_file(out)};
}

std::string sip_lab::upload(const std::string& resource, int samples, int seed,
                            std::string& error) {
  return upload_alaw_content(dir_, mgmt_port_,
                             server_.write_file(resource + ".wav", alaw_wav(samples, seed)), resource,
                             error);
}

case_run& sip_lab::run(const std::string& name, const std::string& uac, const std::string& uas,
                       const std::string& owner) {
  auto& r = runs_.emplace_back();
  r.name = name;
  rtp_a_.drain();
  rtp_b_.drain();
  r.start = now_epoch();
  const std::string base = dir_ + "/" + name;
  auto sipp = [&](const std::string& scenario, std::uint16_t port, std::uint16_t rtp,
                  const std::string& side) {
    return std::vector<std::string>{"sipp",
                                    "-sf",
                                    // An absolute path: a scenario the test wrote (key tests).
                                    scenario.starts_with('/') ? scenario : k_matrix + scenario,
                                    "-i",
                                    "127.0.0.1",
                                    "-p",
                                    std::to_string(port),
                                    "-m",
                                    "1",
                                    "-timeout",
                                    "15s",
                                    "-timeout_error",
                                    "-nostdin",
                                    "-set",
                                    "rtp",
                                    std::to_string(rtp),
                                    "-trace_err",
                                    "-error_file",
                                    base + "-" + side + ".err"};
  };
  child_process callee(sipp(uas, uas_port_, rtp_b_.port(), "uas"), base + "-uas.log");
  for (const auto deadline = clock_type::now() + 10s;
       !udp_port_taken(uas_port_) && clock_type::now() < deadline;)
    std::this_thread::sleep_for(5ms);
  auto args = sipp(uac, uac_port_, rtp_a_.port(), "uac");
  // The caller's media port (pcap play in the key tests) on a free port, not
  // sipp's fixed default 6000; captured.
  args.insert(args.end(), {"-mp", std::to_string(uac_media_port_)});
  args.insert(args.end(), {"-s", owner,
                           "127.0.0.1:" + std::to_string(scscf_port_ != 0 ? scscf_port_ : sip_port_)});
  child_process caller(args, base + "-uac.log");
  r.uac_rc = caller.wait(25s);
  r.uas_rc = callee.wait(r.uac_rc == 0 ? 10s : 1s);
  r.uac_errors = slurp_file(base + "-uac.err") + slurp_file(base + "-uac.log");
  r.uas_errors = slurp_file(base + "-uas.err") + slurp_file(base + "-uas.log");
  // The call is over in the server too before the next case starts.
  for (const auto deadline = clock_type::now() + 10s; clock_type::now() < deadline;) {
    if (counter("calls-active") == 0 && counter("rtp-streams-active") == 0) break;
    std::this_thread::sleep_for(20ms);
  }
  r.rtp_a = rtp_a_.drain();
  r.rtp_b = rtp_b_.drain();
  r.end = now_epoch();
  return r;
}

std::string sip_lab::analyse() {
  if (!tshark_) return "no capture";
  // The capture hands packets to the file in blocks: stop only once the
  // file holds a marker sent after the last case.
  mark_capture("end");
  tshark_->signal(SIGTERM);
  tshark_->wait(10s);
  tshark_.reset();
  const std::string decode = (scscf_port_ != 0
                                  ? " -d udp.port==" + std::to_string(scscf_port_) + ",sip"
                                  : std::string()) +
                             " -d udp.port==" + std::to_string(sip_port_) +
                             ",sip -d udp.port==" + std::to_string(rtp_a_.port()) +
                             ",rtp -d udp.port==" + std::to_string(rtp_b_.port()) + ",rtp ";
  // One read: the frames, and the health check the issue asks for
  // ("_ws.malformed || _ws.expert.severity >= warning" must match nothing).
  const std::string fields = run_output(
      "tshark -r " + pcap_ + decode +
      "-T fields -E separator=/t -E occurrence=a -E aggregator=, -e frame.time_epoch -e "
      "udp.srcport "
      "-e udp.dstport -e sip.Method -e sip.Status-Code -e sip.CSeq.method -e sip.Alert-Info "
      "-e sip.Require -e sip.P-Early-Media -e sip.Content-Disposition -e sdp.media.port -e rtp.seq "
      "-e frame.number -e _ws.malformed -e _ws.expert.severity -e _ws.expert.message "
      "-e sdp.owner.username -e sdp.owner.sessionid -e sdp.owner.version -e sdp.media_attr "
      "-e sip.Route -e sip.Record-Route -e sip.Via -e sip.P-Served-User -e sip.P-Asserted-Identity "
      "-e sip.Privacy -e sip.P-Charging-Vector -e sip.P-Charging-Function-Addresses -e sip.Call-ID "
      "-e sip.to.tag -e sip.from.tag "
      "2>/dev/null");
  constexpr long warning = 0x00600000;  // PI_WARN; PI_ERROR is 0x00800000
  std::string health;
  std::size_t frame_count = 0;
  const auto role = [&](const std::string& port) -> std::string {
    const auto p = std::atoi(port.c_str());
    if (p == sip_port_) return "AS";
    if (scscf_port_ != 0 && p == scscf_port_) return "S";
    if (p == uac_port_ || p == rtp_a_.port()) return "A";
    if (p == uas_port_ || p == rtp_b_.port()) return "B";
    return "AS";  // the server's RTP source ports
  };
  std::istringstream lines(fields);
  for (std::string line; std::getline(lines, line);) {
    const auto f = split(line, '\t');
    if (f.size() < 29) continue;
    ++frame_count;
    long severity = 0;
    for (const auto& v : split(f[14], ',')) severity = std::max(severity, std::atol(v.c_str()));
    if (!f[13].empty() || severity >= warning)
      health += "frame " + f[12] + ": " + f[13] + " " + f[15] + "\n";
    frame fr;
    fr.time = std::atof(f[0].c_str());
    fr.from = role(f[1]);
    fr.to = role(f[2]);
    if (!f[11].empty()) {
      fr.rtp = true;
      fr.label = "RTP";
    } else if (!f[3].empty()) {
      fr.label = f[3];
    } else if (!f[4].empty()) {
      if (f[4] == "100") continue;
      fr.label = f[4] + " " + f[5];
    } else {
      continue;
    }
    if (!fr.rtp) {
      fr.alert_info = f[6];
      fr.p_early_media = trim(f[8]);
      if (!f[16].empty()) fr.sdp_origin = f[16] + " " + f[17] + " " + f[18];
      fr.sdp_attributes = f[19];
      fr.route = f[20];
      fr.record_route = f[21];
      fr.via = f[22];
      fr.p_served_user = f[23];
      fr.pai = f[24];
      fr.privacy = f[25];
      fr.pcv = f[26];
      fr.pcfa = f[27];
      fr.call_id = f[28];
      if (f.size() > 30) {
        fr.to_tag = f[29];
        fr.from_tag = f[30];
      }
      if (!f[6].empty()) fr.label += " Alert-Info";
      if (!f[7].empty()) {
        std::set<std::string> opts;
        for (const auto& v : split(f[7], ',')) opts.insert(trim(v));
        std::string joined;
        for (const auto& v : opts) joined += (joined.empty() ? "" : ",") + v;
        fr.label += " Require:" + joined;
      }
      if (!f[8].empty()) fr.label += " P-Early-Media:" + trim(f[8]);
      if (f[9].find("early-session") != std::string::npos) fr.label += " early-session";
      if (!f[10].empty()) {
        for (const auto& p : split(f[10], ',')) {
          const auto n = std::atoi(p.c_str());
          fr.label += std::string(" SDP(") +
                      (n == rtp_a_.port()   ? "A"
                       : n == rtp_b_.port() ? "B"
                                            : "AS") +
                      ")";
        }
      }
    }
    for (auto& r : runs_)
      if (fr.time >= r.start && fr.time <= r.end) r.frames.push_back(fr);
  }
  // Keep the capture and its case windows for scripts/sip_ladder.py.
  if (const char* keep = std::getenv("CMR_SIP_LADDER_DIR"); keep != nullptr && *keep != '\0') {
    std::error_code ec;
    std::filesystem::create_directories(keep, ec);
    std::filesystem::copy_file(pcap_, std::string(keep) + "/" + o_.name + ".pcapng",
                               std::filesystem::copy_options::overwrite_existing, ec);
    std::ofstream side(std::string(keep) + "/" + o_.name + ".cases");
    side << "ports " << sip_port_ << " " << uac_port_ << " " << uas_port_ << " " << rtp_a_.port()
         << " " << rtp_b_.port();
    if (scscf_port_ != 0) side << " " << scscf_port_;
    side << "\n";
    side << "modes cmrbt=" << o_.cmrbt_mode << " cmrt=" << o_.cmrt_mode << "\n";
    for (const auto& r : runs_)
      side << "case " << r.name << " " << std::fixed << r.start << " " << r.end << "\n";
  }
  if (frame_count == 0) health += "tshark read no frames from " + pcap_ + "\n";
  return health;
}

}  // namespace cmr::test
