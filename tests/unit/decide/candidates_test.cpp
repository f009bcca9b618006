// Which candidates are usable (library, resource state, media) and how boxes
// expand (random with a scripted source, sequential rotation per owner).
#include <gtest/gtest.h>

#include "decide_fixture.h"
#include "store/decision.h"

namespace cmr::store {
namespace {

using namespace test;
using pt = presentation_type;
using why = decision::reason;

const timestamp now = utc(2024, 3, 8, 12);

class candidates : public ::testing::Test {
protected:
  candidates() {
    for (const char* id : {"r1", "r2", "r3", "r4"}) resources.add(id);
    resources.add("v1", media_type::video);
    a = owner("4911");
    b = owner("4922");
  }

  decision run(subscriber_snapshot& s, media_set caps = media_set::cs()) {
    decision_input in;
    in.owner = s.sub.id;
    in.now = now;
    in.caps = caps;
    return decide(in, s, resources, rotation, defaults);
  }
  static void rule(subscriber_snapshot& s, std::vector<item_ref> items) {
    s.rules[0].settings = {setting(pt::time, 0, {{"00:00-00:00", std::move(items)}})};
  }
  static std::string picked(const decision& d) { return d.resource ? d.resource->id : "-"; }

  map_resources resources;
  subscriber_snapshot a;
  subscriber_snapshot b;
  scripted_random random{{2, 0, 1}};
  rotation_state rotation{random};
  system_defaults defaults;
};

struct usability_case {
  const char* name;
  void (*setup)(map_resources&, subscriber_snapshot&);
  skip_reason expected;
};

class unusable : public candidates, public ::testing::WithParamInterface<usability_case> {};

TEST_P(unusable, first_candidate_skipped_second_used) {
  own(a, res("r2"));
  GetParam().setup(resources, a);
  rule(a, {res("r1"), res("r2")});
  const decision d = run(a);
  EXPECT_EQ(picked(d), "r2") << d.explain();
  EXPECT_EQ(d.item_index, 1U);
  ASSERT_EQ(d.skipped.size(), 1U);
  EXPECT_EQ(d.skipped[0].id, "r1");
  EXPECT_EQ(d.skipped[0].why, GetParam().expected) << d.explain();
  EXPECT_NE(d.explain().find(std::string("\"r1\" (rule item: ") + to_string(GetParam().expected)),
            std::string::npos)
      << d.explain();
}

INSTANTIATE_TEST_SUITE_P(
    decide, unusable,
    ::testing::Values(usability_case{"not_in_library", [](map_resources&, subscriber_snapshot&) {},
                                     skip_reason::not_in_library},
                      usability_case{
                          "library_expired",
                          [](map_resources&, subscriber_snapshot& s) { own(s, res("r1"), now); },
                          skip_reason::library_expired},
                      usability_case{"unknown",
                                     [](map_resources& r, subscriber_snapshot& s) {
                                       own(s, res("r1"));
                                       r.remove("r1");  // owned, but gone from the catalogue
                                     },
                                     skip_reason::resource_unknown},
                      usability_case{"inactive",
                                     [](map_resources& r, subscriber_snapshot& s) {
                                       own(s, res("r1"));
                                       r.add("r1").status = resource_status::inactive;
                                     },
                                     skip_reason::inactive},
                      usability_case{"suspended",
                                     [](map_resources& r, subscriber_snapshot& s) {
                                       own(s, res("r1"));
                                       r.add("r1").status = resource_status::suspended;
                                     },
                                     skip_reason::suspended},
                      usability_case{"expired",
                                     [](map_resources& r, subscriber_snapshot& s) {
                                       own(s, res("r1"));
                                       r.add("r1").expires_at = now;
                                     },
                                     skip_reason::expired},
                      usability_case{"video_on_cs",
                                     [](map_resources& r, subscriber_snapshot& s) {
                                       own(s, res("r1"));
                                       r.add("r1", media_type::video);
                                     },
                                     skip_reason::media_not_carried}),
    [](const auto& p) { return std::string(p.param.name); });

TEST_F(candidates, unknown_resource_in_the_library) {
  own(a, res("ghost"));
  own(a, res("r1"));
  rule(a, {res("ghost"), res("r1")});
  const decision d = run(a);
  EXPECT_EQ(picked(d), "r1");
  ASSERT_EQ(d.skipped.size(), 1U);
  EXPECT_EQ(d.skipped[0].why, skip_reason::resource_unknown);
}

TEST_F(candidates, entries_still_valid_until_their_expiry) {
  own(a, res("r1"), now + std::chrono::seconds(1));
  resources.add("r1").expires_at = now + std::chrono::seconds(1);
  rule(a, {res("r1")});
  EXPECT_EQ(picked(run(a)), "r1");
}

TEST_F(candidates, a_valid_entry_beats_an_expired_duplicate) {
  own(a, res("r1"), utc(2020, 1, 1));
  own(a, res("r1"));
  rule(a, {res("r1")});
  EXPECT_EQ(picked(run(a)), "r1");
}

TEST_F(candidates, media_capability_filter) {
  own(a, res("v1"));
  own(a, res("r1"));
  rule(a, {res("v1"), res("r1")});
  EXPECT_EQ(picked(run(a, media_set::cs())), "r1");
  EXPECT_EQ(picked(run(a, media_set::cs().with(media_type::video))), "v1");
  EXPECT_EQ(picked(run(a, media_set::all())), "v1");
  EXPECT_EQ(run(a, media_set::none()).why, why::nothing);
}

TEST_F(candidates, sequential_box_rotates_per_owner) {
  for (subscriber_snapshot* s : {&a, &b}) {
    s->boxes.push_back(
        resource_box{"box", s->sub.id, "mine", play_mode::sequential, {"r1", "r2", "r3"}});
    own(*s, box("box"));
    rule(*s, {box("box")});
  }
  std::string seq;
  for (subscriber_snapshot* s : {&a, &a, &b, &a, &a, &b, &b}) seq += picked(run(*s)) + " ";
  // a: r1 r2 r3 r1; b independently: r1 r2 r3.
  EXPECT_EQ(seq, "r1 r2 r1 r3 r1 r2 r3 ");
  const decision d = run(a);
  EXPECT_TRUE(d.from_box());
  EXPECT_EQ(d.box_id, "box");
  EXPECT_NE(d.explain().find("item #0 box \"box\" (sequential) -> resource \"r2\""),
            std::string::npos)
      << d.explain();
}

TEST_F(candidates, sequential_box_skips_unusable_members_and_moves_past_the_one_played) {
  a.boxes.push_back(resource_box{"box", "4911", "", play_mode::sequential, {"r1", "r2", "r3"}});
  own(a, box("box"));
  rule(a, {box("box")});
  resources.add("r2").status = resource_status::inactive;
  std::string seq;
  for (int i = 0; i < 4; ++i) seq += picked(run(a)) + " ";
  EXPECT_EQ(seq, "r1 r3 r1 r3 ");
}

TEST_F(candidates, random_box_uses_the_random_source) {
  a.boxes.push_back(resource_box{"box", "4911", "", play_mode::random, {"r1", "r2", "r3"}});
  own(a, box("box"));
  rule(a, {box("box")});
  std::string seq;
  for (int i = 0; i < 4; ++i) seq += picked(run(a)) + " ";
  EXPECT_EQ(seq, "r3 r1 r2 r3 ");  // scripted 2, 0, 1, 2
  EXPECT_NE(run(a).explain().find("(random)"), std::string::npos);
}

TEST_F(candidates, random_box_walks_on_from_an_unusable_member) {
  a.boxes.push_back(resource_box{"box", "4911", "", play_mode::random, {"r1", "r2", "v1"}});
  own(a, box("box"));
  rule(a, {box("box")});
  const decision d = run(a);  // random start 2: v1 is video on CS, wraps to r1
  EXPECT_EQ(picked(d), "r1");
  ASSERT_EQ(d.skipped.size(), 1U);
  EXPECT_EQ(d.skipped[0].id, "v1");
  EXPECT_EQ(d.skipped[0].box_id, "box");
  EXPECT_EQ(d.skipped[0].why, skip_reason::media_not_carried);
}

TEST_F(candidates, box_membership_and_library) {
  a.boxes.push_back(resource_box{"box", "4911", "", play_mode::sequential, {"r1", "r2"}});
  rule(a, {box("box")});
  // Neither the box nor its members are owned.
  decision d = run(a);
  EXPECT_EQ(d.why, why::nothing);
  EXPECT_EQ(d.skipped.size(), 2U);
  EXPECT_EQ(d.skipped[0].why, skip_reason::not_in_library);
  // A member owned on its own is usable from the box.
  own(a, res("r2"));
  EXPECT_EQ(picked(run(a)), "r2");
  // An expired box entry does not help; the member entry still does.
  own(a, box("box"), utc(2024, 1, 1));
  d = run(a);
  EXPECT_EQ(picked(d), "r2");
  EXPECT_EQ(d.skipped[0].why, skip_reason::library_expired);
}

TEST_F(candidates, empty_and_unknown_boxes_are_skipped) {
  a.boxes.push_back(resource_box{"empty", "4911", "", play_mode::sequential, {}});
  own(a, box("empty"));
  own(a, res("r4"));
  rule(a, {box("empty"), box("nosuch"), res("r4")});
  const decision d = run(a);
  EXPECT_EQ(picked(d), "r4");
  EXPECT_EQ(d.item_index, 2U);
  ASSERT_EQ(d.skipped.size(), 2U);
  EXPECT_EQ(d.skipped[0].why, skip_reason::box_empty);
  EXPECT_EQ(d.skipped[1].why, skip_reason::box_unknown);
  EXPECT_NE(d.explain().find("\"empty\" (rule item: box empty)"), std::string::npos) << d.explain();
}

TEST_F(candidates, default_lists_may_hold_boxes) {
  a.boxes.push_back(resource_box{"box", "4911", "", play_mode::sequential, {"r1"}});
  own(a, box("box"));
  a.rules[0].default2 = {box("box")};
  const decision d = run(a);
  EXPECT_EQ(d.why, why::default2);
  EXPECT_EQ(picked(d), "r1");
  EXPECT_TRUE(d.from_box());
}

TEST_F(candidates, many_skips_are_counted_not_stored) {
  std::vector<item_ref> items;
  // Not "x" + std::to_string(i): a false -Wrestrict of GCC 12 at -O3 (PR 105329).
  for (int i = 0; i < 12; ++i) {
    std::string id = "x";
    id += std::to_string(i);
    items.push_back(res(id));
  }
  rule(a, items);
  const decision d = run(a);
  EXPECT_EQ(d.skipped.size(), 8U);
  EXPECT_EQ(d.skipped.dropped(), 4U);
  EXPECT_NE(d.explain().find("and 4 more"), std::string::npos);
}

}  // namespace
}  // namespace cmr::store
