// The generic VTY-node machinery (sigtran/vty_node.h) with a node described
// here, as a layer describes its own (common/config_node.h): the real
// libosmovty reads a file into the typed config, refuses a value with the
// file's name and line, writes the node back in "show running-config" (read
// over the telnet VTY), and that text reads back into the same config.
#include "common/config_node.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "common/counters.h"
#include "common/status_slot.h"
#include "sigtran/bridge.h"
#include "sigtran/counter_mirror.h"
#include "sigtran/osmo_runtime.h"
#include "tests/common/temp_dir.h"
#include "tests/integration/server/server_process.h"

namespace cmr::sigtran {
namespace {

enum class colour { red, green, blue };
constexpr config::keyword<colour> colours[] = {
    {"red", colour::red}, {"green", colour::green}, {"blue", colour::blue}};

// The typed config of the node under test.
struct probe_config {
  std::uint32_t timeout = 10;
  std::string name = "none";
  colour shade = colour::red;
  bool enabled = false;
  std::vector<std::string> items;
  int entered = 0;
  bool operator==(const probe_config&) const = default;
};

config::node probe_node(probe_config& c) {
  config::node n{"probe", "Configure the probe\n", "probe"};
  n.commands = {
      config::assign("timeout <1-100>", "Probe timeout\nSeconds\n", c.timeout),
      {"name WORD", "Probe name\nThe name\n",
       [&c](config::args a) -> config::outcome {
         if (a[0] == "bad") return config::refuse("name " + std::string(a[0]) + " refused");
         c.name = a[0];
         return ok;
       }},
      {"colour (red|green|blue)", "Probe colour\nRed\nGreen\nBlue\n",
       [&c](config::args a) -> config::outcome {
         const auto shade = config::parse_keyword(colours, a[0]);
         if (!shade) return config::refuse("colour " + std::string(a[0]) + " unknown");
         c.shade = *shade;
         return ok;
       }},
      {"item WORD", "Add an item (once)\nThe item\n",
       [&c](config::args a) -> config::outcome {
         if (std::find(c.items.begin(), c.items.end(), a[0]) == c.items.end())
           c.items.emplace_back(a[0]);
         return ok;
       }},
      config::assign_value("enable", "Enable the probe\n", c.enabled, true),
      config::assign_value("no enable", config::no_doc("Enable the probe\n"), c.enabled, false),
  };
  n.write = [&c](config::writer& w) {
    w.line("probe");
    w.line(" timeout ", c.timeout);
    w.line(" name ", c.name);
    w.line(" colour ", config::keyword_of(colours, c.shade));
    for (const auto& i : c.items) w.line(" item ", i);
    w.line(c.enabled ? " enable" : " no enable");
    w.line("!");
  };
  n.on_enter = [&c] { ++c.entered; };
  return n;
}

// One osmo runtime per process (libosmovty is process-global): started on
// first use with the probe node, a status show command and one with
// arguments, from a file that sets every probe command.
class osmo_env {
public:
  osmo_env() : guard_(boost::asio::make_work_guard(io_)), bridge_(io_) {
    io_thread_ = std::thread([this] { io_.run(); });
    bridge_.start();
    const std::string cfg = dir_.file("probe.cfg");
    std::ofstream(cfg) << "line vty\n no login\n bind 127.0.0.1 0\n"
                          "probe\n timeout 42\n name first\n colour green\n item a\n item b\n"
                          " enable\n";
    osmo_runtime_options o;
    o.app = {"cmr-server", "test", "config node test\r\n"};
    o.config_file = cfg;
    o.default_vty_port = 0;
    o.nodes = {probe_node(running_)};
    o.shows = {config::show_status("show probe", config::show_doc("The probe's status\n"), status_,
                                   "probe not running"),
               {"show probe echo (one|two) [WORD]",
                config::show_doc("The probe's status\nEcho the arguments\nOne\nTwo\nA word\n"),
                [](config::args a) -> result<std::string, std::string> {
                  std::string out;
                  for (const auto& s : a) out += std::string(s) + "\n";
                  return out;
                }}};
    auto info = bridge_.call_on_osmo([&o] { return start_osmo_runtime(o); });
    if (info)
      port_ = info->vty.port;
    else
      start_error_ = info.error();
  }
  ~osmo_env() {
    bridge_.stop();
    guard_.reset();
    io_.stop();
    io_thread_.join();
  }
  osmo_env(const osmo_env&) = delete;
  osmo_env& operator=(const osmo_env&) = delete;

