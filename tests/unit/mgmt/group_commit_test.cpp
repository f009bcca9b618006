// The group-commit write path through the dispatcher, on a real store:
// concurrent writers share transactions (fewer commits than requests), a
// request failing inside a batch rolls back only its own savepoint, and
// reads are answered while the writer holds its transaction.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "mgmt/dispatcher.h"
#include "common/clock.h"

namespace cmr::mgmt {
namespace {

class temp_dir {
public:
  temp_dir() {
    std::string t = (std::filesystem::temp_directory_path() / "cmr-mgmt-gc-XXXXXX").string();
    path_ = ::mkdtemp(t.data());
  }
  ~temp_dir() { std::filesystem::remove_all(path_); }
  [[nodiscard]] std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
  std::string path_;
};

bool ok(const cmr_reply& r) {
  return r.http_status == 200 && r.body.find("\"StatusCode\": 0") != std::string::npos;
}
bool has_code(const cmr_reply& r, int code) {
  return r.body.find("\"StatusCode\": " + std::to_string(code)) != std::string::npos;
}

class group_commit_test : public ::testing::Test {
protected:
  void SetUp() override {
    store::open_options o;
    o.path = dir_.file("cmr.db");
    o.synchronous_full = true;
    auto s = store::store::open(o);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    d_ = std::make_unique<dispatcher>(*store_, clock_, std::vector<access_token>{{"t-portal", role_portal, ""}},
                                      handler_options{});
    for (int i = 0; i < 20; ++i)
      ASSERT_TRUE(ok(dbg = call("ResourceManagement", R"({"OperationType":2,"ResourceId":"r-)" + std::to_string(i) +
                                                    R"(","Name":"R","MediaType":"Audio","Price":"1"})")))
          << dbg.body;
    ASSERT_TRUE(ok(call("ServiceSubscription", R"({"OperationType":2,"SubscriberId":"4917000001"})")));
    // No credit: every charge of 1.0 fails with 10010.
    ASSERT_TRUE(ok(call("ServiceSubscription",
                        R"({"OperationType":2,"SubscriberId":"4917000002","CreditLimit":"0"})")));
  }

  cmr_reply call(const std::string& op, const std::string& body) const {
    return d_->handle({op, "application/json", "Bearer t-portal", body});
  }
  static std::string subscribe(const std::string& sub, const std::string& res, const std::string& tid = "") {
    return R"({"SubscriberId":")" + sub + R"(","ResourceId":")" + res + "\"" +
           (tid.empty() ? "" : R"(,"TransactionId":")" + tid + "\"") + "}";
  }

  // Runs `bodies` concurrently while the writer is held at its BEGIN (the
  // test holds the write connection), so that they queue up and are
  // committed together; returns the answers in order.
  std::vector<cmr_reply> batch_of(const std::vector<std::string>& bodies) {
    std::vector<cmr_reply> out(bodies.size());
    std::vector<std::thread> clients;
    {
      auto hold = store_->connection().lock();
      for (std::size_t i = 0; i < bodies.size(); ++i)
        clients.emplace_back([&, i] { out[i] = call("SubscribeResource", bodies[i]); });
      for (;;) {
        const auto st = d_->writer_stats();
        if (st.waiting + st.running == bodies.size()) break;
        std::this_thread::yield();
      }
    }
    for (auto& c : clients) c.join();
    return out;
  }

  cmr_reply dbg;
  temp_dir dir_;
  cmr::system_clock clock_;
  std::unique_ptr<store::store> store_;
  std::unique_ptr<dispatcher> d_;
};

TEST_F(group_commit_test, concurrent_writers_share_transactions) {
  const auto before = d_->writer_stats();
  std::vector<std::string> bodies;
  for (int i = 0; i < 10; ++i) bodies.push_back(subscribe("4917000001", "r-" + std::to_string(i)));
  for (const auto& r : batch_of(bodies)) EXPECT_TRUE(ok(r)) << r.body;
  const auto after = d_->writer_stats();
  EXPECT_EQ(after.requests - before.requests, 10U);
  // The writer took what was queued when it woke (then waited at BEGIN),
  // then everything else: two transactions at most for ten requests.
  EXPECT_LE(after.transactions - before.transactions, 2U);
  EXPECT_GE(after.largest_batch, 5U);
  EXPECT_EQ(after.failed_commits, 0U);
  auto lib = call("LibraryManagement", R"({"SubscriberId":"4917000001","OperationType":1})");
  for (int i = 0; i < 10; ++i) EXPECT_NE(lib.body.find("\"r-" + std::to_string(i) + "\""), std::string::npos);
}

TEST_F(group_commit_test, a_failing_request_rolls_back_only_itself) {
  const std::vector<std::string> bodies{
      subscribe("4917000001", "r-1", "tx-a"),
      subscribe("4917000002", "r-2"),          // library entry written, then 10010: rolled back
      subscribe("4917000001", "r-3", "tx-a"),  // same TransactionId: one of the two is 10011
      subscribe("4917000001", "no-such"),      // 10008
      subscribe("4917000001", "r-4"),
  };
  const auto r = batch_of(bodies);
  // The clients queue in any order: whichever tx-a ran first applied.
  const bool first = ok(r[0]);
  EXPECT_TRUE(has_code(r[first ? 2 : 0], 10011)) << r[0].body << r[2].body;
  EXPECT_TRUE(first || ok(r[2])) << r[2].body;
  EXPECT_TRUE(has_code(r[1], 10010)) << r[1].body;
  EXPECT_TRUE(has_code(r[3], 10008)) << r[3].body;
  EXPECT_TRUE(ok(r[4])) << r[4].body;
  auto lib1 = call("LibraryManagement", R"({"SubscriberId":"4917000001","OperationType":1})");
  EXPECT_NE(lib1.body.find(first ? "\"r-1\"" : "\"r-3\""), std::string::npos);
  EXPECT_EQ(lib1.body.find(first ? "\"r-3\"" : "\"r-1\""), std::string::npos);
  EXPECT_NE(lib1.body.find("\"r-4\""), std::string::npos);
  auto lib2 = call("LibraryManagement", R"({"SubscriberId":"4917000002","OperationType":1})");
  EXPECT_EQ(lib2.body.find("\"r-2\""), std::string::npos) << lib2.body;
  // The refused charge left nothing behind either.
  auto sub2 = call("ServiceSubscription", R"({"SubscriberId":"4917000002","OperationType":1})");
  EXPECT_NE(sub2.body.find("\"Charged\": \"0\""), std::string::npos) << sub2.body;
  // A retry of the refused TransactionId's twin is still refused, the first applied once.
  EXPECT_TRUE(has_code(call("SubscribeResource", subscribe("4917000001", "r-5", "tx-a")), 10011));
}

