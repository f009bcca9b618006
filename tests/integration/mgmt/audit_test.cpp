// The item-by-item audit of docs/management-audit.md, over HTTP against the
// real server, every case in XML (validated against docs/xsd) and JSON:
// TransactionId echo by every operation (success and error), the repeated-
// operation guard on every mutating operation, the authentication codes of
// every subscriber operation, the role matrix, the 10007 value checks of the
// tables, charging records, provider ownership, 99999 without details, and
// the cached GetResourceList answers following every change.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <thread>

#include "store/store.h"
#include "tests/integration/mgmt/mgmt_harness.h"

namespace cmr::test {
namespace {

using mgmt::element;
constexpr const char* A = "491700000001";  // demo subscribers
constexpr const char* B = "491700000002";
constexpr const char* portal = "demo-portal";
constexpr const char* app = "application-secret";
constexpr const char* cp_a = "provider-secret-a";  // ProviderId demo-cp (the demo resources')
constexpr const char* cp_b = "provider-secret-b";  // ProviderId other-cp

element with(element m, std::initializer_list<std::pair<std::string, std::string>> more) {
  for (const auto& [k, v] : more) m.add(k, v);
  return m;
}

std::string utc_in(std::chrono::seconds d) {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + d);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

class audit : public ::testing::TestWithParam<wire_format> {
protected:
  cmr_reply call(const std::string& op, const element& req, const std::string& token = portal) {
    return srv.call(GetParam(), op, req, token);
  }
  int code(const std::string& op, const element& req, const std::string& token = portal) {
    return call(op, req, token).code;
  }
  std::string login(const char* sub, const char* pw) {
    EXPECT_EQ(code("ServiceSubscription", message({{"SubscriberId", sub}, {"OperationType", "3"}, {"Password", pw}})), 0);
    auto r = call("Login", message({{"SubscriberId", sub}, {"Password", pw}}), "");
    EXPECT_EQ(r.code, 0) << r.http.body;
    return r.value("SessionKey");
  }
  std::vector<std::string> names(const cmr_reply& r, const std::string& structure, const std::string& field) {
    std::vector<std::string> out;
    for (const element* e : r.msg.all(structure)) out.emplace_back(e->value(field));
    return out;
  }
  mgmt_server srv;
};

// One request that succeeds and one that fails for every operation: both
// answers carry the request's TransactionId.
TEST_P(audit, every_operation_echoes_the_transaction_id) {
  login(A, "secret-a");
  struct c {
    const char* op;
    element good;
    element bad;
    int bad_code;
    const char* token;
  };
  const std::vector<c> cases = {
      {"Login", message({{"SubscriberId", A}, {"Password", "secret-a"}}),
       message({{"SubscriberId", A}, {"Password", "wrong"}}), 10005, ""},
      {"GetResourceList", message({{"SubscriberId", A}, {"ResourceListId", "000000"}}),
       message({{"SubscriberId", A}, {"ResourceListId", "nope"}}), 10009, portal},
      {"SubscribeResource", message({{"SubscriberId", A}, {"ResourceId", "demo-image-1"}}),
       message({{"SubscriberId", A}, {"ResourceId", "nope"}}), 10008, portal},
      {"AddResource", message({{"Action", "1"}, {"SubscriberId", B}, {"ResourceId", "demo-image-1"}, {"ResourceOwner", A}}),
       message({{"Action", "1"}, {"SubscriberId", B}, {"ResourceId", "nope"}, {"ResourceOwner", A}}), 10008, portal},
      {"ResourceManagement", message({{"OperationType", "1"}, {"ResourceId", "demo-ringback-1"}}),
       message({{"OperationType", "1"}, {"ResourceId", "nope"}}), 10008, portal},
      {"ResourceListManagement", message({{"OperationType", "1"}, {"ResourceListId", "000000"}}),
       message({{"OperationType", "1"}, {"ResourceListId", "nope"}}), 10009, portal},
      {"GroupManagement", message({{"SubscriberId", A}, {"OperationType", "1"}}),
       message({{"SubscriberId", A}, {"OperationType", "1"}, {"GroupId", "99"}}), 20001, portal},
      {"MemberManagement", message({{"SubscriberId", A}, {"OperationType", "1"}, {"GroupId", "1"}}),
       message({{"SubscriberId", A}, {"OperationType", "1"}, {"GroupId", "99"}}), 20001, portal},
      {"PresentationRule", message({{"SubscriberId", A}, {"Service", "CMRBT"}, {"OperationType", "1"}}),
       message({{"SubscriberId", A}, {"Service", "CMRX"}, {"OperationType", "1"}}), 10007, portal},
      {"LibraryManagement", message({{"SubscriberId", A}, {"OperationType", "1"}}),
       message({{"SubscriberId", A}, {"OperationType", "1"}, {"ResourceId", "nope"}}), 10008, portal},
      {"ResourceBoxManagement", message({{"SubscriberId", A}, {"OperationType", "1"}}),
       message({{"SubscriberId", A}, {"OperationType", "1"}, {"BoxId", "nope"}}), 10008, portal},
      {"ServiceSubscription", message({{"SubscriberId", A}, {"OperationType", "1"}}),
       message({{"SubscriberId", "499999"}, {"OperationType", "1"}}), 10004, portal},
      {"PrivacySetting", message({{"SubscriberId", A}, {"OperationType", "1"}}),
       message({{"SubscriberId", A}, {"OperationType", "2"}}), 10007, portal},
      {"PresentationControl", message({{"SubscriberId", A}, {"OperationType", "1"}}),
       message({{"SubscriberId", A}, {"OperationType", "3"}, {"CopyKeys", "**"}}), 10007, portal},
      {"TariffRule", message({{"OperationType", "1"}}), message({{"OperationType", "1"}, {"TariffId", "nope"}}),
       10007, portal},
      {"SystemSetting", message({{"OperationType", "1"}}), [] {
         auto m = message({{"OperationType", "1"}});
         m.add_structure("Setting").add("Name", "limit.colour");
         return m;
       }(), 10007, portal},
      {"PresenceUpdate", message({{"SubscriberId", A}, {"PresenceInfo", "busy"}}),
       message({{"SubscriberId", "499999"}, {"PresenceInfo", "busy"}}), 10004, app},
      {"LocationUpdate", message({{"SubscriberId", A}, {"LocationInfo", "office"}}),
       message({{"SubscriberId", A}, {"LocationInfo", "office\n"}}), 10007, app},
  };
  int n = 0;
  for (const auto& k : cases) {
    SCOPED_TRACE(k.op);
    const std::string t1 = "tid-ok-" + std::to_string(++n);
    auto ok = call(k.op, with(k.good, {{"TransactionId", t1}}), k.token);
    EXPECT_EQ(ok.code, 0) << ok.http.body;
    EXPECT_EQ(ok.http.status, 200u);
    EXPECT_EQ(ok.value("TransactionId"), t1);
    EXPECT_FALSE(ok.value("StatusDescription").empty());
    const std::string t2 = "tid-bad-" + std::to_string(n) + " <&>";
    auto bad = call(k.op, with(k.bad, {{"TransactionId", t2}}), k.token);
    EXPECT_EQ(bad.code, k.bad_code) << bad.http.body;
    EXPECT_EQ(bad.http.status, 200u);
    EXPECT_EQ(bad.value("TransactionId"), t2);
    // Without a TransactionId there is none in the answer.
    EXPECT_FALSE(call(k.op, k.bad, k.token).msg.has("TransactionId"));
  }
  EXPECT_EQ(mgmt_server::xsd_failures(), 0);
}

// Every mutating operation: a second request with an applied TransactionId
// (here with a different change) is 10011 and changes nothing; a refused
// request does not consume its TransactionId; another principal's ids are
// its own.
TEST_P(audit, every_mutating_operation_guards_repeated_transaction_ids) {
  int n = 0;
  // first applied, second (same TransactionId) refused with 10011
  const auto guard = [&](const char* op, const element& first, const element& second, const std::string& token = portal) {
    SCOPED_TRACE(op);
    const std::string tid = "dup-" + std::to_string(++n);
    auto a = call(op, with(first, {{"TransactionId", tid}}), token);
    EXPECT_EQ(a.code, 0) << a.http.body;
    auto b = call(op, with(second, {{"TransactionId", tid}}), token);
    EXPECT_EQ(b.code, 10011) << b.http.body;
    EXPECT_EQ(b.value("TransactionId"), tid);
  };
  const auto q = [&](const char* op, const element& m, const std::string& token = portal) { return call(op, m, token); };

  guard("SubscribeResource", message({{"SubscriberId", A}, {"ResourceId", "demo-image-1"}}),
        message({{"SubscriberId", B}, {"ResourceId", "demo-image-1"}}));
  EXPECT_EQ(q("LibraryManagement", message({{"SubscriberId", B}, {"OperationType", "1"}, {"ResourceId", "demo-image-1"}})).code,
            10008);
  guard("AddResource", message({{"Action", "1"}, {"SubscriberId", B}, {"ResourceId", "demo-image-1"}, {"ResourceOwner", A}}),
        message({{"Action", "2"}, {"SubscriberId", B}, {"ResourceId", "demo-ringback-3"}, {"ResourceOwner", A}}));

  guard("ResourceManagement",
        message({{"OperationType", "2"}, {"ResourceId", "g-1"}, {"Name", "G1"}, {"MediaType", "Audio"}}),
        message({{"OperationType", "2"}, {"ResourceId", "g-2"}, {"Name", "G2"}, {"MediaType", "Audio"}}));
  EXPECT_EQ(q("ResourceManagement", message({{"OperationType", "1"}, {"ResourceId", "g-2"}})).code, 10008);
  guard("ResourceManagement", message({{"OperationType", "3"}, {"ResourceId", "g-1"}, {"Name", "first"}}),
        message({{"OperationType", "3"}, {"ResourceId", "g-1"}, {"Name", "second"}}));
  EXPECT_EQ(q("ResourceManagement", message({{"OperationType", "1"}, {"ResourceId", "g-1"}})).msg.child("ResourceInfo")->value("Name"),
            "first");
  ASSERT_EQ(code("ResourceManagement", message({{"OperationType", "2"}, {"ResourceId", "g-3"}, {"Name", "G3"}, {"MediaType", "Audio"}})), 0);
  guard("ResourceManagement", message({{"OperationType", "4"}, {"ResourceId", "g-1"}}),
        message({{"OperationType", "4"}, {"ResourceId", "g-3"}}));
  EXPECT_EQ(q("ResourceManagement", message({{"OperationType", "1"}, {"ResourceId", "g-3"}})).code, 0);
  // The guard is per principal: the provider's "dup-1" is not the portal's.
  EXPECT_EQ(code("ResourceManagement", message({{"TransactionId", "dup-1"}, {"OperationType", "2"}, {"ResourceId", "g-4"},
                                                 {"Name", "G4"}, {"MediaType", "Audio"}}), cp_a), 0);

  guard("ResourceListManagement", message({{"OperationType", "2"}, {"ResourceListId", "l-1"}, {"ListName", "L1"}}),
        message({{"OperationType", "2"}, {"ResourceListId", "l-2"}, {"ListName", "L2"}}));
  guard("ResourceListManagement", message({{"OperationType", "3"}, {"ResourceListId", "l-1"}, {"ListName", "first"}}),
        message({{"OperationType", "3"}, {"ResourceListId", "l-1"}, {"ListName", "second"}}));
  EXPECT_EQ(q("ResourceListManagement", message({{"OperationType", "1"}, {"ResourceListId", "l-1"}})).msg.child("ResourceList")->value("ListName"),
            "first");
  guard("ResourceListManagement", message({{"OperationType", "4"}, {"ResourceListId", "l-1"}}),
        message({{"OperationType", "4"}, {"ResourceListId", "demo-list-music"}}));
  EXPECT_EQ(q("ResourceListManagement", message({{"OperationType", "1"}, {"ResourceListId", "demo-list-music"}})).code, 0);

  guard("GroupManagement", message({{"SubscriberId", A}, {"OperationType", "2"}, {"GroupId", "g1"}, {"GroupName", "G1"}}),
        message({{"SubscriberId", A}, {"OperationType", "2"}, {"GroupId", "g2"}, {"GroupName", "G2"}}));
  EXPECT_EQ(q("GroupManagement", message({{"SubscriberId", A}, {"OperationType", "1"}, {"GroupId", "g2"}})).code, 20001);
  guard("GroupManagement", message({{"SubscriberId", A}, {"OperationType", "3"}, {"GroupId", "g1"}, {"GroupName", "first"}}),
        message({{"SubscriberId", A}, {"OperationType", "3"}, {"GroupId", "g1"}, {"GroupName", "second"}}));
  EXPECT_EQ(q("GroupManagement", message({{"SubscriberId", A}, {"OperationType", "1"}, {"GroupId", "g1"}})).msg.child("GroupInfo")->value("GroupName"),
            "first");

  const auto member = [](const char* op, const char* id, const char* nick) {
    auto m = message({{"SubscriberId", A}, {"OperationType", op}, {"GroupId", "g1"}});
    auto& mi = m.add_structure("MemberInfo");
    mi.add("MemberId", id);
    if (nick != nullptr) mi.add("NickName", nick);
    return m;
  };
  guard("MemberManagement", member("2", "4930001", "One"), member("2", "4930002", "Two"));
  guard("MemberManagement", member("3", "4930001", "first"), member("3", "4930001", "second"));
  auto members = q("MemberManagement", message({{"SubscriberId", A}, {"OperationType", "1"}, {"GroupId", "g1"}}));
  EXPECT_EQ(names(members, "MemberInfo", "NickName"), std::vector<std::string>{"first"});
  ASSERT_EQ(code("MemberManagement", member("2", "4930003", "Three")), 0);
  guard("MemberManagement", member("4", "4930001", nullptr), member("4", "4930003", nullptr));
  members = q("MemberManagement", message({{"SubscriberId", A}, {"OperationType", "1"}, {"GroupId", "g1"}}));
  EXPECT_EQ(names(members, "MemberInfo", "MemberId"), std::vector<std::string>{"4930003"});
  guard("GroupManagement", message({{"SubscriberId", A}, {"OperationType", "4"}, {"GroupId", "g1"}}),
        message({{"SubscriberId", A}, {"OperationType", "4"}, {"GroupId", "1"}}));
  EXPECT_EQ(q("GroupManagement", message({{"SubscriberId", A}, {"OperationType", "1"}, {"GroupId", "1"}})).code, 0);

  const auto rule = [](const char* op, const char* default1) {
    return message({{"SubscriberId", B}, {"Service", "CMRT"}, {"OperationType", op}, {"DefaultCMRResourceId1", default1}});
  };
  guard("PresentationRule", rule("2", "demo-ringback-1"), rule("3", "demo-ringback-2"));
  auto r = q("PresentationRule", message({{"SubscriberId", B}, {"Service", "CMRT"}, {"OperationType", "1"}}));
  EXPECT_EQ(r.value("DefaultCMRResourceId1"), "demo-ringback-1");
  guard("PresentationRule", message({{"SubscriberId", B}, {"Service", "CMRT"}, {"OperationType", "4"}}),
        message({{"SubscriberId", B}, {"Service", "CMRBT"}, {"OperationType", "4"}}));
  r = q("PresentationRule", message({{"SubscriberId", B}, {"Service", "CMRBT"}, {"OperationType", "1"}}));
  EXPECT_EQ(r.value("DefaultCMRResourceId2"), "demo-ringback-2");  // the demo rule is still there

  guard("LibraryManagement", message({{"SubscriberId", B}, {"OperationType", "2"}, {"ResourceId", "demo-system-default"}}),
        message({{"SubscriberId", A}, {"OperationType", "2"}, {"ResourceId", "demo-system-default"}}));
  EXPECT_EQ(q("LibraryManagement", message({{"SubscriberId", A}, {"OperationType", "1"}, {"ResourceId", "demo-system-default"}})).code,
            10008);
  guard("LibraryManagement",
        message({{"SubscriberId", B}, {"OperationType", "3"}, {"ResourceId", "demo-system-default"}, {"ExpireDate", "2031-01-01T00:00:00Z"}}),
        message({{"SubscriberId", B}, {"OperationType", "3"}, {"ResourceId", "demo-system-default"}, {"ExpireDate", "2032-01-01T00:00:00Z"}}));
  EXPECT_EQ(q("LibraryManagement", message({{"SubscriberId", B}, {"OperationType", "1"}, {"ResourceId", "demo-system-default"}}))
                .msg.child("LibraryEntry")->value("ExpireDate"),
            "2031-01-01T00:00:00Z");
  guard("LibraryManagement", message({{"SubscriberId", B}, {"OperationType", "4"}, {"ResourceId", "demo-system-default"}}),
        message({{"SubscriberId", B}, {"OperationType", "4"}, {"ResourceId", "demo-ringback-1"}}));
  EXPECT_EQ(q("LibraryManagement", message({{"SubscriberId", B}, {"OperationType", "1"}, {"ResourceId", "demo-ringback-1"}})).code, 0);

  guard("ResourceBoxManagement",
        message({{"SubscriberId", B}, {"OperationType", "2"}, {"BoxId", "b-1"}, {"BoxName", "B1"}, {"ResourceId", "demo-ringback-1"}}),
        message({{"SubscriberId", B}, {"OperationType", "2"}, {"BoxId", "b-2"}, {"BoxName", "B2"}}));
  guard("ResourceBoxManagement", message({{"SubscriberId", B}, {"OperationType", "3"}, {"BoxId", "b-1"}, {"BoxName", "first"}}),
        message({{"SubscriberId", B}, {"OperationType", "3"}, {"BoxId", "b-1"}, {"BoxName", "second"}}));
  auto boxes = q("ResourceBoxManagement", message({{"SubscriberId", B}, {"OperationType", "1"}}));
  EXPECT_EQ(names(boxes, "ResourceBox", "BoxName"), std::vector<std::string>{"first"});
  guard("ResourceBoxManagement", message({{"SubscriberId", B}, {"OperationType", "4"}, {"BoxId", "b-1"}}),
        message({{"SubscriberId", A}, {"OperationType", "4"}, {"BoxId", "demo-box-1"}}));
  EXPECT_EQ(q("ResourceBoxManagement", message({{"SubscriberId", A}, {"OperationType", "1"}, {"BoxId", "demo-box-1"}})).code, 0);

  guard("ServiceSubscription", message({{"SubscriberId", "491700000050"}, {"OperationType", "2"}}),
        message({{"SubscriberId", "491700000051"}, {"OperationType", "2"}}));
  EXPECT_EQ(q("ServiceSubscription", message({{"SubscriberId", "491700000051"}, {"OperationType", "1"}})).code, 10004);
  guard("ServiceSubscription", message({{"SubscriberId", "491700000050"}, {"OperationType", "3"}, {"TimeZone", "Europe/Paris"}}),
        message({{"SubscriberId", "491700000050"}, {"OperationType", "3"}, {"TimeZone", "Asia/Tokyo"}}));
  EXPECT_EQ(q("ServiceSubscription", message({{"SubscriberId", "491700000050"}, {"OperationType", "1"}}))
                .msg.child("Subscription")->value("TimeZone"),
            "Europe/Paris");
  guard("ServiceSubscription", message({{"SubscriberId", "491700000050"}, {"OperationType", "4"}}),
        message({{"SubscriberId", B}, {"OperationType", "4"}}));
  EXPECT_EQ(q("ServiceSubscription", message({{"SubscriberId", B}, {"OperationType", "1"}})).code, 0);

  guard("PrivacySetting", message({{"SubscriberId", B}, {"OperationType", "3"}, {"CopyPrivacy", "deny"}}),
        message({{"SubscriberId", B}, {"OperationType", "3"}, {"CopyPrivacy", "allow"}}));
  EXPECT_EQ(q("PrivacySetting", message({{"SubscriberId", B}, {"OperationType", "1"}})).value("CopyPrivacy"), "deny");

  guard("PresentationControl", message({{"SubscriberId", B}, {"OperationType", "3"}, {"CopyKeys", "9"}}),
        message({{"SubscriberId", B}, {"OperationType", "3"}, {"CopyKeys", "1"}}));
  EXPECT_EQ(q("PresentationControl", message({{"SubscriberId", B}, {"OperationType", "1"}})).value("CopyKeys"), "9");

  guard("TariffRule", message({{"OperationType", "2"}, {"TariffId", "t-1"}, {"ListCategory", "1"}, {"DiscountPercent", "10"}}),
        message({{"OperationType", "2"}, {"TariffId", "t-2"}, {"ListCategory", "1"}, {"DiscountPercent", "20"}}));
  guard("TariffRule", message({{"OperationType", "3"}, {"TariffId", "t-1"}, {"DiscountPercent", "30"}}),
        message({{"OperationType", "3"}, {"TariffId", "t-1"}, {"DiscountPercent", "40"}}));
  auto tariffs = q("TariffRule", message({{"OperationType", "1"}}));
  EXPECT_EQ(names(tariffs, "TariffRule", "DiscountPercent"), std::vector<std::string>{"30"});
  ASSERT_EQ(code("TariffRule", message({{"OperationType", "2"}, {"TariffId", "t-3"}, {"ListCategory", "2"}, {"Price", "1"}})), 0);
  guard("TariffRule", message({{"OperationType", "4"}, {"TariffId", "t-1"}}), message({{"OperationType", "4"}, {"TariffId", "t-3"}}));
  EXPECT_EQ(q("TariffRule", message({{"OperationType", "1"}, {"TariffId", "t-3"}})).code, 0);

  const auto setting = [](const char* op, const char* name, const char* value) {
    auto m = message({{"OperationType", op}});
    auto& s = m.add_structure("Setting");
    s.add("Name", name);
    if (value != nullptr) s.add("Value", value);
    return m;
  };
  guard("SystemSetting", setting("3", "limit.groups", "7"), setting("3", "limit.groups", "8"));
  EXPECT_EQ(q("SystemSetting", setting("1", "limit.groups", nullptr)).msg.child("Setting")->value("Value"), "7");
  ASSERT_EQ(code("SystemSetting", setting("3", "limit.members_per_group", "9")), 0);
  guard("SystemSetting", setting("4", "limit.groups", nullptr), setting("4", "limit.members_per_group", nullptr));
  EXPECT_EQ(q("SystemSetting", setting("1", "limit.members_per_group", nullptr)).msg.child("Setting")->value("Value"), "9");

  // Create (2) sets like Update (3).
  EXPECT_EQ(code("SystemSetting", setting("2", "limit.library_entries", "50")), 0);
  EXPECT_EQ(q("SystemSetting", setting("1", "limit.library_entries", nullptr)).msg.child("Setting")->value("Value"), "50");

  guard("PresenceUpdate", message({{"SubscriberId", A}, {"PresenceInfo", "busy"}}),
        message({{"SubscriberId", A}, {"PresenceInfo", "away"}}), app);
  guard("LocationUpdate", message({{"SubscriberId", A}, {"LocationInfo", "office"}}),
        message({{"SubscriberId", A}, {"LocationInfo", "home"}}), app);

  // A refused request leaves its TransactionId unused.
  EXPECT_EQ(code("GroupManagement", message({{"TransactionId", "retry-1"}, {"SubscriberId", A}, {"OperationType", "3"},
                                              {"GroupId", "nope"}, {"GroupName", "x"}})),
            20001);
  EXPECT_EQ(code("GroupManagement", message({{"TransactionId", "retry-1"}, {"SubscriberId", A}, {"OperationType", "2"},
                                              {"GroupName", "x"}})),
            0);
  // Queries are never guarded.
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(code("GroupManagement", message({{"TransactionId", "dup-1"}, {"SubscriberId", A}, {"OperationType", "1"}})), 0);
  // A subscriber's ids are its own principal's.
  const std::string key = login(A, "secret-a");
  EXPECT_EQ(code("GroupManagement", message({{"TransactionId", "dup-5"}, {"SubscriberId", A}, {"SessionKey", key},
                                              {"OperationType", "2"}, {"GroupName", "mine"}}), ""),
            0);
  EXPECT_EQ(code("GroupManagement", message({{"TransactionId", "dup-5"}, {"SubscriberId", A}, {"SessionKey", key},
                                              {"OperationType", "2"}, {"GroupName", "mine again"}}), ""),
            10011);
}

// 10001, 10002, 10006, 10003 and 10004 for every operation a subscriber may
// call, and success with the subscriber's own key.
TEST_P(audit, authentication_codes_of_every_subscriber_operation) {
  const std::string ka = login(A, "secret-a");
  const std::string kb = login(B, "secret-b");
  struct c {
    const char* op;
    element req;  // without SubscriberId and SessionKey; succeeds for A
  };
  const std::vector<c> cases = {
      {"GetResourceList", message({{"ResourceListId", "000000"}})},
      {"SubscribeResource", message({{"ResourceId", "demo-image-1"}})},
      {"AddResource", message({{"Action", "1"}, {"ResourceId", "demo-system-default"}, {"ResourceOwner", "491700000077"}})},
      {"GroupManagement", message({{"OperationType", "1"}})},
      {"MemberManagement", message({{"OperationType", "1"}, {"GroupId", "1"}})},
      {"PresentationRule", message({{"Service", "CMRBT"}, {"OperationType", "1"}})},
      {"LibraryManagement", message({{"OperationType", "1"}})},
      {"ResourceBoxManagement", message({{"OperationType", "1"}})},
      {"ServiceSubscription", message({{"OperationType", "1"}})},
      {"PrivacySetting", message({{"OperationType", "1"}})},
      {"PresentationControl", message({{"OperationType", "1"}})},
  };
  // AddResource copies from an owner holding the resource.
  ASSERT_EQ(code("ServiceSubscription", message({{"SubscriberId", "491700000077"}, {"OperationType", "2"}})), 0);
  ASSERT_EQ(code("SubscribeResource", message({{"SubscriberId", "491700000077"}, {"ResourceId", "demo-system-default"}})), 0);
  const auto req = [](const c& k, const char* sub, const std::string& key) {
    element m = k.req;
    if (sub != nullptr) m.add("SubscriberId", sub);
    if (!key.empty()) m.add("SessionKey", key);
    return m;
  };
  for (const auto& k : cases) {
    SCOPED_TRACE(k.op);
    EXPECT_EQ(code(k.op, req(k, nullptr, ka), ""), 10001);
    EXPECT_EQ(code(k.op, req(k, A, ""), ""), 10002);
    EXPECT_EQ(code(k.op, req(k, A, "0123456789abcdef0123456789abcdef"), ""), 10006);
    EXPECT_EQ(code(k.op, req(k, A, kb), ""), 10003);  // B's key on A's data
    EXPECT_EQ(code(k.op, req(k, "491799999999", ka), ""), 10004);
    EXPECT_EQ(code(k.op, req(k, A, ka), ""), 0);
    // The portal needs SubscriberId too (10001), and no key.
    EXPECT_EQ(code(k.op, req(k, nullptr, ""), portal), 10001);
  }
  // Login: 10001, 10004, 10005; a gift is authenticated by the payer.
  EXPECT_EQ(code("Login", message({{"Password", "x"}}), ""), 10001);
  EXPECT_EQ(code("Login", message({{"SubscriberId", "491799999999"}, {"Password", "x"}}), ""), 10004);
  EXPECT_EQ(code("Login", message({{"SubscriberId", A}, {"Password", "secret-b"}}), ""), 10005);
  const auto gift = [](const std::string& key) {
    return message({{"Action", "2"}, {"SubscriberId", "491700000077"}, {"SessionKey", key}, {"ResourceId", "demo-ringback-2"},
                    {"ResourceOwner", A}});
  };
  EXPECT_EQ(code("AddResource", gift(kb), ""), 10003);
  EXPECT_EQ(code("AddResource", gift(ka), ""), 0);
}

// Which role may call what (DESIGN.md section 6): anything else is 10003.
TEST_P(audit, role_matrix) {
  const std::string ka = login(A, "secret-a");
  struct c {
    const char* op;
    element req;
    unsigned roles;  // 1 subscriber, 2 portal, 4 provider, 8 application
  };
  const auto sub = [&](element m) {
    m.add("SubscriberId", A);
    return m;
  };
  const std::vector<c> cases = {
      {"Login", message({{"SubscriberId", A}, {"Password", "secret-a"}}), 1},
      {"GetResourceList", sub(message({{"ResourceListId", "000000"}})), 3},
      {"SubscribeResource", sub(message({{"ResourceId", "nope"}})), 3},
      {"AddResource", sub(message({{"Action", "1"}, {"ResourceId", "nope"}, {"ResourceOwner", B}})), 3},
      {"ResourceManagement", message({{"OperationType", "1"}, {"ResourceId", "demo-ringback-1"}}), 6},
      {"ResourceListManagement", message({{"OperationType", "1"}, {"ResourceListId", "000000"}}), 2},
      {"GroupManagement", sub(message({{"OperationType", "1"}})), 3},
      {"MemberManagement", sub(message({{"OperationType", "1"}, {"GroupId", "1"}})), 3},
      {"PresentationRule", sub(message({{"Service", "CMRT"}, {"OperationType", "1"}})), 3},
      {"LibraryManagement", sub(message({{"OperationType", "1"}})), 3},
      {"ResourceBoxManagement", sub(message({{"OperationType", "1"}})), 3},
      {"ServiceSubscription", sub(message({{"OperationType", "1"}})), 3},
      {"PrivacySetting", sub(message({{"OperationType", "1"}})), 3},
      {"PresentationControl", sub(message({{"OperationType", "1"}})), 3},
      {"TariffRule", message({{"OperationType", "1"}}), 2},
      {"SystemSetting", message({{"OperationType", "1"}}), 2},
      {"PresenceUpdate", sub(message({{"PresenceInfo", "busy"}})), 10},
      {"LocationUpdate", sub(message({{"LocationInfo", "home"}})), 10},
  };
  for (const auto& k : cases) {
    SCOPED_TRACE(k.op);
    element as_sub = k.req;
    as_sub.add("SessionKey", ka);
    const int subscriber = code(k.op, as_sub, "");
    EXPECT_EQ(subscriber == 10003, (k.roles & 1U) == 0) << subscriber;
    const int p = code(k.op, k.req, portal);
    EXPECT_EQ(p == 10003, (k.roles & 2U) == 0) << p;
    const int cp = code(k.op, k.req, cp_a);
    EXPECT_EQ(cp == 10003, (k.roles & 4U) == 0) << cp;
    const int ap = code(k.op, k.req, app);
    EXPECT_EQ(ap == 10003, (k.roles & 8U) == 0) << ap;
    EXPECT_EQ(code(k.op, k.req, "no-such-token"), 10003);
  }
}

// The value checks of Tables 1-25 and DESIGN.md section 6: each is 10007.
TEST_P(audit, table_value_violations_are_10007) {
  const std::vector<std::pair<const char*, element>> cases = {
      {"GetResourceList", message({{"SubscriberId", A}})},  // ResourceListId missing
      {"GetResourceList", message({{"SubscriberId", A}, {"ResourceListId", "000000"}, {"ResourceListCategory", "-1"}})},
      {"GetResourceList", message({{"SubscriberId", A}, {"ResourceListId", "000000"}, {"ResourceListCategory", "x"}})},
      {"SubscribeResource", message({{"SubscriberId", A}})},
      {"AddResource", message({{"Action", "3"}, {"SubscriberId", B}, {"ResourceId", "demo-ringback-1"}, {"ResourceOwner", A}})},
      {"AddResource", message({{"Action", "0"}, {"SubscriberId", B}, {"ResourceId", "demo-ringback-1"}, {"ResourceOwner", A}})},
      {"AddResource", message({{"Action", "1"}, {"SubscriberId", B}, {"ResourceOwner", A}})},
      {"AddResource", message({{"Action", "1"}, {"SubscriberId", B}, {"ResourceId", "demo-ringback-1"}})},
      {"AddResource", message({{"Action", "1"}, {"SubscriberId", A}, {"ResourceId", "demo-ringback-1"}, {"ResourceOwner", A}})},
      {"AddResource", message({{"SubscriberId", B}, {"ResourceId", "demo-ringback-1"}, {"ResourceOwner", A}})},
      {"ResourceManagement", message({{"ResourceId", "x"}})},
      {"ResourceManagement", message({{"OperationType", "0"}, {"ResourceId", "x"}})},
      {"ResourceManagement", message({{"OperationType", "5"}, {"ResourceId", "x"}})},
      {"ResourceManagement", message({{"OperationType", "1"}})},
      {"ResourceManagement", message({{"OperationType", "3"}, {"ResourceId", "demo-ringback-1"}, {"MediaType", "audio"}})},
      {"ResourceManagement", message({{"OperationType", "3"}, {"ResourceId", "demo-ringback-1"}, {"Format", "wav"}})},
      {"ResourceManagement", message({{"OperationType", "3"}, {"ResourceId", "demo-ringback-1"}, {"Price", "-1"}})},
      {"ResourceManagement", message({{"OperationType", "3"}, {"ResourceId", "demo-ringback-1"}, {"Originator", "3"}})},
      {"ResourceManagement", message({{"OperationType", "3"}, {"ResourceId", "demo-ringback-1"}, {"Status", "4"}})},
      {"ResourceManagement", message({{"OperationType", "3"}, {"ResourceId", "demo-ringback-1"}, {"ExpireDate", "2030-13-01T00:00:00Z"}})},
      {"ResourceManagement", message({{"OperationType", "3"}, {"ResourceId", "demo-ringback-1"}, {"Name", std::string(257, 'n')}})},
      {"ResourceManagement", message({{"OperationType", "2"}, {"ResourceId", "new"}, {"Name", "N"}})},  // no MediaType
      {"ResourceListManagement", message({{"OperationType", "2"}, {"ResourceListId", "000000"}, {"ListName", "x"}})},
      {"ResourceListManagement", message({{"OperationType", "2"}, {"ResourceListId", "new"}})},
      {"ResourceListManagement", message({{"OperationType", "2"}, {"ResourceListId", "new"}, {"ListName", "x"}, {"ListCategory", "-2"}})},
      {"GroupManagement", message({{"SubscriberId", A}, {"OperationType", "2"}})},
      {"GroupManagement", message({{"SubscriberId", A}, {"OperationType", "3"}, {"GroupId", "1"}})},
      {"GroupManagement", message({{"SubscriberId", A}, {"OperationType", "4"}})},
      {"GroupManagement", message({{"SubscriberId", A}, {"OperationType", "x"}})},
      {"MemberManagement", message({{"SubscriberId", A}, {"OperationType", "1"}})},  // GroupId missing
      {"MemberManagement", message({{"SubscriberId", A}, {"OperationType", "2"}, {"GroupId", "1"}})},  // no MemberInfo
      {"MemberManagement", [] {
         auto m = message({{"SubscriberId", A}, {"OperationType", "2"}, {"GroupId", "1"}});
         m.add_structure("MemberInfo").add("MemberId", "4930");  // no NickName
         return m;
       }()},
      {"MemberManagement", [] {
         auto m = message({{"SubscriberId", A}, {"OperationType", "2"}, {"GroupId", "1"}});
         auto& mi = m.add_structure("MemberInfo");
         mi.add("MemberId", "49-30");
         mi.add("NickName", "x");
         return m;
       }()},
      {"PresentationRule", message({{"SubscriberId", A}, {"OperationType", "1"}})},  // Service missing
      {"PresentationRule", [] {
         auto m = message({{"SubscriberId", A}, {"Service", "CMRBT"}, {"OperationType", "3"}});
         auto& s = m.add_structure("PreferenceSetting");
         s.add("Time", "true");
         s.add("Priority", "-1");
         return m;
       }()},
      {"PresentationRule", [] {
         auto m = message({{"SubscriberId", A}, {"Service", "CMRBT"}, {"OperationType", "3"}});
         auto& s = m.add_structure("PreferenceSetting");
         s.add("Date", "true");
         s.add_structure("ResourceIdDate").add("Date", "2024-02-30");
         return m;
       }()},
      {"PresentationRule", [] {
         auto m = message({{"SubscriberId", A}, {"Service", "CMRBT"}, {"OperationType", "3"}});
         auto& s = m.add_structure("PreferenceSetting");
         s.add("Location", "true");
         s.add_structure("ResourceIdLocation").add("ResourceId", "demo-ringback-1");  // LocationInfo missing
         return m;
       }()},
      {"LibraryManagement", message({{"SubscriberId", A}, {"OperationType", "2"}})},
      {"LibraryManagement", message({{"SubscriberId", A}, {"OperationType", "3"}, {"ResourceId", "demo-ringback-1"},
                                     {"ExpireDate", "tomorrow"}})},
      {"ResourceBoxManagement", message({{"SubscriberId", A}, {"OperationType", "2"}, {"BoxId", "x"}})},
      {"ResourceBoxManagement", message({{"SubscriberId", A}, {"OperationType", "2"}, {"BoxId", "x"}, {"BoxName", "x"},
                                         {"PlayMode", "shuffle"}})},
      {"ResourceBoxManagement", message({{"SubscriberId", A}, {"OperationType", "3"}})},
      {"ServiceSubscription", message({{"SubscriberId", A}, {"OperationType", "3"}, {"Status", "3"}})},
      {"ServiceSubscription", message({{"SubscriberId", A}, {"OperationType", "3"}, {"Password", "abc"}})},
      {"ServiceSubscription", message({{"SubscriberId", A}, {"OperationType", "3"}, {"CreditLimit", "1.00001"}})},
      {"PrivacySetting", message({{"SubscriberId", A}, {"OperationType", "3"}})},
      {"PrivacySetting", message({{"SubscriberId", A}, {"OperationType", "4"}})},
      {"PresentationControl", message({{"SubscriberId", A}, {"OperationType", "3"}})},
      {"PresentationControl", message({{"SubscriberId", A}, {"OperationType", "2"}, {"CopyKeys", "*"}})},
      {"PresentationControl", message({{"SubscriberId", A}, {"OperationType", "3"}, {"StopKeys", "0-9"}})},
      {"PresentationControl", message({{"SubscriberId", A}, {"OperationType", "3"}, {"ForwardedCall", "maybe"}})},
      {"TariffRule", message({{"OperationType", "2"}})},
      {"TariffRule", message({{"OperationType", "2"}, {"TariffId", "t"}, {"ListCategory", "1"}})},
      {"TariffRule", message({{"OperationType", "2"}, {"TariffId", "t"}, {"ListCategory", "1"}, {"DiscountPercent", "101"}})},
      {"TariffRule", message({{"OperationType", "2"}, {"TariffId", "t"}, {"ListCategory", "1"}, {"Price", "1"},
                              {"ValidFrom", "2030-01-01T00:00:00Z"}, {"ValidUntil", "2029-01-01T00:00:00Z"}})},
      {"SystemSetting", message({{"OperationType", "3"}})},
      {"SystemSetting", [] {
         auto m = message({{"OperationType", "3"}});
         m.add_structure("Setting").add("Name", "limit.groups");  // Value missing
         return m;
       }()},
      {"PresenceUpdate", message({{"SubscriberId", A}})},
      {"LocationUpdate", message({{"SubscriberId", A}, {"LocationInfo", std::string(129, 'x')}})},
  };
  for (const auto& [op, m] : cases) {
    auto r = call(op, m, std::string(op) == "PresenceUpdate" || std::string(op) == "LocationUpdate" ? app : portal);
    EXPECT_EQ(r.code, 10007) << op << "\n" << r.http.body;
    // (The harness's JSON encoder cannot write "x" as a number: that body
    // is not JSON at all, answered 400 with 10007.)
    if (GetParam() == wire_format::xml) {
      EXPECT_EQ(r.http.status, 200u) << op;
    }
  }
  // Wrong lexical types, written by hand in each format.
  const bool xml = GetParam() == wire_format::xml;
  const std::string ns = "xmlns=\"urn:oma:xml:CMR:messages:1.0\"";
  const auto raw = [&](const char* op, const std::string& xml_body, const std::string& json_body) {
    auto r = srv.raw(op, xml ? "application/xml" : "application/json", xml ? xml_body : json_body);
    EXPECT_EQ(r.http.status, 200u) << op;
    return r.code;
  };
  EXPECT_EQ(raw("ServiceSubscription",
                "<ServiceSubscriptionRequest " + ns + "><SubscriberId>" + A +
                    "</SubscriberId><OperationType>3</OperationType><CMRBT>maybe</CMRBT></ServiceSubscriptionRequest>",
                std::string(R"({"SubscriberId":")") + A + R"(","OperationType":3,"CMRBT":"true"})"),
            10007);
  EXPECT_EQ(raw("GroupManagement",
                "<GroupManagementRequest " + ns + "><SubscriberId>" + A +
                    "</SubscriberId><OperationType>one</OperationType></GroupManagementRequest>",
                std::string(R"({"SubscriberId":")") + A + R"(","OperationType":"1"})"),
            10007);
  EXPECT_EQ(raw("PresentationRule",
                "<PresentationRuleRequest " + ns + "><SubscriberId>" + A +
                    "</SubscriberId><Service>CMRBT</Service><OperationType>3</OperationType><PreferenceSetting>"
                    "<Time>yes</Time></PreferenceSetting></PresentationRuleRequest>",
                std::string(R"({"SubscriberId":")") + A +
                    R"(","Service":"CMRBT","OperationType":3,"PreferenceSetting":[{"Time":1}]})"),
            10007);
  EXPECT_EQ(raw("ResourceManagement",
                "<ResourceManagementRequest " + ns +
                    "><OperationType>3</OperationType><ResourceId>demo-ringback-1</ResourceId><Price>1,5</Price>"
                    "</ResourceManagementRequest>",
                R"({"OperationType":3,"ResourceId":"demo-ringback-1","Price":1.5})"),
            10007);
  // Unknown and repeated elements (the harness's encoder writes neither).
  EXPECT_EQ(raw("GetResourceList",
                "<GetResourceListRequest " + ns + "><SubscriberId>" + A +
                    "</SubscriberId><ResourceListId>000000</ResourceListId><Colour>red</Colour></GetResourceListRequest>",
                std::string(R"({"SubscriberId":")") + A + R"(","ResourceListId":"000000","Colour":"red"})"),
            10007);
  EXPECT_EQ(raw("SubscribeResource",
                "<SubscribeResourceRequest " + ns + "><SubscriberId>" + A +
                    "</SubscriberId><ResourceId>demo-image-1</ResourceId><ResourceId>demo-system-default</ResourceId>"
                    "</SubscribeResourceRequest>",
                std::string(R"({"SubscriberId":")") + A + R"(","ResourceId":["demo-image-1","demo-system-default"]})"),
            10007);
  EXPECT_EQ(code("ServiceSubscription", message({{"SubscriberId", A}, {"OperationType", "1"}})), 0);
  EXPECT_EQ(call("ServiceSubscription", message({{"SubscriberId", A}, {"OperationType", "1"}}))
                .msg.child("Subscription")->value("CMRBT"),
            "true");
  // The limits of SystemSetting: beyond them 10007.
  const auto limit = [&](const char* name, const char* value) {
    auto m = message({{"OperationType", "3"}});
    auto& st = m.add_structure("Setting");
    st.add("Name", name);
    st.add("Value", value);
    return code("SystemSetting", m);
  };
  ASSERT_EQ(limit("limit.groups", "1"), 0);  // A has its demo group
  EXPECT_EQ(code("GroupManagement", message({{"SubscriberId", A}, {"OperationType", "2"}, {"GroupName", "one more"}})), 10007);
  ASSERT_EQ(limit("limit.members_per_group", "2"), 0);  // the demo group has two
  auto more = message({{"SubscriberId", A}, {"OperationType", "2"}, {"GroupId", "1"}});
  auto& mi = more.add_structure("MemberInfo");
  mi.add("MemberId", "4930555");
  mi.add("NickName", "x");
  EXPECT_EQ(code("MemberManagement", more), 10007);
  ASSERT_EQ(limit("limit.library_entries", "4"), 0);  // A holds four
  EXPECT_EQ(code("LibraryManagement", message({{"SubscriberId", A}, {"OperationType", "2"}, {"ResourceId", "demo-image-1"}})), 10007);
  // Nothing of the above was applied.
  EXPECT_EQ(code("ResourceManagement", message({{"OperationType", "1"}, {"ResourceId", "new"}})), 10008);
  EXPECT_EQ(call("ResourceManagement", message({{"OperationType", "1"}, {"ResourceId", "demo-ringback-1"}}))
                .msg.child("ResourceInfo")->value("Name"),
            "Morning Bells");
}

// SubscribeResource, AddResource (copy and gift) and LibraryManagement Create
// write a charging record each (kind, beneficiary, payer, amount, the
// request's TransactionId); beyond the payer's credit limit 10010 and no
// record, no library entry.
TEST_P(audit, charging_records_and_credit_limit) {
  const char* C = "491700000031";
  const char* D = "491700000032";
  ASSERT_EQ(code("ServiceSubscription", message({{"SubscriberId", C}, {"OperationType", "2"}, {"CreditLimit", "1.5"}})), 0);
  ASSERT_EQ(code("ServiceSubscription", message({{"SubscriberId", D}, {"OperationType", "2"}, {"CreditLimit", "0.6"}})), 0);
  EXPECT_EQ(code("SubscribeResource", message({{"TransactionId", "ch-1"}, {"SubscriberId", C}, {"ResourceId", "demo-ringback-1"}})), 0);
  EXPECT_EQ(code("AddResource", message({{"TransactionId", "ch-2"}, {"Action", "1"}, {"SubscriberId", D}, {"ResourceId", "demo-ringback-1"},
                                          {"ResourceOwner", C}})),
            0);
  EXPECT_EQ(code("AddResource", message({{"TransactionId", "ch-3"}, {"Action", "2"}, {"SubscriberId", D}, {"ResourceId", "demo-ringback-2"},
                                          {"ResourceOwner", C}})),
            0);
  // C has paid 0.5 + 0.75 = 1.25 of 1.5: a gift of 0.5 more is refused.
  const char* E = "491700000033";
  ASSERT_EQ(code("ServiceSubscription", message({{"SubscriberId", E}, {"OperationType", "2"}})), 0);
  auto over = call("AddResource", message({{"TransactionId", "ch-4"}, {"Action", "2"}, {"SubscriberId", E}, {"ResourceId", "demo-image-1"},
                                            {"ResourceId", "demo-ringback-1"}, {"ResourceOwner", C}}));
  EXPECT_EQ(over.code, 10010) << over.http.body;
  ASSERT_EQ(over.msg.all("ResourceResult").size(), 2u);
  EXPECT_EQ(over.msg.all("ResourceResult")[1]->value("StatusCode"), "10010");
  // D (0.5 paid of 0.6): copying or subscribing 0.75 is refused.
  EXPECT_EQ(code("AddResource", message({{"Action", "1"}, {"SubscriberId", D}, {"ResourceId", "demo-ringback-3"},
                                          {"ResourceId", "demo-ringback-2"}, {"ResourceOwner", A}})),
            10011);  // D owns ringback-2 (the gift): nothing applied
  EXPECT_EQ(code("LibraryManagement", message({{"SubscriberId", D}, {"OperationType", "2"}, {"ResourceId", "demo-video-1"}})), 10010);
  EXPECT_EQ(code("SubscribeResource", message({{"SubscriberId", D}, {"ResourceId", "demo-video-1"}})), 10010);
  EXPECT_EQ(code("LibraryManagement", message({{"TransactionId", "ch-5"}, {"SubscriberId", D}, {"OperationType", "2"},
                                               {"ResourceId", "demo-ringback-3"}})),
            0);  // free

  auto reader = store::store::open_reader(srv.process().dir() + "/cmr.db");
  ASSERT_TRUE(reader) << reader.error().message;
  auto c_records = (*reader)->charging().list_by_subscriber(C);  // as beneficiary or payer
  ASSERT_TRUE(c_records);
  ASSERT_EQ(c_records->size(), 2u);
  const auto& sub = (*c_records)[0];
  EXPECT_EQ(sub.kind, "subscribe");
  EXPECT_EQ(sub.subscriber_id, C);
  EXPECT_EQ(sub.payer_id, C);
  EXPECT_EQ(sub.resource_id, "demo-ringback-1");
  EXPECT_EQ(sub.amount, 5000);
  EXPECT_EQ(sub.transaction_id, "ch-1");
  const auto& gift = (*c_records)[1];
  EXPECT_EQ(gift.kind, "gift");
  EXPECT_EQ(gift.subscriber_id, D);
  EXPECT_EQ(gift.payer_id, C);
  EXPECT_EQ(gift.resource_id, "demo-ringback-2");
  EXPECT_EQ(gift.amount, 7500);
  EXPECT_EQ(gift.transaction_id, "ch-3");
  auto d_records = (*reader)->charging().list_by_subscriber(D);
  ASSERT_TRUE(d_records);
  ASSERT_EQ(d_records->size(), 3u);
  const auto& copy = (*d_records)[0];  // D copied from C and paid
  EXPECT_EQ(copy.kind, "copy");
  EXPECT_EQ(copy.subscriber_id, D);
  EXPECT_EQ(copy.payer_id, D);
  EXPECT_EQ(copy.resource_id, "demo-ringback-1");
  EXPECT_EQ(copy.amount, 5000);
  EXPECT_EQ(copy.transaction_id, "ch-2");
  EXPECT_EQ((*d_records)[1].kind, "gift");
  EXPECT_EQ((*d_records)[2].kind, "subscribe");
  EXPECT_EQ((*d_records)[2].resource_id, "demo-ringback-3");
  EXPECT_EQ((*d_records)[2].amount, 0);
  EXPECT_EQ((*d_records)[2].transaction_id, "ch-5");
  auto e_records = (*reader)->charging().list_by_subscriber(E);
  ASSERT_TRUE(e_records);
  EXPECT_TRUE(e_records->empty());
  EXPECT_EQ(code("LibraryManagement", message({{"SubscriberId", E}, {"OperationType", "1"}, {"ResourceId", "demo-image-1"}})), 10008);
  EXPECT_EQ(code("LibraryManagement", message({{"SubscriberId", D}, {"OperationType", "1"}, {"ResourceId", "demo-video-1"}})), 10008);
  // Charged totals follow the records.
  auto c_state = call("ServiceSubscription", message({{"SubscriberId", C}, {"OperationType", "1"}}));
  EXPECT_EQ(c_state.msg.child("Subscription")->value("Charged"), "1.25");
}

// A content provider manages only its own resources (ProviderId).
TEST_P(audit, provider_manages_only_its_own_resources) {
  const auto rm = [](std::initializer_list<std::pair<std::string, std::string>> f) { return message(f); };
  EXPECT_EQ(code("ResourceManagement", rm({{"OperationType", "1"}, {"ResourceId", "demo-ringback-1"}}), cp_b), 10003);
  EXPECT_EQ(code("ResourceManagement", rm({{"OperationType", "3"}, {"ResourceId", "demo-ringback-1"}, {"Name", "x"}}), cp_b), 10003);
  EXPECT_EQ(code("ResourceManagement", rm({{"OperationType", "4"}, {"ResourceId", "demo-ringback-1"}}), cp_b), 10003);
  EXPECT_EQ(code("ResourceManagement", rm({{"OperationType", "3"}, {"ResourceId", "demo-ringback-1"}, {"ProviderId", "other-cp"}}), cp_a),
            10003);  // cannot give it away either
  EXPECT_EQ(code("ResourceManagement", rm({{"OperationType", "1"}, {"ResourceId", "demo-ringback-1"}}), cp_a), 0);
  auto created = call("ResourceManagement", rm({{"OperationType", "2"}, {"ResourceId", "b-song"}, {"Name", "B"}, {"MediaType", "Audio"}}), cp_b);
  ASSERT_EQ(created.code, 0);
  EXPECT_EQ(created.msg.child("ResourceInfo")->value("ProviderId"), "other-cp");
  EXPECT_EQ(code("ResourceManagement", rm({{"OperationType", "4"}, {"ResourceId", "b-song"}}), cp_a), 10003);
  EXPECT_EQ(code("ResourceManagement", rm({{"OperationType", "1"}, {"ResourceId", "demo-ringback-1"}}), cp_a), 0);
  // Content upload follows the same rule.
  auto up = srv.client().send("PUT", "/cmr/1/resources/demo-ringback-1/content", "audio/wav", "RIFF",
                              {{"Authorization", std::string("Bearer ") + cp_b}});
  EXPECT_NE(up.body.find("10003"), std::string::npos) << up.body;
}

// A storage failure is 99999 "general error" with nothing else: no internal
// detail, no half-built answer, nothing applied.
TEST_P(audit, internal_errors_are_99999_without_details) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open((srv.process().dir() + "/cmr.db").c_str(), &raw), SQLITE_OK);
  sqlite3_busy_timeout(raw, 10000);
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(raw, "DROP TABLE tariff_rule", nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_close(raw);
  auto r = call("SubscribeResource", message({{"TransactionId", "ie-1"}, {"SubscriberId", A}, {"ResourceId", "demo-image-1"}}));
  EXPECT_EQ(r.http.status, 200u);
  EXPECT_EQ(r.code, 99999) << r.http.body;
  EXPECT_EQ(r.value("StatusDescription"), "general error");
  EXPECT_EQ(r.value("TransactionId"), "ie-1");
  EXPECT_EQ(r.http.body.find("tariff"), std::string::npos);
  EXPECT_EQ(r.msg.children.size(), 3u);  // TransactionId, StatusCode, StatusDescription
  auto t = call("TariffRule", message({{"OperationType", "1"}}));
  EXPECT_EQ(t.code, 99999);
  EXPECT_EQ(t.msg.children.size(), 2u);
  EXPECT_EQ(code("LibraryManagement", message({{"SubscriberId", A}, {"OperationType", "1"}, {"ResourceId", "demo-image-1"}})), 10008);
  // The node keeps serving what does not need the table.
  EXPECT_EQ(code("GroupManagement", message({{"SubscriberId", A}, {"OperationType", "1"}})), 0);
}

// GetResourceList answers come from the response cache: every committed
// change of a resource or a list shows at once, an expiring resource leaves
// the list at its ExpireDate, and each answer carries its own TransactionId.
TEST_P(audit, cached_resource_lists_follow_every_change) {
  const auto list = [&](const char* id, const std::string& tid = "") {
    auto m = message({{"SubscriberId", A}, {"ResourceListId", id}});
    if (!tid.empty()) m.add("TransactionId", tid);
    return call("GetResourceList", m);
  };
  const auto ids = [&](const char* id) { return names(list(id), "Resource", "ResourceId"); };
  const std::vector<std::string> music = {"demo-ringback-1", "demo-ringback-2", "demo-ringback-3"};
  EXPECT_EQ(ids("demo-list-music"), music);
  for (const char* tid : {"c-1", "c-2", "c-3 &<"}) {
    auto r = list("demo-list-music", tid);
    EXPECT_EQ(r.value("TransactionId"), tid);
    EXPECT_EQ(r.msg.all("Resource").size(), 3u);
  }
  EXPECT_FALSE(list("demo-list-music").msg.has("TransactionId"));

  ASSERT_EQ(code("ResourceManagement", message({{"OperationType", "3"}, {"ResourceId", "demo-ringback-1"}, {"Name", "Renamed"},
                                                 {"Price", "2"}})), 0);
  auto r = list("demo-list-music");
  ASSERT_EQ(r.msg.all("Resource").size(), 3u);
  EXPECT_EQ(r.msg.all("Resource")[0]->value("Name"), "Renamed");
  EXPECT_EQ(r.msg.all("Resource")[0]->value("ResourcePrice"), "2");
  ASSERT_EQ(code("ResourceManagement", message({{"OperationType", "3"}, {"ResourceId", "demo-ringback-2"}, {"Status", "3"}})), 0);
  EXPECT_EQ(ids("demo-list-music"), (std::vector<std::string>{"demo-ringback-1", "demo-ringback-3"}));
  ASSERT_EQ(code("ResourceManagement", message({{"OperationType", "3"}, {"ResourceId", "demo-ringback-2"}, {"Status", "1"}})), 0);
  EXPECT_EQ(ids("demo-list-music"), music);
  ASSERT_EQ(code("ResourceListManagement", message({{"OperationType", "3"}, {"ResourceListId", "demo-list-music"},
                                                     {"ResourceId", "demo-ringback-3"}, {"ResourceId", "demo-ringback-1"}})), 0);
  EXPECT_EQ(ids("demo-list-music"), (std::vector<std::string>{"demo-ringback-3", "demo-ringback-1"}));
  ASSERT_EQ(code("ResourceManagement", message({{"OperationType", "4"}, {"ResourceId", "demo-ringback-3"}})), 0);
  EXPECT_EQ(ids("demo-list-music"), std::vector<std::string>{"demo-ringback-1"});

  // The list of lists of one category.
  const auto lists = [&](const char* category) {
    return names(call("GetResourceList", message({{"SubscriberId", A}, {"ResourceListId", "000000"}, {"ResourceListCategory", category}})),
                 "ResourceList", "ResourceListId");
  };
  EXPECT_TRUE(lists("9").empty());
  ASSERT_EQ(code("ResourceListManagement", message({{"OperationType", "2"}, {"ResourceListId", "nine"}, {"ListName", "Nine"},
                                                     {"ListCategory", "9"}, {"ResourceId", "demo-image-1"}})), 0);
  EXPECT_EQ(lists("9"), std::vector<std::string>{"nine"});
  EXPECT_EQ(ids("nine"), std::vector<std::string>{"demo-image-1"});
  ASSERT_EQ(code("ResourceListManagement", message({{"OperationType", "3"}, {"ResourceListId", "nine"}, {"ListCategory", "8"}})), 0);
  EXPECT_TRUE(lists("9").empty());
  ASSERT_EQ(code("ResourceListManagement", message({{"OperationType", "4"}, {"ResourceListId", "nine"}})), 0);
  EXPECT_EQ(list("nine").code, 10009);

  // Expiry without any store change.
  ASSERT_EQ(code("ResourceManagement", message({{"OperationType", "3"}, {"ResourceId", "demo-ringback-1"},
                                                 {"ExpireDate", utc_in(std::chrono::seconds(2))}})), 0);
  EXPECT_EQ(ids("demo-list-music"), std::vector<std::string>{"demo-ringback-1"});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!ids("demo-list-music").empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_TRUE(ids("demo-list-music").empty());
}

INSTANTIATE_TEST_SUITE_P(formats, audit, ::testing::Values(wire_format::xml, wire_format::json),
                         [](const auto& i) { return std::string(name_of(i.param)); });

}  // namespace
}  // namespace cmr::test