  static osmo_env& get() {
    static osmo_env env;
    return env;
  }

  const std::string& start_error() const { return start_error_; }
  unsigned short vty_port() const { return port_; }
  status_slot& status() { return status_; }
  // One round of the counter mirror, on the osmo thread.
  void sync_counters() {
    bridge_.call_on_osmo([] { sync_counter_mirror(); });
  }
  // The running config, copied on the thread that edits it.
  probe_config config() {
    return bridge_.call_on_osmo([this] { return running_; });
  }
  // Reads `text` as a config file; the error names the file and line.
  result<void, std::string> read(const std::string& name, const std::string& text) {
    const std::string path = dir_.file(name);
    std::ofstream(path) << text;
    return bridge_.call_on_osmo([&path] { return vty::read_config_file(path); });
  }

private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::thread io_thread_;
  bridge bridge_;
  cmr::testing::temp_dir dir_{"cmr-config-node"};
  probe_config running_;  // the VTY edits it on the osmo thread
  status_slot status_;
  std::string start_error_;
  unsigned short port_ = 0;
};

// The probe node's lines of a "show running-config" answer.
std::string probe_section(const std::string& running) {
  const auto begin = running.find("\nprobe\n");
  if (begin == std::string::npos) return {};
  const auto end = running.find("!\n", begin);
  return running.substr(begin + 1, end == std::string::npos ? end : end + 2 - begin - 1);
}

TEST(config_node, the_file_fills_the_typed_config) {
  auto& env = osmo_env::get();
  ASSERT_EQ(env.start_error(), "");
  const probe_config c = env.config();
  EXPECT_EQ(c.timeout, 42U);
  EXPECT_EQ(c.name, "first");
  EXPECT_EQ(c.shade, colour::green);
  EXPECT_EQ(c.items, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(c.enabled);
  EXPECT_GE(c.entered, 1);
}

TEST(config_node, a_refused_value_names_file_line_and_reason) {
  auto& env = osmo_env::get();
  ASSERT_EQ(env.start_error(), "");
  auto r = env.read("bad.cfg", "probe\n timeout 5\n name bad\n timeout 6\n");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("/bad.cfg:3: name bad refused: 'name bad'"), std::string::npos)
      << r.error();
  EXPECT_EQ(env.config().timeout, 5U);  // the lines before it were applied, not the ones after

  r = env.read("range.cfg", "probe\n timeout 101\n");  // outside the syntax's range
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("/range.cfg:2: "), std::string::npos) << r.error();
  r = env.read("unknown.cfg", "probe\n\n no-such-command 1\n");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("/unknown.cfg:3: "), std::string::npos) << r.error();
}

TEST(config_node, running_config_reads_back_into_the_same_config) {
  auto& env = osmo_env::get();
  ASSERT_EQ(env.start_error(), "");
  ASSERT_TRUE(env.read("set.cfg", "probe\n timeout 42\n name first\n colour green\n"));
  const probe_config before = env.config();
  test::vty_client vty(env.vty_port());
  ASSERT_TRUE(vty.connected());
  vty.command("enable");
  const std::string written = probe_section(vty.command("show running-config"));
  EXPECT_TRUE(written.starts_with("probe\n timeout 42\n name first\n colour green\n item a\n"))
      << written;
  EXPECT_NE(written.find(" enable\n!\n"), std::string::npos) << written;

  // Changed on the telnet VTY (a refusal there is a warning), then the
  // written text read back: the config is what it was.
  vty.command("configure terminal");
  vty.command("probe");
  EXPECT_NE(vty.command("name bad").find("% name bad refused"), std::string::npos);
  vty.command("timeout 7");
  vty.command("colour bl");  // abbreviated: the handler sees the whole keyword
  EXPECT_EQ(env.config().shade, colour::blue);
  vty.command("no enable");
  vty.command("end");
  EXPECT_EQ(env.config().timeout, 7U);
  ASSERT_TRUE(env.read("roundtrip.cfg", written));
  probe_config after = env.config();
  EXPECT_GT(after.entered, before.entered);
  after.entered = before.entered;
  EXPECT_EQ(after, before);
  vty.command("enable");
  EXPECT_EQ(probe_section(vty.command("show running-config")), written);
}

