// Round trips of every WIN struct, optional fields present and absent;
// Digits BCD; codes and names.
#include <gtest/gtest.h>

#include "fixture.h"
#include "in/ansi41/win_operation_table.h"
#include "in/ansi_tcap/ansi_tcap_message.h"

namespace cmr::in::ansi41 {
namespace {
using namespace test;

template <typename T, typename Decode>
void round_trip(const T& v, Decode decode) {
  const bytes b = encode(v);
  ASSERT_GE(b.size(), 2U);
  EXPECT_EQ(b[0], 0xF2);
  auto back = decode(b);
  ASSERT_TRUE(back) << back.error().parameter << ": " << back.error().detail;
  EXPECT_EQ(back.value(), v);
  EXPECT_EQ(encode(back.value()), b);
}

TEST(Ansi41Codec, AnalyzedInformationRoundTrip) {
  round_trip(full_anlyzd(), decode_analyzed_information);
  analyzed_information minimal = full_anlyzd();
  minimal.calling_party.reset();
  minimal.msid.reset();
  minimal.win = {};
  round_trip(minimal, decode_analyzed_information);
}

TEST(Ansi41Codec, AnalyzedInformationResultRoundTrip) {
  analyzed_information_result r;
  round_trip(r, decode_analyzed_information_result);
  EXPECT_EQ(encode(r), hex("f200"));
  r.action_code = action::continue_processing;
  r.routing_digits = make_digits(digits::kind::routing, "99916135550123");
  r.digits_dialed = make_digits(digits::kind::dialed, "6135550123");
  r.termination = make_digits(digits::kind::destination, "6135550999");
  round_trip(r, decode_analyzed_information_result);
}

TEST(Ansi41Codec, SeizeResourceRoundTrip) {
  seize_resource s;
  round_trip(s, decode_seize_resource);
  s.preferred_language = 1;
  s.private_specialized_resource = bytes{0, 0, 1, 2};
  s.specialized_resource = bytes{0x01};
  round_trip(s, decode_seize_resource);
  seize_resource_result r{make_digits(digits::kind::destination, k_tldn)};
  round_trip(r, decode_seize_resource_result);
}

TEST(Ansi41Codec, ConnectResourceRoundTrip) {
  round_trip(connect_resource{make_digits(digits::kind::destination, k_tldn)},
             decode_connect_resource);
}

TEST(Ansi41Codec, SrfDirectiveRoundTrip) {
  srf_directive s;
  round_trip(s, decode_srf_directive);
  s.announcements = {{0, 0, 0, 7}, {1, 1, 2, std::nullopt}};
  round_trip(s, decode_srf_directive);
  srf_directive_result r;
  round_trip(r, decode_srf_directive_result);
  r.digits_collected = make_digits(digits::kind::caller_interaction, "12*#");
  round_trip(r, decode_srf_directive_result);
}

TEST(Ansi41Codec, EventTriggerRoundTrip) {
  round_trip(full_trigger(),
             [](auto s) { return decode_event_trigger(opcode::o_disconnect(), s); });
  event_trigger tdisc = full_trigger();
  tdisc.trigger_type = trigger::t_disconnect;
  tdisc.transaction_capability.reset();
  tdisc.win.reset();
  tdisc.msid.reset();
  round_trip(tdisc, [](auto s) { return decode_event_trigger(opcode::t_disconnect(), s); });
  event_trigger minimal;
  minimal.billing = k_billing;
  minimal.mscid = k_mscid;
  minimal.trigger_type = trigger::t_answer;
  round_trip(minimal, [](auto s) { return decode_event_trigger(s); });
  event_trigger_result r;
  round_trip(r, decode_event_trigger_result);
  r.action_code = action::continue_processing;
  round_trip(r, decode_event_trigger_result);
}

TEST(Ansi41Codec, CallControlDirectiveRoundTrip) {
  round_trip(full_ccdir(), decode_call_control_directive);
  call_control_directive minimal;
  minimal.billing = k_billing;
  minimal.mscid = k_mscid;
  round_trip(minimal, decode_call_control_directive);
  call_control_directive_result r;
  round_trip(r, decode_call_control_directive_result);
  r.call_status = 2;
  round_trip(r, decode_call_control_directive_result);
}

TEST(Ansi41Codec, EmptySet) {
  EXPECT_EQ(encode_empty(), hex("f200"));
  EXPECT_TRUE(decode_empty(hex("f200")));
  // Parameters this node ignores are fine in an "empty" SET.
  EXPECT_TRUE(decode_empty(hex("f203 810100")));
}

TEST(Ansi41Codec, DigitsBcdEvenOddStarPound) {
  connect_resource c{make_digits(digits::kind::destination, "1234")};
  EXPECT_EQ(encode(c), hex("f209 9f5706 0600 2104 2143"));
  c.destination.value = "123";  // odd: filler 0000 in the last high nibble
  EXPECT_EQ(encode(c), hex("f209 9f5706 0600 2103 2103"));
  c.destination.value = "*1#";  // '*' 0xD, '#' 0xE
  EXPECT_EQ(encode(c), hex("f209 9f5706 0600 2103 1d0e"));
  c.destination.value = "";
  EXPECT_EQ(encode(c), hex("f207 9f5704 0600 2100"));
  for (const char* v : {"", "1", "12", "*", "#", "*#", "0123456789*#", "9876543210987"}) {
    c.destination.value = v;
    EXPECT_TRUE(c.destination.valid());
    round_trip(c, decode_connect_resource);
  }
  c.destination.international = true;
  c.destination.nature_other = 0x02;  // presentation restricted
  c.destination.numbering_plan = 7;
  c.destination.type = digits::kind::routing;
  round_trip(c, decode_connect_resource);
}

TEST(Ansi41Codec, DigitsReceivedForms) {
  // Filler 1111 is accepted too; IA5 digits are read.
  auto r = decode_connect_resource(hex("f209 9f5706 0600 2103 21f3"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->destination.value, "123");
  r = decode_connect_resource(hex("f20a 9f5707 0600 2203 31 2a 23"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->destination.value, "1*#");
  EXPECT_FALSE((digits{digits::kind::dialed, false, 0, 2, "12a"}.valid()));
  EXPECT_FALSE((digits{digits::kind::dialed, false, 0, 2, std::string(256, '1')}.valid()));
}

TEST(Ansi41Codec, TagsAsWiresharkReadsThem) {
  // TriggerType [279] = 9F 82 17, WINCapability [280] = BF 82 18,
  // AnnouncementList [130] = BF 81 02, ActionCode [128] = 9F 81 00.
  event_trigger t;
  t.billing = k_billing;
  t.mscid = k_mscid;
  t.trigger_type = trigger::t_busy;
  EXPECT_EQ(encode(t), hex("f213 8107 01230400056700 9503 012304 9f821701 41"));
  t.trigger_type = 220;  // an ENUMERATED above 127 takes a leading zero octet
  EXPECT_EQ(encode(t), hex("f214 8107 01230400056700 9503 012304 9f821702 00dc"));
  auto back = decode_event_trigger(encode(t));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->trigger_type, 220);
  srf_directive s{{{0, 0, 0, 7}}, std::nullopt};
  EXPECT_EQ(encode(s), hex("f20b bf810207 9f4c04 00000007"));
  EXPECT_EQ(encode(event_trigger_result{action::disconnect_call}), hex("f205 9f810001 02"));
}

TEST(Ansi41Codec, OperationCodes) {
  EXPECT_EQ(opcode::analyzed_information(), ansi_tcap::private_op(9, 64));
  EXPECT_EQ(opcode::connect_resource(), ansi_tcap::private_op(9, 66));
  EXPECT_EQ(opcode::disconnect_resource(), ansi_tcap::private_op(9, 67));
  EXPECT_EQ(opcode::instruction_request(), ansi_tcap::private_op(9, 69));
  EXPECT_EQ(opcode::seize_resource(), ansi_tcap::private_op(9, 0x49));
  EXPECT_EQ(opcode::srf_directive(), ansi_tcap::private_op(9, 74));
  EXPECT_EQ(opcode::t_busy(), ansi_tcap::private_op(9, 75));
  EXPECT_EQ(opcode::t_no_answer(), ansi_tcap::private_op(9, 76));
  EXPECT_EQ(opcode::call_control_directive(), ansi_tcap::private_op(9, 81));
  EXPECT_EQ(opcode::o_disconnect(), ansi_tcap::private_op(9, 83));
  EXPECT_EQ(opcode::t_answer(), ansi_tcap::private_op(9, 85));
  EXPECT_EQ(opcode::t_disconnect(), ansi_tcap::private_op(9, 86));
  EXPECT_STREQ(operation_name(opcode::analyzed_information()), "AnalyzedInformation");
  EXPECT_STREQ(operation_name(opcode::t_disconnect()), "TDisconnect");
  EXPECT_EQ(operation_name(ansi_tcap::private_op(9, 63)), nullptr);
}

TEST(Ansi41Codec, ErrorCodes) {
  EXPECT_EQ(error_code::unrecognized_min(), ansi_tcap::private_error(0x81));
  EXPECT_EQ(error_code::operation_sequence_problem(), ansi_tcap::private_error(0x84));
  EXPECT_EQ(error_code::resource_shortage(), ansi_tcap::private_error(0x85));
  EXPECT_EQ(error_code::operation_not_supported(), ansi_tcap::private_error(0x86));
  EXPECT_EQ(error_code::parameter_error(), ansi_tcap::private_error(0x88));
  EXPECT_EQ(error_code::system_failure(), ansi_tcap::private_error(0x89));
  EXPECT_EQ(error_code::unrecognized_parameter_value(), ansi_tcap::private_error(0x8a));
  EXPECT_EQ(error_code::missing_parameter(), ansi_tcap::private_error(0x8c));
  EXPECT_STREQ(error_name(error_code::missing_parameter()), "MissingParameter");
  EXPECT_EQ(error_name(ansi_tcap::private_error(0x90)), nullptr);
}

TEST(Ansi41Codec, TriggerTypes) {
  // X.S0004-550 TriggerType as Wireshark's ansi_map.asn enumerates it.
  EXPECT_EQ(trigger::all_calls, 1);
  EXPECT_EQ(trigger::advanced_termination, 33);
  EXPECT_EQ(trigger::initial_termination, 38);
  EXPECT_EQ(trigger::o_disconnect, 41);
  EXPECT_EQ(trigger::t_busy, 65);
  EXPECT_EQ(trigger::t_no_answer, 66);
  EXPECT_EQ(trigger::t_answer, 69);
  EXPECT_EQ(trigger::t_disconnect, 70);
  EXPECT_EQ(trigger_name(trigger::initial_termination), "InitialTermination");
  EXPECT_EQ(trigger_name(trigger::all_calls), "All_Calls");
  EXPECT_EQ(trigger_name(200), "200");
}

TEST(Ansi41Codec, OperationTable) {
  using namespace std::chrono_literals;
  const auto t = win_operation_table();
  auto spec = [&](std::int32_t op) {
    const auto* s = t.find(op);
    EXPECT_NE(s, nullptr);
    return s ? *s : tcap::operation_spec{};
  };
  EXPECT_EQ(spec(opcode::analyzed_information()).cls, tcap::op_class::c1);
  EXPECT_EQ(spec(opcode::analyzed_information()).timeout, 60s);
  EXPECT_EQ(spec(opcode::seize_resource()).timeout, 5s);
  EXPECT_EQ(spec(opcode::srf_directive()).timeout, 120s);
  EXPECT_EQ(spec(opcode::instruction_request()).timeout, 60s);
  EXPECT_EQ(spec(opcode::connect_resource()).cls, tcap::op_class::c2);
  EXPECT_EQ(spec(opcode::disconnect_resource()).cls, tcap::op_class::c2);
  for (auto op : {opcode::t_answer(), opcode::t_busy(), opcode::t_no_answer(),
                  opcode::t_disconnect(), opcode::o_disconnect()}) {
    EXPECT_EQ(spec(op).cls, tcap::op_class::c1);
    EXPECT_EQ(spec(op).timeout, 5s);
  }
  EXPECT_STREQ(spec(opcode::srf_directive()).name, "SRFDirective");
  EXPECT_EQ(t.find(ansi_tcap::private_op(9, 63)), nullptr);
}

}  // namespace
}  // namespace cmr::in::ansi41
