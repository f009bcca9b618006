// Bad input: missing mandatory parameters (named), unreadable ones, broken
// framing, unknown parameters (skipped), every encoding truncated at every
// length and randomly damaged: an error or a value, never a crash.
#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "fixture.h"

namespace cmr::in::ansi41 {
namespace {
using namespace test;

// The AnalyzedInformation parameters of the golden vector, one TLV each.
const std::vector<std::pair<std::string, std::string>> k_anlyzd_params{
    {"BillingID", "8107 01230400056700"},
    {"Digits (Dialed)", "8409 0100210a 1653551032"},
    {"MSCID", "9503 012304"},
    {"TransactionCapability", "9f7b02 0601"},
    {"TriggerType", "9f821701 26"},
    {"WINCapability", "bf82180c 9f821503 41281e 9f821901 03"},
};

bytes set_of(const std::vector<std::string>& params) {
  bytes inner;
  for (const auto& p : params) {
    const bytes b = hex(p);
    inner.insert(inner.end(), b.begin(), b.end());
  }
  bytes out{0xf2};
  if (inner.size() >= 0x80) out.push_back(0x81);
  out.push_back(static_cast<std::uint8_t>(inner.size()));
  out.insert(out.end(), inner.begin(), inner.end());
  return out;
}

std::vector<std::string> anlyzd_without(const std::string& name) {
  std::vector<std::string> out;
  for (const auto& [n, p] : k_anlyzd_params)
    if (n != name) out.push_back(p);
  return out;
}

template <typename R>
void expect_error(const R& r, decode_error::kind k, const std::string& parameter = "") {
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().what, k) << r.error().parameter << ": " << r.error().detail;
  if (!parameter.empty()) {
    EXPECT_EQ(r.error().parameter, parameter);
  }
}

// Every decoder, its value discarded: for the "no crash" sweeps.
const std::vector<std::function<bool(std::span<const std::uint8_t>)>> k_decoders{
    [](auto s) { return bool(decode_analyzed_information(s)); },
    [](auto s) { return bool(decode_analyzed_information_result(s)); },
    [](auto s) { return bool(decode_seize_resource(s)); },
    [](auto s) { return bool(decode_seize_resource_result(s)); },
    [](auto s) { return bool(decode_connect_resource(s)); },
    [](auto s) { return bool(decode_srf_directive(s)); },
    [](auto s) { return bool(decode_srf_directive_result(s)); },
    [](auto s) { return bool(decode_event_trigger(s)); },
    [](auto s) { return bool(decode_event_trigger(opcode::t_answer(), s)); },
    [](auto s) { return bool(decode_event_trigger_result(s)); },
    [](auto s) { return bool(decode_call_control_directive(s)); },
    [](auto s) { return bool(decode_call_control_directive_result(s)); },
    [](auto s) { return bool(decode_empty(s)); },
};

std::vector<bytes> all_encodings() {
  analyzed_information_result ar;
  ar.action_code = 1;
  ar.routing_digits = make_digits(digits::kind::routing, "99916135550123");
  ar.digits_dialed = make_digits(digits::kind::dialed, "6135550123");
  ar.termination = make_digits(digits::kind::destination, "123");
  seize_resource sr{1, bytes{0, 0, 0, 7}, bytes{1}};
  srf_directive sd{{{0, 0, 0, 7}, {1, 2, 3, std::nullopt}}, digit_collection_control{}};
  return {encode(full_anlyzd()),
          encode(ar),
          encode(sr),
          encode(seize_resource_result{make_digits(digits::kind::destination, k_tldn)}),
          encode(connect_resource{make_digits(digits::kind::destination, k_tldn)}),
          encode(sd),
          encode(srf_directive_result{make_digits(digits::kind::caller_interaction, "1#")}),
          encode(full_trigger()),
          encode(event_trigger_result{2}),
          encode(full_ccdir()),
          encode(call_control_directive_result{2}),
          encode_empty()};
}

TEST(Ansi41BadInput, AnalyzedInformationMissingMandatory) {
  ASSERT_TRUE(decode_analyzed_information(set_of(anlyzd_without(""))));
  for (const auto& [name, p] : k_anlyzd_params) {
    SCOPED_TRACE(name);
    expect_error(decode_analyzed_information(set_of(anlyzd_without(name))),
                 decode_error::kind::missing, name);
  }
}

TEST(Ansi41BadInput, OtherMissingMandatory) {
  expect_error(decode_seize_resource_result(hex("f200")), decode_error::kind::missing,
               "DestinationDigits");
  expect_error(decode_connect_resource(hex("f200")), decode_error::kind::missing,
               "DestinationDigits");
  expect_error(decode_event_trigger(set_of({"9503 012304", "9f821701 41"})),
               decode_error::kind::missing, "BillingID");
  expect_error(decode_call_control_directive(set_of({"8107 01230400056700"})),
               decode_error::kind::missing, "MSCID");
  // Per operation: TBusy needs TransactionCapability and WINCapability,
  // TAnswer also TimeOfDay, TDisconnect TimeOfDay only.
  const std::vector<std::string> common{"8107 01230400056700", "9503 012304", "9f821701 41"};
  expect_error(decode_event_trigger(opcode::t_busy(), set_of(common)), decode_error::kind::missing,
               "TransactionCapability");
  auto with_caps = common;
  with_caps.push_back("9f7b02 0601");
  expect_error(decode_event_trigger(opcode::t_no_answer(), set_of(with_caps)),
               decode_error::kind::missing, "WINCapability");
  with_caps.push_back("bf821800");
  EXPECT_TRUE(decode_event_trigger(opcode::t_busy(), set_of(with_caps)));
  expect_error(decode_event_trigger(opcode::t_answer(), set_of(with_caps)),
               decode_error::kind::missing, "TimeOfDay");
  expect_error(decode_event_trigger(opcode::o_disconnect(), set_of(with_caps)),
               decode_error::kind::missing, "TimeOfDay");
  expect_error(decode_event_trigger(opcode::t_disconnect(), set_of(common)),
               decode_error::kind::missing, "TimeOfDay");
  auto tdisc = common;
  tdisc.push_back("9f823503 069848");
  EXPECT_TRUE(decode_event_trigger(opcode::t_disconnect(), set_of(tdisc)));
  EXPECT_TRUE(decode_event_trigger(set_of(common)));
}

TEST(Ansi41BadInput, UnreadableParameter) {
  auto with = [](const std::string& name, const std::string& replacement) {
    std::vector<std::string> out;
    for (const auto& [n, p] : k_anlyzd_params) out.push_back(n == name ? replacement : p);
    return set_of(out);
  };
  // A BCD nibble outside 0-9, *, #.
  expect_error(decode_analyzed_information(with("Digits (Dialed)", "8409 0100210a 16535510a2")),
               decode_error::kind::bad_value, "Digits (Dialed)");
  // More digits announced than present; an unknown encoding.
  expect_error(decode_analyzed_information(with("Digits (Dialed)", "8409 0100210b 1653551032")),
               decode_error::kind::bad_value, "Digits (Dialed)");
  expect_error(decode_analyzed_information(with("Digits (Dialed)", "8409 0100240a 1653551032")),
               decode_error::kind::bad_value, "Digits (Dialed)");
  expect_error(decode_analyzed_information(with("Digits (Dialed)", "8403 010021")),
               decode_error::kind::bad_value, "Digits (Dialed)");
  expect_error(decode_analyzed_information(with("BillingID", "8106 012304000567")),
               decode_error::kind::bad_value, "BillingID");
  expect_error(decode_analyzed_information(with("MSCID", "9502 0123")),
               decode_error::kind::bad_value, "MSCID");
  expect_error(decode_analyzed_information(with("TriggerType", "9f821703 000026")),
               decode_error::kind::bad_value, "TriggerType");
  expect_error(decode_analyzed_information(with("TriggerType", "9f821700")),
               decode_error::kind::bad_value, "TriggerType");
  expect_error(decode_analyzed_information(with("TriggerType", "9f821702 0126")),
               decode_error::kind::bad_value, "TriggerType");
  // A redundant leading zero is tolerated.
  auto zero = decode_analyzed_information(with("TriggerType", "9f821702 0026"));
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->trigger_type, trigger::initial_termination);
  // TerminationList: a PSTNTermination without its DestinationDigits is
  // unreadable; a list of LocalTerminations only carries no destination.
  expect_error(decode_analyzed_information_result(hex("f206 bf7803 bf5f00")),
               decode_error::kind::bad_value, "TerminationList");
  expect_error(decode_analyzed_information_result(hex("f205 9f780201 00")),
               decode_error::kind::bad_value, "TerminationList");
  auto local = decode_analyzed_information_result(hex("f206 bf7803 bf5b00"));
  ASSERT_TRUE(local);
  EXPECT_FALSE(local->termination);
  expect_error(decode_analyzed_information(with("TransactionCapability", "9f7b00")),
               decode_error::kind::bad_value, "TransactionCapability");
  // WINCapability primitive; its contents badly framed.
  expect_error(decode_analyzed_information(with("WINCapability", "9f821801 00")),
               decode_error::kind::bad_value, "WINCapability");
  expect_error(decode_analyzed_information(with("WINCapability", "bf821803 9f8215")),
               decode_error::kind::bad_value, "WINCapability");
  // Optional parameters that cannot be read are errors too.
  auto params = anlyzd_without("");
  params.push_back("8805 1252551a00");  // MIN with a non-decimal digit
  expect_error(decode_analyzed_information(set_of(params)), decode_error::kind::bad_value,
               "MobileIdentificationNumber");
  expect_error(decode_srf_directive(hex("f204 bf810200")), decode_error::kind::bad_value,
               "AnnouncementList");
  expect_error(decode_srf_directive(hex("f209 bf810205 9f4c02 0000")),
               decode_error::kind::bad_value, "AnnouncementList");
  // DigitCollectionControl: empty, a maximum of no keys, constructed.
  expect_error(decode_srf_directive(hex("f204 9f810b00")), decode_error::kind::bad_value,
               "DigitCollectionControl");
  expect_error(decode_srf_directive(hex("f205 9f810b01 80")), decode_error::kind::bad_value,
               "DigitCollectionControl");
  expect_error(decode_srf_directive(hex("f207 bf810b03 810100")), decode_error::kind::bad_value,
               "DigitCollectionControl");
  // Octet 1 alone is enough (the rest take their defaults); octets after
  // the fifth are kept and written back as received.
  auto short_dcc = decode_srf_directive(hex("f205 9f810b01 03"));
  ASSERT_TRUE(short_dcc);
  ASSERT_TRUE(short_dcc->collect);
  EXPECT_FALSE(short_dcc->collect->break_in);
  EXPECT_EQ(short_dcc->collect->maximum_collect, 3);
  EXPECT_EQ(short_dcc->collect->normal_interdigit_time_s, 5);
  const auto long_set = hex("f20c 9f810b08 81011e0a05 000010");
  auto long_dcc = decode_srf_directive(long_set);
  ASSERT_TRUE(long_dcc);
  EXPECT_EQ(encode(*long_dcc), long_set);
  expect_error(decode_event_trigger_result(hex("f204 9f810000")), decode_error::kind::bad_value,
               "ActionCode");
  expect_error(decode_event_trigger(opcode::t_answer(),
                                    set_of({"8107 01230400056700", "9503 012304", "9f821701 45",
                                            "9f7b02 0601", "bf821800", "9f823505 0102030405"})),
               decode_error::kind::bad_value, "TimeOfDay");
  // More than ten AnnouncementCodes.
  std::string list;
  for (int i = 0; i < 11; ++i) list += " 9f4c04 00000007";
  expect_error(decode_srf_directive(set_of({"bf81024d" + list})), decode_error::kind::bad_value,
               "AnnouncementList");
}

