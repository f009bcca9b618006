// cmr-server as a systemd service (sd_notify(3), Type=notify): what the
// service manager learns from the process, and when.
//
//   READY=1      once start() succeeded (every listener is up, the store is
//                open) and the io threads run
//   STATUS=...   a one-line summary with READY=1, then every few seconds
//   WATCHDOG=1   every half WATCHDOG_USEC, only while the osmo thread (an
//                osmo timer) and the Asio side (a steady_timer) both checked
//                in within that half period (apps/cmr-server/liveness.h)
//   RELOADING=1  on SIGHUP (with MONOTONIC_USEC), then the log files are
//                reopened on the osmo thread, then READY=1 again
//   STOPPING=1   when SIGTERM or SIGINT asks the server to stop
//
// Without NOTIFY_SOCKET in the environment nothing is sent, no timer and no
// thread is started: a run by hand or from a test is unchanged. SIGHUP
// reopens the log files either way.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "apps/cmr-server/liveness.h"
#include "sigtran/bridge.h"
#include "sigtran/osmo_timer.h"

namespace cmr::app {

// What the STATUS= line names besides the counters.
struct service_facts {
  std::string vty;   // "127.0.0.1:4260"
  std::string mgmt;  // "127.0.0.1:8080"; empty when the management interface does not run
  // SIGTRAN ASPs: {active, configured}; empty function without SIGTRAN.
  std::function<std::pair<unsigned, unsigned>()> asps;
};

// "VTY 127.0.0.1:4260, mgmt 127.0.0.1:8080, SCP: 0 calls, SIP: 0 calls,
// IP: 0 calls, ASPs 1/1 active": the live-call gauges of the services that
// run (their counter groups exist), read from the counter registry.
std::string service_status_line(const service_facts& facts);

class service_notify {
public:
  service_notify(boost::asio::io_context& io, sigtran::bridge& bridge);
  ~service_notify();
  service_notify(const service_notify&) = delete;
  service_notify& operator=(const service_notify&) = delete;

  // Whether NOTIFY_SOCKET was set when the process started.
  [[nodiscard]] bool enabled() const { return enabled_; }
  // Filled by the server during start().
  service_facts& facts() { return facts_; }

  // After start() succeeded, before the io threads run: arms SIGHUP, and
  // with NOTIFY_SOCKET the watchdog's two sides and the notifier thread.
  void start();
  // Any thread: READY=1 with the first STATUS=, sent from an io thread (so
  // only once they run).
  void ready();
  // STOPPING=1 (the signal handler, before the io_context stops).
  void stopping();
  // Before SIGTRAN and the bridge stop: the notifier joins, the osmo timer is
  // destroyed on the osmo thread. Idempotent.
  void stop();

private:
  void arm_reload();
  void arm_asio_check_in();
  void notifier_loop();
  void send(const std::string& state) const;

  boost::asio::io_context& io_;
  sigtran::bridge& bridge_;
  bool enabled_;
  service_facts facts_;
  boost::asio::signal_set hup_;  // before start(): a SIGHUP during start-up is not fatal
  // Watchdog: zero when WATCHDOG_USEC does not ask for keep-alives.
  std::chrono::microseconds keepalive_{0};
  std::unique_ptr<liveness> live_;
  std::size_t osmo_side_ = 0;
  std::size_t asio_side_ = 0;
  std::unique_ptr<sigtran::osmo_timer> osmo_timer_;  // osmo thread only
  boost::asio::steady_timer asio_timer_;
  std::thread notifier_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_requested_ = false;
};

}  // namespace cmr::app
