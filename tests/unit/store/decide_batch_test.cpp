// decision_engine::decide_many over the real store: on a randomized store
// (groups, boxes in both play modes, expired and inactive resources, every
// presentation type, malformed conditions, suspended and unsubscribed owners,
// unknown owners) a batch gives exactly the decisions that calling decide()
// one by one gives, with cache misses, evictions and loads from SQLite mixed
// in, with the cache disabled, and while another thread commits writes that
// invalidate the snapshots being decided.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "store/decision_engine.h"
#include "store/random_source.h"
#include "store_test_util.h"

namespace cmr::store {
namespace {

using testing::at;
using testing::box;
using testing::res;

constexpr int k_resources = 12;  // r9 inactive, r10 expired, r11 video
constexpr int k_parties = 30;    // the pool group members and callers come from

std::string rid(int i) { return "r" + std::to_string(i); }
std::string party_number(int i) { return "4917" + std::to_string(100000 + i); }
std::string owner_id(int i) { return "4930" + std::to_string(100000 + i); }

// A deterministic random source: two engines given equal seeds draw the same
// box starting points.
class seeded_random final : public random_source {
public:
  explicit seeded_random(std::uint64_t seed) : rng_(seed) {}
  [[nodiscard]] std::uint64_t below(std::uint64_t bound) override { return rng_() % bound; }

private:
  std::mt19937_64 rng_;
};

class random_store {
public:
  explicit random_store(std::uint32_t seed) : rng_(seed) {}

  void fill(store& s, int owners) {
    for (int i = 0; i < k_resources; ++i) {
      resource r = testing::make_resource(rid(i), 100 + i);
      if (i == 9) r.status = resource_status::inactive;
      if (i == 10) r.expires_at = at(1600000000);
      if (i == 11) r.type = media_type::video;
      ASSERT_TRUE(s.resources().create(r));
    }
    for (int i = 0; i < owners; ++i) add_owner(s, owner_id(i));
  }

  void add_owner(store& s, const std::string& id) {
    subscriber sub = testing::make_subscriber(id);
    sub.cmrbt = chance(90);
    sub.cmrt = chance(70);
    if (chance(5)) sub.status = subscriber_status::suspended;
    sub.time_zone = pick<std::string>({"Europe/Berlin", "UTC", "Asia/Tokyo", "UTC+05:30", "Bogus/Zone"});
    sub.presence = pick<std::string>({"available", "busy", ""});
    sub.location = pick<std::string>({"home", "office/2", "DE/Berlin/Mitte"});
    ASSERT_TRUE(s.subscribers().create(sub));

    std::vector<std::string> boxes;
    for (int b = 0, nb = below(3); b < nb; ++b) {
      resource_box rb;
      rb.id = id + "-box" + std::to_string(b);
      rb.owner_id = id;
      rb.name = "box";
      rb.mode = chance(50) ? play_mode::sequential : play_mode::random;
      for (int m = 0, nm = below(5); m < nm; ++m) rb.resource_ids.push_back(rid(below(k_resources)));
      ASSERT_TRUE(s.boxes().create(rb)) << rb.id;
      boxes.push_back(rb.id);
    }
    for (int r = 0; r < k_resources; ++r) {
      if (!chance(60)) continue;
      library_entry e;
      e.subscriber_id = id;
      e.item = res(rid(r));
      e.subscribed_at = at(1700000000);
      if (chance(15)) e.expires_at = at(1700000001);
      ASSERT_TRUE(s.library().add(e));
    }
    for (const auto& b : boxes) {
      if (!chance(70)) continue;
      library_entry e;
      e.subscriber_id = id;
      e.item = box(b);
      e.subscribed_at = at(1700000000);
      ASSERT_TRUE(s.library().add(e));
    }
    std::vector<std::string> groups;
    for (int g = 0, ng = below(4); g < ng; ++g) {
      const std::string gid = std::to_string(g + 1);
      ASSERT_TRUE(s.groups().create_group({id, gid, "g"}));
      for (int m = 0, nm = below(11); m < nm; ++m)
        (void)s.groups().add_member(id, gid, {party_number(below(k_parties)), ""});  // dups refused
      groups.push_back(gid);
    }
    for (const service svc : {service::cmrbt, service::cmrt}) {
      presentation_rule rule;
      rule.subscriber_id = id;
      rule.svc = svc;
      for (int k = 0, nk = below(6); k < nk; ++k) {
        preference_setting st;
        st.type = static_cast<presentation_type>(below(5));
        st.priority = below(4);
        for (int r = 0, nr = 1 + below(2); r < nr; ++r)
          st.rules.push_back({condition(st.type), items(boxes)});
        // One setting per (type, priority) is what the interface stores.
        bool dup = false;
        for (const auto& o : rule.settings) dup = dup || (o.type == st.type && o.priority == st.priority);
        if (!dup) rule.settings.push_back(std::move(st));
      }
      rule.default1 = items(boxes);
      rule.default2 = items(boxes);
      const auto stored = s.presentation_rules().replace(rule);
      ASSERT_TRUE(stored) << id << ": " << stored.error().message;
    }
  }

