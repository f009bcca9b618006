// The ANSI TCAP layer, two of them back to back (fixture.h).
#include "fixture.h"

namespace cmr::in::ansi_tcap::test {
namespace {

using namespace std::chrono_literals;
using tcap::component_ind;
using tcap::dialogue_ind;
using tcap::dialogue_ind_kind;

TEST_F(AnsiLayer, QueryConversationResponse) {
  const dialogue_id d = msc_query();
  // The Query went with the parameterless invoke's empty SET.
  ASSERT_EQ(scp_user.dialogues.size(), 1U);
  const dialogue_ind q = scp_user.dialogues[0];
  EXPECT_EQ(q.type, dialogue_ind_kind::begin);
  ASSERT_EQ(q.components.size(), 1U);
  EXPECT_EQ(q.components[0].type, component_ind::kind::invoke);
  EXPECT_EQ(q.components[0].code, k_seize);
  EXPECT_EQ(q.components[0].parameter, (bytes{0xf2, 0x00}));
  EXPECT_TRUE(scp.release_permitted(q.id));

  // SCP: result + a correlated invoke in a Conversation without permission.
  ASSERT_TRUE(scp.result_last(q.id, 1, k_digits));
  ASSERT_TRUE(scp.invoke(q.id, {2, std::int8_t{1}, k_srf_directive, std::nullopt, {}, {}}));
  ASSERT_TRUE(scp.continue_(q.id, false));
  const message conv = last_sent(net.b());
  EXPECT_EQ(conv.type, package::conversation_without_permission);
  EXPECT_EQ(conv.responding_tid, d);
  ASSERT_EQ(conv.components.size(), 2U);
  EXPECT_EQ(conv.components[0].correlation_id, std::optional<std::uint8_t>(1));
  EXPECT_EQ(conv.components[1].correlation_id, std::optional<std::uint8_t>(1));
  net.pump();

  ASSERT_EQ(msc_user.dialogues.size(), 1U);
  const dialogue_ind c = msc_user.dialogues[0];
  EXPECT_EQ(c.type, dialogue_ind_kind::continue_);
  ASSERT_EQ(c.components.size(), 2U);
  EXPECT_EQ(c.components[0].type, component_ind::kind::result_last);
  EXPECT_EQ(c.components[0].code, k_seize) << "results carry no opcode: taken from the invoke";
  EXPECT_EQ(c.components[0].parameter, k_digits);
  EXPECT_EQ(c.components[1].linked_id, std::optional<std::int8_t>(1));
  // Without permission the MSC may not send a Response.
  EXPECT_FALSE(msc.release_permitted(d));
  EXPECT_EQ(msc.end(d).error(), tc_error::wrong_state);

  ASSERT_TRUE(msc.result_last(d, 2));
  ASSERT_TRUE(msc.continue_(d, true));
  net.pump();
  ASSERT_EQ(scp_user.dialogues.size(), 2U);
  EXPECT_TRUE(scp.release_permitted(q.id));
  ASSERT_TRUE(scp.end(q.id));
  EXPECT_EQ(last_sent(net.b()).type, package::response);
  net.pump();
  ASSERT_EQ(msc_user.dialogues.size(), 2U);
  EXPECT_EQ(msc_user.dialogues[1].type, dialogue_ind_kind::end);
}

TEST_F(AnsiLayer, ResponseAnswersAQueryWithPermission) {
  scp_user.react = [this](const dialogue_ind& ind) {
    EXPECT_TRUE(scp.result_last(ind.id, 1, k_digits));
    EXPECT_TRUE(scp.end(ind.id));
  };
  msc_query();
  ASSERT_EQ(msc_user.dialogues.size(), 1U);
  EXPECT_EQ(msc_user.dialogues[0].type, dialogue_ind_kind::end);
  ASSERT_EQ(msc_user.dialogues[0].components.size(), 1U);
  EXPECT_EQ(msc_user.dialogues[0].components[0].type, component_ind::kind::result_last);
}

TEST_F(AnsiLayer, QueryWithoutPermissionCannotBeAnsweredWithResponse) {
  msc_query(k_seize, false);
  ASSERT_EQ(scp_user.dialogues.size(), 1U);
  const dialogue_id s = scp_user.dialogues[0].id;
  EXPECT_EQ(last_sent(net.a()).type, package::query_without_permission);
  EXPECT_EQ(scp.end(s).error(), tc_error::wrong_state);
  // A user abort with abort information reaches the MSC as TC-U-ABORT.
  ASSERT_TRUE(scp.u_abort(s, bytes{0xf8, 0x05, 0x28, 0x03, 0x81, 0x01, 0x00}));
  net.pump();
  ASSERT_EQ(msc_user.u_aborts.size(), 1U);
  EXPECT_EQ(msc_user.u_aborts[0].user_info, (bytes{0xf8, 0x05, 0x28, 0x03, 0x81, 0x01, 0x00}))
      << "the user abort information reaches the TC-user as sent";
}

TEST_F(AnsiLayer, ConversationForAnUnknownTransactionGetsAbort) {
  // Conversation, originating 0x0a0b0c0d, responding 0xdeadbeef (not ours).
  inject(scp,
         bytes{0xe5, 0x0c, 0xc7, 0x08, 0x0a, 0x0b, 0x0c, 0x0d, 0xde, 0xad, 0xbe, 0xef, 0xe8, 0x00});
  const message a = last_sent(net.b());
  EXPECT_EQ(a.type, package::abort);
  EXPECT_EQ(a.responding_tid, 0x0a0b0c0dU);
  EXPECT_EQ(a.abort_cause, p_abort_cause::unassigned_responding_transaction_id);
  EXPECT_EQ(scp.counters().rx_unknown_transaction.load(), 1U);
  EXPECT_EQ(scp.counters().tx_p_aborts.load(), 1U);
  net.b().sent.clear();
  // A Response or Abort of nothing is discarded, never answered.
  inject(scp, bytes{0xe4, 0x08, 0xc7, 0x04, 0xde, 0xad, 0xbe, 0xef, 0xe8, 0x00});
  inject(scp, golden("ansi_abort_p_abort"));
  EXPECT_TRUE(net.b().sent.empty());
  EXPECT_EQ(scp.counters().rx_discarded.load(), 2U);
  net.a().on_receive = nullptr;  // the Abort above goes nowhere
}

TEST_F(AnsiLayer, UnknownOperationIsRejected) {
  const dialogue_id d = msc_query(private_op(9, 0x7f));
  ASSERT_EQ(scp_user.dialogues.size(), 1U);
  const dialogue_ind q = scp_user.dialogues[0];
  ASSERT_EQ(q.components.size(), 1U);
  EXPECT_EQ(q.components[0].type, component_ind::kind::l_reject);
  EXPECT_EQ(q.components[0].problem,
            tcap::reject_problem::of(tcap::invoke_problem::unrecognized_operation));
  EXPECT_TRUE(scp.has_pending(q.id));
  ASSERT_TRUE(scp.end(q.id));  // the Response carries the Reject
  const message r = last_sent(net.b());
  ASSERT_EQ(r.components.size(), 1U);
  EXPECT_EQ(r.components[0].type, component::kind::reject);
  EXPECT_EQ(r.components[0].problem, problem::invoke_unrecognized_operation);
  EXPECT_EQ(r.components[0].correlation_id, std::optional<std::uint8_t>(1));
  EXPECT_EQ(r.components[0].parameter, (bytes{0xf2, 0x00}));
  net.pump();
  ASSERT_EQ(msc_user.dialogues.size(), 1U);
  ASSERT_EQ(msc_user.dialogues[0].components.size(), 1U);
  EXPECT_EQ(msc_user.dialogues[0].components[0].type, component_ind::kind::u_reject);
  EXPECT_EQ(msc_user.dialogues[0].components[0].invoke_id, std::optional<std::int8_t>(1));
  (void)d;
}

TEST_F(AnsiLayer, MalformedComponentIsRejectedTheRestDelivered) {
  // Query tid 01020304: [unknown component E7] [Invoke 3 SeizeResource]
  inject(scp, bytes{0xe2, 0x13, 0xc7, 0x04, 1,    2,    3,    4,    0xe8, 0x0b, 0xe7,
                    0x00, 0xe9, 0x07, 0xcf, 0x01, 0x03, 0xd1, 0x02, 0x09, 0x49});
  ASSERT_EQ(scp_user.dialogues.size(), 1U);
  const dialogue_ind q = scp_user.dialogues[0];
  ASSERT_EQ(q.components.size(), 2U);
  EXPECT_EQ(q.components[0].type, component_ind::kind::l_reject);
  EXPECT_FALSE(q.components[0].invoke_id);
  EXPECT_EQ(q.components[1].type, component_ind::kind::invoke);
  EXPECT_EQ(scp.counters().rx_faulty_components.load(), 1U);
  ASSERT_TRUE(scp.u_abort(q.id));
  const message a = last_sent(net.b());
  EXPECT_EQ(a.type, package::abort);
  EXPECT_EQ(a.responding_tid, 0x01020304U);
  net.a().on_receive = nullptr;
}

TEST_F(AnsiLayer, MalformedPackageGetsAbortAndEndsItsTransaction) {
  const dialogue_id d = msc_query();
  ASSERT_EQ(scp_user.dialogues.size(), 1U);
  const dialogue_id s = scp_user.dialogues[0].id;
  // A Conversation to the SCP's transaction with garbage after the components.
  bytes bad{0xe5, 0x0e, 0xc7, 0x08};
  for (int i = 3; i >= 0; --i) bad.push_back(static_cast<std::uint8_t>(d >> (8 * i)));
  for (int i = 3; i >= 0; --i) bad.push_back(static_cast<std::uint8_t>(s >> (8 * i)));
  bad.insert(bad.end(), {0xe8, 0x00, 0x04, 0x00});
  inject(scp, bad);
  EXPECT_EQ(scp.counters().rx_undecodable.load(), 1U);
  ASSERT_EQ(scp_user.p_aborts.size(), 1U);
  EXPECT_TRUE(scp_user.p_aborts[0].local);
  const message a = last_sent(net.b());
  EXPECT_EQ(a.abort_cause, p_abort_cause::badly_structured_transaction_portion);
  EXPECT_EQ(a.responding_tid, d);
  net.pump();
  ASSERT_EQ(msc_user.p_aborts.size(), 1U);
  EXPECT_FALSE(msc_user.p_aborts[0].local);
  EXPECT_EQ(msc_user.p_aborts[0].reason, tcap::p_abort_reason::badly_formatted_transaction_portion);
}

TEST_F(AnsiLayer, PeerThatVanishesTimesOut) {
  // The SCP never answers: the MSC gets TC-L-CANCEL for its invoke (10 s),
  // then the inactivity timer ends the transaction on both sides.
  const dialogue_id d = msc_query();
  ASSERT_EQ(scp_user.dialogues.size(), 1U);
  timers.advance(10s);
  ASSERT_EQ(msc_user.cancels.size(), 1U);
  EXPECT_EQ(msc_user.cancels[0].id, d);
  EXPECT_EQ(msc_user.cancels[0].opcode, k_seize);
  net.a().on_receive = nullptr;  // the MSC vanished too: the SCP's Abort goes nowhere
  timers.advance(80s);
  ASSERT_EQ(msc_user.p_aborts.size(), 1U);
  EXPECT_EQ(msc_user.p_aborts[0].reason, tcap::p_abort_reason::inactivity_timeout);
  ASSERT_EQ(scp_user.p_aborts.size(), 1U);
  EXPECT_EQ(scp.counters().inactivity_timeouts.load(), 1U);
  const message a = last_sent(net.b());
  EXPECT_EQ(a.abort_cause, p_abort_cause::resource_unavailable);
  EXPECT_EQ(a.responding_tid, d);
}

TEST_F(AnsiLayer, PAbortFromThePeer) {
  const dialogue_id d = msc_query();
  ASSERT_EQ(scp_user.dialogues.size(), 1U);
  ASSERT_TRUE(scp.end(scp_user.dialogues[0].id, true));  // prearranged: nothing sent
  bytes abort{0xf6, 0x09, 0xc7, 0x04};
  for (int i = 3; i >= 0; --i) abort.push_back(static_cast<std::uint8_t>(d >> (8 * i)));
  abort.insert(abort.end(), {0xd7, 0x01, 0x06});
  inject(msc, abort);
  ASSERT_EQ(msc_user.p_aborts.size(), 1U);
  EXPECT_FALSE(msc_user.p_aborts[0].local);
  EXPECT_EQ(msc_user.p_aborts[0].reason, tcap::p_abort_reason::resource_limitation);
}

TEST_F(AnsiLayer, UnidirectionalMatchesTheGoldenVector) {
  ASSERT_TRUE(msc.unidirectional(addr(2),
                                 {{1, std::nullopt, k_disconnect_resource, std::nullopt, {}, {}}}));
  EXPECT_EQ(net.a().sent.back().data, golden("ansi_unidirectional"));
  net.pump();
  ASSERT_EQ(scp_user.unis.size(), 1U);
  ASSERT_EQ(scp_user.unis[0].components.size(), 1U);
  EXPECT_EQ(scp_user.unis[0].components[0].code, k_disconnect_resource);
}

TEST_F(AnsiLayer, ReturnedQueryGivesNotice) {
  net.a().return_sends = std::uint8_t{4};  // the network returns it: unequipped user
  const dialogue_id d = msc_query();
  EXPECT_TRUE(msc_user.notices.empty()) << "never from inside a request";
  timers.advance(0ms);
  ASSERT_EQ(msc_user.notices.size(), 1U);
  EXPECT_EQ(msc_user.notices[0].id, d);
  EXPECT_EQ(msc_user.notices[0].return_cause, 4U);
  EXPECT_TRUE(scp_user.dialogues.empty());
  ASSERT_TRUE(msc.u_abort(d));  // no peer TID: local only
  EXPECT_EQ(net.a().sent.size(), 1U);
}

TEST_F(AnsiLayer, GoldenQueryIsAccepted) {
  inject(scp, golden("ansi_query_without_perm"));
  ASSERT_EQ(scp_user.dialogues.size(), 1U);
  const dialogue_ind q = scp_user.dialogues[0];
  EXPECT_EQ(q.ac_name, (oid{1, 2, 840, 10013, 1, 1})) << "the optional dialogue portion is read";
  ASSERT_EQ(q.components.size(), 2U);
  EXPECT_FALSE(scp.release_permitted(q.id));
  ASSERT_TRUE(scp.end(q.id, true));
}

}  // namespace
}  // namespace cmr::in::ansi_tcap::test
