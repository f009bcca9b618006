// Test helper: runs the real cmr-server binary (CMR_SERVER_BIN) in its own
// temporary directory, with stdout and stderr captured to files there.
// Waits are polls against a steady-clock deadline: the deadline is the
// requirement being tested, never a sleep that hopes something happened.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace cmr::test {

// The demo configuration (configs/cmr-server.cfg) made fit for tests: VTY on a
// free port (bind ... 0), management HTTP and CTRL on free ports, no colours
// in the log.
std::string demo_config();
// The same with given ports for the management HTTP, the intelligent
// peripheral's SIP and the stand-alone IPA listener (0: a free one, logged),
// for tests whose peers (cmr-ssf) must be configured with them.
std::string demo_config(unsigned http_port, unsigned ip_port, unsigned ipa_port);

// Tools the server integration tests share.
// The whole file; empty when it cannot be read.
std::string slurp(const std::string& path);
// Runs `cmd` with /bin/sh: its exit status (-1 when it did not exit), and
// its stdout in *out when given.
int run_shell(const std::string& cmd, std::string* out = nullptr);
// 0.4 s of a 440 Hz tone as an 8 kHz 16-bit mono PCM WAV file.
std::string tone_wav();

class server_process {
public:
  server_process();
  ~server_process();  // SIGKILLs a still-running server, removes the directory
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;

  const std::string& dir() const { return dir_; }
  pid_t pid() const { return pid_; }  // -1 when not running
  // Writes `text` to dir()/name and returns the path.
  std::string write_file(const std::string& name, const std::string& text) const;

  void start(const std::vector<std::string>& args);
  // Waits for exit; the exit status as from waitpid, nothing on timeout.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  bool running();
  void send_signal(int signo) const;

  std::string out() const;  // stdout so far
  std::string err() const;  // stderr so far
  // Waits until stderr contains `needle`; returns false on timeout or exit.
  bool wait_for_err(const std::string& needle, std::chrono::milliseconds timeout);
  // The VTY telnet port from the start-up log line, 0 when not (yet) there.
  unsigned short vty_port() const;
  // Likewise the SIP application server's UDP/TCP port and the management
  // HTTP port.
  unsigned short sip_port() const;
  unsigned short mgmt_port() const;
  // The CTRL interface's port (sigtran/ctrl_interface.h).
  unsigned short ctrl_port() const;

private:
  // The first group of `re` in stderr as a port, 0 when not there.
  unsigned short port_from_log(const std::regex& re) const;

  std::string dir_;
  pid_t pid_ = -1;
};

// Minimal VTY telnet client: connects, reads the banner up to the prompt.
class vty_client {
public:
  explicit vty_client(unsigned short port);
  ~vty_client();
  vty_client(const vty_client&) = delete;
  vty_client& operator=(const vty_client&) = delete;

  bool connected() const { return fd_ >= 0; }
  const std::string& banner() const { return banner_; }
  // Sends one command line and returns the output up to the next prompt.
  std::string command(const std::string& line);

private:
  std::string read_until_prompt(std::chrono::milliseconds timeout);
  int fd_ = -1;
  std::string banner_;
};

}  // namespace cmr::test
