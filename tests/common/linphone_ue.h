// A real IMS UE for integration tests: linphonec (Debian linphone-cli 5.1.65)
// run headless on one loopback address, driven through its stdin, its call
// states read from its stdout. docs/ims-lab-linphone.md explains the
// generated rc file (fixed SIP and RTP ports, IPv4 only, no STUN/ICE/upnp,
// PCMA/PCMU, 100rel, an outbound proxy) and the sound set-up without
// hardware (`soundcard use files`: received audio goes to a WAV file).
//
// The process lives in its own process group and dies with the test
// (tests/common/owned_process.h); stop() or the destructor quits it, then
// kills what is left.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "tests/common/owned_process.h"

namespace cmr::test {

struct linphone_options {
  std::string dir;  // where the rc file, HOME, logs and recordings go (must exist)
  std::string address = "127.0.0.60";
  unsigned short sip_port = 0;        // UDP only; 0: a free port on `address`
  unsigned short rtp_port = 0;        // audio RTP (RTCP + 1); 0: a free pair on `address`
  std::string user = "491700000002";  // identity sip:user@address (From of its calls)
  // "host:port" of the outbound proxy (P-CSCF) every call goes through as a
  // preloaded Route; "" calls the Request-URI directly.
  std::string outbound_proxy;
  int log_level = 6;  // linphonec -d (0..6), into dir/linphonec.log
  // Where received audio is recorded (`record`), "" for dir/received.wav.
  std::string record_file;
};

// A call state line linphonec prints, with when the harness read it.
struct linphone_event {
  std::chrono::steady_clock::time_point seen;
  std::string line;  // e.g. "Call 1 with sip:... early media."
};

class linphone_ue {
public:
  explicit linphone_ue(linphone_options o);
  ~linphone_ue();
  linphone_ue(const linphone_ue&) = delete;
  linphone_ue& operator=(const linphone_ue&) = delete;

  // Empty when linphonec runs with its SIP port bound and file sound set up;
  // else why not (its output attached).
  const std::string& start_error() const { return start_error_; }
  const linphone_options& options() const { return o_; }
  std::string sip_uri() const;  // sip:user@address:port

  // Sends one command line (e.g. "calls"); false when linphonec is gone.
  bool command(const std::string& line);
  // "call URI": the call's id from "assigned id N", -1 after `timeout`.
  int call(const std::string& uri, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  bool answer() { return command("answer"); }
  bool terminate() { return command("terminate"); }

  // Waits until linphonec's output (from `from` on) has a line containing
  // `needle`; the offset just past that line, std::string::npos on timeout.
  std::size_t wait_for(const std::string& needle, std::chrono::milliseconds timeout,
                       std::size_t from = 0);
  // Call `id` reached the state linphonec names "in progress", "ringing",
  // "early media", "connected", "ended", "error" (printed after "Call N ...").
  bool wait_call_state(int id, const std::string& state, std::chrono::milliseconds timeout);
  // The call state lines seen so far, in order.
  std::vector<linphone_event> events();

  // Quits linphonec (terminates its calls first); its exit status, -1 when it
  // had to be killed.
  int stop();

  std::string output() const;    // linphonec's stdout and stderr so far
  std::string log_path() const;  // linphonec -l file
  const std::string& record_path() const { return o_.record_file; }

private:
  bool fail(const std::string& why);
  std::string write_rc() const;

  linphone_options o_;
  std::string start_error_;
  std::unique_ptr<owned_process> proc_;
  std::vector<linphone_event> events_;
  std::size_t scanned_ = 0;  // output bytes already split into events_
};

}  // namespace cmr::test
