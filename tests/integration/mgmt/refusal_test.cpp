// Refusals through the real server: every answer to a request that carried
// a TransactionId echoes it (JSON null, unknown elements, bad enumerations,
// duplicate members, wrong types, authentication failures, bodies refused
// with HTTP 400), duplicate JSON members are 10007 like a repeated XML
// element, character references and characters outside XML Char are
// refused before anything is stored, a present value of the wrong type is
// 10007 whichever parameter it is, and the nesting limit is HTTP 400 in
// both formats. Nothing refused changes the store.
#include <gtest/gtest.h>

#include <string>

#include "tests/integration/mgmt/mgmt_harness.h"

namespace cmr::test {
namespace {

constexpr const char* A = "491700000001";  // demo subscribers
const std::string ns = "xmlns=\"urn:oma:xml:CMR:messages:1.0\"";

class refusals : public ::testing::Test {
protected:
  cmr_reply json(const std::string& op, const std::string& body,
                 const std::string& token = "demo-portal") {
    return srv.raw(op, "application/json", body, token);
  }
  cmr_reply xml(const std::string& op, const std::string& body,
                const std::string& token = "demo-portal") {
    return srv.raw(op, "application/xml", body, token);
  }
  // Whether ResourceManagement knows the resource (Query).
  bool resource_exists(const std::string& id) {
    auto q = srv.call(wire_format::json, "ResourceManagement",
                      message({{"OperationType", "1"}, {"ResourceId", id}}));
    EXPECT_TRUE(q.code == 0 || q.code == 10008) << q.http.body;
    return q.code == 0;
  }
  std::string resource_name(const std::string& id) {
    auto q = srv.call(wire_format::json, "ResourceManagement",
                      message({{"OperationType", "1"}, {"ResourceId", id}}));
    const mgmt::element* info = q.msg.child("ResourceInfo");
    return info == nullptr ? "" : std::string(info->value("Name"));
  }
  mgmt_server srv;
};

// Item: a JSON null (in any member, even an unknown one) was answered 10007
// without the TransactionId; every refusal must echo it.
TEST_F(refusals, every_refusal_echoes_the_transaction_id) {
  struct c {
    const char* what;
    const char* op;
    bool is_json;
    std::string body;
    std::string token;
    int code;
    unsigned http;
  };
  const std::string gl_x =
      "<GetResourceListRequest " + ns + "><TransactionId>echo-1</TransactionId>";
  const std::vector<c> cases = {
      {"null in an unknown member", "GetResourceList", true,
       R"({"TransactionId":"echo-1","SubscriberId":"491700000001","ResourceListId":"000000","Colour":null})",
       "demo-portal", 10007, 200},
      {"null in a known member", "GetResourceList", true,
       R"({"TransactionId":"echo-1","SubscriberId":"491700000001","ResourceListId":null})",
       "demo-portal", 10007, 200},
      {"unknown element (JSON)", "GetResourceList", true,
       R"({"TransactionId":"echo-1","SubscriberId":"491700000001","ResourceListId":"000000","Colour":"red"})",
       "demo-portal", 10007, 200},
      {"unknown element (XML)", "GetResourceList", false,
       gl_x + "<SubscriberId>491700000001</SubscriberId><ResourceListId>000000</"
              "ResourceListId><Colour>red</Colour></GetResourceListRequest>",
       "demo-portal", 10007, 200},
      {"element of another namespace (XML)", "GetResourceList", false,
       gl_x + "<SubscriberId>491700000001</SubscriberId><o:X "
              "xmlns:o=\"urn:o\"/></GetResourceListRequest>",
       "demo-portal", 10007, 200},
      {"wrong root namespace (XML)", "GetResourceList", false,
       "<GetResourceListRequest "
       "xmlns=\"urn:x\"><TransactionId>echo-1</TransactionId></GetResourceListRequest>",
       "demo-portal", 10007, 200},
      {"bad enumeration", "ResourceManagement", true,
       R"({"TransactionId":"echo-1","OperationType":9,"ResourceId":"r"})", "demo-portal", 10007,
       200},
      {"duplicate member", "ResourceManagement", true,
       R"({"TransactionId":"echo-1","OperationType":1,"OperationType":4,"ResourceId":"demo-ringback-1"})",
       "demo-portal", 10007, 200},
      {"wrong type", "GetResourceList", true,
       R"({"TransactionId":"echo-1","SubscriberId":["491700000001"],"ResourceListId":"000000"})",
       "demo-portal", 10007, 200},
      {"unknown token", "GetResourceList", true,
       R"({"TransactionId":"echo-1","SubscriberId":"491700000001","ResourceListId":"000000"})",
       "no-such-token", 10003, 200},
      {"role not allowed", "TariffRule", true, R"({"TransactionId":"echo-1","OperationType":1})",
       "application-secret", 10003, 200},
      {"missing SubscriberId", "GetResourceList", true,
       R"({"TransactionId":"echo-1","ResourceListId":"000000"})", "demo-portal", 10001, 200},
      {"missing SessionKey", "GetResourceList", true,
       R"({"TransactionId":"echo-1","SubscriberId":"491700000001","ResourceListId":"000000"})", "",
       10002, 200},
      {"unknown subscriber", "GetResourceList", true,
       R"({"TransactionId":"echo-1","SubscriberId":"499999","ResourceListId":"000000"})",
       "demo-portal", 10004, 200},
      {"bad SessionKey", "GetResourceList", true,
       R"({"TransactionId":"echo-1","SubscriberId":"491700000001","SessionKey":"00000000000000000000000000000000","ResourceListId":"000000"})",
       "", 10006, 200},
      {"character reference &#0;", "GetResourceList", false,
       gl_x + "<SubscriberId>4917&#0;</SubscriberId><ResourceListId>000000</ResourceListId></"
              "GetResourceListRequest>",
       "demo-portal", 10007, 400},
      {"undefined entity", "GetResourceList", false,
       gl_x + "<SubscriberId>&nope;</SubscriberId><ResourceListId>000000</ResourceListId></"
              "GetResourceListRequest>",
       "demo-portal", 10007, 400},
      {"nested too deeply (JSON)", "PresentationRule", true,
       R"({"TransactionId":"echo-1","PreferenceSetting":{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":1}}}}}}}}})",
       "demo-portal", 10007, 400},
      {"nested too deeply (XML)", "PresentationRule", false,
       "<PresentationRuleRequest " + ns +
           "><TransactionId>echo-1</TransactionId><a><b><c><d><e><f><g><h/></g></f></e></d></c></"
           "b></a>"
           "</PresentationRuleRequest>",
       "demo-portal", 10007, 400},
  };
  for (const auto& k : cases) {
    SCOPED_TRACE(k.what);
    auto r = k.is_json ? json(k.op, k.body, k.token) : xml(k.op, k.body, k.token);
    EXPECT_EQ(r.http.status, k.http) << r.http.body;
    EXPECT_EQ(r.code, k.code) << r.http.body;
    EXPECT_EQ(r.value("TransactionId"), "echo-1") << r.http.body;
  }
  // A body that is not well-formed has no TransactionId that could be read.
  auto broken = json("GetResourceList", R"({"TransactionId":"echo-1","SubscriberId":)");
  EXPECT_EQ(broken.http.status, 400u);
  EXPECT_EQ(broken.code, 10007);
  EXPECT_FALSE(broken.msg.has("TransactionId"));
}

