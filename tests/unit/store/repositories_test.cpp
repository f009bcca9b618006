// Round trips of every entity and field, and the typed constraint errors.
#include "store_test_util.h"

namespace cmr::store {
namespace {

using testing::at;
using testing::box;
using testing::make_resource;
using testing::make_subscriber;
using testing::res;

class Repositories : public ::testing::Test {
protected:
  void SetUp() override {
    s_ = testing::open_store(dir_.file("cmr.db"));
    ASSERT_TRUE(s_);
  }
  testing::temp_dir dir_;
  std::unique_ptr<store> s_;
};

TEST_F(Repositories, SubscriberRoundTripAndSetters) {
  subscriber in;
  in.id = "491711";
  in.cmrbt = true;
  in.cmrt = false;
  in.status = subscriber_status::suspended;
  in.password_hash = "$argon2id$x";
  in.time_zone = "UTC+05:30";
  in.privacy = copy_privacy::deny;
  in.presence = "busy";
  in.location = "office/berlin";
  in.credit_limit = 123456;
  in.charged = 42;
  ASSERT_TRUE(s_->subscribers().create(in));
  auto out = s_->subscribers().get("491711");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->id, in.id);
  EXPECT_EQ(out->cmrbt, in.cmrbt);
  EXPECT_EQ(out->cmrt, in.cmrt);
  EXPECT_EQ(out->status, in.status);
  EXPECT_EQ(out->password_hash, in.password_hash);
  EXPECT_EQ(out->time_zone, in.time_zone);
  EXPECT_EQ(out->privacy, in.privacy);
  EXPECT_EQ(out->presence, in.presence);
  EXPECT_EQ(out->location, in.location);
  EXPECT_EQ(out->credit_limit, in.credit_limit);
  EXPECT_EQ(out->charged, in.charged);

  auto& subs = s_->subscribers();
  ASSERT_TRUE(subs.set_status("491711", subscriber_status::active));
  ASSERT_TRUE(subs.set_services("491711", false, true));
  ASSERT_TRUE(subs.set_password_hash("491711", "h2"));
  ASSERT_TRUE(subs.set_time_zone("491711", "Europe/Paris"));
  ASSERT_TRUE(subs.set_privacy("491711", copy_privacy::allow));
  ASSERT_TRUE(subs.set_presence("491711", "available"));
  ASSERT_TRUE(subs.set_location("491711", "home"));
  ASSERT_TRUE(subs.set_credit_limit("491711", std::nullopt));
  out = subs.get("491711");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, subscriber_status::active);
  EXPECT_FALSE(out->cmrbt);
  EXPECT_TRUE(out->cmrt);
  EXPECT_EQ(out->password_hash, "h2");
  EXPECT_EQ(out->time_zone, "Europe/Paris");
  EXPECT_EQ(out->privacy, copy_privacy::allow);
  EXPECT_EQ(out->presence, "available");
  EXPECT_EQ(out->location, "home");
  EXPECT_FALSE(out->credit_limit);

  out->presence = "away";
  out->charged = 999;  // not written by update()
  ASSERT_TRUE(subs.update(*out));
  EXPECT_EQ(subs.get("491711")->presence, "away");
  EXPECT_EQ(subs.get("491711")->charged, 42);
  EXPECT_EQ(*subs.count(), 1);

  EXPECT_EQ(subs.set_presence("nobody", "x").error().what, error::code::not_found);
  EXPECT_EQ(subs.get("nobody").error().what, error::code::not_found);
  ASSERT_TRUE(subs.remove("491711"));
  EXPECT_EQ(subs.remove("491711").error().what, error::code::not_found);
}

TEST_F(Repositories, SubscriberConstraintErrors) {
  ASSERT_TRUE(s_->subscribers().create(make_subscriber("1")));
  EXPECT_EQ(s_->subscribers().create(make_subscriber("1")).error().what,
            error::code::already_exists);
  auto bad = make_subscriber("2");
  bad.status = static_cast<subscriber_status>(9);
  EXPECT_EQ(s_->subscribers().create(bad).error().what, error::code::constraint);
  EXPECT_EQ(s_->subscribers().create(make_subscriber("")).error().what, error::code::constraint);
}

