// Snapshot misses off the caller's thread (store/async_loader.h,
// decision_engine::decide_or_defer) over a real store: a cached owner is
// decided at once, a miss comes back on a loader thread with the decision
// decide() would make, waits for one owner share one load, stop() drops
// what is queued and runs no callback afterwards. Labelled "threads": the
// TSan preset runs it too.
#include "store/async_loader.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "store/decision_engine.h"
#include "tests/unit/store/store_test_util.h"

namespace cmr::store {
namespace {

using namespace std::chrono_literals;
using testing::make_resource;
using testing::make_subscriber;
using testing::res;

std::string owner_id(int i) {
  return "4917000" + std::to_string(10000 + i);
}

// Owners with both resources in their library, whose CMRBT default is
// "tone" (even) or "chime" (odd).
class async_loader_test : public ::testing::Test {
protected:
  static constexpr int owners = 200;

  void SetUp() override {
    s_ = testing::open_store(dir_.file("cmr.db"), 1000);
    ASSERT_TRUE(s_);
    auto tx = s_->begin();
    ASSERT_TRUE(tx);
    ASSERT_TRUE(s_->resources().create(make_resource("tone", 1)));
    ASSERT_TRUE(s_->resources().create(make_resource("chime", 2)));
    for (int i = 0; i < owners; ++i) {
      const std::string id = owner_id(i);
      ASSERT_TRUE(s_->subscribers().create(make_subscriber(id)));
      const char* r = i % 2 == 0 ? "tone" : "chime";
      for (const char* in_library : {"tone", "chime"}) {
        library_entry e;
        e.subscriber_id = id;
        e.item = res(in_library);
        e.subscribed_at = testing::at(1700000000);
        ASSERT_TRUE(s_->library().add(e));
      }
      presentation_rule rule;
      rule.subscriber_id = id;
      rule.svc = service::cmrbt;
      rule.default2 = {res(r)};
      ASSERT_TRUE(s_->presentation_rules().replace(rule));
    }
    ASSERT_TRUE(tx->commit());
    engine_.emplace(s_->snapshots(), s_->resource_catalogue(), clk_, rotation_, system_defaults{});
    engine_->set_loader(&s_->snapshot_loader());
  }
  void TearDown() override {
    if (s_) s_->snapshot_loader().stop();
  }

  // Waits for a deferred decision; nullopt after 5 s.
  struct waiter {
    std::mutex mu;
    std::condition_variable cv;
    std::optional<decision> got;
    std::thread::id on;
    decision_port::decided_fn fn() {
      return [this](decision d) {
        const std::lock_guard lock(mu);
        got = std::move(d);
        on = std::this_thread::get_id();
        cv.notify_all();
      };
    }
    bool wait() {
      std::unique_lock lock(mu);
      return cv.wait_for(lock, 5s, [this] { return got.has_value(); });
    }
  };

  testing::temp_dir dir_;
  std::unique_ptr<store> s_;
  system_clock clk_;
  rotation_state rotation_;
  std::optional<decision_engine> engine_;
};

const char* resource_of(const decision& d) {
  return d.resource ? d.resource->id.c_str() : "-";
}

TEST_F(async_loader_test, MissComesBackOnALoaderThreadThenTheOwnerIsCached) {
  const std::string owner = owner_id(3);
  waiter w;
  auto now = engine_->decide_or_defer({owner, service::cmrbt, "", media_set::cs()}, w.fn());
  EXPECT_FALSE(now.has_value()) << "a restarted store has no snapshot in memory";
  ASSERT_TRUE(w.wait());
  EXPECT_NE(w.on, std::this_thread::get_id());
  EXPECT_STREQ(resource_of(*w.got), "chime") << w.got->explain();
  EXPECT_EQ(s_->snapshot_loader().loads(), 1U);

  waiter unused;
  auto again = engine_->decide_or_defer({owner, service::cmrbt, "", media_set::cs()}, unused.fn());
  ASSERT_TRUE(again.has_value()) << "the load left the snapshot in the cache";
  EXPECT_STREQ(resource_of(*again), "chime");
  EXPECT_EQ(s_->snapshot_loader().loads(), 1U);
  // The same decision as the synchronous path.
  EXPECT_STREQ(resource_of(engine_->decide(owner, service::cmrbt, "", media_set::cs())), "chime");
}

TEST_F(async_loader_test, UnknownOwnerIsDecidedAsNothing) {
  waiter w;
  EXPECT_FALSE(
      engine_->decide_or_defer({"4900000000000", service::cmrbt, "", media_set::cs()}, w.fn()));
  ASSERT_TRUE(w.wait());
  EXPECT_FALSE(w.got->resource) << w.got->explain();
}

TEST_F(async_loader_test, WaitsForOneOwnerShareOneLoad) {
  // Many calls for the same owner, from several threads at once: every one
  // gets its decision, the store is read at most a few times (once per
  // load in flight when the others arrive), never once per call.
  const std::string owner = owner_id(8);
  constexpr int per_thread = 50;
  std::atomic<int> decided{0}, tone{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 4; ++t)
    callers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i) {
        auto d = engine_->decide_or_defer({owner, service::cmrbt, "", media_set::cs()},
                                          [&](decision late) {
                                            if (late.resource && late.resource->id == "tone")
                                              ++tone;
                                            ++decided;
                                          });
        if (d) {
          if (d->resource && d->resource->id == "tone") ++tone;
          ++decided;
        }
      }
    });
  for (auto& c : callers) c.join();
  for (int i = 0; i < 500 && decided.load() < 4 * per_thread; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(decided.load(), 4 * per_thread);
  EXPECT_EQ(tone.load(), 4 * per_thread);
  // A caller that missed the cache just before the load finished and asks
  // the loader just after it delivered starts one more load: at most one
  // per caller thread beyond the first, never one per call.
  EXPECT_GE(s_->snapshot_loader().loads(), 1U);
  EXPECT_LE(s_->snapshot_loader().loads(), 5U);
  EXPECT_EQ(s_->snapshot_loader().queued(), 0U);
}

