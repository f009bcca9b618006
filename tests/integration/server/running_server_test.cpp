// cmr-server as a running daemon: stays up, answers on the VTY, writes its
// configuration back, and exits 0 within 1 s on SIGTERM and SIGINT.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include "tests/integration/server/server_process.h"

namespace cmr::test {
namespace {

using namespace std::chrono_literals;
constexpr auto startup_bound = 10s;  // generous: sanitizer builds start slowly

// Starts the server on a config derived from the demo file and waits until it
// logged that it is up.
void start_demo(server_process& p, const std::string& cfg) {
  p.write_file("test.cfg", cfg);
  p.start({"-c", "test.cfg"});
  ASSERT_TRUE(p.wait_for_err("cmr-server ", startup_bound) &&
              p.wait_for_err(" started", startup_bound))
      << p.err();
  ASSERT_NE(p.vty_port(), 0) << p.err();
}

TEST(cmr_server_running, stays_up_and_the_vty_answers) {
  server_process p;
  start_demo(p, demo_config());
  // Not a measurement: the server must simply still be there a while later.
  std::this_thread::sleep_for(500ms);
  ASSERT_TRUE(p.running()) << p.err();
  vty_client vty(p.vty_port());
  ASSERT_TRUE(vty.connected());
  EXPECT_NE(vty.banner().find("Welcome to the cmr-server VTY interface"), std::string::npos)
      << vty.banner();
  EXPECT_NE(vty.banner().find("cmr-server> "), std::string::npos) << vty.banner();
  EXPECT_NE(p.err().find("cmr-server 0."), std::string::npos) << p.err();
}

TEST(cmr_server_running, show_running_config_contains_the_cmr_node) {
  std::string cfg = demo_config();
  const auto at = cfg.find("\ncmr\n");
  ASSERT_NE(at, std::string::npos);
  cfg = cfg.substr(0, at) +
        "\ncmr\n database store-under-test.db\n database synchronous full\n"
        " snapshot-cache-size 1234\n io-threads 3\n no demo-catalogue\n"
        " system-default cmrbt R42\n system-default cmrt R43\n";
  server_process p;
  start_demo(p, cfg);
  vty_client vty(p.vty_port());
  ASSERT_TRUE(vty.connected());
  vty.command("enable");
  const std::string running = vty.command("show running-config");
  for (const char* expected :
       {"\ncmr\n", " database store-under-test.db\n", " database synchronous full\n",
        " snapshot-cache-size 1234\n", " io-threads 3\n", " no demo-catalogue\n",
        " system-default cmrbt R42\n", " system-default cmrt R43\n", "cs7 instance 0\n",
        " point-code 0.23.2\n", "log stderr\n", "line vty\n"})
    EXPECT_NE(running.find(expected), std::string::npos) << expected << " missing in:\n" << running;

  // Changed on the VTY, written back the same way.
  vty.command("configure terminal");
  vty.command("cmr");
  EXPECT_EQ(vty.command("io-threads 0").find("io-threads 0\n% "), 0u);  // rejected by the parser
  vty.command("demo-catalogue");
  vty.command("no system-default cmrt");
  vty.command("end");
  const std::string changed = vty.command("show running-config");
  EXPECT_NE(changed.find(" io-threads 3\n"), std::string::npos) << changed;
  EXPECT_NE(changed.find(" demo-catalogue\n"), std::string::npos) << changed;
  EXPECT_EQ(changed.find(" no demo-catalogue\n"), std::string::npos) << changed;
  EXPECT_EQ(changed.find("system-default cmrt"), std::string::npos) << changed;
}

// The "presentation-control" node (docs/configuration.md): read from the
// file, written back, shown with the copy counters, bad keys refused.
TEST(cmr_server_running, presentation_control_node) {
  std::string cfg = demo_config();
  cfg += "presentation-control\n copy-keys *9\n no skip-keys\n stop-keys 0#\n forwarded-call continue\n"
         " network-announcement continue\n prompt confirmed R42\n non-subscriber ignore\n"
         " max-keys-per-call 5\n";
  server_process p;
  start_demo(p, cfg);
  vty_client vty(p.vty_port());
  ASSERT_TRUE(vty.connected());
  vty.command("enable");
  const std::string running = vty.command("show running-config");
  for (const char* expected :
       {"\npresentation-control\n copy-keys *9\n no skip-keys\n stop-keys 0#\n forwarded-call continue\n"
        " network-announcement continue\n prompt confirmed R42\n prompt refused builtin\n"
        " prompt offer builtin\n non-subscriber ignore\n max-keys-per-call 5\n no shutdown\n"})
    EXPECT_NE(running.find(expected), std::string::npos) << expected << " missing in:\n" << running;
  const std::string shown = vty.command("show cmr ringback");
  EXPECT_NE(shown.find("system controls copy=*9 skip=- stop=0# forwarded=continue announcement=continue (system)"),
            std::string::npos)
      << shown;
  EXPECT_NE(shown.find("copy-requests 0"), std::string::npos) << shown;

  vty.command("configure terminal");
  vty.command("presentation-control");
  for (const char* bad : {"copy-keys **", "copy-keys E", "copy-keys 12345", "forwarded-call sideways",
                          "max-keys-per-call 0"})
    EXPECT_NE(vty.command(bad).find("% "), std::string::npos) << bad;
  vty.command("no copy-keys");
  vty.command("shutdown");
  vty.command("end");
  const std::string changed = vty.command("show running-config");
  EXPECT_NE(changed.find("\npresentation-control\n no copy-keys\n"), std::string::npos) << changed;
  EXPECT_NE(changed.find(" shutdown\n!"), std::string::npos) << changed;
  EXPECT_EQ(changed.find(" copy-keys **"), std::string::npos) << changed;
}

class cmr_server_signal : public ::testing::TestWithParam<int> {};

TEST_P(cmr_server_signal, exits_zero_within_one_second) {
  server_process p;
  start_demo(p, demo_config());
  {
    // With a VTY session open: shutdown must not wait for clients.
    vty_client vty(p.vty_port());
    ASSERT_TRUE(vty.connected());
    const auto sent = std::chrono::steady_clock::now();
    p.send_signal(GetParam());
    const auto status = p.wait_exit(1s);
    const auto took = std::chrono::steady_clock::now() - sent;
    ASSERT_TRUE(status.has_value()) << "still running 1 s after signal " << GetParam();
    EXPECT_LT(took, 1s);
    ASSERT_TRUE(WIFEXITED(*status)) << "killed by signal " << WTERMSIG(*status);
    EXPECT_EQ(WEXITSTATUS(*status), 0);
  }
  EXPECT_NE(p.err().find("cmr-server stopped"), std::string::npos) << p.err();
}

INSTANTIATE_TEST_SUITE_P(signals, cmr_server_signal, ::testing::Values(SIGTERM, SIGINT),
                         [](const auto& param_info) {
                           return std::string(param_info.param == SIGTERM ? "sigterm" : "sigint");
                         });

TEST(cmr_server_running, opens_and_seeds_the_store_in_the_working_directory) {
  server_process p;
  start_demo(p, demo_config());  // "database cmr.db" and "demo-catalogue"
  EXPECT_TRUE(std::filesystem::exists(p.dir() + "/cmr.db"));
  EXPECT_NE(p.err().find("demo catalogue"), std::string::npos) << p.err();
}

TEST(cmr_server_running, a_store_that_cannot_open_fails_at_start) {
  std::string cfg = demo_config();
  const std::string good = " database cmr.db";
  const auto at = cfg.find(good);
  ASSERT_NE(at, std::string::npos);
  cfg.replace(at, good.size(), " database no-such-dir/cmr.db");
  server_process p;
  p.write_file("test.cfg", cfg);
  p.start({"-c", "test.cfg"});
  const auto status = p.wait_exit(startup_bound);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) != 0);
  EXPECT_NE(p.err().find("no-such-dir/cmr.db"), std::string::npos) << p.err();
}

TEST(cmr_server_running, vty_port_in_use_fails_at_start) {
  server_process first;
  start_demo(first, demo_config());
  std::string cfg = demo_config();
  const auto at = cfg.find("bind 127.0.0.1 0");
  ASSERT_NE(at, std::string::npos);
  cfg.replace(at, 16, "bind 127.0.0.1 " + std::to_string(first.vty_port()));
  server_process second;
  second.write_file("test.cfg", cfg);
  second.start({"-c", "test.cfg"});
  const auto status = second.wait_exit(startup_bound);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) != 0);
  EXPECT_NE(second.err().find("VTY telnet"), std::string::npos) << second.err();
}

}  // namespace
}  // namespace cmr::test
