// decide(): rule evaluation order, every presentation type, local time in the
// owner's zone, and the explanation.
#include "store/decision.h"

#include <gtest/gtest.h>

#include "decide_fixture.h"

namespace cmr::store {
namespace {

using namespace test;
using pt = presentation_type;
using why = decision::reason;

class decide_test : public ::testing::Test {
protected:
  decide_test() {
    for (const char* id : {"r1", "r2", "r3", "r4", "r5", "d1", "d2", "sys"}) resources.add(id);
    snap = owner("4911");
    for (const char* id : {"r1", "r2", "r3", "r4", "r5", "d1", "d2"}) own(snap, res(id));
    snap.sub.presence = "busy";
    snap.sub.location = "DE/Berlin/Mitte";
    snap.groups.push_back(group_members{"family", {"4922", "4933"}});
    snap.rules[0].default1 = {res("d1")};
    snap.rules[0].default2 = {res("d2")};
    defaults.cmrbt = "sys";
  }

  decision run(timestamp now = utc(2024, 3, 8, 12), std::string other = "4922",
               media_set caps = media_set::cs(), service svc = service::cmrbt) {
    decision_input in;
    in.owner = snap.sub.id;
    in.svc = svc;
    in.other_party = std::move(other);
    in.now = now;
    in.caps = caps;
    in.default1_only = default1_only;
    return decide(in, snap, resources, rotation, defaults);
  }
  bool default1_only = false;
  std::vector<preference_setting>& settings() { return snap.rules[0].settings; }

