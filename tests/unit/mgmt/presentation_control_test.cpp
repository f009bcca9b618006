// CMR-6 PresentationControl through the dispatcher, in XML and JSON: the
// system's settings until the subscriber sets its own, a partial Update,
// Delete back to the system's, the decision's snapshot current at once, and
// what is refused (bad keys, unknown values, unknown subscriber, oversized,
// nothing to update, Create).
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "common/clock.h"
#include "mgmt/dispatcher.h"

namespace cmr::mgmt {
namespace {

class temp_dir {
public:
  temp_dir() {
    std::string t = (std::filesystem::temp_directory_path() / "cmr-mgmt-pc-XXXXXX").string();
    path_ = ::mkdtemp(t.data());
  }
  ~temp_dir() { std::filesystem::remove_all(path_); }
  [[nodiscard]] std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
  std::string path_;
};

const std::string ns = "xmlns=\"urn:oma:xml:CMR:messages:1.0\"";

bool has(const cmr_reply& r, const std::string& text) { return r.body.find(text) != std::string::npos; }
bool json_code(const cmr_reply& r, int code) { return has(r, "\"StatusCode\": " + std::to_string(code)); }
bool xml_code(const cmr_reply& r, int code) {
  return has(r, "<StatusCode>" + std::to_string(code) + "</StatusCode>");
}

class presentation_control_test : public ::testing::Test {
protected:
  void SetUp() override {
    store::open_options o;
    o.path = dir_.file("cmr.db");
    auto s = store::store::open(o);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    handler_options h;
    h.presentation_defaults.copy_keys = "*";
    h.presentation_defaults.skip_keys = "#";
    h.presentation_defaults.stop_keys = "0";
    d_ = std::make_unique<dispatcher>(*store_, clock_, std::vector<access_token>{{"t-portal", role_portal, ""}},
                                      std::move(h));
    ASSERT_TRUE(json_code(json("ServiceSubscription", R"({"OperationType":2,"SubscriberId":"4917000001"})"), 0));
  }
  void TearDown() override { d_.reset(); }

  cmr_reply json(const std::string& op, const std::string& body) const {
    return d_->handle({op, "application/json", "Bearer t-portal", body});
  }
  cmr_reply xml(const std::string& inner) const {
    return d_->handle({"PresentationControl", "application/xml", "Bearer t-portal",
                       "<PresentationControlRequest " + ns + ">" + inner + "</PresentationControlRequest>"});
  }
  cmr_reply pc(const std::string& members) const {
    return json("PresentationControl", R"({"SubscriberId":"4917000001",)" + members + "}");
  }

