// Charging with credit limits, the repeated-transaction guard, sessions,
// tariffs, system settings and content files.
#include <thread>

#include "store_test_util.h"

namespace cmr::store {
namespace {

using testing::at;
using testing::make_resource;
using testing::make_subscriber;

class Accounts : public ::testing::Test {
protected:
  void SetUp() override {
    s_ = testing::open_store(dir_.file("cmr.db"));
    ASSERT_TRUE(s_);
    ASSERT_TRUE(s_->subscribers().create(make_subscriber("A")));
    ASSERT_TRUE(s_->subscribers().create(make_subscriber("B")));
  }
  charging_record charge(const std::string& sub, const std::string& payer, money_e4 amount) {
    charging_record c;
    c.at = at(1700000000);
    c.kind = "subscribe";
    c.subscriber_id = sub;
    c.payer_id = payer;
    c.resource_id = "r";
    c.amount = amount;
    c.transaction_id = "tx";
    c.details = "d";
    return c;
  }
  testing::temp_dir dir_;
  std::unique_ptr<store> s_;
};

TEST_F(Accounts, ChargeRespectsOwnAndSystemCreditLimit) {
  auto& subs = s_->subscribers();
  // No limit anywhere: anything goes.
  ASSERT_TRUE(subs.add_charge(charge("A", "", 1000000)));
  EXPECT_EQ(subs.get("A")->charged, 1000000);

  // System-wide limit applies to B (no own limit).
  ASSERT_TRUE(s_->settings().set(system_settings::k_credit_limit, "500"));
  ASSERT_TRUE(subs.add_charge(charge("B", "", 300)));
  auto over = subs.add_charge(charge("B", "", 201));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().what, error::code::credit_limit);
  EXPECT_EQ(subs.get("B")->charged, 300);
  ASSERT_TRUE(subs.add_charge(charge("B", "", 200)));  // exactly at the limit

  // An own limit wins over the system one. A gift is charged to its payer.
  ASSERT_TRUE(subs.set_credit_limit("A", 1000050));
  EXPECT_EQ(subs.add_charge(charge("B", "A", 51)).error().what, error::code::credit_limit);
  auto id = subs.add_charge(charge("B", "A", 50));
  ASSERT_TRUE(id);
  EXPECT_EQ(subs.get("A")->charged, 1000050);
  EXPECT_EQ(subs.get("B")->charged, 500);

  auto records = s_->charging().list_by_subscriber("A");
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 2U);  // A's own charge and the gift A paid
  const auto& gift = records->back();
  EXPECT_EQ(gift.id, *id);
  EXPECT_EQ(gift.subscriber_id, "B");
  EXPECT_EQ(gift.payer_id, "A");
  EXPECT_EQ(gift.amount, 50);
  EXPECT_EQ(gift.at, at(1700000000));
  EXPECT_EQ(gift.kind, "subscribe");
  EXPECT_EQ(gift.resource_id, "r");
  EXPECT_EQ(gift.transaction_id, "tx");
  EXPECT_EQ(gift.details, "d");
  EXPECT_EQ(s_->charging().list_by_subscriber("B")->size(), 3U);
  EXPECT_EQ(subs.add_charge(charge("X", "", 1)).error().what, error::code::not_found);

  // Records without a credit check.
  auto call = charge("A", "", 0);
  call.kind = "call";
  ASSERT_TRUE(s_->charging().append(call));
  EXPECT_EQ(s_->charging().list_by_subscriber("A", 1)->size(), 1U);
  call.kind = "";
  EXPECT_EQ(s_->charging().append(call).error().what, error::code::constraint);
}

TEST_F(Accounts, ConcurrentChargesLoseNoUpdate) {
  constexpr int threads = 4;
  constexpr int per_thread = 50;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i) ASSERT_TRUE(s_->subscribers().add_charge(charge("A", "", 3)));
    });
  for (auto& w : workers) w.join();
  EXPECT_EQ(s_->subscribers().get("A")->charged, threads * per_thread * 3);
  EXPECT_EQ(s_->charging().list_by_subscriber("A")->size(),
            static_cast<std::size_t>(threads * per_thread));
}

TEST_F(Accounts, RepeatedTransactionGuard) {
  auto& guard = s_->applied();
  EXPECT_TRUE(*guard.insert_if_absent("portal", "T1", at(100)));
  EXPECT_FALSE(*guard.insert_if_absent("portal", "T1", at(200)));
  EXPECT_TRUE(*guard.insert_if_absent("A", "T1", at(200)));  // other principal

  // Guard and change commit together: a rolled-back request leaves no guard.
  {
    auto tx = s_->begin();
    ASSERT_TRUE(tx);
    EXPECT_TRUE(*guard.insert_if_absent("portal", "T2", at(300)));
    ASSERT_TRUE(s_->subscribers().set_presence("A", "busy"));
  }  // rolled back
  EXPECT_EQ(s_->subscribers().get("A")->presence, "");
  {
    auto tx = s_->begin();
    ASSERT_TRUE(tx);
    EXPECT_TRUE(*guard.insert_if_absent("portal", "T2", at(300)));
    ASSERT_TRUE(s_->subscribers().set_presence("A", "busy"));
    ASSERT_TRUE(tx->commit());
  }
  EXPECT_FALSE(*guard.insert_if_absent("portal", "T2", at(400)));
  EXPECT_EQ(*guard.purge_before(at(250)), 2);
  EXPECT_TRUE(*guard.insert_if_absent("portal", "T1", at(500)));
}

