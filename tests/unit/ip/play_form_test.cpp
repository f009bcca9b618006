// The play= form over loopback: a raw-socket UAC, the RTP compared byte for
// byte with the rendition, the IP's BYE at the end.
#include "tests/unit/ip/ip_fixture.h"

namespace cmr::in::ip::test {
namespace {

using media::g711_law;

std::vector<std::uint8_t> repeated(const std::vector<std::uint8_t>& b, std::size_t n) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < n; ++i) out.insert(out.end(), b.begin(), b.end());
  return out;
}

TEST_F(ip_test, play_form_plays_repetitions_then_byes) {
  const auto alaw = announcements_.add(42, g711_law::alaw, 6);
  announcements_.add(42, g711_law::ulaw, 6);
  start();
  auto ok = establish("annc;play=cmr:42;repeat=3", "c1");
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok->header("Content-Type"), "application/sdp");
  EXPECT_NE(ok->body.find("m=audio "), std::string::npos);
  EXPECT_NE(ok->body.find("RTP/AVP 8\r\n"), std::string::npos) << ok->body;  // first offered
  EXPECT_NE(ok->body.find("a=sendonly"), std::string::npos);
  ASSERT_TRUE(run_until([&] { return request("BYE", "c1").has_value(); }));
  const auto bye = *request("BYE", "c1");
  answer(bye);
  EXPECT_EQ(stream_bytes(8), repeated(alaw, 3));
  ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
  EXPECT_EQ(ip_->stats().plays_completed, 1U);
  EXPECT_EQ(ip_->stats().byes_sent, 1U);
  EXPECT_EQ(ip_->stats().play_form, 1U);
  // The BYE belongs to the dialog: the 200's tags, CSeq 1 BYE from the IP.
  EXPECT_EQ(bye.to()->tag(), "uac-c1");
  EXPECT_EQ(bye.from()->tag(), ok->to()->tag());
}

// RFC 4240 delay: silence between the repetitions (30 ms rounds up to two
// 20 ms frames), none after the last.
TEST_F(ip_test, play_form_delay_puts_silence_between_repetitions) {
  const auto alaw = announcements_.add(43, g711_law::alaw, 4);
  announcements_.add(43, g711_law::ulaw, 4);
  start();
  ASSERT_TRUE(establish("annc;play=cmr:43;repeat=3;delay=30", "c5"));
  ASSERT_TRUE(run_until([&] { return request("BYE", "c5").has_value(); }));
  answer(*request("BYE", "c5"));
  const std::vector<std::uint8_t> pause(2 * media::playout_frame_bytes, 0xD5);
  auto want = alaw;
  want.insert(want.end(), pause.begin(), pause.end());
  want.insert(want.end(), alaw.begin(), alaw.end());
  want.insert(want.end(), pause.begin(), pause.end());
  want.insert(want.end(), alaw.begin(), alaw.end());
  EXPECT_EQ(stream_bytes(8), want);
  ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
}

TEST_F(ip_test, pcmu_chosen_from_the_offer_and_duration_cuts_the_play) {
  announcements_.add(7, g711_law::alaw, 50);
  const auto ulaw = announcements_.add(7, g711_law::ulaw, 50);
  start();
  // RFC 4240 duration in ms: 100 ms = 5 frames of 20 ms.
  auto ok = establish("annc;play=cmr:7;duration=100", "c2", "0");
  ASSERT_TRUE(ok);
  EXPECT_NE(ok->body.find("RTP/AVP 0\r\n"), std::string::npos) << ok->body;
  ASSERT_TRUE(run_until([&] { return request("BYE", "c2").has_value(); }));
  answer(*request("BYE", "c2"));
  EXPECT_EQ(stream_bytes(0), std::vector<std::uint8_t>(ulaw.begin(), ulaw.begin() + 5 * 160));
}

TEST_F(ip_test, bye_from_the_peer_stops_the_play) {
  announcements_.add(5, g711_law::alaw, 10);
  start();
  auto ok = establish("annc;play=cmr:5;repeat=forever", "c3", "8");
  ASSERT_TRUE(ok);
  ASSERT_TRUE(run_until([&] { return rtp_in_.size() >= 3; }));
  send_sip(in_dialog("BYE", *ok, 2, "c3-bye"));
  ASSERT_TRUE(run_until([&] { return response(200, "c3").has_value() && ip_->call_count() == 0; }));
  bool bye_ok = false;
  for (const auto& m : sip_in_)
    if (m.is_response() && m.status == 200 && m.cseq() && m.cseq()->method == "BYE") bye_ok = true;
  EXPECT_TRUE(bye_ok);
  run_for(std::chrono::milliseconds(100));
  const auto n = rtp_in_.size();
  run_for(std::chrono::milliseconds(100));
  EXPECT_EQ(rtp_in_.size(), n) << "RTP continued after BYE";
  EXPECT_EQ(ip_->stats().byes_received, 1U);
  EXPECT_EQ(ip_->stats().byes_sent, 0U);
}