// Item: duplicate JSON member names were accepted, the last one winning
// (a Query became a Delete).
TEST_F(refusals, duplicate_json_members_are_10007_and_change_nothing) {
  auto r = json(
      "ResourceManagement",
      R"({"TransactionId":"dup-1","OperationType":1,"OperationType":4,"ResourceId":"demo-ringback-1"})");
  EXPECT_EQ(r.http.status, 200u);
  EXPECT_EQ(r.code, 10007) << r.http.body;
  EXPECT_NE(r.value("StatusDescription").find("duplicate member OperationType"), std::string::npos)
      << r.http.body;
  EXPECT_TRUE(resource_exists("demo-ringback-1"));
  // Nested: a Setting with its Value twice, in an array item.
  auto nested = json(
      "SystemSetting",
      R"({"OperationType":3,"Setting":[{"Name":"limit.groups","Value":"7"},{"Name":"limit.credit","Value":"1","Value":"99"}]})");
  EXPECT_EQ(nested.code, 10007) << nested.http.body;
  auto q = srv.call(wire_format::json, "SystemSetting", message({{"OperationType", "1"}}));
  for (const auto* s : q.msg.all("Setting")) EXPECT_NE(s->value("Value"), "99");
  // The XML counterpart, a repeated element, is refused the same way.
  auto x = xml("ResourceManagement",
               "<ResourceManagementRequest " + ns +
                   "><OperationType>1</OperationType><OperationType>4</OperationType>"
                   "<ResourceId>demo-ringback-1</ResourceId></ResourceManagementRequest>");
  EXPECT_EQ(x.code, 10007);
  EXPECT_TRUE(resource_exists("demo-ringback-1"));
}

