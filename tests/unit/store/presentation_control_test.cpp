// CMR-6 PresentationControl in the store: the repository (set, replace,
// reset, unknown subscriber, bad keys, deleted with the subscriber) and the
// owner's settings in the snapshot a call's decision reads, current right
// after the write's commit, in both the plain and the compact form.
#include <gtest/gtest.h>

#include "store_test_util.h"

namespace cmr::store {
namespace {

using namespace testing;
using ringback::announcement_policy;
using ringback::forward_policy;

ringback::controls own_controls() {
  ringback::controls c;
  c.copy_keys = "*1";
  c.skip_keys = "";
  c.stop_keys = "0#";
  c.on_forward = forward_policy::continue_owner;
  c.on_announcement = announcement_policy::continue_ringback;
  return c;
}

class presentation_control_test : public ::testing::Test {
protected:
  void SetUp() override {
    s_ = open_store(dir_.file("cmr.db"));
    ASSERT_TRUE(s_);
    ASSERT_TRUE(s_->subscribers().create(make_subscriber("4911")));
  }
  temp_dir dir_;
  std::unique_ptr<store> s_;
};

TEST_F(presentation_control_test, none_until_set_then_replaced_then_reset) {
  auto& repo = s_->presentation_controls();
  auto none = repo.get("4911");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  ASSERT_TRUE(repo.set("4911", own_controls()));
  auto got = repo.get("4911");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->explain(), "copy=*1 skip=- stop=0# forwarded=continue announcement=continue (subscriber)");
  auto c = own_controls();
  c.copy_keys = "9";
  c.on_forward = forward_policy::stop;
  ASSERT_TRUE(repo.set("4911", c));
  EXPECT_EQ((*repo.get("4911"))->explain(), "copy=9 skip=- stop=0# forwarded=stop announcement=continue (subscriber)");
  ASSERT_TRUE(repo.remove("4911"));
  EXPECT_FALSE(*repo.get("4911"));
  EXPECT_TRUE(repo.remove("4911"));  // nothing left to reset: fine
}

TEST_F(presentation_control_test, unknown_subscriber_and_bad_keys) {
  auto& repo = s_->presentation_controls();
  EXPECT_EQ(repo.get("4999").error().what, error::code::not_found);
  EXPECT_EQ(repo.set("4999", own_controls()).error().what, error::code::not_found);
  EXPECT_EQ(repo.remove("4999").error().what, error::code::not_found);
  for (const char* bad : {"**", "12345", "E", "x", " "}) {
    auto c = own_controls();
    c.skip_keys = bad;
    EXPECT_EQ(repo.set("4911", c).error().what, error::code::constraint) << bad;
  }
  EXPECT_FALSE(*repo.get("4911"));  // nothing stored by the refusals
}

TEST_F(presentation_control_test, deleted_with_the_subscriber) {
  ASSERT_TRUE(s_->presentation_controls().set("4911", own_controls()));
  ASSERT_TRUE(s_->subscribers().remove("4911"));
  ASSERT_TRUE(s_->subscribers().create(make_subscriber("4911")));
  EXPECT_FALSE(*s_->presentation_controls().get("4911"));
}

TEST_F(presentation_control_test, snapshot_carries_the_owners_settings_at_once) {
  auto before = s_->snapshots().find_snapshot("4911");  // cached now
  ASSERT_TRUE(before);
  EXPECT_FALSE(before->controls());
  ASSERT_TRUE(s_->presentation_controls().set("4911", own_controls()));
  auto after = s_->snapshots().find_snapshot("4911");
  ASSERT_TRUE(after);
  ASSERT_TRUE(after->controls());
  EXPECT_EQ(after->controls()->explain(),
            "copy=*1 skip=- stop=0# forwarded=continue announcement=continue (subscriber)");
  // The plain form round-trips it (and its absence).
  const subscriber_snapshot plain = after->expand();
  ASSERT_TRUE(plain.controls);
  EXPECT_EQ(plain.controls->copy_keys, "*1");
  EXPECT_EQ(plain.controls->stop_keys, "0#");
  EXPECT_TRUE(plain.controls->from_subscriber);
  EXPECT_EQ(compact(plain)->controls()->explain(), after->controls()->explain());
  ASSERT_TRUE(s_->presentation_controls().remove("4911"));
  EXPECT_FALSE(s_->snapshots().find_snapshot("4911")->controls());
  EXPECT_FALSE(s_->snapshots().find_snapshot("4911")->expand().controls);
}

}  // namespace
}  // namespace cmr::store