  temp_dir dir_;
  cmr::system_clock clock_;
  std::unique_ptr<store::store> store_;
  std::unique_ptr<dispatcher> d_;
};

TEST_F(presentation_control_test, json_system_then_own_then_reset) {
  auto q = pc(R"("OperationType":1)");
  ASSERT_TRUE(json_code(q, 0)) << q.body;
  EXPECT_TRUE(has(q, R"("Source": "system")")) << q.body;
  EXPECT_TRUE(has(q, R"("CopyKeys": "*")")) << q.body;
  EXPECT_TRUE(has(q, R"("ForwardedCall": "forwarded-party")")) << q.body;

  // A partial Update: what is left out keeps the value in force.
  auto u = pc(R"("OperationType":3,"CopyKeys":"*9","ForwardedCall":"stop","TransactionId":"pc-1")");
  ASSERT_TRUE(json_code(u, 0)) << u.body;
  EXPECT_TRUE(has(u, R"("Source": "subscriber")")) << u.body;
  q = pc(R"("OperationType":1)");
  EXPECT_TRUE(has(q, R"("Source": "subscriber")")) << q.body;
  EXPECT_TRUE(has(q, R"("CopyKeys": "*9")")) << q.body;
  EXPECT_TRUE(has(q, R"("SkipKeys": "#")")) << q.body;
  EXPECT_TRUE(has(q, R"("ForwardedCall": "stop")")) << q.body;
  EXPECT_TRUE(has(q, R"("NetworkAnnouncement": "stop")")) << q.body;
  // The decision's snapshot has them at once.
  auto snap = store_->snapshots().find_snapshot("4917000001");
  ASSERT_TRUE(snap && snap->controls());
  EXPECT_EQ(snap->controls()->explain(), "copy=*9 skip=# stop=0 forwarded=stop announcement=stop (subscriber)");
  // The same TransactionId again: 10011, nothing changed.
  EXPECT_TRUE(json_code(pc(R"("OperationType":3,"CopyKeys":"1","TransactionId":"pc-1")"), 10011));
  // No key for skipping: an empty string.
  ASSERT_TRUE(json_code(pc(R"("OperationType":3,"SkipKeys":"")"), 0));
  EXPECT_TRUE(has(pc(R"("OperationType":1)"), R"("SkipKeys": "")"));

  auto del = pc(R"("OperationType":4)");
  ASSERT_TRUE(json_code(del, 0)) << del.body;
  EXPECT_TRUE(has(del, R"("Source": "system")")) << del.body;
  EXPECT_FALSE(store_->snapshots().find_snapshot("4917000001")->controls());
  EXPECT_TRUE(has(pc(R"("OperationType":1)"), R"("CopyKeys": "*")"));
}

TEST_F(presentation_control_test, xml_update_and_query) {
  auto u = xml("<SubscriberId>4917000001</SubscriberId><OperationType>3</OperationType>"
               "<CopyKeys>#</CopyKeys><SkipKeys>*</SkipKeys><StopKeys>0</StopKeys>"
               "<ForwardedCall>continue</ForwardedCall><NetworkAnnouncement>continue</NetworkAnnouncement>");
  ASSERT_TRUE(xml_code(u, 0)) << u.body;
  auto q = xml("<SubscriberId>4917000001</SubscriberId><OperationType>1</OperationType>");
  ASSERT_TRUE(xml_code(q, 0)) << q.body;
  for (const char* e : {"<Source>subscriber</Source>", "<CopyKeys>#</CopyKeys>", "<SkipKeys>*</SkipKeys>",
                        "<ForwardedCall>continue</ForwardedCall>", "<NetworkAnnouncement>continue</NetworkAnnouncement>"})
    EXPECT_TRUE(has(q, e)) << e << " in " << q.body;
}

TEST_F(presentation_control_test, bad_input_is_refused_and_changes_nothing) {
  for (const char* bad : {R"("OperationType":3,"CopyKeys":"**")", R"("OperationType":3,"CopyKeys":"E")",
                          R"("OperationType":3,"StopKeys":"x")", R"("OperationType":3,"SkipKeys":"12345")",
                          R"("OperationType":3,"CopyKeys":"*****************************")",
                          R"("OperationType":3,"ForwardedCall":"sideways")",
                          R"("OperationType":3,"NetworkAnnouncement":"loud")",
                          R"("OperationType":3,"CopyKeys":5)",
                          R"("OperationType":3)",  // nothing to update
                          R"("OperationType":2,"CopyKeys":"*")", R"("OperationType":9)"}) {
    auto r = pc(bad);
    EXPECT_TRUE(json_code(r, 10007)) << bad << ": " << r.body;
  }
  // Keys valid one by one but the set refused as a whole is not half-applied.
  EXPECT_TRUE(json_code(pc(R"("OperationType":3,"CopyKeys":"1","StopKeys":"00")"), 10007));
  auto q = pc(R"("OperationType":1)");
  EXPECT_TRUE(has(q, R"("Source": "system")")) << q.body;
  EXPECT_FALSE(*store_->presentation_controls().get("4917000001"));

  auto xml_bad = xml("<SubscriberId>4917000001</SubscriberId><OperationType>3</OperationType>"
                     "<CopyKeys>A#*9D</CopyKeys>");
  EXPECT_TRUE(xml_code(xml_bad, 10007)) << xml_bad.body;
}

TEST_F(presentation_control_test, unknown_subscriber) {
  for (const char* op : {"1", "3", "4"}) {
    auto r = json("PresentationControl",
                  std::string(R"({"SubscriberId":"4917999999","CopyKeys":"*","OperationType":)") + op + "}");
    EXPECT_TRUE(json_code(r, 10004)) << op << ": " << r.body;
  }
  auto missing = json("PresentationControl", R"({"OperationType":1})");
  EXPECT_TRUE(json_code(missing, 10001) || json_code(missing, 10007)) << missing.body;
}

}  // namespace
}  // namespace cmr::mgmt