// Item: &#0; was accepted and the stored value cut at it.
TEST_F(refusals, characters_outside_xml_char_are_refused_and_not_stored) {
  const auto create = [](const std::string& id, const std::string& name) {
    return "<ResourceManagementRequest " + ns + "><TransactionId>" + id +
           "</TransactionId><OperationType>2</OperationType><ResourceId>" + id +
           "</ResourceId><MediaType>Audio</MediaType><Name>" + name +
           "</Name></ResourceManagementRequest>";
  };
  int n = 0;
  const std::vector<std::string> bad_names = {"Bad&#0;Tail",
                                              "Bad&#x0;",
                                              "&#x1F;",
                                              "&#xB;",
                                              "&#xD800;",
                                              "&#xFFFE;",
                                              "&#xFFFF;",
                                              "&#x110000;",
                                              "raw\x01",
                                              "raw\x7f\x0c",
                                              std::string("nul\0x", 5)};
  for (const std::string& bad : bad_names) {
    const std::string id = "chr-" + std::to_string(n++);
    auto r = xml("ResourceManagement", create(id, bad));
    EXPECT_EQ(r.http.status, 400u) << bad << "\n" << r.http.body;
    EXPECT_EQ(r.code, 10007);
    EXPECT_EQ(r.value("TransactionId"), id);
    EXPECT_FALSE(resource_exists(id)) << bad;
  }
  // References to Chars are stored as the characters they name.
  auto ok = xml("ResourceManagement", create("chr-ok", "A&#x20;&#66;&#xE9;&#x1F600;"));
  EXPECT_EQ(ok.code, 0) << ok.http.body;
  EXPECT_EQ(resource_name("chr-ok"), "A B\xc3\xa9\xf0\x9f\x98\x80");
  // JSON: "\u0000" (and the other non-Chars) in a string are a value violation.
  for (const std::string bad : {R"(Bad\u0000Tail)", R"(\u0007)", R"(\uFFFF)"}) {
    auto r = json(
        "ResourceManagement",
        R"({"TransactionId":"chr-j","OperationType":2,"ResourceId":"chr-j","MediaType":"Audio","Name":")" +
            bad + "\"}");
    EXPECT_EQ(r.http.status, 200u);
    EXPECT_EQ(r.code, 10007) << r.http.body;
    EXPECT_EQ(r.value("TransactionId"), "chr-j");
    EXPECT_FALSE(resource_exists("chr-j"));
  }
}