TEST_F(Repositories, ResourceRoundTripAnnouncementIdsAndFilters) {
  resource in;
  in.id = "r1";
  in.name = "Song";
  in.author = "Singer";
  in.language = "de";
  in.type = media_type::video;
  in.format = "video/3gpp; codecs=\"s263\"";
  in.price = 15000;
  in.provider_id = "cp1";
  in.content_provider = "CP One";
  in.origin = originator::subscriber;
  in.copyright_owner = "Label";
  in.expires_at = at(2000000000);
  in.status = resource_status::suspended;
  in.announcement_id = 77;
  in.alerting_pattern = 3;
  auto created = s_->resources().create(in);
  ASSERT_TRUE(created);
  auto out = s_->resources().get("r1");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->name, in.name);
  EXPECT_EQ(out->author, in.author);
  EXPECT_EQ(out->language, in.language);
  EXPECT_EQ(out->type, in.type);
  EXPECT_EQ(out->format, in.format);
  EXPECT_EQ(out->price, in.price);
  EXPECT_EQ(out->provider_id, in.provider_id);
  EXPECT_EQ(out->content_provider, in.content_provider);
  EXPECT_EQ(out->origin, in.origin);
  EXPECT_EQ(out->copyright_owner, in.copyright_owner);
  EXPECT_EQ(out->expires_at, in.expires_at);
  EXPECT_EQ(out->status, in.status);
  EXPECT_EQ(out->announcement_id, 77);
  EXPECT_EQ(out->alerting_pattern, in.alerting_pattern);

  // 0 allocates max + 1.
  auto r2 = s_->resources().create(make_resource("r2"));
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->announcement_id, 78);
  EXPECT_EQ(s_->resources().find_by_announcement(78)->id, "r2");
  EXPECT_EQ(s_->resources().find_by_announcement(5).error().what, error::code::not_found);
  EXPECT_EQ(s_->resources().create(make_resource("r3", 77)).error().what,
            error::code::already_exists);

  // update keeps the announcement id when given 0
  auto upd = *out;
  upd.announcement_id = 0;
  upd.name = "Renamed";
  upd.price.reset();
  ASSERT_TRUE(s_->resources().update(upd));
  EXPECT_EQ(s_->resources().get("r1")->announcement_id, 77);
  EXPECT_EQ(s_->resources().get("r1")->name, "Renamed");
  EXPECT_FALSE(s_->resources().get("r1")->price);

  resource_filter f;
  f.type = media_type::video;
  EXPECT_EQ(s_->resources().list(f)->size(), 1U);
  f = {};
  f.provider_id = "cp1";
  EXPECT_EQ(s_->resources().list(f)->front().id, "r1");
  EXPECT_EQ(s_->resources().list()->size(), 2U);
  f = {};
  f.limit = 1;
  f.offset = 1;
  EXPECT_EQ(s_->resources().list(f)->front().id, "r2");

  auto bad = make_resource("r9");
  bad.type = static_cast<media_type>(42);
  EXPECT_EQ(s_->resources().create(bad).error().what, error::code::constraint);
  ASSERT_TRUE(s_->resources().remove("r2"));
  EXPECT_EQ(s_->resources().remove("r2").error().what, error::code::not_found);
}

