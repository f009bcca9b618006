// A write acknowledged to a client survives kill -9 (DESIGN.md section 4):
// a child writes through the store and reports each committed id on a pipe;
// the parent kills it mid-stream and checks every reported row.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <set>

#include "store_test_util.h"

namespace cmr::store {
namespace {

[[noreturn]] void child_main(const std::string& path, int fd) {
  open_options opt;
  opt.path = path;
  auto s = store::open(opt);
  if (!s) _exit(2);
  for (int i = 0;; ++i) {
    const std::string id = "49" + std::to_string(1000000 + i);
    subscriber sub;
    sub.id = id;
    sub.cmrbt = true;
    if (!(*s)->subscribers().create(sub)) _exit(3);
    charging_record c;
    c.kind = "call";
    c.subscriber_id = id;
    c.amount = i;
    if (!(*s)->subscribers().add_charge(c)) _exit(4);
    // Acknowledge only after both commits returned.
    const std::string line = id + "\n";
    if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(5);
  }
}

void run_kill_test(bool synchronous_full) {
  testing::temp_dir dir;
  const auto path = dir.file("cmr.db");
  testing::open_store(path).reset();  // schema exists before the child starts
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    child_main(path, fds[1]);
  }
  ::close(fds[1]);
  std::set<std::string> acknowledged;
  std::string pending;
  char buf[4096];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (acknowledged.size() < 300 && std::chrono::steady_clock::now() < deadline) {
    const auto n = ::read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    pending.append(buf, static_cast<std::size_t>(n));
    for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n')) {
      acknowledged.insert(pending.substr(0, nl));
      pending.erase(0, nl + 1);
    }
  }
  ::kill(pid, SIGKILL);
  // Whatever the child acknowledged before it died counts too.
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) pending.append(buf, static_cast<std::size_t>(n));
  for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n')) {
    acknowledged.insert(pending.substr(0, nl));
    pending.erase(0, nl + 1);
  }
  ::close(fds[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);
  ASSERT_GE(acknowledged.size(), 300U);

  open_options opt;
  opt.path = path;
  opt.synchronous_full = synchronous_full;
  auto s = store::open(opt);
  ASSERT_TRUE(s) << s.error().message;
  for (const auto& id : acknowledged) {
    auto sub = (*s)->subscribers().get(id);
    ASSERT_TRUE(sub) << id << " was acknowledged but is gone";
    EXPECT_EQ((*s)->charging().list_by_subscriber(id)->size(), 1U) << id;
  }
  EXPECT_EQ(*(*s)->integrity_check(), std::vector<std::string>{"ok"});
}

TEST(Durability, AcknowledgedWritesSurviveSigkill) { run_kill_test(false); }

}  // namespace
}  // namespace cmr::store
