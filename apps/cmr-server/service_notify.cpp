#include "apps/cmr-server/service_notify.h"

#include <systemd/sd-daemon.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string_view>

#include "common/counters.h"
#include "common/log.h"
#include "sigtran/osmo_log.h"

namespace cmr::app {
namespace {

// How often STATUS= is refreshed: the counters are cheap to read, and
// "systemctl status" is looked at by people, not polled by machines.
constexpr std::chrono::seconds status_period{5};

// The gauge `gauge` of the group with prefix `prefix`, summed over its
// instances; nullopt-like -1 when no such group runs.
std::int64_t gauge_sum(std::string_view prefix, std::string_view gauge) {
  std::int64_t sum = -1;
  for_each_counter_group([&](const counter_group& g) {
    if (prefix != g.desc().prefix) return;
    for (std::size_t i = 0; i < g.desc().gauges.size(); ++i) {
      if (gauge != g.desc().gauges[i].name) continue;
      sum = (sum < 0 ? 0 : sum) + g.gauge(i);
    }
  });
  return sum;
}

std::uint64_t monotonic_usec() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000U +
         static_cast<std::uint64_t>(ts.tv_nsec) / 1000U;
}

}  // namespace

std::string service_status_line(const service_facts& facts) {
  std::string line = "VTY " + facts.vty;
  if (!facts.mgmt.empty()) line += ", mgmt " + facts.mgmt;
  struct service {
    const char* label;
    const char* prefix;
    const char* gauge;
  };
  static constexpr service services[] = {
      {"SCP", "scp", "live-calls"}, {"SIP", "sip-as", "calls-active"}, {"IP", "ip", "calls-active"}};
  for (const auto& s : services) {
    const auto calls = gauge_sum(s.prefix, s.gauge);
    if (calls >= 0) line += std::string(", ") + s.label + ": " + std::to_string(calls) + " calls";
  }
  if (facts.asps) {
    const auto [active, all] = facts.asps();
    if (all > 0)
      line += ", ASPs " + std::to_string(active) + "/" + std::to_string(all) + " active";
  }
  return line;
}

service_notify::service_notify(boost::asio::io_context& io, sigtran::bridge& bridge)
    : io_(io),
      bridge_(bridge),
      enabled_(std::getenv("NOTIFY_SOCKET") != nullptr),
      hup_(io, SIGHUP),
      asio_timer_(io) {}

service_notify::~service_notify() { stop(); }

void service_notify::start() {
  arm_reload();
  if (!enabled_) return;
  std::uint64_t usec = 0;
  // > 0: WATCHDOG_USEC is set (and WATCHDOG_PID, if set, is this process).
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    keepalive_ = std::chrono::microseconds(static_cast<std::int64_t>(usec / 2));
    // Fresh means: checked in within one keep-alive interval; each side
    // checks in twice per interval, so one late timer is not yet a wedge.
    live_ = std::make_unique<liveness>(
        std::chrono::duration_cast<std::chrono::milliseconds>(keepalive_));
    osmo_side_ = live_->add_side("osmo thread");
    asio_side_ = live_->add_side("io threads");
    const auto half = keepalive_ / 2;
    bridge_.call_on_osmo([this, half] {
      osmo_timer_ = std::make_unique<sigtran::osmo_timer>([this, half] {
        live_->check_in(osmo_side_);
        osmo_timer_->schedule(half);
      });
      osmo_timer_->schedule(half);
    });
    arm_asio_check_in();
    CMR_LOG(main, notice, "systemd watchdog: keep-alive every %lld ms while the osmo and io threads answer",
            static_cast<long long>(keepalive_.count() / 1000));
  }
  notifier_ = std::thread([this] { notifier_loop(); });
}

void service_notify::ready() {
  if (!enabled_) return;
  boost::asio::post(io_, [this] { send("READY=1\nSTATUS=" + service_status_line(facts_)); });
}

void service_notify::stopping() {
  if (enabled_) send("STOPPING=1\nSTATUS=stopping");
}

void service_notify::stop() {
  {
    const std::lock_guard lock(mu_);
    stop_requested_ = true;
  }
  cv_.notify_all();
  if (notifier_.joinable()) notifier_.join();
  asio_timer_.cancel();
  boost::system::error_code ignored;
  hup_.cancel(ignored);
  if (osmo_timer_ && bridge_.running()) bridge_.call_on_osmo([this] { osmo_timer_.reset(); });
}

// SIGHUP (systemctl reload): reopen the log files. Nothing else is re-read:
// the configuration changes at run time on the VTY (docs/operations.md).
void service_notify::arm_reload() {
  hup_.async_wait([this](const boost::system::error_code& ec, int) {
    if (ec) return;
    if (enabled_)
      send("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(monotonic_usec()) +
           "\nSTATUS=reopening log files");
    const bool queued = bridge_.run_on_osmo([this] {
      const bool reopened = sigtran::reopen_log_targets();
      if (reopened)
        CMR_LOG(main, notice, "SIGHUP: log files reopened");
      else
        CMR_LOG(main, error, "SIGHUP: a log file could not be reopened");
      if (enabled_) send("READY=1\nSTATUS=" + service_status_line(facts_));
    });
    if (!queued && enabled_) send("READY=1");
    arm_reload();
  });
}

void service_notify::arm_asio_check_in() {
  live_->check_in(asio_side_);
  asio_timer_.expires_after(keepalive_ / 2);
  asio_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) arm_asio_check_in();
  });
}

// Its own thread, so that neither side it watches can hold it up: a wedged
// side stops the keep-alives, not the thread that would send them.
void service_notify::notifier_loop() {
  using clock = std::chrono::steady_clock;
  auto next_status = clock::now() + status_period;
  auto next_keepalive = clock::now() + keepalive_;
  bool wedged = false;
  std::unique_lock lock(mu_);
  for (;;) {
    const auto wake = live_ ? std::min(next_status, next_keepalive) : next_status;
    if (cv_.wait_until(lock, wake, [this] { return stop_requested_; })) return;
    const auto now = clock::now();
    if (live_ && now >= next_keepalive) {
      next_keepalive = now + keepalive_;
      if (live_->all_fresh()) {
        send("WATCHDOG=1");
        if (wedged) CMR_LOG(main, notice, "systemd watchdog: every thread answers again");
        wedged = false;
      } else if (!wedged) {
        wedged = true;
        CMR_LOG(main, error, "systemd watchdog: %s not answering, keep-alives stopped",
                live_->stale_sides().c_str());
      }
    }
    if (now >= next_status) {
      next_status = now + status_period;
      send("STATUS=" + service_status_line(facts_));
    }
  }
}

void service_notify::send(const std::string& state) const {
  // A lost datagram is not worth more than a debug line: systemd may be
  // restarting, and the next round sends again.
  if (const int r = sd_notify(0, state.c_str()); r < 0)
    CMR_LOG(main, debug, "sd_notify: %s", std::strerror(-r));
}

}  // namespace cmr::app
