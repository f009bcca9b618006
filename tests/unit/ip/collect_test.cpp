// On-line copy at the IP (docs/cs-delivery.md "On-line copy"): the routing
// form's bearer answered sendrecv with telephone-event, a scripted SCP's
// PromptAndCollectUserInformation, the caller's key as RFC 4733 events or
// in-band DTMF in PCMA from the test's RTP socket, ReceivedInformation back;
// improperCallerResponse without a key; the built-in prompt by its reserved
// id; keys nobody waits for; a bearer that sends nothing is refused.
#include "in/builtin_prompts.h"
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/ip/log.h"
#include "media/dtmf/prompts.h"
#include "tests/common/fsm_trace.h"
#include "media/dtmf/rtp_keys.h"
#include "tests/unit/ip/ip_fixture.h"

namespace cmr::in::ip::test {
namespace {

using media::g711_law;
namespace op = codec::opcode;
using kind = tcap::component_ind::kind;
constexpr auto v2 = codec::protocol_variant::cap_v2;

class collect_test : public ip_test {
protected:
  std::string offer_with_events(bool events, const std::string& dir = "") const {
    std::string o = "v=0\r\no=ssf 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " +
                    std::to_string(rtp_port()) + " RTP/AVP 8" + (events ? " 101" : "") +
                    "\r\na=rtpmap:8 PCMA/8000\r\n";
    if (events) o += "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n";
    if (!dir.empty()) o += "a=" + dir + "\r\n";
    return o;
  }
  // INVITE to the CAP v2 prefix + correlation, 200, ACK; the ARI's dialogue.
  tcap::dialogue_id connect(bool events, const std::string& dir = "") {
    send_sip(invite("4960212345678", "k1", offer_with_events(events, dir)));
    if (!run_until([&] { return response(200, "k1").has_value(); })) return 0;
    ok_ = *response(200, "k1");
    send_sip(in_dialog("ACK", *ok_, 1, "k1-ack"));
    const auto m = ok_->body.find("m=audio ");
    ip_rtp_port_ = static_cast<std::uint16_t>(std::stoi(ok_->body.substr(m + 8)));
    if (!run_until([&] { return !scp_.dialogues.empty(); })) return 0;
    return scp_.dialogues.front().id;
  }
  void send_pacui(tcap::dialogue_id d, std::int8_t id, std::uint32_t annc, std::uint8_t reps) {
    codec::prompt_and_collect p;
    p.digits.minimum_digits = 1;
    p.digits.maximum_digits = 1;
    p.digits.first_digit_timeout_s = 1;
    p.digits.interruptable_ann_ind = true;
    codec::play_announcement info;
    info.message_id = annc;
    info.number_of_repetitions = reps;
    p.information = info;
    tcap::invoke_req r;
    r.invoke_id = id;
    r.opcode = op::prompt_and_collect_user_information;
    r.parameter = codec::encode_prompt_and_collect(v2, p);
    ASSERT_TRUE(scp_layer_->invoke(d, r));
    ASSERT_TRUE(scp_layer_->continue_(d));
  }
  void send_pa(tcap::dialogue_id d, std::int8_t id, std::uint32_t annc) {
    codec::play_announcement pa;
    pa.message_id = annc;
    pa.number_of_repetitions = 1;
    pa.request_announcement_complete = true;
    tcap::invoke_req r;
    r.invoke_id = id;
    r.opcode = op::play_announcement;
    r.parameter = codec::encode_play_announcement(v2, pa);
    ASSERT_TRUE(scp_layer_->invoke(d, r));
    ASSERT_TRUE(scp_layer_->continue_(d));
  }
  void send_rtp(const std::vector<std::uint8_t>& pkt) {
    rtp_.send_to(boost::asio::buffer(pkt),
                 udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), ip_rtp_port_));
  }
  // RFC 4733 packets of `key` at their offsets.
  void press_rfc4733(char key) {
    const auto start = clock_type::now();
    for (const auto& p : media::dtmf::rfc4733_key_packets(key, 101, seq_, 1000, 0x1234)) {
      run_until([&] { return clock_type::now() >= start + std::chrono::milliseconds(p.offset_ms); });
      send_rtp(p.bytes);
      ++seq_;
    }
  }
  // In-band tones in PCMA, one RTP packet per 20 ms frame.
  void press_inband(char key) {
    std::uint32_t ts = 5000;
    for (const auto& f : media::dtmf::inband_key_frames(key, g711_law::alaw)) {
      std::vector<std::uint8_t> pkt{0x80, 8, static_cast<std::uint8_t>(seq_ >> 8),
                                    static_cast<std::uint8_t>(seq_), static_cast<std::uint8_t>(ts >> 24),
                                    static_cast<std::uint8_t>(ts >> 16), static_cast<std::uint8_t>(ts >> 8),
                                    static_cast<std::uint8_t>(ts), 0, 0, 0x56, 0x78};
      pkt.insert(pkt.end(), f.begin(), f.end());
      send_rtp(pkt);
      ++seq_;
      ts += 160;
      run_for(std::chrono::milliseconds(20));
    }
  }
  // The SCP's n-th indication carries a ReturnResult with these digits.
  void expect_digits(std::size_t n, const std::string& digits) {
    ASSERT_TRUE(run_until([&] { return scp_.dialogues.size() > n; }));
    const auto& ind = scp_.dialogues[n];
    ASSERT_EQ(ind.components.size(), 1U);
    const auto& c = ind.components[0];
    ASSERT_EQ(c.type, kind::result_last);
    EXPECT_EQ(c.code, op::prompt_and_collect_user_information);
    auto r = codec::decode_received_information(v2, c.parameter.value_or(codec::bytes{}));
    ASSERT_TRUE(r);
    EXPECT_EQ(codec::decode_collected_digits(r->digits), digits);
  }
  void end_call(tcap::dialogue_id d) {
    ASSERT_TRUE(scp_layer_->end(d));
    ASSERT_TRUE(run_until([&] { return ip_->dialogue_count() == 0; }));  // TC-END first, then the BYE
    send_sip(in_dialog("BYE", *ok_, 2, "k1-bye"));
    ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
    EXPECT_EQ(ip_->dialogue_count(), 0U);
  }

