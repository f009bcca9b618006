// TC-UNI (Q.771 / Q.774): Unidirectional messages carry class 4 invokes
// outside any dialogue. Sent with tcap_layer::unidirectional, delivered with
// tc_user::on_uni; the wire form is checked against the golden vector
// tests/golden/tc_unidirectional.hex (dissected by tshark in the "wire" test).
#include <fstream>
#include <sstream>

#include "tests/unit/tcap/tcap_fixture.h"

namespace cmr::in::tcap::test {
namespace {

namespace op = codec::opcode;

bytes golden(const std::string& name) {
  std::ifstream in(std::string(CMR_SOURCE_DIR) + "/tests/golden/" + name);
  bytes out;
  for (std::string line; std::getline(in, line);) {
    line = line.substr(0, line.find('#'));
    std::istringstream words(line);
    for (std::string w; words >> w;) out.push_back(static_cast<std::uint8_t>(std::stoul(w, nullptr, 16)));
  }
  return out;
}

TEST_F(tcap_pair, UnidirectionalIsSentAsTheGoldenVectorAndDelivered) {
  ASSERT_TRUE(ssf.unidirectional(addr(2), codec::ac::cap_v4_gsmssf_scf_generic,
                                 {{1, std::nullopt, op::activity_test, std::nullopt, {}, {}}}));
  ASSERT_EQ(net.a().sent.size(), 1U);
  const bytes expected = golden("tc_unidirectional.hex");
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(net.a().sent[0].data, expected);
  EXPECT_EQ(net.a().sent[0].called, addr(2));
  EXPECT_EQ(net.a().sent[0].calling, addr(1));
  net.pump();
  ASSERT_EQ(scf_user.unis.size(), 1U);
  const uni_ind& u = scf_user.unis[0];
  EXPECT_EQ(u.ac_name, codec::ac::cap_v4_gsmssf_scf_generic);
  EXPECT_EQ(u.peer, addr(1));
  EXPECT_EQ(u.local, addr(2));
  ASSERT_EQ(u.components.size(), 1U);
  EXPECT_EQ(u.components[0].type, component_ind::kind::invoke);
  EXPECT_EQ(u.components[0].invoke_id, 1);
  EXPECT_EQ(u.components[0].code, op::activity_test);
  EXPECT_FALSE(u.components[0].parameter.has_value());
  // No dialogue, no timer on either side; nothing answered.
  EXPECT_EQ(scf.dialogue_count(), 0U);
  EXPECT_EQ(ssf.dialogue_count(), 0U);
  EXPECT_TRUE(net.b().sent.empty());
  EXPECT_EQ(ssf.counters().tx_unidirectional, 1U);
  EXPECT_EQ(scf.counters().rx_unidirectional, 1U);
  EXPECT_TRUE(scf_user.dialogues.empty());
}

TEST_F(tcap_pair, UnidirectionalWithoutDialoguePortionAndSeveralInvokes) {
  ASSERT_TRUE(ssf.unidirectional(addr(2), std::nullopt,
                                 {{1, std::nullopt, 80, arg(7), {}, {}}, {2, 1, 81, std::nullopt, {}, {}}}));
  const auto m = last_sent(net.a());
  EXPECT_EQ(m.type, tc_type::unidirectional);
  EXPECT_FALSE(m.dialogue.has_value());
  net.pump();
  ASSERT_EQ(scf_user.unis.size(), 1U);
  const uni_ind& u = scf_user.unis[0];
  EXPECT_FALSE(u.ac_name.has_value());
  ASSERT_EQ(u.components.size(), 2U);
  EXPECT_EQ(u.components[0].code, 80);
  EXPECT_EQ(u.components[0].parameter, arg(7));
  EXPECT_EQ(u.components[1].invoke_id, 2);
  EXPECT_EQ(u.components[1].linked_id, 1);
  EXPECT_EQ(u.components[1].code, 81);
}

TEST_F(tcap_pair, UnidirectionalRequestErrors) {
  EXPECT_EQ(ssf.unidirectional(addr(2), std::nullopt, {}).error(), tc_error::encode_failed);
  EXPECT_TRUE(net.a().sent.empty());
  net.a().fail_sends = true;
  EXPECT_EQ(ssf.unidirectional(addr(2), std::nullopt, {{1, std::nullopt, 55, std::nullopt, {}, {}}}).error(),
            tc_error::send_failed);
  timers.advance(0ms);
  ASSERT_EQ(ssf_user.notices.size(), 1U);
  EXPECT_EQ(ssf_user.notices[0].id, 0U) << "a unidirectional message belongs to no dialogue";
  EXPECT_TRUE(ssf_user.notices[0].local);
}

// A returned Unidirectional: TC-NOTICE with dialogue 0.
TEST_F(tcap_pair, ReturnedUnidirectionalGivesNoticeWithoutDialogue) {
  net.a().return_sends = sigtran::return_cause::unequipped_user;
  ASSERT_TRUE(ssf.unidirectional(addr(2), std::nullopt, {{1, std::nullopt, 55, std::nullopt, {}, {}}}));
  net.pump();
  timers.advance(0ms);
  ASSERT_EQ(ssf_user.notices.size(), 1U);
  EXPECT_EQ(ssf_user.notices[0].id, 0U);
  EXPECT_FALSE(ssf_user.notices[0].local);
  EXPECT_EQ(ssf_user.notices[0].return_cause, sigtran::return_cause::unequipped_user);
  EXPECT_TRUE(scf_user.unis.empty());
}

// What cannot be delivered is discarded without an answer (there is no
// transaction to answer on): non-invoke components, an AARQ instead of an
// AUDT, an unsupported context, an empty or broken component portion.
TEST_F(tcap_pair, BadUnidirectionalsAreDiscardedSilently) {
  // ReturnResultLast only.
  inject_to_scf({0x61, 0x0a, 0x6c, 0x08, 0xa2, 0x06, 0x02, 0x01, 0x01, 0x30, 0x01, 0x00});
  // AARQ (0x60 is AUDT in the uni abstract syntax, but with the structured
  // dialogue-as-id it is an AARQ): the golden vector with the dialogue-as-id
  // of structured dialogues.
  bytes aarq = golden("tc_unidirectional.hex");
  ASSERT_GT(aarq.size(), 13U);
  aarq[13] = 0x01;  // 0.0.17.773.1.2.1 -> 0.0.17.773.1.1.1
  inject_to_scf(aarq);
  // Unsupported context (0.4.0.0.1.23.3.99).
  bytes ctx = golden("tc_unidirectional.hex");
  ASSERT_GT(ctx.size(), 33U);
  ctx[33] = 99;
  inject_to_scf(ctx);
  // Broken component portion and a truncated message.
  inject_to_scf({0x61, 0x05, 0x6c, 0x03, 0xa1, 0x05, 0x02});
  inject_to_scf({0x61, 0x2a, 0x6b});
  EXPECT_TRUE(scf_user.unis.empty());
  EXPECT_TRUE(net.b().sent.empty()) << "nothing is ever answered to a unidirectional";
  EXPECT_EQ(scf.dialogue_count(), 0U);
  EXPECT_GE(scf.counters().rx_discarded, 3U);
}

}  // namespace
}  // namespace cmr::in::tcap::test
