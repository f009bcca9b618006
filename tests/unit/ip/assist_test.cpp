// The routing-number form: the IP's own TCAP dialogue with a scripted SCP
// TC-user over a local_sccp_pair (ARI -> PA -> play -> SRR -> TC-END).
#include "in/codec/address.h"
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "tests/unit/ip/ip_fixture.h"

namespace cmr::in::ip::test {
namespace {

using media::g711_law;
namespace op = codec::opcode;
using kind = tcap::component_ind::kind;

constexpr auto v4 = codec::protocol_variant::cap_v4;

codec::bytes play(std::uint32_t id, std::optional<std::uint8_t> reps, bool report,
                  codec::protocol_variant v = v4, std::optional<std::uint16_t> interval = {}) {
  codec::play_announcement pa;
  pa.info = codec::play_announcement::what::elementary;
  pa.message_id = id;
  pa.number_of_repetitions = reps;
  pa.disconnect_from_ip_forbidden = true;
  pa.request_announcement_complete = report;
  pa.interval = interval;
  return codec::encode_play_announcement(v, pa);
}

class assist_test : public ip_test {
protected:
  // Waits for the ARI's TC-BEGIN and checks it; returns its dialogue id.
  tcap::dialogue_id expect_ari(const codec::oid& ac, const std::string& correlation,
                               codec::protocol_variant v) {
    EXPECT_TRUE(run_until([&] { return !scp_.dialogues.empty(); }));
    if (scp_.dialogues.empty()) return 0;
    const auto& b = scp_.dialogues.front();
    EXPECT_EQ(b.type, tcap::dialogue_ind_kind::begin);
    EXPECT_EQ(b.ac_name, ac);
    EXPECT_EQ(b.peer.ssn, ip_ssn);
    EXPECT_EQ(b.components.size(), 1U);
    if (b.components.empty()) return 0;
    const auto& c = b.components[0];
    EXPECT_EQ(c.type, kind::invoke);
    EXPECT_EQ(c.code, op::assist_request_instructions);
    auto ari = codec::decode_assist_request_instructions(v, c.parameter.value_or(codec::bytes{}));
    EXPECT_TRUE(ari);
    if (ari) {
      // Generic Digits (docs/cs-delivery.md 3): BCD even, type 0, then the digits.
      EXPECT_EQ(ari->correlation_id.size(), 5U);
      if (!ari->correlation_id.empty()) {
        EXPECT_EQ(ari->correlation_id[0], 0x00);
        EXPECT_EQ(codec::unpack_bcd(std::span(ari->correlation_id).subspan(1), false), correlation);
      }
      if (codec::is_cap(v)) {
        EXPECT_TRUE(ari->ip_ssp_capabilities);
      }
    }
    ari_invoke_ = c.invoke_id.value_or(0);
    return b.id;
  }

  void send_pa(tcap::dialogue_id d, std::int8_t invoke_id, const codec::bytes& arg) {
    tcap::invoke_req pa;
    pa.invoke_id = invoke_id;
    pa.opcode = op::play_announcement;
    pa.parameter = arg;
    ASSERT_TRUE(scp_layer_->invoke(d, pa));
    ASSERT_TRUE(scp_layer_->continue_(d));
  }

