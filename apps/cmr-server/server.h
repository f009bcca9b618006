// The cmr-server composition root: the osmo thread (all libosmo work, VTY,
// config), the Boost.Asio io_context with its threads, the store, and the
// signals that end the process. Layers are wired here and nowhere else.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "apps/cmr-server/server_config.h"
#include "apps/cmr-server/server_copy.h"
#include "apps/cmr-server/server_nodes.h"
#include "common/clock.h"
#include "common/result.h"
#include "media/content_service.h"
#include "media/download_service.h"
#include "media/signed_url.h"
#include "mgmt/dispatcher.h"
#include "mgmt/http_server.h"
#include "sigtran/bridge.h"
#include "sigtran/ss7_stack.h"
#include "sip/as/application_server.h"
#include "sip/as/callback_content_source.h"
#include "store/decision_engine.h"
#include "store/rotation.h"
#include "store/store.h"

namespace cmr::app {

// What the SCP service logic (apps/cmr-server/server_scp.cpp) and the
// intelligent peripheral (server_ip.cpp) keep while the server runs.
struct scp_runtime;
struct ip_runtime;
// The presence watcher with its watch list and write path (server_presence.cpp).
struct presence_runtime;
struct presence_runtime_deleter {
  void operator()(presence_runtime* p) const;
};

struct server_options {
  std::string config_file = "cmr-server.cfg";
};

class server {
public:
  explicit server(server_options options);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  // Start-up: libosmo runtime and config on the osmo thread, then the store.
  // The error names what failed (config errors name file and line).
  result<void, std::string> start();

  // "--vty-ref-xml": the XML reference of every VTY node and command this
  // program installs, written to `out` (nothing else starts). Exit code.
  int dump_vty_reference(std::FILE* out);

  // Runs the io threads until SIGTERM or SIGINT, then shuts down in order.
  // Returns the process exit code.
  int run();

  // For the SCP, IP and AS wiring (issue 14): the on-line copy over the
  // management write path, and the "presentation-control" node's settings
  // (valid after start()). The port outlives every call.
  ringback::copy_port& copy_port() { return copies_; }
  [[nodiscard]] const ringback::presentation_settings& presentation() const { return config_.presentation; }

private:
  void shutdown();
  result<void, std::string> start_mgmt();
  result<void, std::string> start_sigtran();
  result<void, std::string> start_decisions();
  result<void, std::string> start_sip();
  result<void, std::string> start_scp();  // server_scp.cpp
  result<void, std::string> start_win(scp_runtime& rt);  // server_scp.cpp
  result<void, std::string> start_ip();   // server_ip.cpp
  result<void, std::string> start_presence();  // server_presence.cpp

  server_options options_;
  boost::asio::io_context io_;
  // Created before anything starts so a signal during start-up is not fatal.
  boost::asio::signal_set signals_;
  sigtran::bridge bridge_;
  // A copy of the running configuration (server_nodes.h), taken at start.
  server_config config_;
  status_slots& status_;                     // what the "show cmr ..." commands read
  std::unique_ptr<sigtran::ss7_stack> ss7_;  // SIGTRAN; stopped before bridge_
  std::unique_ptr<store::store> store_;  // opened in start(), closed after the io threads
  system_clock clock_;
  store::rotation_state rotation_;
  std::unique_ptr<store::decision_engine> decisions_;  // uses store_'s caches
  std::unique_ptr<media::url_signer> url_signer_;
  std::unique_ptr<media::content_service> content_;     // uses store_
  std::unique_ptr<media::download_service> downloads_;  // uses store_, url_signer_
  // The on-line copy: attached to mgmt_ while it exists; counts for the
  // process lifetime.
  server_copy copies_;
  std::unique_ptr<mgmt::dispatcher> mgmt_;       // uses store_
  std::unique_ptr<mgmt::http_server> mgmt_http_;  // uses mgmt_, runs on io_
  // SIP application server: its own thread and store reader connection.
  std::unique_ptr<store::store> sip_store_;
  std::unique_ptr<sip::as::callback_content_source> sip_content_;  // uses sip_store_, url_signer_
  std::unique_ptr<cdr::charging_writer> sip_records_;  // outlives sip_
  std::unique_ptr<sip::as::application_server> sip_;
  // CS delivery: TCAP layers and service logic on the SCCP users of ss7_,
  // and the intelligent peripheral. Destroyed after the io threads and the
  // osmo thread stopped, before the decision engine and the store.
  std::unique_ptr<scp_runtime> scp_;
  std::unique_ptr<ip_runtime> ip_;
  // Uses mgmt_ (its write path) and its own store reader: stopped before both.
  std::unique_ptr<presence_runtime, presence_runtime_deleter> presence_;
  std::vector<std::thread> io_threads_;
};

}  // namespace cmr::app