TEST_F(Repositories, ResourceListsWithOrderedMembers) {
  for (auto id : {"a", "b", "c"}) ASSERT_TRUE(s_->resources().create(make_resource(id)));
  ASSERT_TRUE(s_->resource_lists().create({"L1", "List one", 3, {"c", "a"}}));
  ASSERT_TRUE(s_->resource_lists().create({"L2", "List two", std::nullopt, {}}));
  auto l = s_->resource_lists().get("L1");
  ASSERT_TRUE(l);
  EXPECT_EQ(l->name, "List one");
  EXPECT_EQ(l->category, 3U);
  EXPECT_EQ(l->resource_ids, (std::vector<std::string>{"c", "a"}));
  ASSERT_TRUE(s_->resource_lists().add_member("L1", "b"));
  EXPECT_EQ(s_->resource_lists().add_member("L1", "b").error().what, error::code::already_exists);
  EXPECT_EQ(s_->resource_lists().add_member("L1", "zz").error().what, error::code::not_found);
  auto members = s_->resource_lists().resources_of("L1");
  ASSERT_TRUE(members);
  ASSERT_EQ(members->size(), 3U);
  EXPECT_EQ((*members)[2].id, "b");
  EXPECT_EQ(s_->resource_lists().list(0)->size(), 2U);
  EXPECT_EQ(s_->resource_lists().list(3)->size(), 1U);
  EXPECT_EQ(s_->resource_lists().list(3)->front().resource_ids.size(), 3U);
  ASSERT_TRUE(s_->resource_lists().update({"L1", "Renamed", 4, {"b"}}));
  EXPECT_EQ(s_->resource_lists().get("L1")->resource_ids, std::vector<std::string>{"b"});
  ASSERT_TRUE(s_->resource_lists().remove_member("L1", "b"));
  EXPECT_EQ(s_->resource_lists().create({"L3", "x", 1, {"nope"}}).error().what,
            error::code::not_found);
  EXPECT_EQ(s_->resource_lists().get("L3").error().what, error::code::not_found);  // rolled back
  ASSERT_TRUE(s_->resource_lists().remove("L2"));
  EXPECT_EQ(s_->resource_lists().remove("L2").error().what, error::code::not_found);
}