TEST_F(async_loader_test, ConcurrentMissesAndCommitsStayConsistent) {
  // Two threads ask for every owner in turn while a writer switches every
  // owner's default between the two resources: each decision names one of
  // the owner's own resources, every deferred one arrives, and once the
  // writer is done the answers are the committed state.
  std::atomic<int> asked{0}, answered{0}, wrong{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> callers;
  for (int t = 0; t < 2; ++t)
    callers.emplace_back([&, t] {
      for (int i = t; !stop.load(); i = (i + 7) % owners) {
        ++asked;
        auto check = [&](const decision& d) {
          if (!d.resource || (d.resource->id != "tone" && d.resource->id != "chime")) ++wrong;
          ++answered;
        };
        auto d =
            engine_->decide_or_defer({owner_id(i), service::cmrbt, "", media_set::cs()}, check);
        if (d) check(*d);
        if (asked.load() > 20000) break;
      }
    });
  for (int round = 0; round < 10; ++round) {
    auto tx = s_->begin();
    ASSERT_TRUE(tx);
    for (int i = 0; i < owners; i += 3) {
      presentation_rule rule;
      rule.subscriber_id = owner_id(i);
      rule.svc = service::cmrbt;
      rule.default2 = {res((round + i) % 2 == 0 ? "tone" : "chime")};
      ASSERT_TRUE(s_->presentation_rules().replace(rule));
    }
    ASSERT_TRUE(tx->commit());
    std::this_thread::sleep_for(5ms);
  }
  stop = true;
  for (auto& c : callers) c.join();
  for (int i = 0; i < 500 && answered.load() < asked.load(); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(answered.load(), asked.load());
  EXPECT_EQ(wrong.load(), 0);
  // After the last commit: owner 0 (round 9, i 0) presents chime.
  waiter w;
  auto d = engine_->decide_or_defer({owner_id(0), service::cmrbt, "", media_set::cs()}, w.fn());
  if (!d) {
    ASSERT_TRUE(w.wait());
    d = w.got;
  }
  EXPECT_STREQ(resource_of(*d), "chime") << d->explain();
}

TEST_F(async_loader_test, StopDropsWhatIsQueuedAndCallsNothingAfterwards) {
  std::atomic<int> after_stop{0};
  std::atomic<bool> stopped{false};
  for (int i = 0; i < owners; ++i)
    (void)engine_->decide_or_defer({owner_id(i), service::cmrbt, "", media_set::cs()},
                                   [&](decision) {
                                     if (stopped.load()) ++after_stop;
                                   });
  s_->snapshot_loader().stop();
  stopped = true;
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(after_stop.load(), 0);
  EXPECT_EQ(s_->snapshot_loader().queued(), 0U);
  // A miss after stop() is dropped, not run on the caller's thread.
  bool called = false;
  auto d = engine_->decide_or_defer({owner_id(owners - 1), service::cmrbt, "", media_set::cs()},
                                    [&](decision) { called = true; });
  if (!d) {
    std::this_thread::sleep_for(20ms);
    EXPECT_FALSE(called);
  }
}

}  // namespace
}  // namespace cmr::store
