// A SIP lab around the real cmr-server process (CMR_SERVER_BIN), loaded
// with configs/sip-lab.cfg made fit for a test (free ports, the mode under
// test): a sipp UAC as the caller, a sipp UAS as the next hop, two RTP
// sockets owned by the test standing for the caller's and the callee's media
// ports, and one tshark capture on loopback for all the cases of a lab.
// Cases run one after the other (the next hop is one port); the capture is
// split into cases by time.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "tests/integration/server/server_process.h"
#include "tests/integration/sip_server/lab_tools.h"

namespace cmr::test {

// One SIP or RTP frame of the capture, as the test and docs/sip.md name it:
// "A>AS INVITE P-Early-Media:supported SDP(A)", "AS>A RTP".
struct frame {
  double time = 0;
  std::string from, to;  // A, AS, B
  std::string label;     // "INVITE ...", "180 INVITE ...", "RTP"
  bool rtp = false;
  std::string alert_info;
  std::string p_early_media;   // as captured, "" when absent
  std::string sdp_origin;      // "username session-id version" of the session SDP, "" when none
  std::string sdp_attributes;  // the SDP's media-level a= values, comma-separated
  // ISC (IMS lab): the headers the S-CSCF and the AS exchange, as captured
  // (several values comma-separated), and the frame's Call-ID.
  std::string route, record_route, via, p_served_user, pai, privacy, pcv, pcfa, call_id;
  std::string to_tag, from_tag;  // SIP To and From tags (forked dialogs tell apart by them)
  [[nodiscard]] std::string text() const { return from + ">" + to + " " + label; }
};

struct case_run {
  std::string name;
  double start = 0, end = 0;  // epoch seconds
  int uac_rc = -1, uas_rc = -1;
  std::string uac_errors, uas_errors;
  std::vector<std::string> rtp_a, rtp_b;  // datagrams at the caller's / callee's RTP port
  std::vector<frame> frames;              // filled by lab::analyse()
};

// The IMS lab: a Kamailio S-CSCF stand-in (configs/ims-scscf.kamailio.cfg)
// between the parties and the AS; the callers call it, it invokes the AS on
// ISC and routes the call on to the callee. Frames from or to it are "S".
struct scscf_options {
  bool enabled = false;
  bool orig_as = false;  // the caller's originating iFC invokes the AS
  bool term_as = true;   // the callee's terminating iFC invokes the AS
  bool as_down = false;  // the iFC names a port nobody listens on
};

struct lab_options {
  std::string name;        // file names, e.g. "gateway-cmrbt"
  std::string cmrbt_mode;  // the sip node's "mode cmrbt ..."
  std::string cmrt_mode;
  scscf_options scscf{};
  // Appended to the lab's configuration (e.g. a presentation-control node).
  std::string extra_config{};
  // The server's RTP ports from this one on (200 ports), captured as
  // destination (the caller's keys toward the server's streams); 0: any
  // free port, not captured.
  std::uint16_t rtp_base = 0;
};

class sip_lab {
public:
  explicit sip_lab(lab_options o);
  ~sip_lab();

  // Empty when the lab came up (server, content, capture); else why not.
  const std::string& setup_error() const { return setup_error_; }
  // The uploaded WAV and the A-law playout rendition the server made of it.
  const std::string& uploaded() const { return wav_; }
  const std::string& rendition() const { return rendition_; }

  // Runs one call: UAS scenario as next hop, UAC scenario calling `owner`.
  case_run& run(const std::string& name, const std::string& uac, const std::string& uas,
                const std::string& owner);
  // Stops the capture and splits it into the cases' frames. Returns the
  // output of the health check (malformed or expert >= warning), "" when clean.
  std::string analyse();

  // "show cmr sip" value, -1 when absent.
  long counter(const std::string& name);
  // HTTP GET of path?query on the management port: status and body.
  std::pair<int, std::string> http_get(const std::string& path_and_query);
  // A management operation as JSON (POST /cmr/1/<op>, curl, the demo portal
  // token): HTTP status and body.
  std::pair<int, std::string> post_json(const std::string& op, const std::string& json);
  // The playout rendition of `resource` after uploading `samples` of A-law.
  std::string upload(const std::string& resource, int samples, int seed, std::string& error);
  const std::string& dir() const { return dir_; }
  server_process& server() { return server_; }
  // The AS's charging records (IMS lab: sip / charging-records), one JSON
  // object per line.
  std::string charging_records() const;
  const std::string& capture_file() const { return pcap_; }
  std::uint16_t as_port() const { return sip_port_; }
  // The caller sipp's media port (-mp): what it plays from a pcap comes from there.
  std::uint16_t uac_media_port() const { return uac_media_port_; }

private:
  bool fail(const std::string& why);  // records the first setup error; false
  bool start_server();
  bool upload_content();
  bool start_capture();
  bool start_scscf();
  bool mark_capture(const std::string& what);

  lab_options o_;
  server_process server_;
  std::string dir_, pcap_, wav_, rendition_, setup_error_;
  std::uint16_t sip_port_ = 0, mgmt_port_ = 0, uac_port_ = 0, uas_port_ = 0, scscf_port_ = 0,
                uac_media_port_ = 0;
  udp_sink rtp_a_, rtp_b_;
  std::unique_ptr<child_process> tshark_, kamailio_;
  std::unique_ptr<vty_client> vty_;
  std::deque<case_run> runs_;  // references stay valid
};

}  // namespace cmr::test