TEST_F(ip_test, max_call_duration_releases_the_bearer) {
  announcements_.add(5, g711_law::alaw, 10);
  config_.max_call_duration = std::chrono::milliseconds(300);
  start();
  ASSERT_TRUE(establish("annc;play=cmr:5;repeat=forever", "c4", "8"));
  ASSERT_TRUE(run_until([&] { return request("BYE", "c4").has_value(); }));
  answer(*request("BYE", "c4"));
  EXPECT_EQ(ip_->stats().max_duration_releases, 1U);
  EXPECT_GE(rtp_in_.size(), 5U);
}

TEST_F(ip_test, unknown_announcement_is_404_and_no_common_codec_is_488) {
  announcements_.add(9, g711_law::alaw, 4);  // A-law only
  start();
  send_sip(invite("annc;play=cmr:10", "r1", offer("8 0")));
  send_sip(invite("annc;play=cmr:9", "r2", offer("0")));   // u-law only offered
  send_sip(invite("annc;play=cmr:9", "r3", offer("18")));  // G.729 only
  send_sip(invite("annc;play=cmr:9", "r4", ""));           // no offer
  send_sip(invite("4970012345678", "r5", offer("8")));     // unknown prefix
  send_sip(invite("annc;play=cmr:9;repeat=0", "r6", offer("8")));
  ASSERT_TRUE(run_until([&] {
    return response(404, "r1") && response(488, "r2") && response(488, "r3") &&
           response(488, "r4") && response(404, "r5") && response(400, "r6");
  }));
  EXPECT_EQ(ip_->stats().rejected_404, 2U);
  EXPECT_EQ(ip_->stats().rejected_488, 3U);
  EXPECT_EQ(ip_->call_count(), 0U);
  EXPECT_TRUE(rtp_in_.empty());
}

TEST_F(ip_test, malformed_and_unsupported_requests_are_answered) {
  announcements_.add(9, g711_law::alaw, 4);
  start();
  // Garbage and a request without From/To/CSeq: dropped (nothing to answer
  // to); the node keeps serving.
  send_sip("INVITE sip:annc@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" +
           std::to_string(uac_port()) + ";branch=z9hG4bK-bad\r\nCall-ID: bad\r\n\r\n");
  send_sip("\x01\x02 not sip at all\r\n\r\n");
  // Require: an extension the IP does not have -> 420.
  send_sip(invite("annc;play=cmr:9", "u1", offer("8"), "Require: foo\r\n"));
  // A method it does not implement -> 405/501 with Allow.
  auto sub = invite("annc;play=cmr:9", "u2", "");
  sub.replace(0, 6, "SUBSCRIBE");
  sub.replace(sub.find("CSeq: 1 INVITE"), 14, "CSeq: 1 SUBSCRIBE");
  send_sip(sub);
  // BYE for no call -> 481.
  auto bye = invite("annc", "u3", "");
  bye.replace(0, 6, "BYE");
  bye.replace(bye.find("CSeq: 1 INVITE"), 14, "CSeq: 1 BYE");
  send_sip(bye);
  ASSERT_TRUE(
      run_until([&] { return response(420, "u1") && response(405, "u2") && response(481, "u3"); },
                std::chrono::seconds(3)))
      << [&] {
           std::string got;
           for (const auto& m : sip_in_) got += m.summary() + " " + m.call_id() + "\n";
           return got;
         }();
  EXPECT_TRUE(response(405, "u2")->has_header("Allow"));
  // Still serving.
  ASSERT_TRUE(establish("annc;play=cmr:9", "ok1", "8"));
  ASSERT_TRUE(run_until([&] { return request("BYE", "ok1").has_value(); }));
  answer(*request("BYE", "ok1"));
}

TEST_F(ip_test, routing_form_without_tcap_layer_is_503) {
  start(false);
  send_sip(invite("4960412345678", "n1", offer("8")));
  ASSERT_TRUE(run_until([&] { return response(503, "n1").has_value(); }));
}

}  // namespace
}  // namespace cmr::in::ip::test