  std::int8_t ari_invoke_ = 0;
};

TEST_F(assist_test, ari_play_announcement_srr_then_the_ssf_byes) {
  const auto alaw = announcements_.add(42, g711_law::alaw, 5);
  start();
  auto ok = establish("4960412345678", "a1", "8 0");
  ASSERT_TRUE(ok);
  const auto d = expect_ari(codec::ac::cap_v4_gsmsrf_gsmscf, "12345678", v4);
  ASSERT_NE(d, 0U);
  send_pa(d, 1, play(42, 2, true));
  // Played twice, then the SRR linked to the PA's invoke id.
  ASSERT_TRUE(run_until([&] { return scp_.dialogues.size() >= 2; }));
  const auto& srr = scp_.dialogues[1];
  EXPECT_EQ(srr.type, tcap::dialogue_ind_kind::continue_);
  ASSERT_EQ(srr.components.size(), 1U);
  EXPECT_EQ(srr.components[0].code, op::specialized_resource_report);
  EXPECT_EQ(srr.components[0].linked_id, std::optional<std::int8_t>(1));
  EXPECT_TRUE(codec::decode_specialized_resource_report(
      v4, srr.components[0].parameter.value_or(codec::bytes{})));
  std::vector<std::uint8_t> want = alaw;
  want.insert(want.end(), alaw.begin(), alaw.end());
  EXPECT_EQ(stream_bytes(8), want);
  // SCP: TC-END; the SSF releases the bearer (DFC -> BYE) within the grace.
  ASSERT_TRUE(scp_layer_->end(d));
  run_for(std::chrono::milliseconds(50));
  EXPECT_EQ(ip_->call_count(), 1U);
  send_sip(in_dialog("BYE", *ok, 2, "a1-bye"));
  ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
  EXPECT_FALSE(request("BYE", "a1"));
  EXPECT_EQ(ip_->stats().srr_sent, 1U);
  EXPECT_EQ(ip_->stats().pa_received, 1U);
  EXPECT_EQ(ip_->dialogue_count(), 0U);
  EXPECT_EQ(scp_layer_->dialogue_count(), 0U);
}

// inbandInfo interval: a second of silence (50 frames) between the two
// repetitions, in the same stream.
TEST_F(assist_test, play_announcement_interval_is_silence_between_repetitions) {
  const auto alaw = announcements_.add(44, g711_law::alaw, 3);
  start();
  auto ok = establish("4960412345678", "a6", "8");
  ASSERT_TRUE(ok);
  const auto d = expect_ari(codec::ac::cap_v4_gsmsrf_gsmscf, "12345678", v4);
  ASSERT_NE(d, 0U);
  send_pa(d, 1, play(44, 2, true, v4, 1));
  ASSERT_TRUE(run_until([&] { return scp_.dialogues.size() >= 2; }));
  EXPECT_EQ(scp_.dialogues[1].components.at(0).code, op::specialized_resource_report);
  std::vector<std::uint8_t> want = alaw;
  want.insert(want.end(), 50 * media::playout_frame_bytes, 0xD5);
  want.insert(want.end(), alaw.begin(), alaw.end());
  EXPECT_EQ(stream_bytes(8), want);
  ASSERT_TRUE(scp_layer_->end(d));
  send_sip(in_dialog("BYE", *ok, 2, "a6-bye"));
  ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
}

TEST_F(assist_test, ip_releases_after_the_grace_when_no_bye_comes) {
  announcements_.add(42, g711_law::ulaw, 3);
  start();
  ASSERT_TRUE(establish("4960212345678", "a2", "0"));
  const auto d =
      expect_ari(codec::ac::cap_v2_gsmsrf_to_gsmscf, "12345678", codec::protocol_variant::cap_v2);
  ASSERT_NE(d, 0U);
  send_pa(d, 3, play(42, std::nullopt, true, codec::protocol_variant::cap_v2));
  ASSERT_TRUE(run_until([&] { return scp_.dialogues.size() >= 2; }));
  ASSERT_TRUE(scp_layer_->end(d));
  ASSERT_TRUE(run_until([&] { return request("BYE", "a2").has_value(); }));
  answer(*request("BYE", "a2"));
  EXPECT_EQ(rtp_in_.size(), 3U);
}

TEST_F(assist_test, inap_goes_to_the_inap_ssn_without_report_when_not_asked) {
  announcements_.add(42, g711_law::alaw, 3);
  start();
  ASSERT_TRUE(establish("4960187654321", "a3", "8"));
  ASSERT_TRUE(run_until([&] { return !scp_.dialogues.empty(); }));
  EXPECT_EQ(sccp_.a().sent.front().called.ssn, std::optional<std::uint8_t>(241));
  const auto d =
      expect_ari(codec::ac::inap_cs1_ip_to_scp, "87654321", codec::protocol_variant::inap_cs1);
  send_pa(d, 1, play(42, 1, false, codec::protocol_variant::inap_cs1));
  ASSERT_TRUE(run_until([&] { return ip_->stats().plays_completed == 1; }));
  run_for(std::chrono::milliseconds(50));
  EXPECT_EQ(scp_.dialogues.size(), 1U);  // no SRR
  EXPECT_EQ(ip_->stats().srr_sent, 0U);
  ASSERT_TRUE(scp_layer_->end(d));
  ASSERT_TRUE(run_until([&] { return request("BYE", "a3").has_value(); }));
  answer(*request("BYE", "a3"));
}

TEST_F(assist_test, unknown_correlation_id_error_ends_the_bearer_at_once) {
  start();
  ASSERT_TRUE(establish("4960312345678", "a4", "8"));
  const auto d =
      expect_ari(codec::ac::cap_v3_gsmsrf_gsmscf, "12345678", codec::protocol_variant::cap_v3);
  ASSERT_TRUE(scp_layer_->u_error(d, ari_invoke_, codec::error_code::unexpected_data_value));
  ASSERT_TRUE(scp_layer_->end(d));
  ASSERT_TRUE(
      run_until([&] { return request("BYE", "a4").has_value(); }, std::chrono::milliseconds(150)))
      << "BYE not sent before the release grace";
  answer(*request("BYE", "a4"));
  EXPECT_EQ(ip_->stats().scp_errors, 1U);
  EXPECT_TRUE(rtp_in_.empty());
}

TEST_F(assist_test, bye_during_the_play_ends_the_dialogue) {
  announcements_.add(42, g711_law::alaw, 50);
  start();
  auto ok = establish("4960412345678", "a5", "8");
  const auto d = expect_ari(codec::ac::cap_v4_gsmsrf_gsmscf, "12345678", v4);
  send_pa(d, 1, play(42, 5, true));
  ASSERT_TRUE(run_until([&] { return rtp_in_.size() >= 3; }));
  send_sip(in_dialog("BYE", *ok, 2, "a5-bye"));
  ASSERT_TRUE(run_until([&] { return scp_.dialogues.size() >= 2; }));
  EXPECT_EQ(scp_.dialogues[1].type, tcap::dialogue_ind_kind::end);
  EXPECT_TRUE(scp_.dialogues[1].components.empty());
  EXPECT_EQ(ip_->call_count(), 0U);
  EXPECT_EQ(scp_layer_->dialogue_count(), 0U);
}

TEST_F(assist_test, bad_play_announcement_is_rejected_and_unknown_id_is_an_error) {
  start();
  auto ok = establish("4960412345678", "a6", "8");
  const auto d = expect_ari(codec::ac::cap_v4_gsmsrf_gsmscf, "12345678", v4);
  send_pa(d, 1, codec::bytes{0x30, 0x03, 0x80, 0x01, 0x05});  // BER, but not a PlayAnnouncementArg
  ASSERT_TRUE(run_until([&] { return scp_.dialogues.size() >= 2; }));
  ASSERT_FALSE(scp_.dialogues[1].components.empty());
  const auto& rej = scp_.dialogues[1].components[0];
  EXPECT_TRUE(rej.type == kind::u_reject || rej.type == kind::r_reject)
      << static_cast<int>(rej.type);
  EXPECT_EQ(rej.problem, tcap::reject_problem::of(tcap::invoke_problem::mistyped_parameter))
      << static_cast<int>(rej.problem.kind) << "/" << static_cast<int>(rej.problem.code);
  send_pa(d, 2, play(777, 1, true));  // no such announcement
  ASSERT_TRUE(run_until([&] { return scp_.dialogues.size() >= 3; }));
  ASSERT_FALSE(scp_.dialogues[2].components.empty());
  EXPECT_EQ(scp_.dialogues[2].components[0].type, kind::u_error);
  EXPECT_EQ(scp_.dialogues[2].components[0].code, codec::error_code::unavailable_resource);
  send_sip(in_dialog("BYE", *ok, 2, "a6-bye"));
  ASSERT_TRUE(
      run_until([&] { return ip_->call_count() == 0 && scp_layer_->dialogue_count() == 0; }));
}

TEST_F(assist_test, no_instruction_releases_the_bearer) {
  config_.instruction_timeout = std::chrono::milliseconds(200);
  start();
  ASSERT_TRUE(establish("4960412345678", "a7", "8"));
  ASSERT_TRUE(run_until([&] { return request("BYE", "a7").has_value(); }));
  answer(*request("BYE", "a7"));
  EXPECT_EQ(ip_->stats().instruction_timeouts, 1U);
  // Still initiation-sent on the IP side: ended locally (Q.774), nothing left.
  EXPECT_EQ(ip_->dialogue_count(), 0U);
}

}  // namespace
}  // namespace cmr::in::ip::test