TEST(config_node, show_commands_print_the_status_or_say_it_does_not_run) {
  auto& env = osmo_env::get();
  ASSERT_EQ(env.start_error(), "");
  test::vty_client vty(env.vty_port());
  ASSERT_TRUE(vty.connected());
  EXPECT_NE(vty.command("show probe").find("% probe not running\n"), std::string::npos);
  env.status().set([] { return std::string("calls 1\nerrors 0\n"); });
  EXPECT_NE(vty.command("show probe").find("show probe\ncalls 1\nerrors 0\n"), std::string::npos);
  env.status().clear();
  EXPECT_NE(vty.command("show probe").find("% probe not running"), std::string::npos);
  EXPECT_NE(vty.command("show probe echo tw x").find("\ntwo\nx\n"), std::string::npos);
  EXPECT_NE(vty.command("show probe echo one").find("\none\ncmr-server>"), std::string::npos);
}

const counter_desc k_probe_counters[] = {{"probes-sent", "Probes sent to the far end"},
                                         {"probes-lost", "Probes without answer"}};
const gauge_desc k_probe_gauges[] = {{"probes-open", "Probes waiting for an answer", "probes"}};
const counter_group_desc k_probe_desc{"probe", "Probe layer", k_probe_counters, k_probe_gauges};

// The counter mirror (sigtran/counter_mirror.h): a layer's described groups
// appear in libosmocore's "show rate-counters" and "show stats" with their
// descriptions and current values; a second group with a taken index gets
// the next free one, a named group shows its name; a group that goes is
// gone after the next round.
TEST(counter_mirror, groups_appear_in_libosmocore_with_descriptions_values_and_go) {
  auto& env = osmo_env::get();
  ASSERT_EQ(env.start_error(), "");
  test::vty_client vty(env.vty_port());
  ASSERT_TRUE(vty.connected());
  {
    counter_group a(k_probe_desc, 3);
    counter_group b(k_probe_desc, 3, "far");
    counter_ref sent{a, "probes-sent"};
    gauge_ref open{a, "probes-open"};
    sent += 41;
    ++sent;
    open = 7;
    b.inc(1, 5);
    env.sync_counters();
    const std::string rates = vty.command("show rate-counters");
    EXPECT_NE(rates.find("Probe layer 3:\n"), std::string::npos) << rates;
    EXPECT_NE(rates.find("Probe layer 4 (far):\n"), std::string::npos) << rates;
    const std::regex sent_row("probes-sent: +42 .*Probes sent to the far end");
    EXPECT_TRUE(std::regex_search(rates, sent_row)) << rates;
    EXPECT_TRUE(std::regex_search(rates, std::regex("probes-lost: +5 .*Probes without answer")))
        << rates;
    const std::string stats = vty.command("show stats");
    EXPECT_TRUE(std::regex_search(stats, std::regex("Probes waiting for an answer: +7"))) << stats;
    sent += 8;  // deltas: the mirror adds what is new since its last round
    env.sync_counters();
    EXPECT_TRUE(
        std::regex_search(vty.command("show rate-counters"), std::regex("probes-sent: +50 ")));
  }
  env.sync_counters();
  EXPECT_EQ(vty.command("show rate-counters").find("Probe layer"), std::string::npos);
}

}  // namespace
}  // namespace cmr::sigtran
