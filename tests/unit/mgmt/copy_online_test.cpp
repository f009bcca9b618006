// The on-line copy (dispatcher::copy_online, spec 5.7) on a real store:
// AddResource Action=1's rules through the group-commit writer, each
// outcome as the caller would notice it (library, charge, CMR-1 answers).
#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "mgmt/dispatcher.h"
#include "store/system_settings.h"

namespace cmr::mgmt {
namespace {

using ringback::copy_outcome;

class temp_dir {
public:
  temp_dir() {
    std::string t = (std::filesystem::temp_directory_path() / "cmr-mgmt-copy-XXXXXX").string();
    path_ = ::mkdtemp(t.data());
  }
  ~temp_dir() { std::filesystem::remove_all(path_); }
  [[nodiscard]] std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
  std::string path_;
};

constexpr const char* owner = "4917000010";
constexpr const char* copier = "4917000020";
constexpr const char* poor = "4917000030";
constexpr const char* private_owner = "4917000040";

bool ok(const cmr_reply& r) { return r.http_status == 200 && r.body.find("\"StatusCode\": 0") != std::string::npos; }
bool has_code(const cmr_reply& r, int code) {
  return r.body.find("\"StatusCode\": " + std::to_string(code)) != std::string::npos;
}

class copy_online_test : public ::testing::Test {
protected:
  void SetUp() override {
    store::open_options o;
    o.path = dir_.file("cmr.db");
    auto s = store::store::open(o);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    start({});
    for (const char* r : {"r-1", "r-2", "r-3"})
      ASSERT_TRUE(ok(call("ResourceManagement", std::string(R"({"OperationType":2,"ResourceId":")") + r +
                                                    R"(","Name":"R","MediaType":"Audio","Price":"2.5"})")));
    for (const char* sub : {owner, copier, private_owner})
      ASSERT_TRUE(ok(call("ServiceSubscription", std::string(R"({"OperationType":2,"SubscriberId":")") + sub +
                                                     R"(","CreditLimit":"100"})")));
    ASSERT_TRUE(ok(call("ServiceSubscription", std::string(R"({"OperationType":2,"SubscriberId":")") + poor +
                                                   R"(","CreditLimit":"1"})")));
    ASSERT_TRUE(ok(call("PrivacySetting", std::string(R"({"OperationType":3,"SubscriberId":")") + private_owner +
                                              R"(","CopyPrivacy":"deny"})")));
    // The owners' libraries (r-3 is in nobody's).
    for (const char* who : {owner, private_owner})
      for (const char* r : {"r-1", "r-2"}) {
        store::library_entry e;
        e.subscriber_id = who;
        e.item = {store::item_ref::kind::resource, r};
        ASSERT_TRUE(store_->library().add(e));
      }
  }
  void TearDown() override { d_.reset(); }

  void start(dispatcher_options o) {
    d_.reset();
    d_ = std::make_unique<dispatcher>(*store_, clock_, std::vector<access_token>{{"t-portal", role_portal, ""}},
                                      handler_options{}, std::move(o));
  }
  cmr_reply call(const std::string& op, const std::string& body) const {
    return d_->handle({op, "application/json", "Bearer t-portal", body});
  }
  copy_outcome copy(const std::string& caller, const std::string& from, const std::string& resource) const {
    std::promise<copy_outcome> p;
    auto f = p.get_future();
    d_->copy_online({caller, from, resource, "test(call=1)"}, [&p](copy_outcome o) { p.set_value(o); });
    return f.get();
  }
  std::vector<store::charging_record> charges(const std::string& who) const {
    auto c = store_->charging().list_by_subscriber(who);
    EXPECT_TRUE(c);
    return c ? *c : std::vector<store::charging_record>{};
  }
  cmr_reply library(const std::string& who) const {
    return call("LibraryManagement", R"({"OperationType":1,"SubscriberId":")" + who + "\"}");
  }

  temp_dir dir_;
  cmr::system_clock clock_;
  std::unique_ptr<store::store> store_;
  std::unique_ptr<dispatcher> d_;
};

TEST_F(copy_online_test, copied_once_charged_once_and_visible_through_cmr1) {
  // Read once before, so a stale cached answer would show.
  EXPECT_EQ(library(copier).body.find("\"r-1\""), std::string::npos);
  EXPECT_EQ(copy(copier, owner, "r-1"), copy_outcome::copied);
  const auto lib = library(copier);
  EXPECT_NE(lib.body.find("\"r-1\""), std::string::npos) << lib.body;
  EXPECT_NE(lib.body.find("\"Origin\": \"copy\""), std::string::npos) << lib.body;
  EXPECT_NE(lib.body.find(owner), std::string::npos) << lib.body;
  auto c = charges(copier);
  ASSERT_EQ(c.size(), 1U);
  EXPECT_EQ(c[0].kind, "copy");
  EXPECT_EQ(c[0].payer_id, copier);
  EXPECT_EQ(c[0].amount, 25000);
  EXPECT_NE(c[0].details.find("test(call=1)"), std::string::npos) << c[0].details;

  // The second press (or a retry): nothing copied, nothing charged.
  EXPECT_EQ(copy(copier, owner, "r-1"), copy_outcome::already_owned);
  EXPECT_EQ(charges(copier).size(), 1U);
  // AddResource Action=1 of the same resource shares the rule: 10011.
  auto again = call("AddResource", std::string(R"({"Action":1,"SubscriberId":")") + copier +
                                       R"(","ResourceId":["r-1"],"ResourceOwner":")" + owner + "\"}");
  EXPECT_TRUE(has_code(again, 10011)) << again.body;
  EXPECT_EQ(charges(copier).size(), 1U);
  // The owner paid nothing and kept the resource.
  EXPECT_TRUE(charges(owner).empty());
  EXPECT_NE(library(owner).body.find("\"r-1\""), std::string::npos);
}

TEST_F(copy_online_test, owner_privacy_refuses) {
  EXPECT_EQ(copy(copier, private_owner, "r-1"), copy_outcome::privacy_refused);
  EXPECT_EQ(library(copier).body.find("\"r-1\""), std::string::npos);
  EXPECT_TRUE(charges(copier).empty());
}

TEST_F(copy_online_test, credit_limit_refuses_and_leaves_nothing) {
  EXPECT_EQ(copy(poor, owner, "r-1"), copy_outcome::credit_refused);
  EXPECT_EQ(library(poor).body.find("\"r-1\""), std::string::npos) << library(poor).body;
  EXPECT_TRUE(charges(poor).empty());
  // Refused, not remembered: once the limit allows it, the copy goes through.
  ASSERT_TRUE(ok(call("ServiceSubscription", std::string(R"({"OperationType":3,"SubscriberId":")") + poor +
                                                 R"(","CreditLimit":"10"})")));
  EXPECT_EQ(copy(poor, owner, "r-1"), copy_outcome::copied);
}

TEST_F(copy_online_test, caller_who_is_no_subscriber) {
  EXPECT_EQ(copy("4917999999", owner, "r-1"), copy_outcome::not_subscriber);
  EXPECT_EQ(copy("", owner, "r-1"), copy_outcome::not_subscriber);
}

TEST_F(copy_online_test, own_resource) {
  EXPECT_EQ(copy(owner, owner, "r-1"), copy_outcome::own_resource);
  EXPECT_TRUE(charges(owner).empty());
}

TEST_F(copy_online_test, resource_not_copyable) {
  EXPECT_EQ(copy(copier, owner, "r-3"), copy_outcome::resource_unavailable);  // not the owner's
  EXPECT_EQ(copy(copier, owner, "r-404"), copy_outcome::resource_unavailable);
  EXPECT_EQ(copy(copier, owner, ""), copy_outcome::resource_unavailable);
  EXPECT_EQ(copy(copier, owner, std::string(5000, 'x')), copy_outcome::resource_unavailable);
  EXPECT_EQ(copy(copier, "4917999999", "r-1"), copy_outcome::resource_unavailable);  // no such owner
  const auto off = call("ResourceManagement", R"({"OperationType":3,"ResourceId":"r-2","Status":2})");
  ASSERT_TRUE(ok(off)) << off.body;
  EXPECT_EQ(copy(copier, owner, "r-2"), copy_outcome::resource_unavailable);  // inactive
  EXPECT_TRUE(charges(copier).empty());
}

TEST_F(copy_online_test, library_limit) {
  ASSERT_TRUE(store_->settings().set(store::system_settings::k_max_library, "1"));
  EXPECT_EQ(copy(copier, owner, "r-1"), copy_outcome::copied);
  EXPECT_EQ(copy(copier, owner, "r-2"), copy_outcome::library_full);
  EXPECT_EQ(charges(copier).size(), 1U);
  EXPECT_EQ(library(copier).body.find("\"r-2\""), std::string::npos);
}

TEST_F(copy_online_test, full_write_queue_is_busy_and_applies_nothing) {
  dispatcher_options o;
  o.writer.max_queue = 1;
  start(std::move(o));
  std::vector<std::future<copy_outcome>> pending;
  std::vector<std::shared_ptr<std::promise<copy_outcome>>> promises;
  auto submit = [&](const char* res) {
    auto p = std::make_shared<std::promise<copy_outcome>>();
    pending.push_back(p->get_future());
    d_->copy_online({copier, owner, res, "test(call=2)"}, [p](copy_outcome v) { p->set_value(v); });
  };
  {
    auto hold = store_->connection().lock();  // the writer cannot begin
    submit("r-1");
    while (d_->writer_stats().running == 0) std::this_thread::yield();  // taken, held at BEGIN
    submit("r-2");
    while (d_->writer_stats().waiting == 0) std::this_thread::yield();  // the queue is full now
    submit("r-3");
    // Answered at once, on this thread, before the writer could run.
    ASSERT_EQ(pending[2].wait_for(std::chrono::seconds(0)), std::future_status::ready);
    EXPECT_EQ(pending[2].get(), copy_outcome::busy);
  }
  EXPECT_EQ(pending[0].get(), copy_outcome::copied);
  EXPECT_EQ(pending[1].get(), copy_outcome::copied);
  EXPECT_EQ(charges(copier).size(), 2U);
}

TEST_F(copy_online_test, add_resource_action1_still_answers_as_before) {
  auto r = call("AddResource", std::string(R"({"Action":1,"SubscriberId":")") + copier +
                                   R"(","ResourceId":["r-1","r-2"],"ResourceOwner":")" + private_owner + "\"}");
  EXPECT_TRUE(has_code(r, 10003)) << r.body;
  r = call("AddResource", std::string(R"({"Action":1,"SubscriberId":")") + copier +
                              R"(","ResourceId":["r-1","r-3"],"ResourceOwner":")" + owner + "\"}");
  EXPECT_TRUE(has_code(r, 10008)) << r.body;  // r-3 is not the owner's: all or nothing
  EXPECT_TRUE(charges(copier).empty());
  r = call("AddResource", std::string(R"({"Action":1,"SubscriberId":")") + copier +
                              R"(","ResourceId":["r-1","r-2"],"ResourceOwner":")" + owner + "\"}");
  EXPECT_TRUE(ok(r)) << r.body;
  EXPECT_EQ(charges(copier).size(), 2U);
  // Action=2, a gift paid by the owner, needs nothing of the owner's library.
  r = call("AddResource", std::string(R"({"Action":2,"SubscriberId":")") + poor +
                              R"(","ResourceId":["r-3"],"ResourceOwner":")" + owner + "\"}");
  EXPECT_TRUE(ok(r)) << r.body;
  EXPECT_EQ(charges(owner).size(), 1U);
}

}  // namespace
}  // namespace cmr::mgmt
