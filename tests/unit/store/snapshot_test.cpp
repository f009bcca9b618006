// Snapshot content, invalidation after every kind of write, the caches, and
// readers running while a writer commits.
#include <atomic>
#include <mutex>
#include <thread>

#include "store/demo_catalogue.h"
#include "store_test_util.h"

namespace cmr::store {
namespace {

using testing::at;
using testing::box;
using testing::make_resource;
using testing::make_subscriber;
using testing::res;

class Snapshots : public ::testing::Test {
protected:
  void SetUp() override {
    s_ = testing::open_store(dir_.file("cmr.db"));
    ASSERT_TRUE(s_);
    ASSERT_TRUE(seed_demo_catalogue(*s_));
  }
  snapshot_ptr snap(const std::string& id) { return s_->snapshots().find_snapshot(id); }
  testing::temp_dir dir_;
  std::unique_ptr<store> s_;
};

TEST_F(Snapshots, DemoSubscriberContent) {
  auto cached = snap(k_demo_subscriber_a);
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->id(), k_demo_subscriber_a);
  EXPECT_EQ(cached->time_zone(), "Europe/Berlin");
  const auto expanded = cached->expand();
  const auto* a = &expanded;
  EXPECT_EQ(a->sub.id, k_demo_subscriber_a);
  EXPECT_TRUE(a->sub.cmrbt);
  EXPECT_EQ(a->sub.time_zone, "Europe/Berlin");
  const auto& bt = a->rules_for(service::cmrbt);
  ASSERT_EQ(bt.settings.size(), 5U);
  for (std::size_t i = 1; i < bt.settings.size(); ++i)
    EXPECT_LE(bt.settings[i - 1].priority, bt.settings[i].priority);
  EXPECT_EQ(bt.settings[0].type, presentation_type::group);
  EXPECT_EQ(bt.default1, std::vector<item_ref>{res("demo-ringback-1")});
  EXPECT_EQ(bt.default2, std::vector<item_ref>{box("demo-box-1")});
  ASSERT_EQ(a->groups.size(), 1U);
  EXPECT_EQ(a->groups[0].members,
            (std::vector<std::string>{"491700000002", "491700000003"}));
  EXPECT_EQ(a->library.size(), 4U);
  ASSERT_EQ(a->boxes.size(), 1U);
  EXPECT_EQ(a->boxes[0].resource_ids,
            (std::vector<std::string>{"demo-ringback-1", "demo-ringback-2"}));
  EXPECT_EQ(snap("0000"), nullptr);
  EXPECT_EQ(*s_->settings().system_default_resource(service::cmrt), "demo-system-default");
  // Seeding again changes nothing.
  ASSERT_TRUE(seed_demo_catalogue(*s_));
  EXPECT_EQ(*s_->subscribers().count(), 2);
}

TEST_F(Snapshots, SortedByPriorityThenType) {
  presentation_rule r;
  r.subscriber_id = k_demo_subscriber_b;
  r.svc = service::cmrt;
  r.settings = {{presentation_type::location, 1, {}},
                {presentation_type::time, 1, {}},
                {presentation_type::date, 0, {}},
                {presentation_type::group, 1, {}}};
  ASSERT_TRUE(s_->presentation_rules().replace(r));
  auto b = snap(k_demo_subscriber_b);
  ASSERT_TRUE(b);
  const auto expanded = b->expand();
  const auto& s = expanded.rules_for(service::cmrt).settings;
  ASSERT_EQ(s.size(), 4U);
  EXPECT_EQ(s[0].type, presentation_type::date);
  EXPECT_EQ(s[1].type, presentation_type::group);
  EXPECT_EQ(s[2].type, presentation_type::time);
  EXPECT_EQ(s[3].type, presentation_type::location);
}

TEST_F(Snapshots, CachedUntilAWriteTouchesTheSubscriber) {
  const std::string a = k_demo_subscriber_a;
  auto first = snap(a);
  EXPECT_EQ(snap(a), first);  // same object: served from the cache
  // Each kind of write replaces the snapshot.
  const std::vector<std::pair<const char*, std::function<bool()>>> writes = {
      {"presence", [&] { return s_->subscribers().set_presence(a, "busy").has_value(); }},
      {"location", [&] { return s_->subscribers().set_location(a, "office").has_value(); }},
      {"status",
       [&] { return s_->subscribers().set_status(a, subscriber_status::suspended).has_value(); }},
      {"group", [&] { return s_->groups().create_group({a, "7", "new"}).has_value(); }},
      {"member", [&] { return s_->groups().add_member(a, "7", {"4999", ""}).has_value(); }},
      {"member nickname", [&] { return s_->groups().update_member(a, "7", {"4999", "n"}).has_value(); }},
      {"member removal", [&] { return s_->groups().remove_member(a, "7", "4999").has_value(); }},
      {"group removal", [&] { return s_->groups().remove_group(a, "7").has_value(); }},
      {"rule", [&] {
         return s_->presentation_rules()
             .replace({a, service::cmrt, {}, {res("demo-ringback-3")}, {}})
             .has_value();
       }},
      {"library", [&] {
         return s_->library()
             .add({0, a, res("demo-image-1"), at(1), std::nullopt, library_origin::copy, "B"})
             .has_value();
       }},
      {"renew", [&] { return s_->library().renew(a, res("demo-image-1"), at(99)).has_value(); }},
      {"box", [&] {
         return s_->boxes()
             .update({"demo-box-1", a, "Fav", play_mode::random, {"demo-ringback-3"}})
             .has_value();
       }},
      {"charge", [&] {
         return s_->subscribers()
             .add_charge({0, at(1), "subscribe", a, "", "demo-ringback-1", 5, "t", ""})
             .has_value();
       }},
      {"resource removal", [&] { return s_->resources().remove("demo-image-1").has_value(); }},
  };
  auto before = snap(a);
  for (const auto& [what, write] : writes) {
    ASSERT_TRUE(write()) << what;
    auto after = snap(a);
    ASSERT_TRUE(after) << what;
    EXPECT_NE(after, before) << what << " did not invalidate";
    before = after;
  }
  const auto last_expanded = snap(a)->expand();
  const auto* last = &last_expanded;
  EXPECT_EQ(last->sub.presence, "busy");
  EXPECT_EQ(last->sub.status, subscriber_status::suspended);
  EXPECT_EQ(last->sub.charged, 5);
  EXPECT_EQ(last->boxes[0].resource_ids, std::vector<std::string>{"demo-ringback-3"});
  EXPECT_EQ(last->rules_for(service::cmrt).default1, std::vector<item_ref>{res("demo-ringback-3")});

  // A box used by another subscriber's rules invalidates that subscriber too.
  const std::string b = k_demo_subscriber_b;
  ASSERT_TRUE(s_->presentation_rules().replace({b, service::cmrbt, {}, {}, {box("demo-box-1")}}));
  auto sb = snap(b);
  ASSERT_EQ(sb->boxes().size(), 1U);  // referenced, not owned
  ASSERT_TRUE(s_->boxes().update({"demo-box-1", a, "Fav", play_mode::sequential, {"demo-ringback-2"}}));
  auto sb2 = snap(b);
  EXPECT_NE(sb2, sb);
  EXPECT_EQ(sb2->expand().boxes[0].resource_ids, std::vector<std::string>{"demo-ringback-2"});

  // A new subscriber replaces the cached "no such subscriber"; a removed one
  // disappears.
  EXPECT_EQ(snap("4900"), nullptr);
  ASSERT_TRUE(s_->subscribers().create(make_subscriber("4900")));
  EXPECT_NE(snap("4900"), nullptr);
  ASSERT_TRUE(s_->subscribers().remove("4900"));
  EXPECT_EQ(snap("4900"), nullptr);
}

TEST_F(Snapshots, InvalidationWaitsForTheOuterCommit) {
  const std::string a = k_demo_subscriber_a;
  auto before = snap(a);
  {
    auto tx = s_->begin();
    ASSERT_TRUE(tx);
    ASSERT_TRUE(s_->subscribers().set_presence(a, "dnd"));
    // Not yet committed: readers still see (and may cache) the old state.
    EXPECT_EQ(snap(a)->presence(), "available");
    ASSERT_TRUE(tx->commit());
  }
  EXPECT_EQ(snap(a)->presence(), "dnd");
}

TEST_F(Snapshots, ResourceCatalogueCacheFollowsWrites) {
  auto& cat = s_->resource_catalogue();
  auto r = cat.find_resource("demo-ringback-1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->announcement_id, 1001);
  EXPECT_EQ(cat.find_resource("demo-ringback-1"), r);
  EXPECT_EQ(cat.find_resource("none"), nullptr);
  auto changed = *r;
  changed.status = resource_status::inactive;
  ASSERT_TRUE(s_->resources().update(changed));
  EXPECT_EQ(cat.find_resource("demo-ringback-1")->status, resource_status::inactive);
  ASSERT_TRUE(s_->resources().create(make_resource("none")));
  EXPECT_NE(cat.find_resource("none"), nullptr);
  ASSERT_TRUE(s_->resources().remove("none"));
  EXPECT_EQ(cat.find_resource("none"), nullptr);
}

TEST(SnapshotCache, BoundedWithClockEviction) {
  testing::temp_dir dir;
  // Capacity 64 over 64 shards: one entry per shard plus the headroom a
  // shard gets (sharded_cache::shard_capacity: 1 + 4 sqrt(1), + 1 = 6).
  auto s = testing::open_store(dir.file("cmr.db"), 64);
  ASSERT_TRUE(s);
  for (int i = 0; i < 500; ++i)
    ASSERT_TRUE(s->subscribers().create(make_subscriber("49" + std::to_string(i))));
  for (int i = 0; i < 500; ++i) {
    auto p = s->snapshots().find_snapshot("49" + std::to_string(i));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->id(), "49" + std::to_string(i));
  }
  EXPECT_LE(s->snapshot_cache_impl().size(), 64U * 6U);
  EXPECT_LT(s->snapshot_cache_impl().size(), 500U);  // it evicted
}

TEST(SnapshotConcurrency, ReadersSeeEveryCommittedWrite) {
  testing::temp_dir dir;
  auto s = testing::open_store(dir.file("cmr.db"));
  ASSERT_TRUE(s);
  ASSERT_TRUE(seed_demo_catalogue(*s));
  const std::string a = k_demo_subscriber_a;
  ASSERT_TRUE(s->subscribers().set_location(a, "-1"));
  std::atomic<bool> stop{false};
  std::atomic<int> committed{-1};
  std::atomic<int> reads{0};
  std::atomic<bool> went_back{false};
  std::atomic<int> lost_other{0};  // the other subscriber's snapshot missing
  std::mutex why_mutex;
  std::string why;  // the first violation, for the failure message
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t)
    readers.emplace_back([&] {
      int last_seen = -1;
      while (!stop.load()) {
        const int floor = committed.load();  // committed before this read began
        auto p = s->snapshots().find_snapshot(a);
        if (!p) continue;
        const int seen = std::stoi(std::string(p->location()));
        if (seen < floor || seen < last_seen) {
          const std::lock_guard lk(why_mutex);
          if (!went_back.exchange(true))
            why = "saw " + std::to_string(seen) + " after committed " + std::to_string(floor) +
                  " / last seen " + std::to_string(last_seen);
        }
        last_seen = seen;
        ++reads;
        auto other = s->snapshots().find_snapshot(k_demo_subscriber_b);
        if (!other || other->id() != k_demo_subscriber_b) ++lost_other;
      }
    });
  while (reads.load() < 4) std::this_thread::yield();  // readers are running
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(s->subscribers().set_location(a, std::to_string(i)));
    committed = i;
    if (i % 20 == 0) {
      ASSERT_TRUE(s->groups().add_member(a, "1", {"4980" + std::to_string(i), ""}));
    }
  }
  stop = true;
  for (auto& r : readers) r.join();
  EXPECT_FALSE(went_back) << "a reader saw an older state than one already committed: " << why;
  EXPECT_EQ(lost_other.load(), 0) << "the untouched subscriber's snapshot could not be read";
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(s->snapshots().find_snapshot(a)->location(), "199");
  EXPECT_EQ(s->snapshots().find_snapshot(a)->expand().groups[0].members.size(), 12U);
}

}  // namespace
}  // namespace cmr::store
