// The scp-idp-to-answer histogram (show cmr latency, /metrics): one
// observation per call, from the trigger to the first message the SCP sends
// back, on the service's clock: 0 for a call answered at once, the wait for
// a deferred decision otherwise; the call's later messages add nothing.
#include "tests/unit/scp/scp_fixture.h"

namespace cmr::in::scp::test {
namespace {

using namespace std::chrono_literals;

class idp_to_answer : public scp_fixture {};

TEST_F(idp_to_answer, TriggerToFirstMessageOncePerCall) {
  start();
  const auto v = protocol_variant::cap_v2;
  const histogram& h = svc->idp_to_answer();

  send_idp(v, 999);  // unknown key: Continue at once
  EXPECT_EQ(invokes(ssf_user.last()), std::vector<std::int32_t>{op::continue_});
  auto s = h.snapshot();
  EXPECT_EQ(s.count, 1U);
  EXPECT_EQ(s.sum_ns, 0U);
  EXPECT_EQ(s.buckets[0], 1U);

  decisions.hold = true;  // the owner's settings are read off the strand
  const dialogue_id d = send_idp(v, 100);
  EXPECT_EQ(h.snapshot().count, 1U) << "nothing was sent yet";
  advance(40ms);
  decisions.release();
  pump();
  s = h.snapshot();
  EXPECT_EQ(s.count, 2U);
  EXPECT_EQ(s.sum_ns, 40'000'000U);
  EXPECT_EQ(s.buckets[7], 1U);  // (25 ms, 50 ms]

  // The rest of the call (PlayAnnouncement answered, busy): still two.
  const auto* pa = find_invoke(ssf_user.last(), op::play_announcement);
  ASSERT_NE(pa, nullptr);
  send_srr(v, d, *pa->invoke_id);
  send_erb(v, d, make_erb(event_type_bcsm::t_busy, false), true);
  EXPECT_EQ(svc->counters().calls_busy, 1U);
  EXPECT_EQ(h.snapshot().count, 2U);
}

}  // namespace
}  // namespace cmr::in::scp::test