  cmr::testing::fsm_trace trace{log_ip, "ip(bearer=", "tests/unit/ip/golden"};
  std::optional<sip::message> ok_;
  std::uint16_t ip_rtp_port_ = 0;
  std::uint16_t seq_ = 100;
};

TEST_F(collect_test, rfc4733_star_interrupts_the_ringback_and_the_prompt_follows) {
  announcements_.add(42, g711_law::alaw, 500);  // 10 s: the key comes first
  start();
  const auto d = connect(true);
  ASSERT_NE(d, 0U);
  EXPECT_NE(ok_->body.find("a=sendrecv"), std::string::npos) << ok_->body;
  EXPECT_NE(ok_->body.find("a=rtpmap:101 telephone-event/8000"), std::string::npos) << ok_->body;
  EXPECT_NE(ok_->body.find("a=fmtp:101 0-15"), std::string::npos) << ok_->body;
  EXPECT_NE(ok_->body.find("RTP/AVP 8 101"), std::string::npos) << ok_->body;
  send_pacui(d, 1, 42, 1);
  ASSERT_TRUE(run_until([&] { return rtp_in_.size() >= 10; }));
  press_rfc4733('*');
  expect_digits(1, "*");
  EXPECT_EQ(ip_->stats().keys_reported, 1U);
  // The ringback stopped at the key; the confirmation prompt plays next,
  // exactly the built-in prompt's bytes, and is reported.
  run_for(std::chrono::milliseconds(100));
  const auto before = rtp_in_.size();
  send_pa(d, 2, builtin_prompt_id(ringback::prompt_kind::confirmed));
  ASSERT_TRUE(run_until([&] { return scp_.dialogues.size() >= 3; }));
  EXPECT_EQ(scp_.dialogues[2].components.at(0).code, op::specialized_resource_report);
  std::vector<std::uint8_t> prompt;
  for (std::size_t i = before; i < rtp_in_.size(); ++i)
    if (rtp_in_[i].ssrc == rtp_in_.back().ssrc)
      prompt.insert(prompt.end(), rtp_in_[i].payload.begin(), rtp_in_[i].payload.end());
  EXPECT_EQ(prompt, media::dtmf::builtin_prompt(ringback::prompt_kind::confirmed, g711_law::alaw));
  end_call(d);
  trace.expect("routing_form_key_collected");
}

