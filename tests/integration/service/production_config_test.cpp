// configs/production/cmr-server.cfg (the package's /etc/cmr/cmr-server.cfg)
// starts cmr-server: only its paths and ports are rewritten for the test,
// so the file cannot rot while the nodes' syntax moves on.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <regex>
#include <stdexcept>
#include <string>

#include "tests/integration/server/server_process.h"

namespace cmr::test {
namespace {

using namespace std::chrono_literals;

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
}

std::string production_config(const std::string& state_dir) {
  std::string cfg = slurp(std::string(CMR_SOURCE_DIR) + "/configs/production/cmr-server.cfg");
  if (cfg.empty()) throw std::runtime_error("configs/production/cmr-server.cfg missing");
  replace_all(cfg, "bind 127.0.0.1 4260", "bind 127.0.0.1 0");
  replace_all(cfg, "bind 127.0.0.1 8080", "bind 127.0.0.1 0");
  replace_all(cfg, "/var/lib/cmr/", state_dir + "/");
  return cfg;
}

// curl's "<HTTP code> <body>" for a CMR-1 request, with an optional token.
std::string cmr_request(unsigned short port, const std::string& token) {
  std::string out;
  run_shell("curl -s -w ' %{http_code}' -H 'Content-Type: application/json' " +
                (token.empty() ? std::string() : "-H 'Authorization: Bearer " + token + "' ") +
                "-d '{\"SubscriberId\":\"491700000001\",\"ResourceListId\":\"000000\"}' "
                "http://127.0.0.1:" +
                std::to_string(port) + "/cmr/1/GetResourceList",
            &out);
  return out;
}

TEST(ProductionConfig, StartsWithTheStoreInTheStateDirectoryAndNoDemoAccess) {
  server_process p;
  const std::string state = p.dir() + "/state";
  std::filesystem::create_directory(state);
  const auto cfg = p.write_file("cmr-server.cfg", production_config(state));
  p.start({"-c", cfg});
  ASSERT_TRUE(p.wait_for_err("started", 60s)) << p.err();
  EXPECT_TRUE(std::filesystem::exists(state + "/cmr.db"));
  // Category and level in every line (what journald keeps of stderr).
  EXPECT_NE(p.err().find("DMAIN NOTICE"), std::string::npos) << p.err();

  // The management port answers, and refuses: no token is configured, the
  // demo portal token is not one, and no demo subscriber exists.
  const unsigned short mgmt = p.mgmt_port();
  ASSERT_NE(mgmt, 0) << p.err();
  // "StatusCode": 10002 (no SessionKey) and 10003 (unknown token).
  static const std::regex refused(R"re("StatusCode":\s*1000[0-9])re");
  const std::string anonymous = cmr_request(mgmt, "");
  EXPECT_TRUE(std::regex_search(anonymous, refused)) << anonymous;
  const std::string demo = cmr_request(mgmt, "demo-portal");
  EXPECT_TRUE(std::regex_search(demo, std::regex(R"re("StatusCode":\s*10003)re"))) << demo;

  p.send_signal(SIGTERM);
  const auto status = p.wait_exit(20s);
  ASSERT_TRUE(status);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << p.err();
}

}  // namespace
}  // namespace cmr::test