TEST(Ansi41BadInput, MalformedFraming) {
  const auto m = decode_error::kind::malformed;
  expect_error(decode_empty({}), m);
  expect_error(decode_empty(hex("f2")), m);
  expect_error(decode_empty(hex("f201")), m);             // length past the end
  expect_error(decode_empty(hex("f200 00")), m);          // something after the SET
  expect_error(decode_empty(hex("3000")), m);             // a SEQUENCE, not the SET
  expect_error(decode_empty(hex("d200")), m);             // primitive [PRIVATE 18]
  expect_error(decode_empty(hex("f280 0000")), m);        // indefinite length
  expect_error(decode_empty(hex("f283 000000")), m);      // three length octets
  expect_error(decode_empty(hex("f203 810500")), m);      // child length past its parent
  expect_error(decode_empty(hex("f204 9f801701")), m);    // non-minimal tag number
  expect_error(decode_empty(hex("f205 9f81828301")), m);  // tag number over 3 octets
  expect_error(decode_empty(hex("f203 9f0100")), m);      // long form for a low number
  expect_error(decode_analyzed_information(hex("f203 8107")), m);
  // Two length octets are fine.
  EXPECT_TRUE(decode_empty(hex("f2820003 810100")));
  EXPECT_TRUE(decode_empty(hex("f2 8103 810100")));
}

