// Golden FSM trace: the log lines of one whole ANSI transaction (every
// transaction transition, DATCAP, and every invocation transition of the
// shared component sublayer, DTCAP) compared with golden/. TIDs come from
// fixed seeds. Regenerate with
// CMR_REGEN_GOLDEN=1 ./test_unit_ansi_tcap --gtest_filter='AnsiTrace*'.
#include "fixture.h"
#include "in/ansi_tcap/log.h"
#include "in/tcap/log.h"
#include "tests/common/fsm_trace.h"

namespace cmr::in::ansi_tcap::test {
namespace {

// Every line of the transaction (DATCAP) and its invocations (DTCAP, the
// shared component sublayer), and what the layer answers outside any
// transaction.
class AnsiTrace : public AnsiLayer {
protected:
  void compare(const std::string& name) { trace_.expect(name); }
  cmr::testing::fsm_trace trace_{{&log_ansi_tcap, &log_tcap},
                                 {"ansi_tcap(", "tcap(otid="},
                                 "tests/unit/ansi_tcap/golden",
                                 false};
};

TEST_F(AnsiTrace, QueryConversationResponse) {
  const dialogue_id d = msc_query();
  ASSERT_EQ(scp_user.dialogues.size(), 1U);
  const dialogue_id s = scp_user.dialogues[0].id;
  ASSERT_TRUE(scp.result_last(s, 1, k_digits));
  ASSERT_TRUE(scp.invoke(s, {2, std::int8_t{1}, k_srf_directive, std::nullopt, {}, {}}));
  ASSERT_TRUE(scp.continue_(s, true));
  net.pump();
  ASSERT_TRUE(msc.result_last(d, 2));
  ASSERT_TRUE(msc.end(d));
  net.pump();
  timers.advance(2s);  // the reject timers of both invocations
  compare("query_conversation_response");
}

TEST_F(AnsiTrace, InactivityAndUnknownTransaction) {
  msc_query();
  net.a().on_receive = nullptr;  // the MSC vanishes
  timers.advance(90s);
  inject(scp,
         bytes{0xe5, 0x0c, 0xc7, 0x08, 0x0a, 0x0b, 0x0c, 0x0d, 0xde, 0xad, 0xbe, 0xef, 0xe8, 0x00});
  compare("inactivity_unknown_transaction");
}

}  // namespace
}  // namespace cmr::in::ansi_tcap::test
