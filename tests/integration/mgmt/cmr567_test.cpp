// CMR-5, CMR-6 and CMR-7 over HTTP, every case in XML and JSON: success and
// the error codes each operation produces, and the role rules.
#include <gtest/gtest.h>

#include "tests/integration/mgmt/mgmt_harness.h"

namespace cmr::test {
namespace {

constexpr const char* A = "491700000001";

class cmr567 : public ::testing::TestWithParam<wire_format> {
protected:
  cmr_reply call(const std::string& op, const mgmt::element& req, const std::string& token = "demo-portal") {
    return srv.call(GetParam(), op, req, token);
  }
  int code(const std::string& op, const mgmt::element& req, const std::string& token = "demo-portal") {
    return call(op, req, token).code;
  }
  mgmt_server srv;
};

TEST_P(cmr567, resource_management_and_provider_ownership) {
  const auto rm = [](std::initializer_list<std::pair<std::string, std::string>> f) { return message(f); };
  auto created = call("ResourceManagement", rm({{"TransactionId", "r-1"}, {"OperationType", "2"}, {"ResourceId", "cp-song"},
                                                {"Name", "Song"}, {"MediaType", "Audio"}, {"Format", "audio/wav"},
                                                {"Price", "1.2345"}, {"ExpireDate", "2099-01-01T00:00:00Z"}}),
                      "provider-secret-a");
  ASSERT_EQ(created.code, 0) << created.http.body;
  EXPECT_EQ(created.msg.child("ResourceInfo")->value("ProviderId"), "demo-cp");
  EXPECT_EQ(created.msg.child("ResourceInfo")->value("Price"), "1.2345");
  EXPECT_EQ(code("ResourceManagement", rm({{"TransactionId", "r-1"}, {"OperationType", "2"}, {"ResourceId", "x2"},
                                           {"Name", "S"}, {"MediaType", "Audio"}}),
                 "provider-secret-a"),
            10011);
  EXPECT_EQ(code("ResourceManagement", rm({{"OperationType", "3"}, {"ResourceId", "cp-song"}, {"Name", "Renamed"}}),
                 "provider-secret-b"),
            10003);
  EXPECT_EQ(code("ResourceManagement", rm({{"OperationType", "2"}, {"ResourceId", "x3"}, {"Name", "S"},
                                           {"MediaType", "Audio"}, {"ProviderId", "demo-cp"}}),
                 "provider-secret-b"),
            10003);
  auto upd = call("ResourceManagement", rm({{"OperationType", "3"}, {"ResourceId", "cp-song"}, {"Name", "Renamed"}}),
                  "provider-secret-a");
  EXPECT_EQ(upd.code, 0);
  auto q = call("ResourceManagement", rm({{"OperationType", "1"}, {"ResourceId", "cp-song"}}));
  EXPECT_EQ(q.msg.child("ResourceInfo")->value("Name"), "Renamed");
  EXPECT_EQ(code("ResourceManagement", rm({{"OperationType", "2"}, {"ResourceId", "cp-song"}, {"Name", "S"}, {"MediaType", "Audio"}})),
            10007);  // exists
  EXPECT_EQ(code("ResourceManagement", rm({{"OperationType", "2"}, {"ResourceId", "x4"}})), 10007);  // no Name
  EXPECT_EQ(code("ResourceManagement", rm({{"OperationType", "3"}, {"ResourceId", "x4"}, {"MediaType", "Smell"}})), 10007);
  EXPECT_EQ(code("ResourceManagement", rm({{"OperationType", "3"}, {"ResourceId", "x4"}, {"Price", "1.23456"}})), 10007);
  EXPECT_EQ(code("ResourceManagement", rm({{"OperationType", "1"}, {"ResourceId", "x4"}})), 10008);
  EXPECT_EQ(code("ResourceManagement", rm({{"OperationType", "1"}, {"ResourceId", "cp-song"}}), ""), 10003);
  EXPECT_EQ(code("ResourceManagement", rm({{"OperationType", "4"}, {"ResourceId", "cp-song"}}), "provider-secret-a"), 0);
  EXPECT_EQ(code("ResourceManagement", rm({{"OperationType", "1"}, {"ResourceId", "cp-song"}})), 10008);
}

TEST_P(cmr567, resource_list_management) {
  auto m = message({{"OperationType", "2"}, {"ResourceListId", "top"}, {"ListName", "Top"}, {"ListCategory", "7"},
                    {"ResourceId", "demo-ringback-2"}, {"ResourceId", "demo-ringback-1"}});
  ASSERT_EQ(code("ResourceListManagement", m), 0);
  auto q = call("ResourceListManagement", message({{"OperationType", "1"}, {"ResourceListId", "top"}}));
  ASSERT_EQ(q.msg.child("ResourceList")->all("ResourceId").size(), 2u);
  EXPECT_EQ(q.msg.child("ResourceList")->all("ResourceId")[0]->text, "demo-ringback-2");
  EXPECT_EQ(code("ResourceListManagement", message({{"OperationType", "3"}, {"ResourceListId", "top"}, {"ResourceId", "nope"}})), 10008);
  EXPECT_EQ(code("ResourceListManagement", message({{"OperationType", "3"}, {"ResourceListId", "nope"}, {"ListName", "x"}})), 10009);
  EXPECT_EQ(code("ResourceListManagement", message({{"OperationType", "4"}, {"ResourceListId", "top"}})), 0);
  EXPECT_EQ(code("ResourceListManagement", message({{"OperationType", "1"}, {"ResourceListId", "top"}})), 10009);
  EXPECT_EQ(code("ResourceListManagement", message({{"OperationType", "1"}, {"ResourceListId", "000000"}}), "provider-secret-a"), 10003);
}

TEST_P(cmr567, groups_and_members) {
  auto g = call("GroupManagement", message({{"SubscriberId", A}, {"OperationType", "2"}, {"GroupName", "Work"}}));
  ASSERT_EQ(g.code, 0) << g.http.body;
  const std::string gid(g.msg.child("GroupInfo")->value("GroupId"));
  EXPECT_EQ(call("GroupManagement", message({{"SubscriberId", A}, {"OperationType", "1"}})).msg.all("GroupInfo").size(), 2u);
  EXPECT_EQ(code("GroupManagement", message({{"SubscriberId", A}, {"OperationType", "3"}, {"GroupId", gid}, {"GroupName", "Office"}})), 0);
  EXPECT_EQ(code("GroupManagement", message({{"SubscriberId", A}, {"OperationType", "3"}, {"GroupId", "99"}, {"GroupName", "x"}})), 20001);
  EXPECT_EQ(code("GroupManagement", message({{"SubscriberId", A}, {"OperationType", "3"}, {"GroupId", gid}})), 10007);

  const auto member = [&](const char* op, const std::string& group, const char* id, const char* nick) {
    auto m = message({{"SubscriberId", A}, {"OperationType", op}, {"GroupId", group}});
    if (id != nullptr) {
      auto& mi = m.add_structure("MemberInfo");
      mi.add("MemberId", id);
      if (nick != nullptr) mi.add("NickName", nick);
    }
    return call("MemberManagement", m);
  };
  EXPECT_EQ(member("2", gid, "4930123", "Boss").code, 0);
  EXPECT_EQ(member("2", gid, "4930123", "Boss").code, 10007);  // already a member
  EXPECT_EQ(member("3", gid, "4930123", "Chief").code, 0);
  auto q = member("1", gid, nullptr, nullptr);
  ASSERT_EQ(q.msg.all("MemberInfo").size(), 1u);
  EXPECT_EQ(q.msg.all("MemberInfo")[0]->value("NickName"), "Chief");
  EXPECT_EQ(member("4", gid, "4930999", nullptr).code, 20002);
  EXPECT_EQ(member("3", gid, "4930999", "x").code, 20002);
  EXPECT_EQ(member("1", "77", nullptr, nullptr).code, 20001);
  EXPECT_EQ(member("2", gid, "not-digits", "x").code, 10007);
  EXPECT_EQ(member("4", gid, "4930123", nullptr).code, 0);
  EXPECT_EQ(code("GroupManagement", message({{"SubscriberId", A}, {"OperationType", "4"}, {"GroupId", gid}})), 0);
  EXPECT_EQ(code("GroupManagement", message({{"SubscriberId", A}, {"OperationType", "4"}, {"GroupId", gid}})), 20001);
}

mgmt::element rule_request(const char* op, const char* time_condition, const char* group) {
  auto m = message({{"SubscriberId", A}, {"Service", "CMRBT"}, {"OperationType", op}});
  auto& s1 = m.add_structure("PreferenceSetting");
  s1.add("Time", "true");
  s1.add("Priority", "0");
  auto& t = s1.add_structure("ResourceIdTime");
  t.add("ResourceId", "demo-ringback-3");
  t.add("Time", time_condition);
  auto& s2 = m.add_structure("PreferenceSetting");
  s2.add("Group", "true");
  s2.add("Priority", "1");
  auto& g = s2.add_structure("ResourceIdGroup");
  g.add("ResourceId", "demo-box-1");
  g.add("GroupId", group);
  m.add("DefaultCMRResourceId1", "demo-ringback-1");
  m.add("DefaultCMRResourceId2", "demo-ringback-2");
  return m;
}

TEST_P(cmr567, presentation_rule) {
  ASSERT_EQ(code("PresentationRule", rule_request("3", "08:00-12:00;Mon-Fri", "1")), 0);
  auto q = call("PresentationRule", message({{"SubscriberId", A}, {"Service", "CMRBT"}, {"OperationType", "1"}}));
  ASSERT_EQ(q.msg.all("PreferenceSetting").size(), 2u);
  EXPECT_EQ(q.msg.all("PreferenceSetting")[0]->child("ResourceIdTime")->value("Time"), "08:00-12:00;Mon-Fri");
  EXPECT_EQ(q.msg.all("PreferenceSetting")[1]->child("ResourceIdGroup")->value("ResourceId"), "demo-box-1");
  EXPECT_EQ(code("PresentationRule", rule_request("3", "25:00-26:00", "1")), 10007);
  EXPECT_EQ(code("PresentationRule", rule_request("3", "08:00-09:00", "42")), 20001);
  auto bad_item = rule_request("2", "08:00-09:00", "1");
  bad_item.add("DefaultCMRResourceId1", "no-such");
  EXPECT_EQ(code("PresentationRule", bad_item), 10008);
  auto two_types = rule_request("3", "08:00-09:00", "1");
  two_types.children[3].add("Date", "true");
  EXPECT_EQ(code("PresentationRule", two_types), 10007);
  auto mismatched = message({{"SubscriberId", A}, {"Service", "CMRT"}, {"OperationType", "3"}});
  auto& s = mismatched.add_structure("PreferenceSetting");
  s.add("Presence", "true");
  s.add_structure("ResourceIdLocation").add("LocationInfo", "home");
  EXPECT_EQ(code("PresentationRule", mismatched), 10007);
  EXPECT_EQ(code("PresentationRule", message({{"SubscriberId", A}, {"Service", "CMRBT"}, {"OperationType", "4"}})), 0);
  EXPECT_EQ(call("PresentationRule", message({{"SubscriberId", A}, {"Service", "CMRBT"}, {"OperationType", "1"}}))
                .msg.all("PreferenceSetting").size(), 0u);
  EXPECT_EQ(code("PresentationRule", message({{"SubscriberId", A}, {"OperationType", "1"}})), 10007);
}

TEST_P(cmr567, library_boxes_privacy_subscription) {
  auto lib = call("LibraryManagement", message({{"SubscriberId", A}, {"OperationType", "1"}}));
  EXPECT_EQ(lib.msg.all("LibraryEntry").size(), 4u);
  EXPECT_EQ(code("LibraryManagement", message({{"SubscriberId", A}, {"OperationType", "2"}, {"ResourceId", "demo-image-1"}})), 0);
  EXPECT_EQ(code("LibraryManagement", message({{"SubscriberId", A}, {"OperationType", "2"}, {"ResourceId", "demo-image-1"}})), 10011);
  EXPECT_EQ(code("LibraryManagement", message({{"SubscriberId", A}, {"OperationType", "3"}, {"ResourceId", "demo-image-1"},
                                               {"ExpireDate", "2030-01-01T00:00:00+01:00"}})), 0);
  auto one = call("LibraryManagement", message({{"SubscriberId", A}, {"OperationType", "1"}, {"ResourceId", "demo-image-1"}}));
  EXPECT_EQ(one.msg.child("LibraryEntry")->value("ExpireDate"), "2029-12-31T23:00:00Z");
  EXPECT_EQ(code("LibraryManagement", message({{"SubscriberId", A}, {"OperationType", "4"}, {"ResourceId", "demo-image-1"}})), 0);
  EXPECT_EQ(code("LibraryManagement", message({{"SubscriberId", A}, {"OperationType", "4"}, {"ResourceId", "demo-image-1"}})), 10008);

  auto box = message({{"SubscriberId", A}, {"OperationType", "2"}, {"BoxId", "my-box"}, {"BoxName", "Mine"},
                      {"PlayMode", "sequential"}, {"ResourceId", "demo-ringback-1"}});
  EXPECT_EQ(code("ResourceBoxManagement", box), 0);
  EXPECT_EQ(code("ResourceBoxManagement", box), 10007);
  EXPECT_EQ(code("ResourceBoxManagement", message({{"SubscriberId", A}, {"OperationType", "3"}, {"BoxId", "my-box"}, {"ResourceId", "nope"}})), 10008);
  EXPECT_EQ(call("ResourceBoxManagement", message({{"SubscriberId", A}, {"OperationType", "1"}})).msg.all("ResourceBox").size(), 2u);
  EXPECT_EQ(code("ResourceBoxManagement", message({{"SubscriberId", "491700000002"}, {"OperationType", "1"}, {"BoxId", "my-box"}})), 10008);
  EXPECT_EQ(code("ResourceBoxManagement", message({{"SubscriberId", A}, {"OperationType", "4"}, {"BoxId", "my-box"}})), 0);

  EXPECT_EQ(call("PrivacySetting", message({{"SubscriberId", A}, {"OperationType", "1"}})).value("CopyPrivacy"), "allow");
  EXPECT_EQ(code("PrivacySetting", message({{"SubscriberId", A}, {"OperationType", "3"}, {"CopyPrivacy", "maybe"}})), 10007);
  EXPECT_EQ(code("PrivacySetting", message({{"SubscriberId", A}, {"OperationType", "2"}})), 10007);

  EXPECT_EQ(code("ServiceSubscription", message({{"SubscriberId", "4917x"}, {"OperationType", "2"}})), 10004);
  EXPECT_EQ(code("ServiceSubscription", message({{"SubscriberId", "491711111111"}, {"OperationType", "2"},
                                                 {"CMRT", "false"}, {"TimeZone", "Europe/Paris"}, {"Password", "pw-1234"}})), 0);
  auto s = call("ServiceSubscription", message({{"SubscriberId", "491711111111"}, {"OperationType", "1"}}));
  EXPECT_EQ(s.msg.child("Subscription")->value("CMRT"), "false");
  EXPECT_EQ(code("ServiceSubscription", message({{"SubscriberId", "491711111111"}, {"OperationType", "3"}, {"TimeZone", "Mars/Base"}})), 10007);
  auto login = call("Login", message({{"SubscriberId", "491711111111"}, {"Password", "pw-1234"}}), "");
  ASSERT_EQ(login.code, 0);
  auto self = message({{"SubscriberId", "491711111111"}, {"SessionKey", login.value("SessionKey")}, {"OperationType", "3"}, {"Status", "2"}});
  EXPECT_EQ(code("ServiceSubscription", self, ""), 10003);  // a subscriber cannot suspend or unsuspend itself
  EXPECT_EQ(code("ServiceSubscription", message({{"SubscriberId", "491711111111"}, {"OperationType", "4"}})), 0);
  EXPECT_EQ(code("ServiceSubscription", message({{"SubscriberId", "491711111111"}, {"OperationType", "1"}})), 10004);
}

TEST_P(cmr567, tariffs_settings_presence_location) {
  auto t = message({{"OperationType", "2"}, {"TariffId", "promo"}, {"ResourceId", "demo-ringback-2"}, {"DiscountPercent", "50"}});
  EXPECT_EQ(code("TariffRule", t), 0);
  ASSERT_EQ(code("ServiceSubscription", message({{"SubscriberId", "491700000005"}, {"OperationType", "2"}})), 0);
  ASSERT_EQ(code("SubscribeResource", message({{"SubscriberId", "491700000005"}, {"ResourceId", "demo-ringback-2"}})), 0);
  auto s = call("ServiceSubscription", message({{"SubscriberId", "491700000005"}, {"OperationType", "1"}}));
  EXPECT_EQ(s.msg.child("Subscription")->value("Charged"), "0.375");
  EXPECT_EQ(code("TariffRule", message({{"OperationType", "2"}, {"TariffId", "both"}, {"ResourceId", "demo-ringback-1"},
                                        {"Price", "1"}, {"DiscountPercent", "5"}})), 10007);
  EXPECT_EQ(code("TariffRule", message({{"OperationType", "2"}, {"TariffId", "x"}, {"ResourceId", "nope"}, {"Price", "1"}})), 10008);
  EXPECT_EQ(call("TariffRule", message({{"OperationType", "1"}})).msg.all("TariffRule").size(), 1u);
  EXPECT_EQ(code("TariffRule", message({{"OperationType", "4"}, {"TariffId", "promo"}})), 0);
  EXPECT_EQ(code("TariffRule", message({{"OperationType", "1"}}), "provider-secret-a"), 10003);

  const auto setting = [&](const char* op, const char* name, const char* value) {
    auto m = message({{"OperationType", op}});
    auto& st = m.add_structure("Setting");
    st.add("Name", name);
    if (value != nullptr) st.add("Value", value);
    return call("SystemSetting", m);
  };
  EXPECT_EQ(setting("3", "limit.credit", "12.5").code, 0);
  EXPECT_EQ(setting("1", "limit.credit", nullptr).msg.child("Setting")->value("Value"), "12.5");
  EXPECT_EQ(setting("3", "limit.unknown", "1").code, 10007);
  EXPECT_EQ(setting("3", "limit.groups", "-1").code, 10007);
  EXPECT_EQ(setting("3", "default_resource.cmrbt", "nope").code, 10008);
  EXPECT_EQ(setting("4", "limit.credit", nullptr).code, 0);
  EXPECT_EQ(setting("4", "limit.credit", nullptr).code, 10007);

  EXPECT_EQ(code("PresenceUpdate", message({{"SubscriberId", A}, {"PresenceInfo", "busy"}}), "application-secret"), 0);
  EXPECT_EQ(code("LocationUpdate", message({{"SubscriberId", A}, {"LocationInfo", "DE/Berlin"}}), "application-secret"), 0);
  EXPECT_EQ(code("LocationUpdate", message({{"SubscriberId", A}, {"LocationInfo", " padded"}}), "application-secret"), 10007);
  EXPECT_EQ(code("PresenceUpdate", message({{"SubscriberId", "499999"}, {"PresenceInfo", "busy"}}), "application-secret"), 10004);
  EXPECT_EQ(code("PresenceUpdate", message({{"PresenceInfo", "busy"}}), "application-secret"), 10001);
  EXPECT_EQ(code("PresenceUpdate", message({{"SubscriberId", A}, {"PresenceInfo", "busy"}}), "provider-secret-a"), 10003);
  EXPECT_EQ(code("PresenceUpdate", message({{"SubscriberId", A}, {"PresenceInfo", "busy"}}), ""), 10003);
  EXPECT_EQ(code("GetResourceList", message({{"SubscriberId", A}, {"ResourceListId", "000000"}}), "application-secret"), 10003);
}

INSTANTIATE_TEST_SUITE_P(formats, cmr567, ::testing::Values(wire_format::xml, wire_format::json),
                         [](const auto& i) { return std::string(name_of(i.param)); });

}  // namespace
}  // namespace cmr::test