TEST_F(Accounts, NestedFailureRollsBackOnlyItsPart) {
  auto tx = s_->begin();
  ASSERT_TRUE(tx);
  ASSERT_TRUE(s_->subscribers().set_location("A", "home"));
  EXPECT_FALSE(s_->resource_lists().create({"L", "l", 1, {"missing"}}));
  ASSERT_TRUE(tx->commit());
  EXPECT_EQ(s_->subscribers().get("A")->location, "home");
  EXPECT_EQ(s_->resource_lists().get("L").error().what, error::code::not_found);
}

TEST_F(Accounts, Sessions) {
  auto& sessions = s_->sessions();
  ASSERT_TRUE(sessions.create({"k1", "A", at(100), at(200)}));
  ASSERT_TRUE(sessions.create({"k2", "B", at(100), at(300)}));
  EXPECT_EQ(sessions.create({"k1", "B", at(1), at(2)}).error().what, error::code::already_exists);
  EXPECT_EQ(sessions.create({"k3", "nobody", at(1), at(2)}).error().what, error::code::not_found);
  auto found = sessions.find("k1", at(150));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->subscriber_id, "A");
  EXPECT_EQ(found->created_at, at(100));
  EXPECT_EQ(found->expires_at, at(200));
  EXPECT_EQ(sessions.find("k1", at(200)).error().what, error::code::not_found);
  EXPECT_EQ(*sessions.remove_expired(at(250)), 1);
  EXPECT_TRUE(sessions.find("k2", at(250)));
  ASSERT_TRUE(sessions.remove("k2"));
  EXPECT_EQ(sessions.remove("k2").error().what, error::code::not_found);
}

TEST_F(Accounts, TariffsSettingsContent) {
  ASSERT_TRUE(s_->resources().create(make_resource("r")));
  tariff_rule t;
  t.id = "t1";
  t.description = "half price";
  t.list_category = 2;
  t.resource_id = "r";
  t.discount_percent = 50;
  t.valid_from = at(10);
  t.valid_until = at(20);
  ASSERT_TRUE(s_->tariffs().create(t));
  auto out = s_->tariffs().get("t1");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->description, t.description);
  EXPECT_EQ(out->list_category, t.list_category);
  EXPECT_EQ(out->resource_id, "r");
  EXPECT_FALSE(out->price);
  EXPECT_EQ(out->discount_percent, 50U);
  EXPECT_EQ(out->valid_from, at(10));
  EXPECT_EQ(out->valid_until, at(20));
  t.price = 100;
  EXPECT_EQ(s_->tariffs().update(t).error().what, error::code::constraint);  // price and discount
  t.discount_percent.reset();
  t.resource_id.clear();
  ASSERT_TRUE(s_->tariffs().update(t));
  EXPECT_EQ(s_->tariffs().get("t1")->price, 100);
  EXPECT_EQ(s_->tariffs().get("t1")->resource_id, "");
  t.id = "t0";
  t.discount_percent = 101;
  t.price.reset();
  EXPECT_EQ(s_->tariffs().create(t).error().what, error::code::constraint);
  EXPECT_EQ(s_->tariffs().list()->size(), 1U);
  ASSERT_TRUE(s_->tariffs().remove("t1"));

  auto& settings = s_->settings();
  EXPECT_EQ(*settings.system_default_resource(service::cmrbt), "");
  ASSERT_TRUE(settings.set_system_default_resource(service::cmrbt, "r"));
  EXPECT_EQ(*settings.system_default_resource(service::cmrbt), "r");
  EXPECT_EQ(*settings.system_default_resource(service::cmrt), "");
  EXPECT_EQ(settings.set_system_default_resource(service::cmrt, "zz").error().what,
            error::code::not_found);
  ASSERT_TRUE(settings.set(system_settings::k_max_groups, "7"));
  ASSERT_TRUE(settings.set(system_settings::k_credit_limit, "1000"));
  auto limits = settings.limits();
  ASSERT_TRUE(limits);
  EXPECT_EQ(limits->max_groups, 7);
  EXPECT_EQ(limits->credit_limit, 1000);
  EXPECT_EQ(limits->session_ttl_seconds, 1800);
  ASSERT_TRUE(settings.set(system_settings::k_max_groups, "seven"));
  EXPECT_EQ(settings.limits().error().what, error::code::constraint);
  EXPECT_EQ(settings.list()->size(), 3U);
  ASSERT_TRUE(settings.remove(system_settings::k_max_groups));
  EXPECT_FALSE(*settings.get(system_settings::k_max_groups));

  resource_content c{"r", "alaw", "/var/lib/cmr/r.alaw", 8000, "ab12", "audio/x-alaw-basic"};
  ASSERT_TRUE(s_->contents().put(c));
  c.size = 9000;
  ASSERT_TRUE(s_->contents().put(c));  // replaces
  auto got = s_->contents().get("r", "alaw");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->size, 9000);
  EXPECT_EQ(got->path, c.path);
  EXPECT_EQ(got->sha256, c.sha256);
  EXPECT_EQ(got->content_type, c.content_type);
  c.kind = "mp9";
  EXPECT_EQ(s_->contents().put(c).error().what, error::code::constraint);
  c.kind = "original";
  c.resource_id = "nope";
  EXPECT_EQ(s_->contents().put(c).error().what, error::code::not_found);
  EXPECT_EQ(s_->contents().list("r")->size(), 1U);
  ASSERT_TRUE(s_->resources().remove("r"));
  EXPECT_TRUE(s_->contents().list("r")->empty());
}

}  // namespace
}  // namespace cmr::store
