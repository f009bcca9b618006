#include "in/ip/bearer_uri.h"

#include <gtest/gtest.h>

namespace cmr::in::ip {
namespace {

bearer_request classify(const std::string& text) {
  auto u = sip::parse_uri(text);
  EXPECT_TRUE(u) << text;
  return classify_request_uri(*u, ip_config{}.prefixes);
}

TEST(bearer_uri, play_form_with_rfc4240_parameters) {
  auto r = classify("sip:annc@127.0.0.1:5070;play=cmr:42");
  ASSERT_TRUE(std::holds_alternative<play_request>(r));
  EXPECT_EQ(std::get<play_request>(r).announcement_id, 42U);
  EXPECT_EQ(std::get<play_request>(r).repeat, 1U);
  EXPECT_FALSE(std::get<play_request>(r).duration_ms);

  r = classify("sip:annc@ip.example;play=cmr%3A7;repeat=3;duration=1500");
  ASSERT_TRUE(std::holds_alternative<play_request>(r));
  EXPECT_EQ(std::get<play_request>(r).announcement_id, 7U);
  EXPECT_EQ(std::get<play_request>(r).repeat, 3U);
  EXPECT_EQ(std::get<play_request>(r).duration_ms, 1500U);
  EXPECT_EQ(std::get<play_request>(r).delay_ms, 0U);
  r = classify("sip:annc@h;play=cmr:7;repeat=2;delay=500");
  ASSERT_TRUE(std::holds_alternative<play_request>(r));
  EXPECT_EQ(std::get<play_request>(r).delay_ms, 500U);

  r = classify("sip:annc@h;play=cmr:7;repeat=forever");
  ASSERT_TRUE(std::holds_alternative<play_request>(r));
  EXPECT_EQ(std::get<play_request>(r).repeat, 0U);
}

TEST(bearer_uri, bad_play_forms_are_refused) {
  EXPECT_EQ(std::get<uri_refusal>(classify("sip:annc@h;play=http://x/a.wav")).status, 404);
  EXPECT_EQ(std::get<uri_refusal>(classify("sip:annc@h;play=cmr:abc")).status, 404);
  EXPECT_EQ(std::get<uri_refusal>(classify("sip:annc@h;play=cmr:0")).status, 404);
  EXPECT_EQ(std::get<uri_refusal>(classify("sip:annc@h;play=cmr:99999999999")).status, 404);
  EXPECT_EQ(std::get<uri_refusal>(classify("sip:annc@h;play=cmr:1;repeat=0")).status, 400);
  EXPECT_EQ(std::get<uri_refusal>(classify("sip:annc@h;play=cmr:1;repeat=-1")).status, 400);
  EXPECT_EQ(std::get<uri_refusal>(classify("sip:annc@h;play=cmr:1;duration=x")).status, 400);
  EXPECT_EQ(std::get<uri_refusal>(classify("sip:annc@h;play=cmr:1;delay=soon")).status, 400);
  EXPECT_EQ(std::get<uri_refusal>(classify("sip:annc@h;play=cmr:1;delay=3600001")).status, 400);
  EXPECT_EQ(std::get<uri_refusal>(classify("sip:annc@h")).status, 404);
  EXPECT_EQ(std::get<uri_refusal>(classify("tel:+4960212345678")).status, 416);
}

TEST(bearer_uri, routing_number_longest_prefix_and_eight_digits) {
  auto r = classify("sip:4960412345678@127.0.0.1");
  ASSERT_TRUE(std::holds_alternative<assist_request>(r));
  EXPECT_EQ(std::get<assist_request>(r).variant, codec::protocol_variant::cap_v4);
  EXPECT_EQ(std::get<assist_request>(r).correlation_id, "12345678");

  r = classify("sip:+4960100000001@h");
  ASSERT_TRUE(std::holds_alternative<assist_request>(r));
  EXPECT_EQ(std::get<assist_request>(r).variant, codec::protocol_variant::inap_cs1);

  // A longer prefix wins over a shorter one matching the same number.
  auto u = sip::parse_uri("sip:49602712345678@h");
  auto prefixes = ip_config{}.prefixes;
  prefixes.push_back({codec::protocol_variant::cap_v3, "496027"});
  r = classify_request_uri(*u, prefixes);
  ASSERT_TRUE(std::holds_alternative<assist_request>(r));
  EXPECT_EQ(std::get<assist_request>(r).variant, codec::protocol_variant::cap_v3);
  EXPECT_EQ(std::get<assist_request>(r).correlation_id, "12345678");
  // The longest prefix is stripped; no fall back to a shorter one.
  u = sip::parse_uri("sip:4960271234567@h");
  r = classify_request_uri(*u, prefixes);
  ASSERT_TRUE(std::holds_alternative<uri_refusal>(r));

  EXPECT_EQ(std::get<uri_refusal>(classify("sip:4970012345678@h")).status, 404);  // unknown prefix
  EXPECT_EQ(std::get<uri_refusal>(classify("sip:496041234567@h")).status, 404);   // 7 digits
  EXPECT_EQ(std::get<uri_refusal>(classify("sip:496041234567x@h")).status, 404);
  EXPECT_EQ(std::get<uri_refusal>(classify("sip:49604123456789@h")).status, 404);  // 9 digits
}

// The WIN role's TLDN: the tldn-prefix and exactly 6 digits; without the
// role (no prefix) the same number is just an unknown one.
TEST(bearer_uri, tldn_form_is_the_prefix_and_six_digits) {
  const auto prefixes = ip_config{}.prefixes;
  auto u = sip::parse_uri("sip:49608000123@10.0.0.1");
  auto r = classify_request_uri(*u, prefixes, "49608");
  ASSERT_TRUE(std::holds_alternative<tldn_request>(r));
  EXPECT_EQ(std::get<tldn_request>(r).tldn, "49608000123");
  u = sip::parse_uri("sip:+49608000123@h");
  r = classify_request_uri(*u, prefixes, "49608");
  ASSERT_TRUE(std::holds_alternative<tldn_request>(r));
  EXPECT_EQ(std::get<tldn_request>(r).tldn, "49608000123");

  for (const char* bad : {"sip:4960800012@h", "sip:496080001234@h", "sip:4960800012x@h"}) {
    u = sip::parse_uri(bad);
    r = classify_request_uri(*u, prefixes, "49608");
    ASSERT_TRUE(std::holds_alternative<uri_refusal>(r)) << bad;
    EXPECT_EQ(std::get<uri_refusal>(r).status, 404) << bad;
  }
  // A routing number is still one with the TLDN form on.
  u = sip::parse_uri("sip:4960412345678@h");
  EXPECT_TRUE(std::holds_alternative<assist_request>(classify_request_uri(*u, prefixes, "49608")));
  // The WIN role off: no TLDN form.
  EXPECT_EQ(std::get<uri_refusal>(classify("sip:49608000123@h")).status, 404);
}

}  // namespace
}  // namespace cmr::in::ip
