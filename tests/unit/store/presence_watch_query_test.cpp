// The presence watcher's question to the store (store/presence_watch_query.h):
// the subscribers with a Presence or Location setting, on a reader view.
#include <gtest/gtest.h>

#include "store/demo_catalogue.h"
#include "store/presence_watch_query.h"
#include "tests/unit/store/store_test_util.h"

namespace cmr::store {
namespace {

TEST(PresenceWatchQuery, SubscribersWithPresenceOrLocationSettings) {
  testing::temp_dir dir;
  auto s = testing::open_store(dir.file("cmr.db"));
  ASSERT_TRUE(s);
  ASSERT_TRUE(seed_demo_catalogue(*s));
  auto reader = store::open_reader(dir.file("cmr.db"));
  ASSERT_TRUE(reader);
  presence_watch_query q((*reader)->connection());
  // The demo owner A has Presence and Location rules (both services); B has none.
  auto ids = q.subscribers();
  ASSERT_TRUE(ids);
  EXPECT_EQ(*ids, std::vector<std::string>{k_demo_subscriber_a});

  presentation_rule rule;
  rule.subscriber_id = k_demo_subscriber_b;
  rule.svc = service::cmrt;
  rule.settings = {{presentation_type::location, 0, {{"DE/Bayern", {{item_ref::kind::resource, "demo-ringback-1"}}}}}};
  ASSERT_TRUE(s->presentation_rules().replace(rule));
  ids = q.subscribers();
  ASSERT_TRUE(ids);
  EXPECT_EQ(*ids, (std::vector<std::string>{k_demo_subscriber_a, k_demo_subscriber_b}));

  // Only a Time setting left: no longer watched.
  rule.settings = {{presentation_type::time, 0, {{"09:00-17:00", {{item_ref::kind::resource, "demo-ringback-1"}}}}}};
  ASSERT_TRUE(s->presentation_rules().replace(rule));
  ids = q.subscribers();
  ASSERT_TRUE(ids);
  EXPECT_EQ(*ids, std::vector<std::string>{k_demo_subscriber_a});
}

}  // namespace
}  // namespace cmr::store
