// The bearer's state machine (in/ip/bearer_state.h) as golden traces
// (tests/unit/ip/golden/<name>.trace; CMR_REGEN_GOLDEN=1 rewrites them):
// every transition a bearer logs at debug, for each form and its usual
// endings.
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/ip/log.h"
#include "tests/common/fsm_trace.h"
#include "tests/unit/ip/ip_fixture.h"

namespace cmr::in::ip::test {
namespace {

using media::g711_law;
namespace op = codec::opcode;

constexpr auto v4 = codec::protocol_variant::cap_v4;

codec::bytes play(std::uint32_t id, std::uint8_t reps, bool report) {
  codec::play_announcement pa;
  pa.info = codec::play_announcement::what::elementary;
  pa.message_id = id;
  pa.number_of_repetitions = reps;
  pa.disconnect_from_ip_forbidden = true;
  pa.request_announcement_complete = report;
  return codec::encode_play_announcement(v4, pa);
}

class bearer_trace : public ip_test {
protected:
  cmr::testing::fsm_trace trace{log_ip, "ip(bearer=", "tests/unit/ip/golden"};

  // The ARI's dialogue (and its invoke id).
  tcap::dialogue_id ari() {
    EXPECT_TRUE(run_until([&] { return !scp_.dialogues.empty(); }));
    if (scp_.dialogues.empty() || scp_.dialogues.front().components.empty()) return 0;
    ari_invoke_ = scp_.dialogues.front().components[0].invoke_id.value_or(0);
    return scp_.dialogues.front().id;
  }
  void invoke_pa(tcap::dialogue_id d, std::int8_t id, const codec::bytes& arg) {
    tcap::invoke_req pa;
    pa.invoke_id = id;
    pa.opcode = op::play_announcement;
    pa.parameter = arg;
    ASSERT_TRUE(scp_layer_->invoke(d, pa));
  }
  std::int8_t ari_invoke_ = 0;
};

TEST_F(bearer_trace, play_form_complete) {
  announcements_.add(42, g711_law::alaw, 4);
  start();
  ASSERT_TRUE(establish("annc;play=cmr:42;repeat=2", "p1"));
  ASSERT_TRUE(run_until([&] { return request("BYE", "p1").has_value(); }));
  answer(*request("BYE", "p1"));
  ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
  trace.expect("play_form_complete");
}

TEST_F(bearer_trace, play_form_peer_bye) {
  announcements_.add(42, g711_law::alaw, 500);
  start();
  auto ok = establish("annc;play=cmr:42", "p2");
  ASSERT_TRUE(ok);
  ASSERT_TRUE(run_until([&] { return !rtp_in_.empty(); }));
  send_sip(in_dialog("BYE", *ok, 2, "p2-bye"));
  ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
  trace.expect("play_form_peer_bye");
}

TEST_F(bearer_trace, play_form_refused) {
  start();
  send_sip(invite("annc;play=cmr:77", "p3", offer()));
  ASSERT_TRUE(run_until([&] { return response(404, "p3").has_value(); }));
  trace.expect("play_form_refused");
}

TEST_F(bearer_trace, routing_form_report_end_bye) {
  announcements_.add(42, g711_law::alaw, 3);
  start();
  auto ok = establish("4960412345678", "r1", "8");
  ASSERT_TRUE(ok);
  const auto d = ari();
  ASSERT_NE(d, 0U);
  invoke_pa(d, 1, play(42, 1, true));
  ASSERT_TRUE(scp_layer_->continue_(d));
  ASSERT_TRUE(run_until([&] { return scp_.dialogues.size() >= 2; }));  // the SRR
  ASSERT_TRUE(scp_layer_->end(d));
  run_for(std::chrono::milliseconds(50));
  send_sip(in_dialog("BYE", *ok, 2, "r1-bye"));
  ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
  trace.expect("routing_form_report_end_bye");
}

TEST_F(bearer_trace, routing_form_release_grace) {
  announcements_.add(42, g711_law::alaw, 3);
  start();
  ASSERT_TRUE(establish("4960412345678", "r2", "8"));
  const auto d = ari();
  ASSERT_NE(d, 0U);
  invoke_pa(d, 1, play(42, 1, false));
  ASSERT_TRUE(scp_layer_->continue_(d));
  ASSERT_TRUE(run_until([&] { return ip_->stats().plays_completed == 1; }));
  ASSERT_TRUE(scp_layer_->end(d));
  ASSERT_TRUE(run_until([&] { return request("BYE", "r2").has_value(); }));
  answer(*request("BYE", "r2"));
  ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
  trace.expect("routing_form_release_grace");
}

// The PlayAnnouncement comes in the TC-END: played out, then the IP BYEs.
TEST_F(bearer_trace, routing_form_play_in_the_end) {
  announcements_.add(42, g711_law::alaw, 3);
  start();
  ASSERT_TRUE(establish("4960412345678", "r3", "8"));
  const auto d = ari();
  ASSERT_NE(d, 0U);
  invoke_pa(d, 1, play(42, 1, false));
  ASSERT_TRUE(scp_layer_->end(d));
  ASSERT_TRUE(run_until([&] { return request("BYE", "r3").has_value(); }));
  answer(*request("BYE", "r3"));
  ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
  trace.expect("routing_form_play_in_the_end");
}

TEST_F(bearer_trace, routing_form_scp_error) {
  start();
  ASSERT_TRUE(establish("4960412345678", "r4", "8"));
  const auto d = ari();
  ASSERT_NE(d, 0U);
  ASSERT_TRUE(scp_layer_->u_error(d, ari_invoke_, codec::error_code::unexpected_data_value));
  ASSERT_TRUE(scp_layer_->end(d));
  ASSERT_TRUE(run_until([&] { return request("BYE", "r4").has_value(); }));
  answer(*request("BYE", "r4"));
  ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
  trace.expect("routing_form_scp_error");
}

TEST_F(bearer_trace, routing_form_no_instruction) {
  config_.instruction_timeout = std::chrono::milliseconds(100);
  start();
  ASSERT_TRUE(establish("4960412345678", "r5", "8"));
  ASSERT_NE(ari(), 0U);
  ASSERT_TRUE(run_until([&] { return request("BYE", "r5").has_value(); }));
  answer(*request("BYE", "r5"));
  ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
  trace.expect("routing_form_no_instruction");
}

}  // namespace
}  // namespace cmr::in::ip::test
