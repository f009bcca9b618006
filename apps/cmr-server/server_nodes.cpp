#include "apps/cmr-server/server_nodes.h"

#include "apps/cmr-server/presentation_node.h"
#include "common/histogram.h"
#include "common/result.h"
#include "sigtran/ctrl_interface.h"
#include "in/ip/ip_config_node.h"
#include "in/scp/scp_config_node.h"
#include "mgmt/mgmt_config_node.h"
#include "sip/as/sip_config_node.h"
#include "sip/presence/presence_config_node.h"

namespace cmr::app {
namespace {

// The "cmr" node: the store's settings around the daemon's io-threads.
config::node cmr_config_node(server_config& c) {
  config::node n{"cmr", "Configure the CMR server: store and threads\n", "cmr"};
  n.commands = store::database_commands(c.store);
  n.commands.push_back(config::assign(
      "io-threads <1-64>",
      "Threads running the Boost.Asio io_context (takes effect at start)\nNumber of threads\n",
      c.io_threads));
  for (auto& cmd : store::catalogue_commands(c.store)) n.commands.push_back(std::move(cmd));
  n.write = [&c](config::writer& w) {
    w.line("cmr");
    store::write_database_lines(w, c.store);
    w.line(" io-threads ", c.io_threads);
    store::write_catalogue_lines(w, c.store);
    w.line("!");
  };
  return n;
}

}  // namespace

server_config& running_config() {
  static server_config running;
  return running;
}

status_slots& status() {
  static status_slots slots;
  return slots;
}

std::vector<config::node> server_nodes(server_config& c) {
  std::vector<config::node> nodes;
  // Where libosmoctrl programs write it: before the daemon's own nodes.
  nodes.push_back(sigtran::ctrl_config_node(c.ctrl));
  nodes.push_back(cmr_config_node(c));
  nodes.push_back(mgmt::mgmt_config_node(c.mgmt));
  nodes.push_back(sigtran::sigtran_config_node(c.sigtran));
  nodes.push_back(sip::as::sip_config_node(c.sip));
  nodes.push_back(in::scp::scp_config_node(c.scp));
  nodes.push_back(in::ip::ip_config_node(c.ip));
  nodes.push_back(sip::presence::presence_config_node(c.presence));
  nodes.push_back(presentation_config_node(c.presentation));
  // Which nodes the file has decides what runs (server_config::ip_alone).
  for (auto& n : nodes) {
    n.on_enter = [&c, name = n.name, then = std::move(n.on_enter)] {
      c.entered.insert(name);
      if (then) then();
    };
  }
  return nodes;
}

std::vector<config::show_command> server_show_commands(status_slots& s) {
  return {sigtran::sigtran_show_command(s.sigtran), sip::as::sip_show_command(s.sip),
          in::scp::scp_show_command(s.scp), in::ip::ip_show_command(s.ip),
          store::decision_show_command(s.decision), sip::presence::presence_show_command(s.presence),
          config::show_status("show cmr ringback",
                              config::show_doc("CMR server\nPresentation control and on-line copy counters\n"),
                              s.ringback, "on-line copy not running (no store writer)"),
          // Every latency histogram of the running services (common/histogram.h):
          // the same buckets GET /metrics exports.
          config::show_command{
              "show cmr latency",
              config::show_doc("CMR server\nLatency histograms: count, sum, approximate p50/p90/p99\n"),
              [](config::args) -> result<std::string, std::string> { return histograms_text(); }}};
}

namespace {

// A setting read once at start: GET answers the value the server runs with.
void restart_only(std::string name, std::string value, const char* where) {
  sigtran::ctrl_variable v;
  v.name = std::move(name);
  v.get = [value = std::move(value)]() -> result<std::string, std::string> { return value; };
  v.refusal = std::string("needs a restart: set ") + where + " in the configuration file";
  sigtran::add_ctrl_variable(std::move(v));
}

}  // namespace

void add_ctrl_settings(const server_config& c) {
  restart_only("cmr.io-threads", std::to_string(c.io_threads), "cmr / io-threads");
  if (c.ip_alone()) return;  // no SCP service logic
  restart_only("cmr.scp.no-answer-timer", std::to_string(c.scp.no_answer_timer_s),
               "scp / no-answer-timer");
  restart_only("cmr.scp.assist-timeout", std::to_string(c.scp.assist_timeout_s),
               "scp / assist-timeout");
  restart_only("cmr.scp.inactivity-timer", std::to_string(c.scp.inactivity_timer_s),
               "scp / inactivity-timer");
  restart_only("cmr.scp.activity-test-interval", std::to_string(c.scp.activity_test_interval_s),
               "scp / activity-test-interval");
}

}  // namespace cmr::app
