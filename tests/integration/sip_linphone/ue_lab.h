// An IMS-like lab around a real UE (linphonec, tests/common/linphone_ue.h)
// calling the real cmr-server (configs/sip-lab.cfg, the mode under test)
// through one Kamailio node that adds "P-Early-Media: supported" for it:
//   - a P-CSCF stand-in (configs/ims-pcscf.kamailio.cfg), linphone's outbound
//     proxy, in front of the AS whose next hop is the sipp UAS;
//   - or the S-CSCF stand-in (configs/ims-scscf.kamailio.cfg, which plays the
//     P-CSCF's part too): linphone calls the S-CSCF, whose terminating iFC
//     invokes the AS on ISC; the call comes back and goes on to the sipp UAS.
// The callee is a sipp UAS (tests/sipp/matrix/uas_*.xml). One capture on
// loopback per lab; cases run one after the other and are told apart by time.
//
// With CMR_UE_LAB_KEEP=DIR every lab's files are copied to DIR/<lab name>.
//
// Addresses (loopback, one per party so that the capture names them):
//   127.0.0.60 linphone (SIP, RTP)      127.0.0.61 P-CSCF or S-CSCF
//   127.0.0.62 cmr-server (SIP, RTP)    127.0.0.63 sipp UAS (SIP; its RTP port is a test socket)
//   127.0.0.64 capture markers
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tests/common/linphone_ue.h"
#include "tests/common/owned_process.h"
#include "tests/integration/server/server_process.h"

namespace cmr::test {

inline const std::string k_ue_ip = "127.0.0.60";
inline const std::string k_pcscf_ip = "127.0.0.61";
inline const std::string k_as_ip = "127.0.0.62";
inline const std::string k_callee_ip = "127.0.0.63";
inline const std::string k_marker_ip = "127.0.0.64";

// One UDP frame of the capture, as tshark decoded it.
struct ue_frame {
  double time = 0;
  std::string src, dst;   // "ip:port"
  std::string protocols;  // frame.protocols, e.g. "eth:ethertype:ip:udp:sip:sdp"
  std::string method, status, cseq_method, rseq, rack, require, supported, p_early_media;
  std::string sdp_connection, sdp_media_port, sdp_direction;
  bool rtp = false;
  int payload_type = -1;
  std::string ssrc;
  bool icmp = false;    // ICMP (port unreachable) about an earlier datagram
  std::string problem;  // malformed / expert >= warning, "" when clean
  [[nodiscard]] bool sip() const { return !method.empty() || !status.empty(); }
  [[nodiscard]] std::string text() const;  // "src>dst INVITE" / "... 180 INVITE" / "... RTP"
};

struct ue_case {
  std::string name;
  double start = 0, end = 0;  // epoch seconds
  int call_id = -1;
  bool reached_early_media = false, reached_connected = false;
  bool call_over = false;   // linphone reported the call ended (or, refused, "error")
  std::string final_state;  // the first of "connected", "error", "ended" linphone reported
  int uas_rc = -1;
  std::string uas_log;
  std::vector<ue_frame> frames;  // filled by ue_lab::analyse()
  std::string recording;         // linphone's received-audio WAV file
};

enum class ims_core { pcscf, scscf };

class ue_lab {
public:
  // `cmrbt_mode`: the sip node's "mode cmrbt ..." (gateway, forking).
  ue_lab(std::string name, std::string cmrbt_mode, ims_core core = ims_core::pcscf);
  ~ue_lab();
  ue_lab(const ue_lab&) = delete;
  ue_lab& operator=(const ue_lab&) = delete;

  const std::string& setup_error() const { return setup_error_; }
  // The A-law playout rendition the server made of the uploaded content.
  const std::string& rendition() const { return rendition_; }
  const std::string& ue_address() const { return ue_address_; }  // "ip:rtp-port" of linphone
  const std::string& as_sip() const { return as_sip_; }          // "ip:port" of the AS
  // The Kamailio node next to linphone (P-CSCF or S-CSCF), "ip:port".
  const std::string& pcscf_sip() const { return pcscf_sip_; }
  const std::string& ue_sip() const { return ue_sip_; }
  const std::string& callee_sip() const { return callee_sip_; }

  // linphone calls `owner` (at the AS through the P-CSCF, or at the
  // S-CSCF); the UAS scenario
  // rings, then answers or refuses; linphone hangs up `talk` after it is
  // connected.
  ue_case& run_caller(const std::string& name, const std::string& uas_scenario,
                      const std::string& owner, std::chrono::milliseconds talk);
  // Stops the capture and fills every case's frames; "" or why not.
  std::string analyse();
  // "show cmr sip" value, -1 when absent.
  long counter(const std::string& name);
  std::string dir() const { return server_.dir(); }

private:
  bool fail(const std::string& why);
  bool start_server();
  bool upload_content();
  bool start_pcscf();
  bool start_capture();
  bool mark(const std::string& what);

  std::string name_, mode_, setup_error_, rendition_, pcap_;
  ims_core core_;
  std::string ue_address_, as_sip_, pcscf_sip_, ue_sip_, callee_sip_;
  server_process server_;
  std::unique_ptr<vty_client> vty_;
  std::unique_ptr<owned_process> pcscf_, tshark_;
  std::unique_ptr<linphone_ue> ue_;
  std::uint16_t as_port_ = 0, pcscf_port_ = 0, callee_port_ = 0, callee_rtp_port_ = 0,
                marker_port_ = 0;
  int callee_rtp_fd_ = -1, marker_fd_ = -1;  // sockets standing for the callee's RTP, markers
  std::vector<std::unique_ptr<ue_case>> cases_;
};

}  // namespace cmr::test
