// decision_engine: snapshot lookup, the injected clock, self-contained
// decisions, system default updates, and the rotation state under threads.
#include "store/decision_engine.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "decide_fixture.h"
#include "common/clock.h"

namespace cmr::store {
namespace {

using namespace test;
using pt = presentation_type;
using why = decision::reason;

class engine_test : public ::testing::Test {
protected:
  engine_test() {
    resources.add("day");
    resources.add("night");
    resources.add("sys");
    resources.add("film", media_type::video);
    subscriber_snapshot s = owner("4911", "Asia/Tokyo");
    own(s, res("day"));
    own(s, res("night"));
    own(s, res("film"));
    s.rules[0].settings = {setting(pt::time, 0,
                                   {{"08:00-20:00", {res("film"), res("day")}},
                                    {"20:00-08:00", {res("night")}}})};
    snapshots.put(s);
  }

  map_resources resources;
  map_snapshots snapshots;
  manual_clock clock{utc(2024, 3, 8, 0)};  // 09:00 in Tokyo
  scripted_random random{{0}};
  rotation_state rotation{random};
  decision_engine engine{snapshots, resources, clock, rotation, system_defaults{.cmrbt = "sys", .cmrt = "", .controls = {}}};
};

TEST_F(engine_test, reads_the_clock_and_the_owners_zone) {
  decision d = engine.decide("4911", service::cmrbt, "4922", media_set::cs());
  EXPECT_EQ(d.why, why::rule);
  EXPECT_EQ(d.resource->id, "day");
  EXPECT_EQ(d.local.seconds_of_day, 9 * 3600);
  clock.advance(std::chrono::hours(12));  // 21:00 in Tokyo
  d = engine.decide("4911", service::cmrbt, "4922", media_set::cs());
  EXPECT_EQ(d.resource->id, "night");
  EXPECT_NE(d.explain().find("condition \"20:00-08:00\""), std::string::npos) << d.explain();
}

TEST_F(engine_test, sip_path_may_carry_video) {
  const decision d =
      engine.decide("4911", service::cmrbt, "", media_set::cs().with(media_type::video));
  EXPECT_EQ(d.resource->id, "film");
}

TEST_F(engine_test, unknown_owner_is_not_found) {
  const decision d = engine.decide("4999", service::cmrbt, "4922", media_set::cs());
  EXPECT_EQ(d.why, why::not_found);
  EXPECT_FALSE(d.resource);
  EXPECT_EQ(d.explain(), "owner 4999 CMRBT: unknown subscriber: nothing");
}

TEST_F(engine_test, decision_outlives_the_snapshot_it_was_made_from) {
  decision d = engine.decide("4911", service::cmrbt, "", media_set::cs());
  // Replace the owner's snapshot: the decision still holds the old one.
  subscriber_snapshot other = owner("4911");
  snapshots.put(other);
  EXPECT_EQ(d.snapshot_hold->time_zone(), "Asia/Tokyo");
  EXPECT_NE(d.explain().find("(Asia/Tokyo)"), std::string::npos);
  d = engine.decide("4911", service::cmrbt, "", media_set::cs());
  EXPECT_EQ(d.why, why::system_default);  // the new snapshot has no rules
  EXPECT_NE(d.explain().find("system default -> resource \"sys\""), std::string::npos);
}

TEST_F(engine_test, system_defaults_can_be_replaced) {
  snapshots.put(owner("4911"));
  EXPECT_EQ(engine.decide("4911", service::cmrt, "", media_set::cs()).why, why::nothing);
  engine.set_system_defaults(system_defaults{.cmrbt = "sys", .cmrt = "day", .controls = {}});
  const decision d = engine.decide("4911", service::cmrt, "", media_set::cs());
  EXPECT_EQ(d.why, why::system_default);
  EXPECT_EQ(d.resource->id, "day");
  EXPECT_EQ(engine.current_system_defaults()->cmrt, "day");
}

TEST(rotation_state, concurrent_sequential_walks_claim_distinct_slots) {
  rotation_state rotation;
  constexpr int threads = 4;
  constexpr int per_thread = 1000;
  std::vector<std::vector<std::size_t>> seen(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i)
        seen[static_cast<std::size_t>(t)].push_back(
            rotation.begin("4911", "box", play_mode::sequential, 1000000).start);
    });
  }
  for (auto& th : pool) th.join();
  std::set<std::size_t> all;
  for (const auto& v : seen) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(threads * per_thread));
  // Another owner's counter is untouched.
  EXPECT_EQ(rotation.begin("4922", "box", play_mode::sequential, 10).start, 0U);
}

TEST(rotation_state, random_mode_stays_in_range) {
  rotation_state rotation;
  for (int i = 0; i < 1000; ++i) {
    const auto w = rotation.begin("4911", "box", play_mode::random, 7);
    EXPECT_LT(w.start, 7U);
    EXPECT_EQ(w.counter, nullptr);
  }
}

}  // namespace
}  // namespace cmr::store
