// The on-line copy's per-call rules (common/ringback_control.h): keys to
// actions by the owner's or the system's controls, one copy per call, the
// offer for non-subscribers, a bounded number of keys, nothing after the
// call ended; key strings validated as CMR-6 and the config take them.
#include <gtest/gtest.h>

#include "common/ringback_control.h"

namespace cmr::ringback {
namespace {

TEST(RingbackControl, KeysMapToActions) {
  controls c;
  EXPECT_EQ(c.action_of('*'), key_action::copy);
  EXPECT_EQ(c.action_of('#'), key_action::skip);
  EXPECT_EQ(c.action_of('0'), key_action::stop);
  EXPECT_EQ(c.action_of('5'), key_action::none);
  EXPECT_EQ(c.action_of('\0'), key_action::none);
  c.copy_keys = "9";
  c.stop_keys = "";
  EXPECT_EQ(c.action_of('*'), key_action::none);
  EXPECT_EQ(c.action_of('9'), key_action::copy);
  EXPECT_EQ(c.action_of('0'), key_action::none);
  EXPECT_EQ(c.explain(), "copy=9 skip=# stop=- forwarded=forwarded-party announcement=stop (system)");
}

TEST(RingbackControl, ValidKeys) {
  EXPECT_TRUE(valid_keys(""));
  EXPECT_TRUE(valid_keys("*"));
  EXPECT_TRUE(valid_keys("0#AD"));
  EXPECT_FALSE(valid_keys("**"));
  EXPECT_FALSE(valid_keys("x"));
  EXPECT_FALSE(valid_keys("12345"));
  EXPECT_FALSE(valid_keys("a"));
}

TEST(RingbackControl, OneCopyPerCallAndNothingAfterTheEnd) {
  key_session s(controls{}, true);
  EXPECT_EQ(s.on_key('*'), key_session::step::copy);
  EXPECT_EQ(s.on_key('*'), key_session::step::copy_repeated);
  EXPECT_EQ(s.on_key('#'), key_session::step::skip);
  EXPECT_EQ(s.on_key('0'), key_session::step::stop);
  EXPECT_EQ(s.on_key('3'), key_session::step::ignore);
  EXPECT_TRUE(s.copy_asked());
  s.ended();
  EXPECT_EQ(s.on_key('*'), key_session::step::ignore);
  EXPECT_EQ(s.on_key('#'), key_session::step::ignore);
}

TEST(RingbackControl, NonSubscriberGetsTheOfferEachTime) {
  key_session s(controls{}, false);
  EXPECT_EQ(s.on_key('*'), key_session::step::offer);
  EXPECT_EQ(s.on_key('*'), key_session::step::offer);
  EXPECT_FALSE(s.copy_asked());
  EXPECT_EQ(prompt_for(copy_outcome::not_subscriber), prompt_kind::offer);
  EXPECT_EQ(prompt_for(copy_outcome::copied), prompt_kind::confirmed);
  EXPECT_EQ(prompt_for(copy_outcome::already_owned), prompt_kind::confirmed);
  EXPECT_EQ(prompt_for(copy_outcome::credit_refused), prompt_kind::refused);
  EXPECT_EQ(prompt_for(copy_outcome::privacy_refused), prompt_kind::refused);
}

TEST(RingbackControl, AFloodIsCutOffOnce) {
  key_session s(controls{}, true, 5);
  for (int i = 0; i < 5; ++i) EXPECT_NE(s.on_key('#'), key_session::step::flooded);
  EXPECT_EQ(s.on_key('*'), key_session::step::flooded);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(s.on_key('*'), key_session::step::ignore);
  EXPECT_FALSE(s.copy_asked());
}

}  // namespace
}  // namespace cmr::ringback
