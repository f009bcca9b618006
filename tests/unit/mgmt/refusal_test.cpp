// Unit tests of what the codecs refuse and how: JSON duplicate members (at
// every level), null and arrays where one value is expected, character
// references and raw characters outside XML Char, nesting beyond the limit
// in both formats (HTTP 400 with the TransactionId still read), the
// percent-decoded routes, and the per-address connection slots.
#include <gtest/gtest.h>

#include <boost/asio/ip/address.hpp>
#include <string>

#include "mgmt/connection_slots.h"
#include "mgmt/http_route.h"
#include "mgmt/json_codec.h"
#include "mgmt/lexical.h"
#include "mgmt/operation_registry.h"
#include "mgmt/validator.h"
#include "mgmt/xml_codec.h"

namespace cmr::mgmt {
namespace {

const std::string ns = "xmlns=\"urn:oma:xml:CMR:messages:1.0\"";

// Decodes and validates a request of `op` the way the dispatcher does.
struct checked {
  bool decoded = false;
  bool malformed = false;  // HTTP 400
  bool valid = false;
  std::string why;
  std::string transaction_id;  // from the codec error ("" when decoded)
};

checked check(const std::string& op, const std::string& body, bool json) {
  const operation_desc* d = find_operation(op);
  EXPECT_NE(d, nullptr) << op;
  checked c;
  auto r = json ? decode_json(body, op + "Request") : decode_xml(body, op + "Request");
  if (!r) {
    c.malformed = r.error().malformed;
    c.why = r.error().message;
    c.transaction_id = r.error().transaction_id;
    return c;
  }
  c.decoded = true;
  auto v = validate(*r, *d->request);
  c.valid = v.has_value();
  if (!v) c.why = v.error();
  return c;
}

TEST(mgmt_json, duplicate_members_are_refused_at_every_level) {
  // Last-one-wins would turn this Query into a Delete.
  auto top = check(
      "ResourceManagement",
      R"({"TransactionId":"t-1","OperationType":1,"OperationType":4,"ResourceId":"r"})", true);
  EXPECT_FALSE(top.decoded);
  EXPECT_FALSE(top.malformed);  // well-formed JSON, invalid message: 10007, HTTP 200 (as XML)
  EXPECT_NE(top.why.find("duplicate member OperationType"), std::string::npos) << top.why;
  EXPECT_EQ(top.transaction_id, "t-1");
  // In a nested object, and in an object inside an array.
  auto nested = check(
      "SystemSetting",
      R"({"TransactionId":"t-2","OperationType":3,"Setting":{"Name":"limit.credit","Name":"limit.groups","Value":"1"}})",
      true);
  EXPECT_FALSE(nested.decoded);
  EXPECT_NE(nested.why.find("duplicate member Name"), std::string::npos) << nested.why;
  EXPECT_EQ(nested.transaction_id, "t-2");
  auto in_array = check(
      "SystemSetting",
      R"({"OperationType":3,"Setting":[{"Name":"a","Value":"1"},{"Name":"b","Value":"1","Value":"2"}]})",
      true);
  EXPECT_FALSE(in_array.decoded);
  EXPECT_NE(in_array.why.find("duplicate member Value"), std::string::npos) << in_array.why;
  // A repeated member written twice instead of as an array, and the
  // TransactionId itself: the first one is the one echoed.
  EXPECT_FALSE(
      check(
          "AddResource",
          R"({"Action":1,"SubscriberId":"1","ResourceId":"a","ResourceId":"b","ResourceOwner":"2"})",
          true)
          .decoded);
  auto tid = check(
      "Login",
      R"({"TransactionId":"first","TransactionId":"second","SubscriberId":"1","Password":"x"})",
      true);
  EXPECT_FALSE(tid.decoded);
  EXPECT_EQ(tid.transaction_id, "first");
  // Same names in sibling objects are not duplicates.
  EXPECT_TRUE(
      check("SystemSetting",
            R"({"OperationType":3,"Setting":[{"Name":"a","Value":"1"},{"Name":"b","Value":"2"}]})",
            true)
          .valid);
  // XML refuses a repeated single element the same way (10007).
  auto xml = check("ResourceManagement",
                   "<ResourceManagementRequest " + ns +
                       "><OperationType>1</OperationType><OperationType>4</"
                       "OperationType><ResourceId>r</ResourceId>"
                       "</ResourceManagementRequest>",
                   false);
  EXPECT_TRUE(xml.decoded);
  EXPECT_FALSE(xml.valid);
}

TEST(mgmt_json, null_arrays_and_objects_are_wrong_types) {
  // null decodes (the TransactionId is known) and is refused by the validator,
  // for a known member and an unknown one alike.
  for (const std::string body :
       {R"({"TransactionId":"n-1","SubscriberId":"1","ResourceListId":null})",
        R"({"TransactionId":"n-1","SubscriberId":"1","ResourceListId":"000000","Colour":null})"}) {
    auto c = check("GetResourceList", body, true);
    EXPECT_TRUE(c.decoded) << body;
    EXPECT_FALSE(c.valid) << body;
  }
  // A single-valued member as an array (even of one), an empty array or an
  // object: 10007 whichever member it is.
  for (const std::string sub :
       {R"(["491700000001"])", "[]", R"({"x":"1"})", "{}", "491700000001", "null", "true"}) {
    auto c = check("GetResourceList",
                   R"({"SubscriberId":)" + sub + R"(,"ResourceListId":"000000"})", true);
    EXPECT_TRUE(c.decoded) << sub;
    EXPECT_FALSE(c.valid) << sub;
    EXPECT_NE(c.why.find("SubscriberId"), std::string::npos) << c.why;
  }
  EXPECT_FALSE(
      check("ResourceManagement", R"({"OperationType":[1],"ResourceId":"r"})", true).valid);
  EXPECT_FALSE(
      check("ResourceManagement", R"({"OperationType":1,"ResourceId":"r","Price":0.5})", true)
          .valid);
  // A structure member given a value.
  EXPECT_FALSE(check("SystemSetting", R"({"OperationType":3,"Setting":""})", true).valid);
  EXPECT_FALSE(check("SystemSetting", R"({"OperationType":3,"Setting":["a"]})", true).valid);
  // A repeated member: one value, an array, or [] (absent).
  EXPECT_TRUE(check("AddResource",
                    R"({"Action":1,"SubscriberId":"1","ResourceId":"a","ResourceOwner":"2"})", true)
                  .valid);
  EXPECT_TRUE(check("AddResource",
                    R"({"Action":1,"SubscriberId":"1","ResourceId":["a","b"],"ResourceOwner":"2"})",
                    true)
                  .valid);
  auto empty =
      check("AddResource", R"({"Action":1,"SubscriberId":"1","ResourceId":[],"ResourceOwner":"2"})",
            true);
  EXPECT_FALSE(empty.valid);
  EXPECT_NE(empty.why.find("ResourceId: missing"), std::string::npos) << empty.why;
  EXPECT_FALSE(check("AddResource",
                     R"({"Action":1,"SubscriberId":"1","ResourceId":[["a"]],"ResourceOwner":"2"})",
                     true)
                   .decoded);
  // XML: a structure where a value is expected.
  EXPECT_FALSE(check("GetResourceList",
                     "<GetResourceListRequest " + ns +
                         "><SubscriberId><x/></SubscriberId><ResourceListId>000000</"
                         "ResourceListId></GetResourceListRequest>",
                     false)
                   .valid);
}

TEST(mgmt_json, nul_and_non_characters_in_strings_are_refused) {
  for (const std::string v : {R"(a\u0000b)", R"(\u0001)", R"(a\uFFFEb)", R"(\uffff)"}) {
    auto c = check(
        "ResourceManagement",
        R"({"OperationType":2,"ResourceId":"r","Name":")" + v + R"(","MediaType":"Audio"})", true);
    EXPECT_TRUE(c.decoded) << v;
    EXPECT_FALSE(c.valid) << v;
    EXPECT_NE(c.why.find("Name"), std::string::npos) << c.why;
  }
  EXPECT_TRUE(
      check("ResourceManagement",
            R"({"OperationType":2,"ResourceId":"r","Name":"tab\tok \u00e9","MediaType":"Audio"})",
            true)
          .valid);
}

TEST(mgmt_xml, character_references_outside_char_are_not_well_formed) {
  const auto name = [](const std::string& text) {
    return "<ResourceManagementRequest " + ns +
           "><TransactionId>x-1</TransactionId><OperationType>2</OperationType>" +
           "<ResourceId>r</ResourceId><MediaType>Audio</MediaType><Name>" + text +
           "</Name></ResourceManagementRequest>";
  };
  for (const std::string bad :
       {"a&#0;b",   "&#x0;",    "&#x00000;",  "&#8;",       "&#xB;",          "&#xc;",
        "&#x1F;",   "&#31;",    "&#xD800;",   "&#xDFFF;",   "&#55296;",       "&#xFFFE;",
        "&#xFFFF;", "&#65535;", "&#x110000;", "&#1114112;", "&#99999999999;", "&#xFFFFFFFFF;",
        "&#x;",     "&#;",      "&#X41;",     "&#1a;",      "&#xG;",          "&foo;",
        "a & b",    "&amp",     "&#65"}) {
    auto c = check("ResourceManagement", name(bad), false);
    EXPECT_FALSE(c.decoded) << bad;
    EXPECT_TRUE(c.malformed) << bad;            // HTTP 400
    EXPECT_EQ(c.transaction_id, "x-1") << bad;  // and still echoed
  }
  // In an attribute value or the root's text, too.
  EXPECT_TRUE(check("ResourceManagement",
                    "<ResourceManagementRequest " + ns +
                        "><ResourceId a=\"&#0;\">r</ResourceId></ResourceManagementRequest>",
                    false)
                  .malformed);
  EXPECT_TRUE(check("ResourceManagement",
                    "<ResourceManagementRequest " + ns +
                        ">&#0;<ResourceId>r</ResourceId></ResourceManagementRequest>",
                    false)
                  .malformed);
  // References to Chars decode to their UTF-8.
  const std::pair<const char*, const char*> good[] = {
      {"&#9;x", "\tx"},
      {"&#xA;x", "\nx"},
      {"&#13;x", "\rx"},
      {"&#x20;x", " x"},
      {"&#65;&#x42;&#x0043;", "ABC"},
      {"&#x000000000000000041;&#00000000000000000066;", "AB"},
      {"&#xD7FF;", "\xed\x9f\xbf"},
      {"&#xE000;", "\xee\x80\x80"},
      {"&#xFFFD;", "\xef\xbf\xbd"},
      {"&#x10000;", "\xf0\x90\x80\x80"},
      {"&#x10FFFF;", "\xf4\x8f\xbf\xbf"},
      {"&lt;&amp;&gt;&quot;&apos;", "<&>\"'"},
      {"<![CDATA[&#0;]]>", "&#0;"}};
  for (const auto& [text, want] : good) {
    auto r = decode_xml(name(text), "ResourceManagementRequest");
    ASSERT_TRUE(r) << text << ": " << r.error().message;
    EXPECT_EQ(r->value("Name"), want) << text;
  }
}

TEST(mgmt_xml, raw_characters_outside_char_are_not_well_formed) {
  const std::string head =
      "<LoginRequest " + ns +
      "><TransactionId>x-2</TransactionId><SubscriberId>1</SubscriberId><Password>";
  for (const std::string& bad :
       {std::string("a\0b", 3), std::string("\x01"), std::string("\x1f"), std::string("\x0b"),
        std::string("\xef\xbf\xbe"), std::string("\xef\xbf\xbf")}) {
    auto c = check("Login", head + bad + "</Password></LoginRequest>", false);
    EXPECT_TRUE(c.malformed);
    EXPECT_EQ(c.transaction_id, "x-2");
  }
  // In a comment too (the whole document must be Chars).
  EXPECT_TRUE(
      check("Login",
            "<LoginRequest " + ns +
                "><!-- \x02 --><SubscriberId>1</SubscriberId><Password>p</Password></LoginRequest>",
            false)
          .malformed);
  EXPECT_TRUE(check("Login", head + "tab\tand\r\nnewline</Password></LoginRequest>", false).valid);
}

TEST(mgmt_codec, nesting_limit_is_the_same_http_400_in_both_formats) {
  // Eight levels of elements (the root or the message object counting one)
  // decode; nine are not accepted, answered HTTP 400 with the TransactionId.
  const auto xml = [](int levels) {
    std::string open = "<PresentationRuleRequest " + ns + "><TransactionId>deep-x</TransactionId>";
    std::string close = "</PresentationRuleRequest>";
    for (int i = 1; i < levels; ++i) {
      open += "<PreferenceSetting>";
      close = "</PreferenceSetting>" + close;
    }
    return open + close;
  };
  const auto json = [](int levels) {
    std::string open = R"({"TransactionId":"deep-j")";
    std::string close = "}";
    for (int i = 1; i < levels; ++i) {
      open += R"(,"PreferenceSetting":{"x":1)";
      close = "}" + close;
    }
    return open + close;
  };
  for (bool is_json : {false, true}) {
    SCOPED_TRACE(is_json ? "json" : "xml");
    const std::string root = "PresentationRuleRequest";
    auto eight = is_json ? decode_json(json(8), root) : decode_xml(xml(8), root);
    EXPECT_TRUE(eight) << (eight ? "" : eight.error().message);
    auto nine = is_json ? decode_json(json(9), root) : decode_xml(xml(9), root);
    ASSERT_FALSE(nine);
    EXPECT_TRUE(nine.error().malformed);
    EXPECT_EQ(nine.error().transaction_id, is_json ? "deep-j" : "deep-x");
  }
  // Far deeper, with the TransactionId after the deep part, and arrays of
  // arrays (no element form, counted as levels).
  std::string deep = R"({"PreferenceSetting":)" + std::string(5000, '[') + std::string(5000, ']') +
                     R"(,"TransactionId":"late"})";
  auto r = decode_json(deep, "PresentationRuleRequest");
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().malformed);
  EXPECT_EQ(r.error().transaction_id, "late");
  // Not well-formed: nothing can be read, nothing is echoed.
  auto broken = decode_json(R"({"TransactionId":"t", "SubscriberId": )", "LoginRequest");
  ASSERT_FALSE(broken);
  EXPECT_TRUE(broken.error().malformed);
  EXPECT_EQ(broken.error().transaction_id, "");
}

TEST(mgmt_xml, refusals_of_a_parsed_document_carry_the_transaction_id) {
  const std::string tid = "<TransactionId>x-3</TransactionId>";
  for (const std::string& body :
       {"<LoginRequest xmlns=\"urn:x\">" + tid + "</LoginRequest>",     // namespace
        "<LoginRequest " + ns + " a=\"1\">" + tid + "</LoginRequest>",  // attribute
        "<LoginRequest " + ns + ">" + tid +
            "<o:X xmlns:o=\"urn:o\"/></LoginRequest>",  // element of another ns
        "<LoginRequest " + ns + ">" + tid +
            "<Password>x<b/></Password></LoginRequest>",  // mixed content
        "<LoginRequest " + ns + ">" + tid +
            "<SubscriberId>&undefined;</SubscriberId></LoginRequest>",        // entity
        "<LoginRequest " + ns + " " + ns + ">" + tid + "</LoginRequest>",     // attribute twice
        "<LoginRequest " + ns + ">" + tid + "<P>\xff</P></LoginRequest>"}) {  // invalid UTF-8
    auto r = decode_xml(body, "LoginRequest");
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(r.error().transaction_id, "x-3") << body;
  }
  // Refused unread: DOCTYPE; not well-formed.
  for (const std::string& body : {"<!DOCTYPE x><LoginRequest " + ns + ">" + tid + "</LoginRequest>",
                                  "<LoginRequest " + ns + ">" + tid}) {
    auto r = decode_xml(body, "LoginRequest");
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().malformed);
    EXPECT_EQ(r.error().transaction_id, "");
  }
}