  int below(int n) { return static_cast<int>(rng_() % static_cast<std::uint32_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }
  template <class T>
  T pick(std::initializer_list<T> v) {
    return *(v.begin() + below(static_cast<int>(v.size())));
  }

  std::string condition(presentation_type t) {
    switch (t) {
      case presentation_type::group:
        return std::to_string(1 + below(4));  // group 4 never exists
      case presentation_type::time:
        return pick<std::string>({"08:00-18:00", "18:00-08:00", "09:00-17:00;Mon-Fri", "00:00-00:00",
                                  "25:00-26:00"});  // malformed: never matches
      case presentation_type::date:
        return pick<std::string>({"--11-26", "2026-11-20/2026-11-30", "2025-01-01"});
      case presentation_type::presence:
        return pick<std::string>({"busy", "available", "away"});
      case presentation_type::location:
        return pick<std::string>({"home", "office", "DE/Berlin"});
    }
    return {};
  }

  std::vector<item_ref> items(const std::vector<std::string>& boxes) {
    std::vector<item_ref> v;
    for (int k = 0, n = below(4); k < n; ++k) {
      if (!boxes.empty() && chance(25))
        v.push_back(box(boxes[static_cast<std::size_t>(below(static_cast<int>(boxes.size())))]));
      else
        v.push_back(res(rid(below(k_resources))));
    }
    return v;
  }

  // Requests over known and unknown owners, both services, both media sets,
  // members and strangers, '+' prefixes and withheld numbers. The strings
  // live in `store_` until the next call.
  std::vector<decision_request> requests(int owners, std::size_t n) {
    strings_.clear();
    strings_.reserve(2 * n);
    std::vector<decision_request> v;
    for (std::size_t i = 0; i < n; ++i) {
      strings_.push_back(chance(8) ? "4939" + std::to_string(below(1000)) : owner_id(below(owners)));
      const std::string& o = strings_.back();
      std::string other;
      if (!chance(10)) other = (chance(20) ? "+" : "") + party_number(below(k_parties + 5));
      strings_.push_back(std::move(other));
      v.push_back({o, chance(50) ? service::cmrbt : service::cmrt, strings_.back(),
                   chance(30) ? media_set::cs().with(media_type::video) : media_set::cs()});
    }
    return v;
  }

private:
  std::mt19937 rng_;
  std::vector<std::string> strings_;
};

// What a caller can observe of a decision.
std::string observed(const decision& d) {
  std::string s = d.explain();
  s += " | resource=" + (d.resource ? d.resource->id : std::string("-"));
  s += " item=" + std::to_string(d.item_index) + " box=" + std::string(d.box_id);
  s += d.snapshot_hold ? " snapshot=" + std::string(d.snapshot_hold->location()) : " no-snapshot";
  return s;
}

// Two engines over one store, identical but for the way they are called.
struct engine_pair {
  engine_pair(store& s, timestamp t0)
      : single(s.snapshots(), s.resource_catalogue(), clk_single, rot_single, {.cmrbt = "r1", .cmrt = "", .controls = {}}),
        batch(s.snapshots(), s.resource_catalogue(), clk_batch, rot_batch, {.cmrbt = "r1", .cmrt = "", .controls = {}}) {
    clk_single.set(t0);
    clk_batch.set(t0);
  }
  manual_clock clk_single{timestamp{}};
  manual_clock clk_batch{timestamp{}};
  seeded_random rnd_single{99};
  seeded_random rnd_batch{99};
  rotation_state rot_single{rnd_single};
  rotation_state rot_batch{rnd_batch};
  decision_engine single;
  decision_engine batch;
};

// Runs `rounds` random batches through both engines and compares every
// decision; between rounds it moves the clock and commits a few writes.
void compare_rounds(store& s, random_store& gen, int owners, int rounds) {
  engine_pair e(s, at(1795946400));  // 2026-11-26 10:00 UTC
  for (int round = 0; round < rounds; ++round) {
    const auto reqs = gen.requests(owners, static_cast<std::size_t>(1 + gen.below(70)));
    std::vector<decision> one_by_one;
    for (const auto& r : reqs) one_by_one.push_back(e.single.decide(r.owner, r.svc, r.other_party, r.caps));
    std::vector<decision> batched(reqs.size());
    e.batch.decide_many(reqs, batched);
    for (std::size_t i = 0; i < reqs.size(); ++i)
      ASSERT_EQ(observed(batched[i]), observed(one_by_one[i]))
          << "round " << round << " request " << i << " owner " << reqs[i].owner;
    const auto step = std::chrono::seconds(3600 * (1 + gen.below(30)));
    e.clk_single.advance(step);
    e.clk_batch.advance(step);
    // Writes between rounds: reloads of changed owners mix with hits.
    for (int w = 0, nw = gen.below(4); w < nw; ++w) {
      const std::string o = owner_id(gen.below(owners));
      ASSERT_TRUE(s.subscribers().set_location(o, gen.pick<std::string>({"home", "office", "x"})));
    }
  }
}

TEST(DecideMany, EqualsOneByOneWithMissesEvictionsAndLoads) {
  testing::temp_dir dir;
  constexpr int owners = 300;
  // 64 shards of 3 entries hold fewer than 300 owners: evictions and loads
  // from SQLite on both paths, interleaved with hits.
  auto s = testing::open_store(dir.file("cmr.db"), 16);
  ASSERT_TRUE(s);
  random_store gen(20261126);
  {
    auto tx = s->begin();
    ASSERT_TRUE(tx);
    gen.fill(*s, owners);
    ASSERT_TRUE(tx->commit());
  }
  const auto misses0 = s->snapshot_cache_impl().misses();
  const auto hits0 = s->snapshot_cache_impl().hits();
  compare_rounds(*s, gen, owners, 60);
  EXPECT_GT(s->snapshot_cache_impl().misses() - misses0, 500U);
  EXPECT_GT(s->snapshot_cache_impl().hits() - hits0, 500U);
}

TEST(DecideMany, EqualsOneByOneWithAWarmCache) {
  testing::temp_dir dir;
  constexpr int owners = 200;
  auto s = testing::open_store(dir.file("cmr.db"), 10000);
  ASSERT_TRUE(s);
  random_store gen(7);
  {
    auto tx = s->begin();
    ASSERT_TRUE(tx);
    gen.fill(*s, owners);
    ASSERT_TRUE(tx->commit());
  }
  compare_rounds(*s, gen, owners, 40);
}

TEST(DecideMany, EqualsOneByOneWithTheCacheDisabled) {
  testing::temp_dir dir;
  constexpr int owners = 60;
  auto s = testing::open_store(dir.file("cmr.db"), 0);
  ASSERT_TRUE(s);
  ASSERT_FALSE(s->snapshot_cache_impl().enabled());
  random_store gen(11);
  {
    auto tx = s->begin();
    ASSERT_TRUE(tx);
    gen.fill(*s, owners);
    ASSERT_TRUE(tx->commit());
  }
  compare_rounds(*s, gen, owners, 10);
}

TEST(DecideMany, EmptyAndSingleBatchesAndThePrefetchHint) {
  testing::temp_dir dir;
  auto s = testing::open_store(dir.file("cmr.db"));
  ASSERT_TRUE(s);
  random_store gen(3);
  gen.fill(*s, 5);
  engine_pair e(*s, at(1795946400));
  std::vector<decision> none;
  e.batch.decide_many({}, none);  // nothing to do, nothing written
  // The hint changes nothing, for known, unknown and empty owners, before
  // and after the owner is cached.
  for (const std::string& o : {owner_id(0), std::string("4939000"), std::string()}) {
    e.batch.prefetch(o);
    const std::string other = party_number(1);
    const decision_request r{o, service::cmrbt, other, media_set::cs()};
    std::vector<decision> out(1);
    e.batch.decide_many({&r, 1}, out);
    e.batch.prefetch(o);
    EXPECT_EQ(observed(out[0]), observed(e.single.decide(o, service::cmrbt, other, media_set::cs())));
  }
  // A batch may name one owner many times (a burst of calls to one number).
  const std::string o = owner_id(2);
  std::vector<decision_request> reqs(9, decision_request{o, service::cmrbt, "", media_set::cs()});
  std::vector<decision> out(reqs.size() + 3);  // a larger output: the extra entries stay untouched
  e.batch.decide_many(reqs, out);
  for (std::size_t i = 0; i < reqs.size(); ++i)
    EXPECT_EQ(observed(out[i]), observed(e.single.decide(o, service::cmrbt, "", media_set::cs())));
  for (std::size_t i = reqs.size(); i < out.size(); ++i) EXPECT_EQ(out[i].snapshot, nullptr);
}

// Commits invalidate the snapshots a batch is prefetching and deciding: every
// decision is made from a state at least as new as the last commit before the
// batch began, a reader never goes back to an older state, each decision
// agrees with the snapshot it was made from, and once the writer stops a batch
// sees its last write for every owner (nothing stale was cached).
TEST(DecideMany, ConcurrentCommitsInvalidate) {
  testing::temp_dir dir;
  constexpr int owners = 40;
  auto s = testing::open_store(dir.file("cmr.db"), 1000);
  ASSERT_TRUE(s);
  {
    auto tx = s->begin();
    ASSERT_TRUE(tx);
    ASSERT_TRUE(s->resources().create(testing::make_resource("seven", 1)));
    ASSERT_TRUE(s->resources().create(testing::make_resource("other", 2)));
    for (int i = 0; i < owners; ++i) {
      const std::string id = owner_id(i);
      subscriber sub = testing::make_subscriber(id);
      sub.location = "0";
      ASSERT_TRUE(s->subscribers().create(sub));
      for (const char* r : {"seven", "other"}) {
        library_entry e;
        e.subscriber_id = id;
        e.item = res(r);
        e.subscribed_at = at(1700000000);
        ASSERT_TRUE(s->library().add(e));
      }
      presentation_rule rule;
      rule.subscriber_id = id;
      rule.svc = service::cmrbt;
      rule.settings = {{presentation_type::location, 0, {{"7", {res("seven")}}}}};
      rule.default2 = {res("other")};
      ASSERT_TRUE(s->presentation_rules().replace(rule));
    }
    ASSERT_TRUE(tx->commit());
  }
  std::vector<std::string> ids;
  for (int i = 0; i < owners; ++i) ids.push_back(owner_id(i));
  std::vector<decision_request> reqs;
  for (int round = 0; round < 3; ++round)  // each owner several times per batch
    for (const auto& id : ids) reqs.push_back({id, service::cmrbt, "", media_set::cs()});

  system_clock clk;
  rotation_state rotation;
  decision_engine engine(s->snapshots(), s->resource_catalogue(), clk, rotation, {});
  constexpr int versions = 60;
  std::atomic<int> committed{0};  // every owner's location is at least this
  std::atomic<bool> stop{false};
  std::atomic<int> batches{0};
  std::mutex why_mutex;
  std::string why;  // the first violation
  auto fail = [&](std::string w) {
    const std::lock_guard lk(why_mutex);
    if (why.empty()) why = std::move(w);
  };
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t)
    readers.emplace_back([&] {
      std::vector<int> last(owners, 0);
      std::vector<decision> out(reqs.size());
      while (!stop.load()) {
        const int floor = committed.load();
        engine.decide_many(reqs, out);
        for (std::size_t i = 0; i < reqs.size(); ++i) {
          const decision& d = out[i];
          if (!d.snapshot_hold) {
            fail("no snapshot for " + std::string(reqs[i].owner));
            continue;
          }
          const int seen = std::stoi(std::string(d.snapshot_hold->location()));
          const auto o = i % owners;
          if (seen < floor || seen < last[o])
            fail(std::string(reqs[i].owner) + " saw " + std::to_string(seen) + " after committed " +
                 std::to_string(floor) + " / last seen " + std::to_string(last[o]));
          last[o] = seen;
          const bool seven = d.resource && d.resource->id == "seven";
          if (seven != (seen == 7)) fail("decision disagrees with its snapshot: " + d.explain());
        }
        ++batches;
      }
    });
  while (batches.load() < 2) std::this_thread::yield();  // readers are running
  for (int v = 1; v <= versions; ++v) {
    auto tx = s->begin();  // one commit (and one invalidation per owner) per version
    ASSERT_TRUE(tx);
    for (const auto& id : ids) ASSERT_TRUE(s->subscribers().set_location(id, std::to_string(v)));
    ASSERT_TRUE(tx->commit());
    committed = v;
    // Let the readers decide against this state for a moment before the next.
    const int seen = batches.load();
    while (batches.load() < seen + 1 && v % 10 == 0) std::this_thread::yield();
  }
  stop = true;
  for (auto& r : readers) r.join();
  EXPECT_TRUE(why.empty()) << why;
  EXPECT_GT(batches.load(), 2);
  std::vector<decision> out(reqs.size());
  engine.decide_many(reqs, out);
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    ASSERT_TRUE(out[i].snapshot_hold);
    EXPECT_EQ(out[i].snapshot_hold->location(), std::to_string(versions)) << reqs[i].owner;
    EXPECT_EQ(out[i].resource->id, "other");
  }
}

}  // namespace
}  // namespace cmr::store
