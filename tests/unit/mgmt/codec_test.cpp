// Unit tests of the message layer: docs/xsd is what the descriptions
// generate, lexical forms (money without floating point, dateTime, UTF-8),
// XML refusals, JSON typing, and XML/JSON round trips of one tree.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "mgmt/content_routes.h"
#include "mgmt/json_codec.h"
#include "mgmt/lexical.h"
#include "mgmt/operation_registry.h"
#include "mgmt/password.h"
#include "mgmt/validator.h"
#include "mgmt/xml_codec.h"
#include "mgmt/xsd_writer.h"

namespace cmr::mgmt {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(mgmt_xsd, committed_files_match_the_descriptions) {
  const std::string dir = std::string(CMR_SOURCE_DIR) + "/docs/xsd/";
  for (const auto* op : all_operations())
    EXPECT_EQ(slurp(dir + std::string(op->name) + ".xsd"), write_xsd(op->request, *op->response))
        << op->name << ": run cmr-mgmt-xsd docs/xsd";
  EXPECT_EQ(slurp(dir + "ContentUpload.xsd"), write_xsd(nullptr, content_upload_response()));
  EXPECT_EQ(all_operations().size(), 18u);
}

TEST(mgmt_lexical, money_is_exact) {
  EXPECT_EQ(parse_money("0.5"), 5000);
  EXPECT_EQ(parse_money("12"), 120000);
  EXPECT_EQ(parse_money("1.23450"), 12345);
  EXPECT_EQ(parse_money(".5"), 5000);
  EXPECT_FALSE(parse_money("1.23456"));
  EXPECT_FALSE(parse_money("-1"));
  EXPECT_FALSE(parse_money("1e3"));
  EXPECT_FALSE(parse_money("."));
  EXPECT_EQ(format_money(5000), "0.5");
  EXPECT_EQ(format_money(10000), "1");
  EXPECT_EQ(format_money(12345), "1.2345");
  EXPECT_EQ(format_money(1), "0.0001");
}

TEST(mgmt_lexical, datetime_and_utf8) {
  const auto t = parse_datetime("2024-02-29T23:30:00+01:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_datetime(*t), "2024-02-29T22:30:00Z");
  EXPECT_EQ(format_datetime(*parse_datetime("2024-01-01T00:00:00.123")), "2024-01-01T00:00:00Z");
  EXPECT_FALSE(parse_datetime("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_datetime("2024-01-01 00:00:00"));
  EXPECT_TRUE(valid_utf8("gr\xc3\xbc\xc3\x9f"));
  EXPECT_FALSE(valid_utf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(valid_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(valid_utf8("\xe2\x82"));          // truncated
  EXPECT_EQ(utf8_length("gr\xc3\xbc\xc3\x9f"), 4u);
}

TEST(mgmt_xml, refusals) {
  const std::string ns = "xmlns=\"urn:oma:xml:CMR:messages:1.0\"";
  EXPECT_TRUE(decode_xml("<LoginRequest " + ns + "><SubscriberId>1</SubscriberId></LoginRequest>", "LoginRequest"));
  EXPECT_TRUE(decode_xml("<c:LoginRequest xmlns:c=\"urn:oma:xml:CMR:messages:1.0\"><c:Password>a&amp;b</c:Password></c:LoginRequest>",
                         "LoginRequest"));
  const auto malformed = [&](const std::string& body) {
    auto r = decode_xml(body, "LoginRequest");
    return !r && r.error().malformed;
  };
  EXPECT_TRUE(malformed("<!DOCTYPE x><LoginRequest " + ns + "/>"));
  EXPECT_TRUE(malformed("<LoginRequest " + ns + ">&foo;</LoginRequest>"));
  EXPECT_TRUE(malformed("<LoginRequest " + ns + ">"));
  auto wrong_ns = decode_xml("<LoginRequest xmlns=\"urn:x\"/>", "LoginRequest");
  ASSERT_FALSE(wrong_ns);
  EXPECT_FALSE(wrong_ns.error().malformed);
  EXPECT_FALSE(decode_xml("<LoginRequest " + ns + "><Password a=\"1\">x</Password></LoginRequest>", "LoginRequest"));
  EXPECT_FALSE(decode_xml("<LoginRequest " + ns + "><Password>x<b/></Password></LoginRequest>", "LoginRequest"));
}

TEST(mgmt_codec, one_tree_two_formats) {
  const operation_desc* op = find_operation("AddResource");
  ASSERT_NE(op, nullptr);
  element m;
  m.is_structure = true;
  m.add("TransactionId", "t<&>");
  m.add("Action", "2");
  m.add("SubscriberId", "4917");
  m.add("ResourceId", "a");
  m.add("ResourceId", "b");
  m.add("ResourceOwner", "4918");
  for (bool json : {false, true}) {
    const std::string body = json ? encode_json(m, *op->request) : encode_xml(m, *op->request, "AddResourceRequest");
    auto back = json ? decode_json(body, "AddResourceRequest") : decode_xml(body, "AddResourceRequest");
    ASSERT_TRUE(back) << body;
    ASSERT_TRUE(validate(*back, *op->request)) << body;
    EXPECT_EQ(back->value("TransactionId"), "t<&>");
    EXPECT_EQ(back->all("ResourceId").size(), 2u);
  }
  auto typed = decode_json(R"({"Action":"2","SubscriberId":"1","ResourceId":"a","ResourceOwner":"2"})", "AddResourceRequest");
  ASSERT_TRUE(typed);
  EXPECT_FALSE(validate(*typed, *op->request));  // Action is a JSON number
}

// Found by fuzz_mgmt_codec: "06" and "+1" are valid xs:unsignedInt in XML,
// and the JSON encoder wrote such text as a JSON number, which made the whole
// document invalid ("ListCategory": <discarded>). The validator now keeps
// integers in their canonical form, and the encoder writes numbers from their
// value.
TEST(mgmt_codec, integers_are_canonical_and_encode_as_json_numbers) {
  const operation_desc* op = find_operation("TariffRule");
  ASSERT_NE(op, nullptr);
  element m;
  m.is_structure = true;
  m.add("TransactionId", "t-1");
  m.add("OperationType", "1");
  m.add("TariffId", "x");
  m.add("ListCategory", "06");
  m.add("Price", "1.25");
  m.add("DiscountPercent", " +1 ");
  const std::string xml = encode_xml(m, *op->request, "TariffRuleRequest");
  auto decoded = decode_xml(xml, "TariffRuleRequest");
  ASSERT_TRUE(decoded) << xml;
  ASSERT_TRUE(validate(*decoded, *op->request)) << xml;
  EXPECT_EQ(decoded->value("ListCategory"), "6");
  EXPECT_EQ(decoded->value("DiscountPercent"), "1");
  const std::string json = encode_json(*decoded, *op->request);
  EXPECT_NE(json.find("\"ListCategory\": 6"), std::string::npos) << json;
  auto back = decode_json(json, "TariffRuleRequest");
  ASSERT_TRUE(back) << json;
  ASSERT_TRUE(validate(*back, *op->request)) << json;
  EXPECT_EQ(back->value("ListCategory"), "6");
  // An element that never passed the validator still encodes to valid JSON.
  element raw = m;
  EXPECT_TRUE(decode_json(encode_json(raw, *op->request), "TariffRuleRequest")) << encode_json(raw, *op->request);
}

// Cached answers are stored without their TransactionId and given each
// request's: the spliced document must be exactly what encoding gives.
TEST(mgmt_codec, transaction_id_splice_equals_encoding) {
  const operation_desc* op = find_operation("GetResourceList");
  ASSERT_NE(op, nullptr);
  element m;
  m.is_structure = true;
  m.add("StatusCode", "0");
  m.add("StatusDescription", "Success");
  element& r = m.add_structure("Resource");
  r.add("ResourceId", "r-1");
  r.add("Name", "N \"q\" & <x>");
  r.add("MediaType", "Audio");
  for (const std::string tid : {"t-1", "a&b<c>\"d\"\\e", "\xc3\xa9\tx"}) {
    element with = m;
    with.children.insert(with.children.begin(), element{"TransactionId", tid, {}, element::json_kind::xml, false});
    const std::string xml = encode_xml(m, *op->response, "GetResourceListResponse");
    std::string spliced = xml;
    spliced.insert(xml_first_child_at(xml), xml_leaf_line("TransactionId", tid));
    EXPECT_EQ(spliced, encode_xml(with, *op->response, "GetResourceListResponse"));
    const std::string json = encode_json(m, *op->response);
    spliced = json;
    spliced.insert(json_first_member_at(json), json_string_member_line("TransactionId", tid));
    EXPECT_EQ(spliced, encode_json(with, *op->response));
  }
}

TEST(mgmt_password, pbkdf2_round_trip) {
  const auto h = hash_password("pw", 1000);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->rfind("pbkdf2-sha256$1000$", 0), 0u);
  EXPECT_TRUE(verify_password("pw", *h));
  EXPECT_FALSE(verify_password("pW", *h));
  EXPECT_FALSE(verify_password("pw", "plain"));
  EXPECT_EQ(random_hex(16)->size(), 32u);
  EXPECT_NE(*random_hex(16), *random_hex(16));
}

}  // namespace
}  // namespace cmr::mgmt