TEST(mgmt_lexical, xml_char_production) {
  for (std::uint32_t cp : {0x9U, 0xAU, 0xDU, 0x20U, 0xD7FFU, 0xE000U, 0xFFFDU, 0x10000U, 0x10FFFFU})
    EXPECT_TRUE(is_xml_char(cp)) << cp;
  for (std::uint32_t cp :
       {0x0U, 0x8U, 0xBU, 0xCU, 0xEU, 0x1FU, 0xD800U, 0xDFFFU, 0xFFFEU, 0xFFFFU, 0x110000U})
    EXPECT_FALSE(is_xml_char(cp)) << cp;
  EXPECT_TRUE(has_non_xml_char(std::string("a\0", 2)));
  EXPECT_TRUE(has_non_xml_char("\xef\xbf\xbe"));
  EXPECT_FALSE(has_non_xml_char("\xef\xbf\xbd\t\r\n\xc3\xa4"));
  EXPECT_EQ(printable("a\nb\x01"), "a?b?");
}

TEST(mgmt_route, path_segments_are_split_then_percent_decoded) {
  auto up = route_of("/cmr/1/resources/my%20song%2F%C3%A4%3Fx/content?ignored=%zz");
  ASSERT_TRUE(up);
  EXPECT_EQ(up->what, http_route::kind::upload);
  EXPECT_EQ(up->name, "my song/\xc3\xa4?x");
  auto down = route_of("/cmr/1/content/a%2Fb?exp=1&sig=2");
  ASSERT_TRUE(down);
  EXPECT_EQ(down->what, http_route::kind::download);
  EXPECT_EQ(down->name, "a/b");
  auto op = route_of("/cmr/1/%47etResourceList");
  ASSERT_TRUE(op);
  EXPECT_EQ(op->what, http_route::kind::cmr);
  EXPECT_EQ(op->name, "GetResourceList");
  // A raw '/' separates segments: not a ResourceId of two parts.
  EXPECT_EQ(route_of("/cmr/1/resources/a/b/content")->what, http_route::kind::not_found);
  EXPECT_EQ(route_of("/cmr/1/content/a/b")->what, http_route::kind::not_found);
  EXPECT_EQ(route_of("/cmr/1/resources//content")->what, http_route::kind::not_found);
  EXPECT_EQ(route_of("/other")->what, http_route::kind::not_found);
  EXPECT_EQ(route_of("*")->what, http_route::kind::not_found);
  // Malformed escapes, and escapes of what no name may hold.
  for (const char* bad :
       {"/cmr/1/resources/%G1/content", "/cmr/1/resources/a%4/content", "/cmr/1/%",
        "/cmr/1/resources/%00/content", "/cmr/1/resources/%FF/content", "/cmr/1/content/%EF%BF%BE"})
    EXPECT_FALSE(route_of(bad)) << bad;
}

TEST(mgmt_connection_slots, per_address_and_total_caps) {
  const auto a = boost::asio::ip::make_address("127.0.0.1");
  const auto b = boost::asio::ip::make_address("127.0.0.2");
  const auto c = boost::asio::ip::make_address("::1");
  using v = connection_slots::verdict;
  connection_slots slots(5, 2);
  EXPECT_EQ(slots.admit(a), v::admitted);
  EXPECT_EQ(slots.admit(a), v::admitted);
  EXPECT_EQ(slots.admit(a), v::address_full);
  EXPECT_EQ(slots.admit(b), v::admitted);
  EXPECT_EQ(slots.admit(b), v::admitted);
  EXPECT_EQ(slots.admit(c), v::admitted);
  EXPECT_EQ(slots.admit(c), v::server_full);
  EXPECT_EQ(slots.total(), 5u);
  slots.release(a);
  EXPECT_EQ(slots.admit(a), v::admitted);
  slots.release(c);
  slots.release(c);  // not held: ignored
  EXPECT_EQ(slots.total(), 4u);
}

}  // namespace
}  // namespace cmr::mgmt