TEST_F(Repositories, LibraryBoxesGroupsMembers) {
  ASSERT_TRUE(s_->subscribers().create(make_subscriber("S")));
  for (auto id : {"a", "b"}) ASSERT_TRUE(s_->resources().create(make_resource(id)));
  ASSERT_TRUE(s_->boxes().create({"B1", "S", "Fav", play_mode::sequential, {"b", "a"}}));
  EXPECT_EQ(s_->boxes().create({"a", "S", "", play_mode::random, {}}).error().what,
            error::code::already_exists);  // shares the resource namespace
  EXPECT_EQ(s_->resources().create(make_resource("B1")).error().what, error::code::already_exists);
  EXPECT_EQ(s_->boxes().create({"B2", "nobody", "", play_mode::random, {}}).error().what,
            error::code::not_found);
  auto b = s_->boxes().get("B1");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->owner_id, "S");
  EXPECT_EQ(b->name, "Fav");
  EXPECT_EQ(b->mode, play_mode::sequential);
  EXPECT_EQ(b->resource_ids, (std::vector<std::string>{"b", "a"}));
  ASSERT_TRUE(s_->boxes().update({"B1", "S", "Fav2", play_mode::random, {"a"}}));
  EXPECT_EQ(s_->boxes().list_by_owner("S")->front().resource_ids, std::vector<std::string>{"a"});

  library_entry e;
  e.subscriber_id = "S";
  e.item = res("a");
  e.subscribed_at = at(1000);
  e.expires_at = at(5000);
  e.origin = library_origin::gift;
  e.from_subscriber = "T";
  ASSERT_TRUE(s_->library().add(e));
  EXPECT_EQ(s_->library().add(e).error().what, error::code::already_exists);
  library_entry eb = e;
  eb.item = box("B1");
  eb.expires_at.reset();
  eb.origin = library_origin::purchase;
  ASSERT_TRUE(s_->library().add(eb));
  e.item = res("missing");
  EXPECT_EQ(s_->library().add(e).error().what, error::code::not_found);
  auto lib = s_->library().list("S");
  ASSERT_TRUE(lib);
  ASSERT_EQ(lib->size(), 2U);
  EXPECT_EQ((*lib)[0].item, res("a"));
  EXPECT_EQ((*lib)[0].subscribed_at, at(1000));
  EXPECT_EQ((*lib)[0].expires_at, at(5000));
  EXPECT_EQ((*lib)[0].origin, library_origin::gift);
  EXPECT_EQ((*lib)[0].from_subscriber, "T");
  EXPECT_EQ((*lib)[1].item, box("B1"));
  EXPECT_FALSE((*lib)[1].expires_at);
  ASSERT_TRUE(s_->library().renew("S", res("a"), at(9000)));
  EXPECT_EQ(s_->library().get("S", res("a"))->expires_at, at(9000));
  ASSERT_TRUE(s_->library().remove("S", box("B1")));
  EXPECT_EQ(s_->library().remove("S", box("B1")).error().what, error::code::not_found);

  auto g = s_->groups().create_group({"S", "", "Family"});
  ASSERT_TRUE(g);
  EXPECT_EQ(g->group_id, "1");
  EXPECT_EQ(s_->groups().create_group({"S", "", "Work"})->group_id, "2");
  EXPECT_EQ(s_->groups().create_group({"S", "1", "dup"}).error().what,
            error::code::already_exists);
  EXPECT_EQ(s_->groups().create_group({"nobody", "1", "x"}).error().what, error::code::not_found);
  ASSERT_TRUE(s_->groups().rename_group("S", "1", "Fam"));
  EXPECT_EQ(s_->groups().get_group("S", "1")->name, "Fam");
  ASSERT_TRUE(s_->groups().add_member("S", "1", {"4930", "Mum"}));
  ASSERT_TRUE(s_->groups().add_member("S", "1", {"4920", "Dad"}));
  EXPECT_EQ(s_->groups().add_member("S", "1", {"4920", "x"}).error().what,
            error::code::already_exists);
  EXPECT_EQ(s_->groups().add_member("S", "9", {"4920", "x"}).error().what, error::code::not_found);
  ASSERT_TRUE(s_->groups().update_member("S", "1", {"4920", "Father"}));
  auto members = s_->groups().list_members("S", "1");
  ASSERT_TRUE(members);
  ASSERT_EQ(members->size(), 2U);
  EXPECT_EQ((*members)[0].member_id, "4920");
  EXPECT_EQ((*members)[0].nickname, "Father");
  EXPECT_TRUE(*s_->groups().is_member("S", "1", "4930"));
  EXPECT_FALSE(*s_->groups().is_member("S", "2", "4930"));
  ASSERT_TRUE(s_->groups().remove_member("S", "1", "4930"));
  EXPECT_EQ(s_->groups().remove_member("S", "1", "4930").error().what, error::code::not_found);
  EXPECT_EQ(s_->groups().list_groups("S")->size(), 2U);
  ASSERT_TRUE(s_->groups().remove_group("S", "1"));
  EXPECT_EQ(s_->groups().list_members("S", "1").error().what, error::code::not_found);
}

TEST_F(Repositories, PresentationRuleReplaceAndReadBackEqual) {
  ASSERT_TRUE(s_->subscribers().create(make_subscriber("S")));
  for (auto id : {"a", "b", "c"}) ASSERT_TRUE(s_->resources().create(make_resource(id)));
  ASSERT_TRUE(s_->boxes().create({"B", "S", "", play_mode::random, {"a"}}));
  presentation_rule in;
  in.subscriber_id = "S";
  in.svc = service::cmrt;
  in.settings = {
      {presentation_type::location, 2, {{"office", {res("a"), box("B")}}}},
      {presentation_type::group, 0, {{"1", {res("b")}}, {"2", {}}}},
      {presentation_type::time, 2, {}},
  };
  in.default1 = {res("c"), res("a")};
  in.default2 = {box("B")};
  ASSERT_TRUE(s_->presentation_rules().replace(in));
  auto out = s_->presentation_rules().get("S", service::cmrt);
  ASSERT_TRUE(out);
  ASSERT_EQ(out->settings.size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(out->settings[i].type, in.settings[i].type);
    EXPECT_EQ(out->settings[i].priority, in.settings[i].priority);
    ASSERT_EQ(out->settings[i].rules.size(), in.settings[i].rules.size());
    for (std::size_t j = 0; j < in.settings[i].rules.size(); ++j) {
      EXPECT_EQ(out->settings[i].rules[j].condition, in.settings[i].rules[j].condition);
      EXPECT_EQ(out->settings[i].rules[j].items, in.settings[i].rules[j].items);
    }
  }
  EXPECT_EQ(out->default1, in.default1);
  EXPECT_EQ(out->default2, in.default2);
  EXPECT_TRUE(s_->presentation_rules().get("S", service::cmrbt)->settings.empty());

  // A failing replace leaves the previous rule set intact.
  presentation_rule bad = in;
  bad.default1 = {res("unknown")};
  EXPECT_EQ(s_->presentation_rules().replace(bad).error().what, error::code::not_found);
  EXPECT_EQ(s_->presentation_rules().get("S", service::cmrt)->settings.size(), 3U);
  bad = in;
  bad.settings[0].priority = -1;
  EXPECT_EQ(s_->presentation_rules().replace(bad).error().what, error::code::constraint);
  bad = in;
  bad.settings[0].type = static_cast<presentation_type>(7);
  EXPECT_EQ(s_->presentation_rules().replace(bad).error().what, error::code::constraint);
  bad.subscriber_id = "nobody";
  EXPECT_EQ(s_->presentation_rules().replace(bad).error().what, error::code::not_found);

  ASSERT_TRUE(s_->presentation_rules().remove("S", service::cmrt));
  EXPECT_TRUE(s_->presentation_rules().get("S", service::cmrt)->default1.empty());
}

