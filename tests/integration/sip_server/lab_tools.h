// Small process and socket tools of the SIP lab (sip_lab.h): children with
// their output in a file, a UDP sink standing for a party's RTP port, free
// ports on loopback, shell commands' output.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "tests/common/free_port.h"  // free_port() for the sipp and server ports

namespace cmr::test {

// A child process with its output (stdout and stderr) in a file.
class child_process {
public:
  child_process(const std::vector<std::string>& args, const std::string& log);
  ~child_process();  // SIGKILL when still running
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;
  // The exit code, -1 when killed or past `limit` (then killed).
  int wait(std::chrono::milliseconds limit);
  void signal(int signo) const;

private:
  pid_t pid_ = -1;
};

// A UDP socket on 127.0.0.1 that collects what arrives (a party's RTP port).
class udp_sink {
public:
  udp_sink();
  ~udp_sink();
  udp_sink(const udp_sink&) = delete;
  udp_sink& operator=(const udp_sink&) = delete;
  std::uint16_t port() const { return port_; }
  // Everything queued so far, one datagram per entry.
  std::vector<std::string> drain();

private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

// True once some process has bound UDP `port` on 127.0.0.1.
bool udp_port_taken(std::uint16_t port);
// Runs a shell command, returns its standard output.
std::string run_output(const std::string& cmd);
// Reads a whole file ("" when missing).
std::string slurp_file(const std::string& path);
std::vector<std::string> split(const std::string& s, char sep);
// Replaces the first `from` in `s` by `to`; false when there is none.
bool replace_once(std::string& s, const std::string& from, const std::string& to);
// Seconds since the epoch (capture timestamps are compared with it).
double now_epoch();
// `samples` of 8 kHz A-law in a WAV file (format tag 6): a content upload
// whose playout rendition is the same samples.
// `seed` != 0 gives other samples (several resources told apart in the RTP).
std::string alaw_wav(int samples, int seed = 0);
// PUTs `wav_file` as the content of `resource` over the management API of
// the server on 127.0.0.1:`mgmt_port` (as a content provider would) and
// returns the A-law playout rendition the server made of it under
// `server_dir`/content/`resource`; "" with `error` set when there is none.
std::string upload_alaw_content(const std::string& server_dir, unsigned short mgmt_port,
                                const std::string& wav_file, const std::string& resource,
                                std::string& error);
std::string trim(std::string s);

}  // namespace cmr::test
