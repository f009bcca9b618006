// PromptAndCollectUserInformation and ReceivedInformation (on-line copy,
// spec 5.7): round trip in every variant, what a variant cannot carry, the
// Generic Digits of the collected digits, and bad input.
#include <gtest/gtest.h>

#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"

namespace cmr::in::codec::test {
namespace {

using pv = protocol_variant;
constexpr pv k_all[] = {pv::cap_v2, pv::cap_v3, pv::cap_v4, pv::inap_cs1};

prompt_and_collect full(pv v) {
  prompt_and_collect a;
  a.digits.minimum_digits = 1;
  a.digits.maximum_digits = 4;
  a.digits.end_of_reply_digit = bytes{0x0c};
  a.digits.cancel_digit = bytes{0x0b};
  a.digits.start_digit = bytes{0x0b};
  a.digits.first_digit_timeout_s = 5;
  a.digits.inter_digit_timeout_s = 3;
  a.digits.error_treatment = 2;
  a.digits.interruptable_ann_ind = true;
  a.digits.voice_information = false;
  a.digits.voice_back = false;
  a.disconnect_from_ip_forbidden = false;
  play_announcement info;
  info.message_id = 70001;
  info.number_of_repetitions = 2;
  info.interval = 1;
  a.information = info;
  if (v == pv::cap_v4) {
    a.call_segment = 1;
    a.request_announcement_started = true;
  }
  return a;
}

TEST(PromptAndCollect, RoundTripsInEveryVariant) {
  for (pv v : k_all) {
    SCOPED_TRACE(to_string(v));
    const auto a = full(v);
    const bytes b = encode_prompt_and_collect(v, a);
    ASSERT_FALSE(b.empty());
    auto d = decode_prompt_and_collect(v, b);
    ASSERT_TRUE(d.has_value()) << d.error().detail;
    EXPECT_EQ(*d, a);
    EXPECT_EQ(encode_prompt_and_collect(v, *d), b);
  }
}

TEST(PromptAndCollect, MinimalArgumentKeepsDefaultsAbsent) {
  prompt_and_collect a;
  a.digits.maximum_digits = 1;
  const bytes b = encode_prompt_and_collect(pv::cap_v2, a);
  // [0] { [0] { [1] 1 } }
  EXPECT_EQ(b, (bytes{0x30, 0x07, 0xa0, 0x05, 0xa0, 0x03, 0x81, 0x01, 0x01}));
  auto d = decode_prompt_and_collect(pv::cap_v2, b);
  ASSERT_TRUE(d.has_value());
  EXPECT_FALSE(d->digits.interruptable_ann_ind.has_value());  // absent = TRUE
  EXPECT_FALSE(d->information.has_value());
}

TEST(PromptAndCollect, Cap4FieldsOnlyInCap4) {
  const auto a = full(pv::cap_v4);
  const bytes v4 = encode_prompt_and_collect(pv::cap_v4, a);
  const bytes v3 = encode_prompt_and_collect(pv::cap_v3, a);
  EXPECT_LT(v3.size(), v4.size());
  // Decoded as CAP v3, the v4 fields are not read.
  auto d = decode_prompt_and_collect(pv::cap_v3, v4);
  ASSERT_TRUE(d.has_value());
  EXPECT_FALSE(d->call_segment.has_value());
}

TEST(PromptAndCollect, Ia5InformationIsInapOnly) {
  prompt_and_collect a;
  a.ia5_information = true;
  a.ia5_value = true;
  EXPECT_TRUE(encode_prompt_and_collect(pv::cap_v2, a).empty());
  const bytes b = encode_prompt_and_collect(pv::inap_cs1, a);
  ASSERT_FALSE(b.empty());
  EXPECT_EQ(decode_prompt_and_collect(pv::inap_cs1, b).value(), a);
  EXPECT_FALSE(decode_prompt_and_collect(pv::cap_v4, b).has_value());
}

TEST(PromptAndCollect, BadInputIsRefused) {
  // Truncated, empty, wrong outer tag, maximum below minimum, maximum missing.
  const bytes good = encode_prompt_and_collect(pv::cap_v3, full(pv::cap_v3));
  for (std::size_t n = 0; n < good.size(); ++n)
    EXPECT_FALSE(decode_prompt_and_collect(pv::cap_v3, in_bytes(good.data(), n)).has_value()) << n;
  EXPECT_FALSE(decode_prompt_and_collect(pv::cap_v3, bytes{0x31, 0x00}).has_value());
  EXPECT_FALSE(decode_prompt_and_collect(
                   pv::cap_v3, bytes{0x30, 0x0a, 0xa0, 0x08, 0xa0, 0x06, 0x80, 0x01, 0x05, 0x81, 0x01, 0x02})
                   .has_value());
  EXPECT_FALSE(
      decode_prompt_and_collect(pv::cap_v3, bytes{0x30, 0x07, 0xa0, 0x05, 0xa0, 0x03, 0x80, 0x01, 0x01})
          .has_value());
}

TEST(ReceivedInformation, RoundTripsInEveryVariant) {
  for (pv v : k_all) {
    SCOPED_TRACE(to_string(v));
    received_information r;
    r.digits = encode_collected_digits("*", false);
    const bytes b = encode_received_information(v, r);
    // [0] 2 octets: BCD odd (0x20), '*' = 0xB.
    EXPECT_EQ(b, (bytes{0x80, 0x02, 0x20, 0x0b}));
    auto d = decode_received_information(v, b);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(*d, r);
    EXPECT_EQ(decode_collected_digits(d->digits), "*");
  }
  received_information t;
  t.ia5 = true;
  t.text = "#";
  EXPECT_TRUE(encode_received_information(pv::cap_v4, t).empty());
  const bytes ib = encode_received_information(pv::inap_cs1, t);
  EXPECT_EQ(decode_received_information(pv::inap_cs1, ib).value(), t);
  EXPECT_FALSE(decode_received_information(pv::cap_v2, ib).has_value());
}

TEST(ReceivedInformation, BadInputIsRefused) {
  EXPECT_FALSE(decode_received_information(pv::cap_v2, bytes{}).has_value());
  EXPECT_FALSE(decode_received_information(pv::cap_v2, bytes{0x80, 0x05, 0x20}).has_value());
  EXPECT_FALSE(decode_received_information(pv::cap_v2, bytes{0x85, 0x01, 0x00}).has_value());
  // 17 octets: above the Digits bound.
  bytes big{0x80, 0x11};
  big.resize(19, 0x11);
  EXPECT_FALSE(decode_received_information(pv::cap_v2, big).has_value());
}

TEST(CollectedDigits, GenericDigitsBothSchemes) {
  EXPECT_EQ(encode_collected_digits("12#", false), (bytes{0x20, 0x21, 0x0c}));
  EXPECT_EQ(encode_collected_digits("0*", false), (bytes{0x00, 0xb0}));
  EXPECT_EQ(encode_collected_digits("*", true), (bytes{0x40, '*'}));
  EXPECT_EQ(decode_collected_digits(bytes{0x20, 0x21, 0x0c}), "12#");
  EXPECT_EQ(decode_collected_digits(bytes{0x00, 0xb0}), "0*");
  EXPECT_EQ(decode_collected_digits(bytes{0x40, '#', '5'}), "#5");
  // Not keys: letters, filler nibbles, unknown schemes, nothing.
  EXPECT_TRUE(encode_collected_digits("A", false).empty());
  EXPECT_TRUE(encode_collected_digits("", false).empty());
  EXPECT_FALSE(decode_collected_digits(bytes{0x00, 0xfe}).has_value());
  EXPECT_FALSE(decode_collected_digits(bytes{0x60, 0x11}).has_value());
  EXPECT_FALSE(decode_collected_digits(bytes{0x40, 'x'}).has_value());
  EXPECT_FALSE(decode_collected_digits(bytes{0x20}).has_value());
}

}  // namespace
}  // namespace cmr::in::codec::test
