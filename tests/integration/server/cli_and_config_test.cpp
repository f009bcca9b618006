// cmr-server's command line and configuration errors, on the real binary.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>

#include "cmr/version.h"
#include "tests/integration/server/server_process.h"

namespace cmr::test {
namespace {

using namespace std::chrono_literals;
constexpr auto exit_bound = 10s;  // generous: sanitizer builds start slowly

int exit_code_of(server_process& p) {
  const auto status = p.wait_exit(exit_bound);
  if (!status) return -1000;  // still running
  if (!WIFEXITED(*status)) return -2000 - (WIFSIGNALED(*status) ? WTERMSIG(*status) : 0);
  return WEXITSTATUS(*status);
}

// Inserts `line` as line number `n` (1-based) of `text`.
std::string insert_line(const std::string& text, int n, const std::string& line) {
  std::size_t pos = 0;
  for (int i = 1; i < n; ++i) pos = text.find('\n', pos) + 1;
  return text.substr(0, pos) + line + "\n" + text.substr(pos);
}

TEST(cmr_server_cli, version_prints_name_and_version) {
  for (const char* opt : {"--version", "-V"}) {
    server_process p;
    p.start({opt});
    EXPECT_EQ(exit_code_of(p), 0) << opt;
    EXPECT_EQ(p.out(), std::string("cmr-server ") + k_version + "\n") << opt;
  }
}

TEST(cmr_server_cli, help_lists_the_options) {
  for (const char* opt : {"--help", "-h"}) {
    server_process p;
    p.start({opt});
    EXPECT_EQ(exit_code_of(p), 0) << opt;
    const std::string out = p.out();
    EXPECT_NE(out.find("--config-file"), std::string::npos) << out;
    EXPECT_NE(out.find("--version"), std::string::npos) << out;
  }
}

TEST(cmr_server_cli, unknown_option_fails) {
  server_process p;
  p.start({"--no-such-option"});
  EXPECT_NE(exit_code_of(p), 0);
}

TEST(cmr_server_config, missing_file_fails_naming_it) {
  server_process p;
  p.start({"-c", "does-not-exist.cfg"});
  EXPECT_GT(exit_code_of(p), 0);
  EXPECT_NE(p.err().find("does-not-exist.cfg"), std::string::npos) << p.err();
}

TEST(cmr_server_config, default_file_name_is_cmr_server_cfg) {
  server_process p;  // empty directory: no cmr-server.cfg
  p.start({});
  EXPECT_GT(exit_code_of(p), 0);
  EXPECT_NE(p.err().find("cmr-server.cfg"), std::string::npos) << p.err();
}

struct bad_line {
  const char* name;
  const char* lines;      // inserted as the first commands of the cmr node
  int error_offset = 0;   // the failing one among them (0: the first)
};

class cmr_server_bad_config : public ::testing::TestWithParam<bad_line> {};

TEST_P(cmr_server_bad_config, fails_naming_file_and_line) {
  server_process p;
  const std::string cfg = demo_config();
  // Put the bad line right after "cmr", wherever that is in the demo file.
  const auto cmr_at = cfg.find("\ncmr\n");
  ASSERT_NE(cmr_at, std::string::npos);
  int line_no = 1;  // of the "cmr" line
  for (std::size_t i = 0; i <= cmr_at; ++i)
    if (cfg[i] == '\n') ++line_no;
  ++line_no;  // the bad line goes right below it
  p.write_file("bad.cfg", insert_line(cfg, line_no, GetParam().lines));
  p.start({"-c", "bad.cfg"});
  EXPECT_GT(exit_code_of(p), 0);
  const std::string expected =
      "bad.cfg:" + std::to_string(line_no + GetParam().error_offset) + ":";
  EXPECT_NE(p.err().find(expected), std::string::npos)
      << "expected '" << expected << "' in:\n"
      << p.err();
}

INSTANTIATE_TEST_SUITE_P(
    lines, cmr_server_bad_config,
    ::testing::Values(bad_line{"unknown_command", " no-such-command 42"},
                      bad_line{"io_threads_zero", " io-threads 0"},
                      bad_line{"io_threads_not_a_number", " io-threads many"},
                      bad_line{"bad_synchronous_mode", " database synchronous sometimes"},
                      bad_line{"synchronous_without_mode", " database synchronous"},
                      bad_line{"cache_size_negative", " snapshot-cache-size -1"},
                      bad_line{"wrong_indentation", " io-threads 2\n   io-threads 3", 1}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(cmr_server_config, bad_point_code_fails_naming_the_line) {
  server_process p;
  std::string cfg = demo_config();
  const std::string good = " point-code 0.23.2";
  const auto at = cfg.find(good);
  ASSERT_NE(at, std::string::npos);
  cfg.replace(at, good.size(), " point-code 99.99.99");
  int line_no = 1;
  for (std::size_t i = 0; i < at; ++i)
    if (cfg[i] == '\n') ++line_no;
  p.write_file("pc.cfg", cfg);
  p.start({"-c", "pc.cfg"});
  EXPECT_GT(exit_code_of(p), 0);
  EXPECT_NE(p.err().find("pc.cfg:" + std::to_string(line_no) + ":"), std::string::npos) << p.err();
}

}  // namespace
}  // namespace cmr::test