TEST_F(Repositories, CascadeDeletes) {
  ASSERT_TRUE(s_->subscribers().create(make_subscriber("S")));
  for (auto id : {"a", "b"}) ASSERT_TRUE(s_->resources().create(make_resource(id)));
  ASSERT_TRUE(s_->boxes().create({"B", "S", "", play_mode::random, {"a", "b"}}));
  ASSERT_TRUE(s_->groups().create_group({"S", "1", "g"}));
  ASSERT_TRUE(s_->groups().add_member("S", "1", {"49", ""}));
  ASSERT_TRUE(s_->library().add({0, "S", res("a"), at(1), std::nullopt, library_origin::purchase, ""}));
  presentation_rule r{"S", service::cmrbt, {{presentation_type::group, 0, {{"1", {res("a"), res("b")}}}}},
                      {res("a")}, {box("B")}};
  ASSERT_TRUE(s_->presentation_rules().replace(r));
  ASSERT_TRUE(s_->resource_lists().create({"L", "l", 1, {"a", "b"}}));
  ASSERT_TRUE(s_->sessions().create({"k", "S", at(1), at(100)}));

  // Deleting a resource removes it from lists, boxes, libraries and rules.
  ASSERT_TRUE(s_->resources().remove("a"));
  EXPECT_EQ(s_->resource_lists().get("L")->resource_ids, std::vector<std::string>{"b"});
  EXPECT_EQ(s_->boxes().get("B")->resource_ids, std::vector<std::string>{"b"});
  EXPECT_TRUE(s_->library().list("S")->empty());
  auto rule = s_->presentation_rules().get("S", service::cmrbt);
  EXPECT_EQ(rule->settings[0].rules[0].items, std::vector<item_ref>{res("b")});
  EXPECT_TRUE(rule->default1.empty());

  // Deleting a group removes its members.
  ASSERT_TRUE(s_->groups().remove_group("S", "1"));
  EXPECT_EQ(*s_->connection().query_int("SELECT count(*) FROM member"), 0);

  // Deleting the subscriber removes everything it owns.
  ASSERT_TRUE(s_->groups().create_group({"S", "2", "g"}));
  ASSERT_TRUE(s_->groups().add_member("S", "2", {"49", ""}));
  ASSERT_TRUE(s_->subscribers().remove("S"));
  for (auto table : {"box", "box_item", "cmr_group", "member", "library", "preference_setting",
                     "preference_rule", "preference_rule_item", "default_resource",
                     "login_session"}) {
    const std::string sql = std::string("SELECT count(*) FROM ") + table;
    EXPECT_EQ(*s_->connection().query_int(sql.c_str()), 0) << table;
  }
}

}  // namespace
}  // namespace cmr::store
