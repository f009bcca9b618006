// Backing up the store while cmr-server runs (docs/operations.md, "Backup"):
// the sqlite3 shell's ".backup" is SQLite's online backup API; with the
// store in WAL mode it reads one consistent snapshot while the management
// writer goes on committing. The copies must be intact, and a server started
// on a copy must serve what was written before it was taken.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "tests/integration/server/server_process.h"

namespace cmr::test {
namespace {

using namespace std::chrono_literals;
constexpr auto startup_bound = 10s;  // generous: sanitizer builds start slowly

void start_on(server_process& p, const std::string& cfg) {
  p.write_file("test.cfg", cfg);
  p.start({"-c", "test.cfg"});
  ASSERT_TRUE(p.wait_for_err(" started", startup_bound)) << p.err();
  ASSERT_NE(p.vty_port(), 0) << p.err();
  ASSERT_NE(p.mgmt_port(), 0) << p.err();
}

// CMR-6 PresentationControl for the demo subscriber: its skip key becomes `skip`.
int set_skip_key(unsigned short mgmt_port, const std::string& skip) {
  std::string answer;
  const int rc = run_shell(
      "curl -s -m 5 -H 'Authorization: Bearer demo-portal' -H 'Content-Type: application/json' "
      "--data '{\"SubscriberId\":\"491700000001\",\"OperationType\":3,\"SkipKeys\":\"" +
          skip + "\"}' http://127.0.0.1:" + std::to_string(mgmt_port) + "/cmr/1/PresentationControl",
      &answer);
  return rc == 0 && answer.find("\"StatusCode\": 0") != std::string::npos ? 0 : 1;
}

std::string sqlite(const std::string& db, const std::string& sql) {
  std::string out;
  run_shell("sqlite3 '" + db + "' \"" + sql + "\" 2>&1", &out);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

TEST(cmr_server_backup, online_backup_while_writing_restores_on_a_new_server) {
  server_process p;
  start_on(p, demo_config());
  const std::string db = p.dir() + "/cmr.db";

  // Management writes all the time the backups run.
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::atomic<int> failed{0};
  std::thread writer([&] {
    for (int i = 0; !stop.load(); ++i) {
      if (set_skip_key(p.mgmt_port(), i % 2 == 0 ? "#" : "5") == 0)
        ++written;
      else
        ++failed;
    }
  });
  for (int i = 0; i < 3; ++i) {
    const std::string copy = p.dir() + "/backup" + std::to_string(i) + ".db";
    std::string out;
    EXPECT_EQ(run_shell("sqlite3 '" + db + "' \".backup '" + copy + "'\" 2>&1", &out), 0) << out;
    EXPECT_EQ(sqlite(copy, "PRAGMA integrity_check"), "ok") << copy;
    EXPECT_EQ(sqlite(copy, "PRAGMA user_version"), "3") << copy;
  }
  stop = true;
  writer.join();
  EXPECT_GT(written.load(), 0);
  EXPECT_EQ(failed.load(), 0) << "a management write failed while the backups ran";
  EXPECT_TRUE(p.running()) << p.err();

  // The last write before the final backup is in it.
  ASSERT_EQ(set_skip_key(p.mgmt_port(), "7"), 0);
  std::string out;
  ASSERT_EQ(run_shell("sqlite3 '" + db + "' \".backup '" + p.dir() + "/final.db'\" 2>&1", &out), 0)
      << out;

  // Restore: a new server whose store is the copy.
  server_process restored;
  ASSERT_EQ(run_shell("cp '" + p.dir() + "/final.db' '" + restored.dir() + "/cmr.db'"), 0);
  start_on(restored, demo_config());
  vty_client vty(restored.vty_port());
  ASSERT_TRUE(vty.connected());
  const std::string decision = vty.command("show cmr decision 491700000001 cmrbt 491700000002");
  EXPECT_NE(decision.find("skip=7 "), std::string::npos) << decision;
  EXPECT_NE(decision.find("(subscriber)"), std::string::npos) << decision;
}

}  // namespace
}  // namespace cmr::test