TEST(Ansi41BadInput, UnknownParametersSkipped) {
  auto params = anlyzd_without("");
  const auto base = decode_analyzed_information(set_of(params));
  ASSERT_TRUE(base);
  params.insert(params.begin(), "9f830105 0102030405");  // [385], unknown
  params.push_back("bf8a1003 810100");                   // constructed [1296], unknown
  params.push_back("0401aa");                            // a universal OCTET STRING
  params.push_back("c100");                              // a private-class element
  params.push_back("8109 0000000000000000ff");           // a repeated BillingID: the first counts
  const auto with_unknown = decode_analyzed_information(set_of(params));
  ASSERT_TRUE(with_unknown) << with_unknown.error().parameter;
  EXPECT_EQ(with_unknown.value(), base.value());
  // Inside WINCapability and AnnouncementList too.
  auto r = decode_srf_directive(hex("f20f bf81020b 9f4d01 00 9f4c04 00000007"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->announcements, (std::vector<announcement_code>{{0, 0, 0, 7}}));
}

TEST(Ansi41BadInput, TruncatedAtEveryLength) {
  for (const auto& full : all_encodings()) {
    for (std::size_t n = 0; n < full.size(); ++n) {
      const std::span<const std::uint8_t> cut(full.data(), n);
      for (const auto& d : k_decoders) EXPECT_FALSE(d(cut)) << "length " << n;
    }
  }
}

TEST(Ansi41BadInput, RandomDamageNeverCrashes) {
  std::mt19937 rng(4711);
  for (const auto& full : all_encodings()) {
    for (int i = 0; i < 2000; ++i) {
      bytes b = full;
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int f = 0; f < flips; ++f)
        b[rng() % b.size()] ^= static_cast<std::uint8_t>(1U << (rng() % 8));
      if (rng() % 4 == 0) b.resize(rng() % (b.size() + 1));
      for (const auto& d : k_decoders) (void)d(b);
      // Whatever decodes re-encodes to something that decodes the same.
      if (auto v = decode_analyzed_information(b)) {
        auto again = decode_analyzed_information(encode(*v));
        ASSERT_TRUE(again);
        EXPECT_EQ(again.value(), v.value());
      }
      if (auto v = decode_event_trigger(b)) {
        auto again = decode_event_trigger(encode(*v));
        ASSERT_TRUE(again);
        EXPECT_EQ(again.value(), v.value());
      }
    }
  }
}

}  // namespace
}  // namespace cmr::in::ansi41