// Item: a wrong-typed SubscriberId was 10001 (array, object), 10004
// (number) or 10007 (null); a present value of the wrong type is 10007.
TEST_F(refusals, a_present_value_of_the_wrong_type_is_10007_whichever_parameter) {
  for (const std::string sub : {R"(["491700000001"])", "[]", R"({"Id":"491700000001"})", "{}",
                                "491700000001", "null", "true"}) {
    SCOPED_TRACE(sub);
    const std::string body =
        R"({"TransactionId":"ty-1","SubscriberId":)" + sub + R"(,"ResourceListId":"000000"})";
    for (const std::string token : {"demo-portal", ""}) {  // portal and subscriber role
      auto r = json("GetResourceList", body, token);
      EXPECT_EQ(r.http.status, 200u);
      EXPECT_EQ(r.code, 10007) << r.http.body;
      EXPECT_EQ(r.value("TransactionId"), "ty-1");
    }
  }
  // The same for the other parameters authentication reads, and for any other.
  const std::vector<std::pair<const char*, std::string>> others = {
      {"GetResourceList",
       R"({"SubscriberId":"491700000001","SessionKey":12345,"ResourceListId":"000000"})"},
      {"GetResourceList",
       R"({"SubscriberId":"491700000001","SessionKey":["k"],"ResourceListId":"000000"})"},
      {"AddResource",
       R"({"Action":2,"SubscriberId":"491700000001","ResourceId":"demo-ringback-1","ResourceOwner":491700000002})"},
      {"AddResource",
       R"({"Action":[2],"SubscriberId":"491700000001","ResourceId":"demo-ringback-1","ResourceOwner":"491700000002"})"},
      {"ServiceSubscription", R"({"SubscriberId":"491700000099","OperationType":"2"})"},
      {"ServiceSubscription",
       R"({"SubscriberId":"491700000001","OperationType":1,"CreditLimit":10})"},
      {"ResourceManagement", R"({"OperationType":1,"ResourceId":{"x":"demo-ringback-1"}})"},
      {"SystemSetting", R"({"OperationType":1,"Setting":"limit.credit"})"},
      {"GetResourceList",
       R"({"SubscriberId":"491700000001","ResourceListId":"000000","ResourceListCategory":[1]})"},
  };
  for (const auto& [op, body] : others) {
    auto r = json(op, body, "demo-portal");
    EXPECT_EQ(r.code, 10007) << op << " " << body << "\n" << r.http.body;
  }
  // XML: an element with children where a value is expected.
  auto x = xml("GetResourceList", "<GetResourceListRequest " + ns +
                                      "><SubscriberId><Id>491700000001</Id></"
                                      "SubscriberId><ResourceListId>000000</ResourceListId>"
                                      "</GetResourceListRequest>");
  EXPECT_EQ(x.code, 10007) << x.http.body;
  // A subscriber that the wrong type did not create.
  auto created =
      json("ServiceSubscription", R"({"SubscriberId":"491700000099","OperationType":1})");
  EXPECT_EQ(created.code, 10004);
}

// Item: XML nested beyond the limit was HTTP 200 while JSON was 400.
TEST_F(refusals, nesting_beyond_the_limit_is_http_400_in_both_formats) {
  std::string x_open = "<PresentationRuleRequest " + ns + "><TransactionId>deep-1</TransactionId>";
  std::string x_close = "</PresentationRuleRequest>";
  std::string j_open = R"({"TransactionId":"deep-1")";
  std::string j_close = "}";
  for (int i = 0; i < 40; ++i) {
    x_open += "<PreferenceSetting>";
    x_close = "</PreferenceSetting>" + x_close;
    j_open += R"(,"PreferenceSetting":{"x":1)";
    j_close = "}" + j_close;
  }
  for (auto r :
       {xml("PresentationRule", x_open + x_close), json("PresentationRule", j_open + j_close)}) {
    EXPECT_EQ(r.http.status, 400u) << r.http.body;
    EXPECT_EQ(r.code, 10007);
    EXPECT_EQ(r.value("TransactionId"), "deep-1");
  }
  // Within the limit it is an ordinary (invalid) message: HTTP 200.
  auto shallow = xml(
      "PresentationRule",
      "<PresentationRuleRequest " + ns +
          "><TransactionId>deep-2</TransactionId><PreferenceSetting><Colour/></PreferenceSetting>"
          "</PresentationRuleRequest>");
  EXPECT_EQ(shallow.http.status, 200u);
  EXPECT_EQ(shallow.code, 10007);
  EXPECT_EQ(shallow.value("TransactionId"), "deep-2");
}

}  // namespace
}  // namespace cmr::test