TEST_F(collect_test, inband_hash_is_detected_in_pcma) {
  announcements_.add(42, g711_law::alaw, 500);
  start();
  const auto d = connect(false);
  ASSERT_NE(d, 0U);
  EXPECT_NE(ok_->body.find("a=sendrecv"), std::string::npos);
  EXPECT_EQ(ok_->body.find("telephone-event"), std::string::npos);
  send_pacui(d, 1, 42, 1);
  ASSERT_TRUE(run_until([&] { return rtp_in_.size() >= 5; }));
  press_inband('#');
  expect_digits(1, "#");
  end_call(d);
}

TEST_F(collect_test, no_key_after_the_ringback_is_improper_caller_response) {
  announcements_.add(42, g711_law::alaw, 3);
  start();
  const auto d = connect(true);
  ASSERT_NE(d, 0U);
  send_pacui(d, 1, 42, 1);
  ASSERT_TRUE(run_until([&] { return scp_.dialogues.size() >= 2; }, std::chrono::seconds(5)));
  const auto& c = scp_.dialogues[1].components.at(0);
  EXPECT_EQ(c.type, kind::u_error);
  EXPECT_EQ(c.code, codec::error_code::improper_caller_response);
  EXPECT_EQ(ip_->stats().collect_timeouts, 1U);
  end_call(d);
  trace.expect("routing_form_no_key");
}

TEST_F(collect_test, a_silent_bearer_still_hears_the_ringback_and_ia5_is_refused) {
  const auto alaw = announcements_.add(42, g711_law::alaw, 3);
  start();
  // recvonly from the SSF: the IP hears nothing; it plays, no key can come.
  const auto d = connect(true, "recvonly");
  ASSERT_NE(d, 0U);
  EXPECT_NE(ok_->body.find("a=sendonly"), std::string::npos);
  EXPECT_EQ(ok_->body.find("telephone-event"), std::string::npos);
  send_pacui(d, 1, 42, 1);
  ASSERT_TRUE(run_until([&] { return scp_.dialogues.size() >= 2; }, std::chrono::seconds(5)));
  EXPECT_EQ(scp_.dialogues[1].components.at(0).code, codec::error_code::improper_caller_response);
  EXPECT_EQ(stream_bytes(8), alaw);
  // INAP's iA5Information is nothing this IP collects: taskRefused.
  codec::prompt_and_collect ia5;
  ia5.ia5_information = true;
  tcap::invoke_req r;
  r.invoke_id = 2;
  r.opcode = op::prompt_and_collect_user_information;
  r.parameter = codec::encode_prompt_and_collect(codec::protocol_variant::inap_cs1, ia5);
  ASSERT_TRUE(scp_layer_->invoke(d, r));
  ASSERT_TRUE(scp_layer_->continue_(d));
  ASSERT_TRUE(run_until([&] { return scp_.dialogues.size() >= 3; }));
  // The dialogue is CAP v2: the INAP alternative does not decode there.
  EXPECT_NE(scp_.dialogues[2].components.at(0).type, kind::result_last);
  end_call(d);
}

TEST_F(collect_test, key_during_a_plain_play_is_counted_not_reported) {
  announcements_.add(42, g711_law::alaw, 100);
  start();
  const auto d = connect(true);
  ASSERT_NE(d, 0U);
  send_pa(d, 1, 42);
  ASSERT_TRUE(run_until([&] { return rtp_in_.size() >= 5; }));
  press_rfc4733('5');
  ASSERT_TRUE(run_until([&] { return ip_->stats().keys_ignored >= 1; }));
  EXPECT_EQ(ip_->stats().keys_reported, 0U);
  // Garbage on the RTP port changes nothing.
  send_rtp({0x00, 0x01, 0x02});
  send_rtp(std::vector<std::uint8_t>(12, 0xff));
  run_for(std::chrono::milliseconds(50));
  EXPECT_EQ(scp_.dialogues.size(), 1U);
  end_call(d);
}

}  // namespace
}  // namespace cmr::in::ip::test
