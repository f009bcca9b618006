// The compact snapshot form: everything a decision or a tool reads survives
// compact() + expand(), strings are interned once, the layout is one block
// with the member numbers last, and a disabled snapshot cache
// (snapshot-cache-size 0) loads every time.
#include <gtest/gtest.h>

#include "store/demo_catalogue.h"
#include "store/snapshot.h"
#include "tests/unit/store/store_test_util.h"

namespace cmr::store {
namespace {

item_ref res(std::string id) { return {item_ref::kind::resource, std::move(id)}; }
item_ref box_ref(std::string id) { return {item_ref::kind::box, std::move(id)}; }

subscriber_snapshot sample() {
  subscriber_snapshot s;
  s.sub.id = "491700000001";
  s.sub.cmrbt = true;
  s.sub.status = subscriber_status::suspended;
  s.sub.time_zone = "Europe/Berlin";
  s.sub.privacy = copy_privacy::deny;
  s.sub.presence = "busy";
  s.sub.location = "office";
  s.sub.credit_limit = 12345;
  s.sub.charged = 678;
  s.rules[0].settings = {{presentation_type::time, 2, {{"08:00-18:00", {res("r1"), box_ref("b1")}}}},
                         {presentation_type::group, 1, {{"1", {res("r2")}}, {"2", {}}}}};
  s.rules[0].default1 = {res("r1")};
  s.rules[1].default2 = {box_ref("b1")};
  s.groups = {{"1", {"0049", "12345678901234567890", "49", "491700000002", "x1"}}, {"2", {}}};
  library_entry e;
  e.subscriber_id = s.sub.id;
  e.item = res("r1");
  s.library.push_back(e);
  e.item = box_ref("b1");
  e.expires_at = timestamp(std::chrono::seconds(1800000000));
  s.library.push_back(e);
  s.boxes = {{"b1", "491700000001", "Favourites", play_mode::sequential, {"r2", "r1"}}};
  return s;
}

TEST(CompactSnapshot, ExpandGivesBackWhatWasCompacted) {
  const auto s = sample();
  const auto c = compact(s);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->id(), "491700000001");
  EXPECT_EQ(c->time_zone(), "Europe/Berlin");
  EXPECT_TRUE(c->subscribed(service::cmrbt));
  EXPECT_FALSE(c->subscribed(service::cmrt));
  const auto e = c->expand();
  EXPECT_EQ(e.sub.id, s.sub.id);
  EXPECT_EQ(e.sub.cmrbt, s.sub.cmrbt);
  EXPECT_EQ(e.sub.cmrt, s.sub.cmrt);
  EXPECT_EQ(e.sub.status, s.sub.status);
  EXPECT_EQ(e.sub.privacy, s.sub.privacy);
  EXPECT_EQ(e.sub.presence, s.sub.presence);
  EXPECT_EQ(e.sub.location, s.sub.location);
  EXPECT_EQ(e.sub.credit_limit, s.sub.credit_limit);
  EXPECT_EQ(e.sub.charged, s.sub.charged);
  for (std::size_t svc = 0; svc < 2; ++svc) {
    const auto& a = s.rules[svc];
    const auto& b = e.rules[svc];
    ASSERT_EQ(a.settings.size(), b.settings.size());
    for (std::size_t i = 0; i < a.settings.size(); ++i) {
      EXPECT_EQ(a.settings[i].type, b.settings[i].type);
      EXPECT_EQ(a.settings[i].priority, b.settings[i].priority);
      ASSERT_EQ(a.settings[i].rules.size(), b.settings[i].rules.size());
      for (std::size_t r = 0; r < a.settings[i].rules.size(); ++r) {
        EXPECT_EQ(a.settings[i].rules[r].condition, b.settings[i].rules[r].condition);
        EXPECT_EQ(a.settings[i].rules[r].items, b.settings[i].rules[r].items);
      }
    }
    EXPECT_EQ(a.default1, b.default1);
    EXPECT_EQ(a.default2, b.default2);
  }
  ASSERT_EQ(e.groups.size(), 2U);
  EXPECT_EQ(e.groups[0].group_id, "1");
  EXPECT_EQ(e.groups[0].members, s.groups[0].members);  // sorted text, leading zeros kept
  EXPECT_TRUE(e.groups[1].members.empty());
  ASSERT_EQ(e.library.size(), 2U);
  EXPECT_EQ(e.library[0].item, res("r1"));
  EXPECT_FALSE(e.library[0].expires_at);
  EXPECT_EQ(e.library[1].item, box_ref("b1"));
  EXPECT_EQ(e.library[1].expires_at, s.library[1].expires_at);
  ASSERT_EQ(e.boxes.size(), 1U);
  EXPECT_EQ(e.boxes[0].id, "b1");
  EXPECT_EQ(e.boxes[0].owner_id, "491700000001");
  EXPECT_EQ(e.boxes[0].name, "Favourites");
  EXPECT_EQ(e.boxes[0].mode, play_mode::sequential);
  EXPECT_EQ(e.boxes[0].resource_ids, (std::vector<std::string>{"r2", "r1"}));
}

TEST(CompactSnapshot, OneBlockWithInternedStringsAndMemberNumbersLast) {
  const auto c = compact(sample());
  // "r1" appears in a rule, a default, the library and a box: one copy.
  const auto& rules = c->rules_for(service::cmrbt);
  const auto items = c->list(c->list(c->list(rules.settings)[0].rules)[0].items);
  EXPECT_EQ(items[0].id, c->list(rules.default1)[0].id);
  EXPECT_EQ(items[0].id, c->library()[0].id);
  EXPECT_EQ(items[0].id, c->list(c->boxes()[0].resources)[1]);
  EXPECT_NE(items[0].id, items[1].id);
  const auto* base = reinterpret_cast<const char*>(c.get());
  const auto members = c->members(c->groups()[0]);
  EXPECT_EQ(members.size(), 3U);  // "0049", "49", "491700000002"; the rest stay text
  EXPECT_EQ(c->list(c->groups()[0].other_members).size(), 2U);
  EXPECT_EQ(reinterpret_cast<const char*>(members.data()) - base, c->hot_bytes());
  EXPECT_LE(c->hot_bytes(), c->size_bytes());
  EXPECT_LT(c->size_bytes(), 1024U);
}

TEST(CompactSnapshot, MemberNumbersKeepTheirDigitCount) {
  EXPECT_NE(compact_snapshot::pack_number("0049"), compact_snapshot::pack_number("49"));
  EXPECT_EQ(compact_snapshot::pack_number("49"), compact_snapshot::pack_number("49"));
  EXPECT_TRUE(compact_snapshot::pack_number("99999999999999999"));  // 17 digits
  EXPECT_FALSE(compact_snapshot::pack_number("123456789012345678"));
  EXPECT_FALSE(compact_snapshot::pack_number(""));
  EXPECT_FALSE(compact_snapshot::pack_number("+49"));
  EXPECT_FALSE(compact_snapshot::pack_number("49 1"));
}

TEST(CompactSnapshot, CacheSizeZeroLoadsEveryTime) {
  testing::temp_dir dir;
  auto s = testing::open_store(dir.file("cmr.db"), 0);
  ASSERT_TRUE(s);
  ASSERT_TRUE(seed_demo_catalogue(*s));
  auto& cache = s->snapshot_cache_impl();
  EXPECT_FALSE(cache.enabled());
  const auto first = s->snapshots().find_snapshot(k_demo_subscriber_a);
  ASSERT_TRUE(first);
  const auto second = s->snapshots().find_snapshot(k_demo_subscriber_a);
  ASSERT_TRUE(second);
  EXPECT_NE(first, second);  // a fresh load, not a cached object
  EXPECT_EQ(cache.size(), 0U);
  EXPECT_EQ(cache.hits(), 0U);
  EXPECT_EQ(cache.misses(), 2U);
  ASSERT_TRUE(s->subscribers().set_presence(k_demo_subscriber_a, "dnd"));
  EXPECT_EQ(s->snapshots().find_snapshot(k_demo_subscriber_a)->presence(), "dnd");
}

}  // namespace
}  // namespace cmr::store
