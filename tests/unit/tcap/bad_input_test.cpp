// Bad input, each answered as Q.774 says and checked on the bytes sent back:
// truncated messages, wrong tags, absurd lengths, unknown DTIDs, faulty
// components, messages for a dialogue that has ended; and random mutations
// that must neither crash nor leak.
#include <random>

#include "tests/unit/tcap/tcap_fixture.h"

namespace cmr::in::tcap::test {
namespace {

namespace op = codec::opcode;
using ck = component_ind::kind;
using ckind = codec::tc_component::kind;
using ptype = codec::tc_component::problem_type;
using codec::p_abort_cause;

bytes begin_bytes(std::uint32_t otid) {
  tc_message m;
  m.type = tc_type::begin;
  m.otid = codec::tid_from_u32(otid);
  m.dialogue = codec::dialogue_portion{};
  m.dialogue->ac_name = codec::ac::cap_v4_gsmssf_scf_generic;
  codec::tc_component c;
  c.invoke_id = 1;
  c.code.local = op::initial_dp;
  c.parameter = bytes{0x30, 0x06, 0x80, 0x01, 0x64, 0x83, 0x01, 0x02};
  m.components = {c};
  return codec::encode_tc_message(m);
}

class tcap_bad_input : public tcap_pair {
protected:
  // What the SCF answered, decoded; the SCF's TC-user saw nothing.
  tc_message answer() {
    EXPECT_EQ(net.b().sent.size(), 1U);
    tc_message m = last_sent(net.b());
    net.b().sent.clear();
    return m;
  }
  void expect_p_abort(std::uint32_t dtid, p_abort_cause cause) {
    tc_message m = answer();
    EXPECT_EQ(m.type, tc_type::abort);
    EXPECT_EQ(codec::tid_to_u32(m.dtid), dtid);
    EXPECT_EQ(m.p_abort, cause);
    EXPECT_TRUE(scf_user.dialogues.empty());
  }
  // Ends the dialogue a faulty Begin created, sending its queued Rejects.
  tc_message end_and_get() {
    EXPECT_TRUE(scf.end(scf_user.last().id));
    return answer();
  }
};

TEST_F(tcap_bad_input, TruncatedBeginGetsPAbortWhenOtidReadable) {
  bytes b = begin_bytes(0x11223344);
  for (std::size_t cut = 1; cut + 8 < b.size(); ++cut) {
    bytes t(b.begin(), b.end() - static_cast<std::ptrdiff_t>(cut));
    inject_to_scf(t);
    expect_p_abort(0x11223344, p_abort_cause::badly_formatted_transaction_portion);
  }
  // Too short to hold the OTID: nothing can be answered, it is discarded.
  inject_to_scf(bytes(b.begin(), b.begin() + 5));
  EXPECT_TRUE(net.b().sent.empty());
  inject_to_scf({});
  EXPECT_TRUE(net.b().sent.empty());
}

TEST_F(tcap_bad_input, UnknownMessageTypeGetsUnrecognizedMessageType) {
  bytes b = begin_bytes(0x01020304);
  b[0] = 0x6a;  // [APPLICATION 10] constructed: no such TCAP message
  inject_to_scf(b);
  expect_p_abort(0x01020304, p_abort_cause::unrecognized_message_type);
}

TEST_F(tcap_bad_input, AbsurdLengthGetsBadlyFormatted) {
  // Outer length 0x7fffffff with a readable OTID behind it.
  bytes b{0x62, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x48, 0x04, 0x0a, 0x0b, 0x0c, 0x0d, 0x6c, 0x00};
  inject_to_scf(b);
  expect_p_abort(0x0a0b0c0d, p_abort_cause::badly_formatted_transaction_portion);
  // An OTID of 5 octets is not derivable: discarded.
  inject_to_scf({0x62, 0x07, 0x48, 0x05, 1, 2, 3, 4, 5});
  EXPECT_TRUE(net.b().sent.empty());
}

TEST_F(tcap_bad_input, ContinueWithUnknownDtidGetsUnrecognizedTransactionId) {
  tc_message m;
  m.type = tc_type::continue_;
  m.otid = codec::tid_from_u32(0x55667788);
  m.dtid = codec::tid_from_u32(0x99999999);
  inject_to_scf(codec::encode_tc_message(m));
  expect_p_abort(0x55667788, p_abort_cause::unrecognized_transaction_id);
  // End and Abort for unknown DTIDs are discarded (nobody to answer).
  m.type = tc_type::end;
  inject_to_scf(codec::encode_tc_message(m));
  m.type = tc_type::abort;
  m.p_abort = p_abort_cause::resource_limitation;
  inject_to_scf(codec::encode_tc_message(m));
  EXPECT_TRUE(net.b().sent.empty());
  EXPECT_EQ(scf.counters().rx_discarded, 2U);
}

TEST_F(tcap_bad_input, ContinueAfterEndGetsPAbort) {
  const dialogue_id d = ssf_begin_idp();
  const dialogue_id s = scf_user.last().id;
  ASSERT_TRUE(scf.continue_(s));
  net.pump();
  ASSERT_TRUE(scf.end(s));
  net.pump();
  net.b().sent.clear();
  scf_user.dialogues.clear();
  // The SSF (misbehaving) continues the ended dialogue.
  tc_message m;
  m.type = tc_type::continue_;
  m.otid = codec::tid_from_u32(d);
  m.dtid = codec::tid_from_u32(s);
  inject_to_scf(codec::encode_tc_message(m));
  expect_p_abort(d, p_abort_cause::unrecognized_transaction_id);
}

TEST_F(tcap_bad_input, ComponentWithWrongTagIsUnrecognizedComponent) {
  bytes b = begin_bytes(0x0a000001);
  // The Invoke's tag A1 becomes A9 (no such component).
  auto pos = std::find(b.begin(), b.end(), 0x6c) - b.begin();
  ASSERT_EQ(b[static_cast<std::size_t>(pos) + 2], 0xa1);
  b[static_cast<std::size_t>(pos) + 2] = 0xa9;
  inject_to_scf(b);
  ASSERT_EQ(scf_user.dialogues.size(), 1U);  // the dialogue goes on
  const auto& c = scf_user.last().components;
  ASSERT_EQ(c.size(), 1U);
  EXPECT_EQ(c[0].type, ck::l_reject);
  EXPECT_EQ(c[0].problem, reject_problem::of(general_problem::unrecognized_component));
  tc_message end = end_and_get();
  ASSERT_EQ(end.components.size(), 1U);
  EXPECT_EQ(end.components[0].type, ckind::reject);
  EXPECT_EQ(end.components[0].problem, ptype::general);
  EXPECT_EQ(end.components[0].problem_code, 0);
  EXPECT_EQ(end.components[0].invoke_id, 1);  // derivable
  ASSERT_TRUE(end.dialogue);                  // the AARE still goes with the first reply
}

TEST_F(tcap_bad_input, InvokeWithoutOpcodeIsMistyped) {
  // Begin: OTID, components { Invoke { invokeID 1 } } without an opcode.
  bytes b{0x62, 0x0d, 0x48, 0x04, 0x0a, 0x00, 0x00, 0x02, 0x6c, 0x05, 0xa1, 0x03, 0x02, 0x01, 0x01};
  inject_to_scf(b);
  ASSERT_EQ(scf_user.dialogues.size(), 1U);
  EXPECT_EQ(scf_user.last().components[0].problem,
            reject_problem::of(general_problem::mistyped_component));
  tc_message end = end_and_get();
  ASSERT_EQ(end.components.size(), 1U);
  EXPECT_EQ(end.components[0].problem_code, 1);  // mistypedComponent
}

TEST_F(tcap_bad_input, BadlyStructuredComponentPortion) {
  // The component's inner length overruns it: badly structured, ID not derivable.
  bytes b{0x62, 0x0d, 0x48, 0x04, 0x0a, 0x00, 0x00, 0x03, 0x6c, 0x05, 0xa1, 0x03, 0x02, 0x09, 0x01};
  inject_to_scf(b);
  ASSERT_EQ(scf_user.dialogues.size(), 1U);
  EXPECT_EQ(scf_user.last().components[0].problem,
            reject_problem::of(general_problem::badly_structured_component));
  tc_message end = end_and_get();
  ASSERT_EQ(end.components.size(), 1U);
  EXPECT_FALSE(end.components[0].invoke_id_derivable);
  EXPECT_EQ(end.components[0].problem_code, 2);
}

TEST_F(tcap_bad_input, BadComponentInEndIsOnlyReportedLocally) {
  const dialogue_id d = ssf.open(addr(2), std::nullopt);
  ASSERT_TRUE(ssf.begin(d));
  // End to the SSF whose only component has an unknown tag.
  const auto dt = codec::tid_from_u32(d);
  bytes b{0x64, 0x0b, 0x49, 0x04, dt[0], dt[1], dt[2], dt[3], 0x6c, 0x03, 0xa9, 0x01, 0x00};
  inject_to_ssf(b);
  ASSERT_EQ(ssf_user.dialogues.size(), 1U);
  EXPECT_EQ(ssf_user.last().type, dialogue_ind_kind::end);
  EXPECT_EQ(ssf_user.last().components[0].type, ck::l_reject);
  EXPECT_EQ(ssf.dialogue_count(), 0U);
  net.pump();  // the Begin reaches the SCF
  ASSERT_TRUE(scf.end(scf_user.last().id, true));
}

TEST_F(tcap_bad_input, BadTransactionPortionInContinueAbortsBothWays) {
  const dialogue_id d = ssf_begin_idp();
  const dialogue_id s = scf_user.last().id;
  ASSERT_TRUE(scf.continue_(s));
  net.pump();
  net.b().sent.clear();
  // A Continue from the SSF whose dialogue portion is garbage.
  const auto o = codec::tid_from_u32(d);
  const auto t = codec::tid_from_u32(s);
  bytes b{0x65, 0x10, 0x48, 0x04, o[0], o[1], o[2], o[3], 0x49,
          0x04, t[0], t[1], t[2], t[3], 0x6b, 0x02, 0x05, 0x00};
  inject_to_scf(b);
  tc_message m = answer();
  EXPECT_EQ(m.p_abort, p_abort_cause::badly_formatted_transaction_portion);
  ASSERT_EQ(scf_user.p_aborts.size(), 1U);
  EXPECT_TRUE(scf_user.p_aborts[0].local);
  ASSERT_TRUE(ssf.u_abort(d));
}

TEST_F(tcap_bad_input, RandomMutationsNeitherCrashNorLeak) {
  std::mt19937 rng(7);
  const bytes good = begin_bytes(0x01010101);
  scf_user.react = [this](const dialogue_ind& ind) {
    if (ind.type == dialogue_ind_kind::begin) {
      ASSERT_TRUE(scf.end(ind.id));
    }
  };
  for (int i = 0; i < 3000; ++i) {
    bytes b = good;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % b.size();
      switch (rng() % 3) {
        case 0:
          b[at] = static_cast<std::uint8_t>(rng());
          break;
        case 1:
          b.erase(b.begin() + static_cast<std::ptrdiff_t>(at));
          break;
        default:
          b.insert(b.begin() + static_cast<std::ptrdiff_t>(at), static_cast<std::uint8_t>(rng()));
      }
      if (b.empty()) b.push_back(0);
    }
    inject_to_scf(b);
    EXPECT_EQ(scf.dialogue_count(), 0U);
  }
  net.b().sent.clear();
  while (net.queued() != 0U) net.pump();
  scf_user.react = nullptr;
  EXPECT_GT(scf.counters().rx_undecodable, 0U);
}

}  // namespace
}  // namespace cmr::in::tcap::test
