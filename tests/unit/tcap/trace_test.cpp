// Golden FSM traces: the tcap log lines of whole dialogues (every transaction
// and invocation transition is logged) compared with files under golden/.
// TIDs come from fixed seeds, so the trace is reproducible. Regenerate with
// CMR_REGEN_GOLDEN=1 ./test_unit_tcap --gtest_filter='tcap_trace*'.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "in/tcap/log.h"
#include "tests/unit/tcap/tcap_fixture.h"

namespace cmr::in::tcap::test {
namespace {

namespace op = codec::opcode;

std::string* g_trace = nullptr;

bool trace_enabled(int cat, log_level) { return cat == log_tcap.id(); }
void trace_write(int, log_level, const char*, int, std::string_view msg) {
  if (g_trace != nullptr) g_trace->append(msg).append("\n");
}

class tcap_trace : public tcap_pair {
protected:
  void SetUp() override {
    g_trace = &trace_;
    set_log_backend({trace_enabled, trace_write});
  }
  void TearDown() override {
    tcap_pair::TearDown();
    g_trace = nullptr;
    // The default backend is not reachable from here: go quiet instead.
    set_log_backend({[](int, log_level) { return false; },
                     [](int, log_level, const char*, int, std::string_view) {}});
  }
  void compare(const std::string& name) {
    const std::string path = std::string(CMR_SOURCE_DIR) + "/tests/unit/tcap/golden/" + name;
    if (std::getenv("CMR_REGEN_GOLDEN") != nullptr) {  // NOLINT(concurrency-mt-unsafe)
      std::ofstream(path) << trace_;
      return;
    }
    std::ifstream in(path);
    std::stringstream want;
    want << in.rdbuf();
    EXPECT_EQ(trace_, want.str()) << "trace differs from " << path;
  }
  std::string trace_;
};

TEST_F(tcap_trace, FullDialogue) {
  const dialogue_id d = ssf_begin_idp();
  const dialogue_id s = scf_user.last().id;
  ASSERT_TRUE(scf.invoke(s, {1, {}, op::request_report_bcsm_event, arg(1), {}, {}}));
  ASSERT_TRUE(scf.invoke(s, {2, {}, op::initiate_call_attempt, arg(2), {}, {}}));
  ASSERT_TRUE(scf.continue_(s));
  net.pump();
  ASSERT_TRUE(ssf.result_last(d, 2, op::initiate_call_attempt, arg(3)));
  ASSERT_TRUE(ssf.continue_(d));
  net.pump();
  timers.advance(1s);  // the reject timer of invoke 2 runs out
  ASSERT_TRUE(scf.end(s));
  net.pump();
  compare("full_dialogue.trace");
}

TEST_F(tcap_trace, RefusalTimeoutAndAbort) {
  ssf_begin_idp({0, 4, 0, 0, 1, 0, 99, 1});  // refused
  const dialogue_id d = ssf_begin_idp();
  ASSERT_TRUE(ssf.invoke(d, {2, {}, op::event_report_bcsm, arg(1), {}, {}}));
  ASSERT_TRUE(scf.invoke(scf_user.last().id, {1, {}, op::connect, arg(2), {}, 2000ms}));
  ASSERT_TRUE(scf.continue_(scf_user.last().id));
  net.pump();
  timers.advance(2s);  // Connect's timer: TC-L-CANCEL
  ASSERT_TRUE(ssf.u_abort(d));
  net.pump();
  compare("refusal_timeout_abort.trace");
}

}  // namespace
}  // namespace cmr::in::tcap::test