TEST_F(group_commit_test, reads_do_not_wait_for_the_writer) {
  ASSERT_TRUE(ok(call("ResourceListManagement",
                      R"({"OperationType":2,"ResourceListId":"l1","ListName":"L","ResourceId":["r-1"]})")));
  auto hold = store_->connection().lock();  // the writer could not even begin now
  auto r = call("GetResourceList", R"({"SubscriberId":"4917000001","ResourceListId":"l1"})");
  EXPECT_TRUE(ok(r)) << r.body;
  EXPECT_NE(r.body.find("\"r-1\""), std::string::npos) << r.body;
}

TEST_F(group_commit_test, a_full_queue_answers_503_and_applies_nothing) {
  d_.reset();
  dispatcher_options o;
  o.writer.max_queue = 1;
  d_ = std::make_unique<dispatcher>(*store_, clock_, std::vector<access_token>{{"t-portal", role_portal, ""}},
                                    handler_options{}, o);
  std::vector<cmr_reply> out(3);
  std::vector<std::thread> clients;
  {
    auto hold = store_->connection().lock();
    clients.emplace_back([&] { out[0] = call("SubscribeResource", subscribe("4917000001", "r-10")); });
    while (d_->writer_stats().running == 0) std::this_thread::yield();  // taken, held at BEGIN
    clients.emplace_back([&] { out[1] = call("SubscribeResource", subscribe("4917000001", "r-11")); });
    while (d_->writer_stats().waiting == 0) std::this_thread::yield();  // the queue is full now
    out[2] = call("SubscribeResource", subscribe("4917000001", "r-12"));
  }
  for (auto& c : clients) c.join();
  EXPECT_TRUE(ok(out[0]));
  EXPECT_TRUE(ok(out[1]));
  EXPECT_EQ(out[2].http_status, 503U);
  EXPECT_TRUE(has_code(out[2], 99999)) << out[2].body;
  EXPECT_EQ(d_->writer_stats().refused, 1U);
  auto lib = call("LibraryManagement", R"({"SubscriberId":"4917000001","OperationType":1})");
  EXPECT_EQ(lib.body.find("\"r-12\""), std::string::npos);
}

// PBKDF2 (tens to hundreds of ms by design) runs on the dispatcher's
// password workers: a write queued after a password change or a Login is
// committed and answered while the password is still being derived.
TEST_F(group_commit_test, password_work_never_holds_up_the_writer) {
  d_.reset();
  handler_options h;
  h.password_iterations = 600000;  // ~0.5-2 s here: far longer than one write
  d_ = std::make_unique<dispatcher>(*store_, clock_, std::vector<access_token>{{"t-portal", role_portal, ""}}, h);
  const auto async = [&](const std::string& op, const std::string& auth, const std::string& body) {
    auto p = std::make_shared<std::promise<cmr_reply>>();
    auto f = p->get_future();
    auto now = d_->handle_async({op, "application/json", auth, body}, [p](cmr_reply r) { p->set_value(std::move(r)); });
    EXPECT_FALSE(now.has_value()) << "answered on the calling thread";
    return f;
  };
  auto change = async("ServiceSubscription", "Bearer t-portal",
                      R"({"SubscriberId":"4917000001","OperationType":3,"Password":"a-long-password"})");
  EXPECT_TRUE(ok(dbg = call("SubscribeResource", subscribe("4917000001", "r-1")))) << dbg.body;
  EXPECT_EQ(change.wait_for(std::chrono::seconds(0)), std::future_status::timeout)
      << "the write waited for the password hash";
  EXPECT_TRUE(ok(dbg = change.get())) << dbg.body;

  auto login = async("Login", "", R"({"SubscriberId":"4917000001","Password":"a-long-password"})");
  EXPECT_TRUE(ok(dbg = call("SubscribeResource", subscribe("4917000001", "r-2")))) << dbg.body;
  EXPECT_EQ(login.wait_for(std::chrono::seconds(0)), std::future_status::timeout)
      << "the write waited for the password check";
  EXPECT_TRUE(ok(dbg = login.get())) << dbg.body;
  EXPECT_NE(dbg.body.find("SessionKey"), std::string::npos);
  // A wrong password, and one too short to be set, are answered by the worker.
  EXPECT_TRUE(has_code(async("Login", "", R"({"SubscriberId":"4917000001","Password":"wrong"})").get(), 10005));
  EXPECT_TRUE(has_code(async("ServiceSubscription", "Bearer t-portal",
                             R"({"SubscriberId":"4917000001","OperationType":3,"Password":"abc"})")
                           .get(),
                       10007));
}

}  // namespace
}  // namespace cmr::mgmt