  map_resources resources;
  subscriber_snapshot snap;
  scripted_random random{{0}};
  rotation_state rotation{random};
  system_defaults defaults;
};

// One rule of each type that matches the fixture's state (Friday 2024-03-08
// 12:00 UTC, other party 4922, presence busy, location DE/Berlin/Mitte).
struct type_case {
  pt type;
  const char* condition;
  const char* type_name;
};

class each_type : public decide_test, public ::testing::WithParamInterface<type_case> {};

TEST_P(each_type, matching_rule_selects_its_resource) {
  const auto& c = GetParam();
  settings() = {setting(c.type, 0, {{"no-such-thing", {res("r1")}}, {c.condition, {res("r2")}}})};
  if (c.type == pt::time) settings()[0].rules[0].condition = "00:00-01:00";
  if (c.type == pt::date) settings()[0].rules[0].condition = "2023-01-01";
  const decision d = run();
  ASSERT_EQ(d.why, why::rule) << d.explain();
  ASSERT_TRUE(d.resource);
  EXPECT_EQ(d.resource->id, "r2");
  ASSERT_TRUE(d.rule);
  EXPECT_EQ(d.rule->type, c.type);
  EXPECT_EQ(d.rule->rule_index, 1U);
  EXPECT_EQ(d.rule->condition, c.condition);
  const std::string text = d.explain();
  EXPECT_NE(text.find(c.type_name), std::string::npos) << text;
  EXPECT_NE(text.find(std::string("\"") + c.condition + "\""), std::string::npos) << text;
  EXPECT_NE(text.find("resource \"r2\""), std::string::npos) << text;
}

INSTANTIATE_TEST_SUITE_P(decide, each_type,
                         ::testing::Values(type_case{pt::group, "family", "Group rule"},
                                           type_case{pt::time, "11:00-13:00;Fri", "Time rule"},
                                           type_case{pt::date, "2024-03-01/2024-03-31", "Date rule"},
                                           type_case{pt::presence, "busy", "Presence rule"},
                                           type_case{pt::location, "DE/Berlin", "Location rule"}));

TEST_F(decide_test, lower_priority_number_wins) {
  settings() = {setting(pt::group, 0, {{"family", {res("r1")}}}),
                setting(pt::time, 1, {{"00:00-00:00", {res("r2")}}})};
  EXPECT_EQ(run().resource->id, "r1");
  settings()[0].priority = 2;
  EXPECT_EQ(run().resource->id, "r2");
}

struct tie_case {
  pt first;
  pt second;
  const char* winner;  // resource of the type earlier in Group, Time, Date, Presence, Location
};

class ties : public decide_test, public ::testing::WithParamInterface<tie_case> {};

TEST_P(ties, equal_priority_follows_type_order_even_when_unsorted) {
  auto cond = [](pt t) -> const char* {
    switch (t) {
      case pt::group: return "family";
      case pt::time: return "00:00-00:00";
      case pt::date: return "--03-08";
      case pt::presence: return "busy";
      case pt::location: return "DE";
    }
    return "";
  };
  auto rid = [](pt t) { return "r" + std::to_string(static_cast<int>(t) + 1); };
  const auto& c = GetParam();
  // Deliberately in the wrong order: decide() must not trust the input order.
  settings() = {setting(c.second, 3, {{cond(c.second), {res(rid(c.second))}}}),
                setting(c.first, 3, {{cond(c.first), {res(rid(c.first))}}})};
  const decision d = run();
  ASSERT_TRUE(d.resource) << d.explain();
  EXPECT_EQ(d.resource->id, c.winner) << d.explain();
  EXPECT_EQ(d.rule->setting_index, 1U);
}

INSTANTIATE_TEST_SUITE_P(decide, ties,
                         ::testing::Values(tie_case{pt::group, pt::time, "r1"},
                                           tie_case{pt::time, pt::date, "r2"},
                                           tie_case{pt::date, pt::presence, "r3"},
                                           tie_case{pt::presence, pt::location, "r4"},
                                           tie_case{pt::group, pt::location, "r1"}));

TEST_F(decide_test, unsorted_priorities_are_evaluated_in_order) {
  settings() = {setting(pt::location, 9, {{"DE", {res("r5")}}}),
                setting(pt::presence, 4, {{"busy", {res("r4")}}}),
                setting(pt::date, 7, {{"--03-08", {res("r3")}}})};
  const decision d = run();
  EXPECT_EQ(d.resource->id, "r4");
  EXPECT_EQ(d.rule->priority, 4);
}

TEST_F(decide_test, first_matching_rule_in_a_setting_wins) {
  settings() = {setting(pt::time, 0,
                        {{"13:00-14:00", {res("r1")}}, {"11:00-13:00", {res("r2")}},
                         {"00:00-00:00", {res("r3")}}})};
  const decision d = run();
  EXPECT_EQ(d.resource->id, "r2");
  EXPECT_EQ(d.rule->rule_index, 1U);
}

TEST_F(decide_test, matched_rule_without_usable_item_falls_to_default1_not_later_rules) {
  resources.add("r1").status = resource_status::inactive;
  settings() = {setting(pt::group, 0, {{"family", {res("r1")}}}),
                setting(pt::time, 1, {{"00:00-00:00", {res("r2")}}})};
  const decision d = run();
  EXPECT_EQ(d.why, why::default1);
  EXPECT_EQ(d.resource->id, "d1");
  EXPECT_EQ(d.rule->type, pt::group);
  const std::string text = d.explain();
  EXPECT_NE(text.find("Group rule matched"), std::string::npos) << text;
  EXPECT_NE(text.find("but gave nothing usable; DefaultCMRResourceId1 item #0"), std::string::npos)
      << text;
  EXPECT_NE(text.find("\"r1\" (rule item: resource inactive)"), std::string::npos) << text;
}

TEST_F(decide_test, matching_rule_with_no_items_uses_default1) {
  settings() = {setting(pt::presence, 0, {{"busy", {}}})};
  EXPECT_EQ(run().why, why::default1);
}

// After a stop key (spec 5.7): DefaultCMRResourceId1 whatever the rules
// say, and no fallback to DefaultCMRResourceId2 or the system default.
TEST_F(decide_test, after_a_stop_only_default1_is_presented) {
  settings() = {setting(pt::presence, 0, {{"busy", {res("r1")}}})};
  default1_only = true;
  decision d = run();
  EXPECT_EQ(d.why, why::default1);
  EXPECT_EQ(d.resource->id, "d1");
  snap.rules[0].default1.clear();
  d = run();
  EXPECT_EQ(d.why, why::nothing);
  EXPECT_FALSE(d.resource);
}

TEST_F(decide_test, no_matching_rule_uses_default2) {
  settings() = {setting(pt::presence, 0, {{"away", {res("r1")}}})};
  const decision d = run();
  EXPECT_EQ(d.why, why::default2);
  EXPECT_EQ(d.resource->id, "d2");
  EXPECT_FALSE(d.rule);
  EXPECT_NE(d.explain().find("no rule matched; DefaultCMRResourceId2 item #0 -> resource \"d2\""),
            std::string::npos)
      << d.explain();
}

TEST_F(decide_test, fallback_chain_down_to_nothing) {
  settings() = {setting(pt::presence, 0, {{"away", {res("r1")}}})};
  resources.add("d2").status = resource_status::suspended;
  decision d = run();
  EXPECT_EQ(d.why, why::system_default);
  EXPECT_EQ(d.resource->id, "sys");  // not in the owner's library, still fine
  EXPECT_NE(d.explain().find("system default -> resource \"sys\""), std::string::npos);

  resources.add("sys", media_type::video);
  d = run();
  EXPECT_EQ(d.why, why::nothing);
  EXPECT_FALSE(d.resource);
  EXPECT_NE(d.explain().find("nothing usable"), std::string::npos);
  EXPECT_NE(d.explain().find("\"sys\" (system default: media type not carried)"), std::string::npos)
      << d.explain();

  defaults.cmrbt.clear();
  EXPECT_EQ(run().why, why::nothing);
}

TEST_F(decide_test, matched_rule_and_default1_unusable_go_to_system_default_not_default2) {
  settings() = {setting(pt::presence, 0, {{"busy", {res("gone")}}})};
  resources.add("d1").expires_at = utc(2024, 1, 1);
  const decision d = run();
  EXPECT_EQ(d.why, why::system_default);
  ASSERT_EQ(d.skipped.size(), 2U);
  EXPECT_EQ(d.skipped[0].why, skip_reason::not_in_library);
  EXPECT_EQ(d.skipped[1].why, skip_reason::expired);
  EXPECT_EQ(d.skipped[1].from, candidate_source::default1);
}

TEST_F(decide_test, unsubscribed_or_suspended_owner_gets_nothing) {
  settings() = {setting(pt::presence, 0, {{"busy", {res("r1")}}})};
  snap.sub.cmrt = false;
  decision d = run(utc(2024, 3, 8, 12), "4922", media_set::cs(), service::cmrt);
  EXPECT_EQ(d.why, why::not_subscribed);
  EXPECT_FALSE(d.resource);
  EXPECT_NE(d.explain().find("owner 4911 CMRT: not subscribed"), std::string::npos);
  snap.sub.status = subscriber_status::suspended;
  d = run();
  EXPECT_EQ(d.why, why::suspended);
  EXPECT_FALSE(d.resource);
  EXPECT_NE(d.explain().find("suspended"), std::string::npos);
}

TEST_F(decide_test, services_have_separate_rules) {
  settings() = {setting(pt::presence, 0, {{"busy", {res("r1")}}})};
  snap.rules[1].settings = {setting(pt::presence, 0, {{"busy", {res("r2")}}})};
  EXPECT_EQ(run().resource->id, "r1");
  EXPECT_EQ(run(utc(2024, 3, 8, 12), "", media_set::cs(), service::cmrt).resource->id, "r2");
}

TEST_F(decide_test, group_membership_of_the_other_party) {
  settings() = {setting(pt::group, 0, {{"family", {res("r1")}}, {"nosuchgroup", {res("r2")}}})};
  EXPECT_EQ(run(utc(2024, 3, 8), "4933").why, why::rule);
  EXPECT_EQ(run(utc(2024, 3, 8), "+4933").why, why::rule);
  EXPECT_EQ(run(utc(2024, 3, 8), "4944").why, why::default2);
  EXPECT_EQ(run(utc(2024, 3, 8), "").why, why::default2);  // withheld
}

TEST_F(decide_test, presence_and_location_against_current_state) {
  settings() = {setting(pt::presence, 0, {{"meeting", {res("r1")}}}),
                setting(pt::location, 1, {{"DE/Berlin/Mitte/Office", {res("r2")}}, {"DE/Berl", {res("r3")}},
                                          {"DE/Berlin", {res("r4")}}})};
  EXPECT_EQ(run().resource->id, "r4");
  snap.sub.presence = "meeting";
  EXPECT_EQ(run().resource->id, "r1");
  snap.sub.presence.clear();
  snap.sub.location.clear();
  EXPECT_EQ(run().why, why::default2);
}

// Time and date rules see the owner's local time, not the server's (UTC).
struct zone_case {
  const char* zone;
  pt type;
  const char* condition;
  timestamp now;
  bool match;
};

class owner_zone : public decide_test, public ::testing::WithParamInterface<zone_case> {};

TEST_P(owner_zone, local_time_decides) {
  const auto& c = GetParam();
  snap.sub.time_zone = c.zone;
  settings() = {setting(c.type, 0, {{c.condition, {res("r1")}}})};
  const decision d = run(c.now);
  EXPECT_EQ(d.why == why::rule, c.match) << d.explain();
  EXPECT_TRUE(d.local_time_used);
  EXPECT_FALSE(d.zone_unknown);
  EXPECT_NE(d.explain().find(std::string("(") + c.zone + ")"), std::string::npos) << d.explain();
}

INSTANTIATE_TEST_SUITE_P(
    decide, owner_zone,
    ::testing::Values(
        // 14:00 UTC Friday is 23:00 Friday in Tokyo: inside a Friday night window.
        zone_case{"Asia/Tokyo", pt::time, "22:00-06:00;Fri", utc(2024, 3, 8, 14), true},
        zone_case{"UTC", pt::time, "22:00-06:00;Fri", utc(2024, 3, 8, 14), false},
        // 20:00 UTC Friday is 05:00 Saturday in Tokyo: still Friday's window.
        zone_case{"Asia/Tokyo", pt::time, "22:00-06:00;Fri", utc(2024, 3, 8, 20), true},
        zone_case{"Asia/Tokyo", pt::time, "22:00-06:00;Sat", utc(2024, 3, 8, 20), false},
        zone_case{"Asia/Tokyo", pt::date, "2024-03-09", utc(2024, 3, 8, 20), true},
        zone_case{"UTC", pt::date, "2024-03-09", utc(2024, 3, 8, 20), false},
        // New York springs forward on 2024-03-10: 12:30 UTC is 07:30 EST the
        // day before and 08:30 EDT that day.
        zone_case{"America/New_York", pt::time, "08:00-09:00", utc(2024, 3, 9, 12, 30), false},
        zone_case{"America/New_York", pt::time, "08:00-09:00", utc(2024, 3, 10, 12, 30), true},
        zone_case{"America/New_York", pt::time, "08:00-09:00", utc(2024, 11, 2, 12, 30), true},
        zone_case{"America/New_York", pt::time, "08:00-09:00", utc(2024, 11, 3, 12, 30), false},
        zone_case{"America/New_York", pt::date, "--12-31", utc(2025, 1, 1, 3), true},
        zone_case{"UTC+05:30", pt::time, "00:00-01:00", utc(2024, 3, 8, 18, 45), true},
        zone_case{"UTC-03", pt::date, "--02-29", utc(2024, 3, 1, 2, 59, 59), true}));

TEST_F(decide_test, unknown_zone_uses_utc_and_says_so) {
  snap.sub.time_zone = "Mars/Olympus_Mons";
  settings() = {setting(pt::time, 0, {{"12:00-13:00", {res("r1")}}})};
  const decision d = run(utc(2024, 3, 8, 12, 30));
  EXPECT_EQ(d.why, why::rule);
  EXPECT_TRUE(d.zone_unknown);
  EXPECT_EQ(d.local.utc_offset, 0);
  EXPECT_NE(d.explain().find("time zone unknown: used UTC"), std::string::npos) << d.explain();
}

TEST_F(decide_test, local_time_is_computed_only_when_needed) {
  settings() = {setting(pt::presence, 0, {{"busy", {res("r1")}}})};
  const decision d = run();
  EXPECT_FALSE(d.local_time_used);
  EXPECT_EQ(d.explain().find("local time"), std::string::npos);
}

TEST_F(decide_test, dates_single_range_and_yearly) {
  settings() = {setting(pt::date, 0,
                        {{"2024-12-24", {res("r1")}}, {"2024-12-27/2025-01-02", {res("r2")}},
                         {"--02-29", {res("r3")}}})};
  EXPECT_EQ(run(utc(2024, 12, 24, 18)).resource->id, "r1");
  EXPECT_EQ(run(utc(2025, 1, 1, 0)).resource->id, "r2");
  EXPECT_EQ(run(utc(2028, 2, 29, 9)).resource->id, "r3");
  EXPECT_EQ(run(utc(2027, 2, 28, 9)).why, why::default2);
  EXPECT_EQ(run(utc(2027, 3, 1, 9)).why, why::default2);
}

TEST_F(decide_test, malformed_stored_condition_never_matches_and_is_reported) {
  settings() = {setting(pt::time, 0, {{"9-5", {res("r1")}}, {"00:00-00:00", {res("r2")}}})};
  const decision d = run();
  EXPECT_EQ(d.resource->id, "r2");
  EXPECT_EQ(d.bad_conditions, 1U);
  EXPECT_NE(d.explain().find("1 malformed condition(s) ignored (first: setting #0 rule #0)"),
            std::string::npos)
      << d.explain();
}

// Presentation control (spec 5.7): the owner's CMR-6 settings, else the
// system's, and the explanation says which.
TEST_F(decide_test, system_controls_apply_without_the_owners) {
  defaults.controls.copy_keys = "9";
  defaults.controls.on_forward = ringback::forward_policy::stop;
  const decision d = run();
  ASSERT_TRUE(d.resource);
  EXPECT_FALSE(d.controls().from_subscriber);
  EXPECT_EQ(d.controls().action_of('9'), ringback::key_action::copy);
  EXPECT_EQ(d.controls().action_of('*'), ringback::key_action::none);
  EXPECT_NE(d.explain().find("; controls copy=9 skip=# stop=0 forwarded=stop announcement=stop (system)"),
            std::string::npos)
      << d.explain();
}

TEST_F(decide_test, owners_controls_replace_the_systems) {
  defaults.controls.copy_keys = "9";
  ringback::controls own;
  own.copy_keys = "*1";
  own.skip_keys = "";
  own.on_forward = ringback::forward_policy::continue_owner;
  own.on_announcement = ringback::announcement_policy::continue_ringback;
  own.from_subscriber = true;
  snap.controls = own;
  const decision d = run();
  ASSERT_TRUE(d.resource);
  EXPECT_TRUE(d.controls().from_subscriber);
  EXPECT_EQ(d.controls().action_of('1'), ringback::key_action::copy);
  EXPECT_EQ(d.controls().action_of('#'), ringback::key_action::none);
  EXPECT_EQ(d.controls().action_of('9'), ringback::key_action::none);
  EXPECT_NE(d.explain().find("; controls copy=*1 skip=- stop=0 forwarded=continue announcement=continue (subscriber)"),
            std::string::npos)
      << d.explain();
}

TEST_F(decide_test, no_controls_in_the_explanation_when_nothing_plays) {
  snap.sub.cmrbt = false;
  const decision d = run();
  EXPECT_EQ(d.explain().find("controls"), std::string::npos) << d.explain();
}

}  // namespace
}  // namespace cmr::store

namespace cmr::store {
namespace {

using namespace test;

// Group members are kept as packed numbers (digit count and value) when they
// are 1..17 digits and as text otherwise: membership stays exact string
// equality either way (a leading '+' of the other party ignored).
TEST_F(decide_test, group_membership_is_exact_for_numbers_and_other_text) {
  snap.groups = {group_members{"family",
                               {"0049221", "49221", "12345678901234567890", "49-22", "7"}}};
  settings() = {setting(pt::group, 0, {{"family", {res("r1")}}})};
  for (const char* member : {"0049221", "+0049221", "49221", "+49221", "12345678901234567890", "49-22", "7"})
    EXPECT_EQ(run(utc(2024, 3, 8, 12), member).why, why::rule) << member;
  for (const char* stranger : {"049221", "4922", "492210", "1234567890123456789", "49-2", "07", "+", ""})
    EXPECT_EQ(run(utc(2024, 3, 8, 12), stranger).why, why::default2) << stranger;
}

}  // namespace
}  // namespace cmr::store
