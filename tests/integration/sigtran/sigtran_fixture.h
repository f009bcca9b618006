// Test fixture pieces for the sigtran integration tests: generated .cfg
// files for sccp_peer and osmo-stp, a peer process wrapper speaking
// sccp_peer's line protocol, and a scratch directory per test.
//
// Every test uses its own loopback address (127.0.0.2xx) so that osmo-stp's
// fixed VTY port (4239 of its bind address) and the listeners never clash
// between tests running in parallel.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/integration/sigtran/child_process.h"

namespace cmr::test {

using namespace std::chrono_literals;

struct peer_config {
  std::string ip;                      // VTY and sockets
  std::string pc;                      // own point code
  std::vector<unsigned> ssns{146, 241};
  // server mode: "listen ipa PORT" plus accepted clients (name, pc)
  std::optional<unsigned short> listen_port;
  std::vector<std::pair<std::string, std::string>> ipa_clients;
  // client mode: an IPA ASP named asp_name towards remote_ip:remote_port
  std::string asp_name;
  std::string remote_ip;
  unsigned short remote_port = 0;
};
std::string peer_config_text(const peer_config& c);

struct stp_client {
  std::string name;  // the client's ASP name = IPA unit name
  std::string pc;
  std::string dpc;   // where its messages go ("point-code override dpc")
};
std::string stp_config_text(const std::string& ip, unsigned short port,
                            const std::vector<stp_client>& clients);

class scratch_dir {
public:
  scratch_dir();
  ~scratch_dir();
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
  const std::string& path() const { return path_; }
  std::string write(const std::string& name, const std::string& text) const;

private:
  std::string path_;
};

struct peer_counters {
  unsigned long sent = 0, dropped = 0, invalid = 0, received = 0, unhandled = 0;
};

// One sccp_peer process.
class peer {
public:
  peer(const scratch_dir& dir, const std::string& name, const peer_config& cfg, bool echo);
  child_process& proc() { return *proc_; }
  bool ready() const { return ready_; }
  std::string err() const { return read_file(err_file_); }
  // "sent 1" -> true.
  bool send(unsigned ssn, const std::string& dpc, unsigned dssn, const std::string& hex,
            const std::string& gt = "");
  // The next "rx ..." line, split into fields.
  std::optional<std::vector<std::string>> receive(std::chrono::milliseconds timeout = 3s);
  // Polls "links" until the row (ASP/AS NAME) reports `state`.
  bool wait_state(const std::string& kind, const std::string& name, const std::string& state,
                  std::chrono::milliseconds timeout);
  peer_counters counters(unsigned ssn);
  // The listener port reported at start (server mode).
  unsigned short listener_port() const { return listener_port_; }
  unsigned short vty_port() const;

private:
  std::unique_ptr<child_process> proc_;
  std::string err_file_;
  bool ready_ = false;
  unsigned short listener_port_ = 0;
};

// osmo-stp from a generated config; ready when its VTY answers.
class stp {
public:
  stp(const scratch_dir& dir, const std::string& ip, unsigned short port,
      const std::vector<stp_client>& clients);
  bool ready() const { return ready_; }
  // "show cs7 instance 0 as all" over its VTY.
  std::string show_as();

private:
  std::unique_ptr<child_process> proc_;
  std::string ip_;
  bool ready_ = false;
};

// Sends one VTY command to HOST:PORT and returns the output (empty on failure).
std::string vty_command(const std::string& host, unsigned short port, const std::string& command);

}  // namespace cmr::test
