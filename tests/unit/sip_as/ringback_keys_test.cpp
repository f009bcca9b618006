// On-line copy and presentation control on the SIP modes (spec 5.7,
// docs/sip.md): the SDP offer/answer of RFC 4733 telephone-event, the
// application/dtmf-relay parser (good and bad bodies), the pure helpers of
// sip/as/ringback_keys.h, and the Gateway-mode key path through SIP INFO on
// the B2BUA fixture with a fake copy port (RTP keys need a running stream:
// the integration tests).
#include "sip/as/ringback_keys.h"

#include <gtest/gtest.h>

#include "sip/as/media_sdp.h"
#include "sip/sdp/dtmf_relay.h"
#include "sip/sdp/telephone_event.h"
#include "tests/unit/sip_as/b2bua_fixture.h"

namespace cmr::sip::as::test {
namespace {

std::string offer_sdp(const std::string& formats, const std::string& maps,
                      const std::string& dir = "sendrecv") {
  return "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
         "m=audio 40000 RTP/AVP " +
         formats + "\r\n" + maps + "a=" + dir + "\r\n";
}

sdp::session_description parsed(const std::string& text) {
  auto sd = sdp::parse(text);
  EXPECT_TRUE(sd) << text;
  return sd ? std::move(*sd) : sdp::session_description{};
}

// --- telephone-event in SDP ---------------------------------------------------

TEST(telephone_event_sdp, finds_the_offered_payload_type) {
  auto sd = parsed(offer_sdp("8 0 96",
                             "a=rtpmap:8 PCMA/8000\r\na=rtpmap:96 telephone-event/8000\r\n"
                             "a=fmtp:96 0-16\r\n"));
  EXPECT_EQ(sdp::telephone_event_payload_type(sd.media[0]), 96);
  sd = parsed(offer_sdp("0 101", "a=rtpmap:101 Telephone-Event/8000\r\n"));
  EXPECT_EQ(sdp::telephone_event_payload_type(sd.media[0]), 101);
}

TEST(telephone_event_sdp, ignores_other_rates_unlisted_and_static_types) {
  // 16 kHz events do not go with 8 kHz G.711 (RFC 4733 7.1.1).
  auto sd = parsed(offer_sdp("8 97", "a=rtpmap:97 telephone-event/16000\r\n"));
  EXPECT_FALSE(sdp::telephone_event_payload_type(sd.media[0]));
  // An rtpmap for a payload type the m= line does not list.
  sd = parsed(offer_sdp("8", "a=rtpmap:101 telephone-event/8000\r\n"));
  EXPECT_FALSE(sdp::telephone_event_payload_type(sd.media[0]));
  // A static payload type is no place for events.
  sd = parsed(offer_sdp("8 13", "a=rtpmap:13 telephone-event/8000\r\n"));
  EXPECT_FALSE(sdp::telephone_event_payload_type(sd.media[0]));
  sd = parsed(offer_sdp("8 0", "a=rtpmap:8 PCMA/8000\r\n"));
  EXPECT_FALSE(sdp::telephone_event_payload_type(sd.media[0]));
}

TEST(telephone_event_sdp, answer_uses_the_callers_payload_type) {
  const auto offer =
      parsed(offer_sdp("8 0 96", "a=rtpmap:8 PCMA/8000\r\na=rtpmap:96 telephone-event/8000\r\n"));
  local_media local{"127.0.0.1", 30000, "1234567890", 1};
  const auto pt = answer_event_payload_type(offer, 0, true);
  ASSERT_EQ(pt, 96);
  const auto answer =
      parsed(make_answer(offer, 0, local, media::g711_law::alaw, sdp::direction::sendrecv, pt));
  ASSERT_EQ(answer.media.size(), 1U);
  EXPECT_EQ(answer.media[0].formats, (std::vector<std::string>{"8", "96"}));
  EXPECT_EQ(sdp::telephone_event_payload_type(answer.media[0]), 96);
  EXPECT_EQ(answer.media[0].attributes("fmtp"), (std::vector<std::string>{"96 0-15"}));
  EXPECT_EQ(answer.media_direction(0), sdp::direction::sendrecv);
}

TEST(telephone_event_sdp, answer_without_events_when_none_offered_or_not_wanted) {
  const auto plain = parsed(offer_sdp("8 0", "a=rtpmap:8 PCMA/8000\r\n"));
  EXPECT_FALSE(answer_event_payload_type(plain, 0, true));  // in-band detection only
  const auto with = parsed(offer_sdp("8 96", "a=rtpmap:96 telephone-event/8000\r\n"));
  EXPECT_FALSE(answer_event_payload_type(with, 0, false));  // presentation control off
  EXPECT_FALSE(answer_event_payload_type(with, 7, true));   // no such stream
  local_media local{"127.0.0.1", 30000, "1234567890", 1};
  const auto text =
      make_answer(plain, 0, local, media::g711_law::alaw, sdp::direction::sendrecv, std::nullopt);
  EXPECT_EQ(text.find("telephone-event"), std::string::npos);
}

TEST(telephone_event_sdp, offer_lists_events_sendrecv) {
  local_media local{"127.0.0.1", 30000, "1234567890", 1};
  const auto offer =
      parsed(make_offer(local, {media::g711_law::alaw, media::g711_law::ulaw},
                        sdp::k_default_event_payload_type, sdp::direction::sendrecv));
  EXPECT_EQ(offer.media[0].formats, (std::vector<std::string>{"8", "0", "101"}));
  EXPECT_EQ(sdp::telephone_event_payload_type(offer.media[0]), 101);
  EXPECT_EQ(offer.media_direction(0), sdp::direction::sendrecv);
  // Without presentation control the offer stays what it was: send-only G.711.
  const auto old = parsed(make_offer(local, {media::g711_law::alaw}));
  EXPECT_EQ(old.media[0].formats, (std::vector<std::string>{"8"}));
  EXPECT_EQ(old.media_direction(0), sdp::direction::sendonly);
}

// --- application/dtmf-relay --------------------------------------------------

TEST(dtmf_relay, parses_keys_and_duration) {
  auto r = sdp::parse_dtmf_relay("Signal=*\r\nDuration=160\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->key, '*');
  EXPECT_EQ(r->duration_ms, 160U);
  r = sdp::parse_dtmf_relay("signal = 5\nduration= 100");  // LF, blanks, any case
  ASSERT_TRUE(r);
  EXPECT_EQ(r->key, '5');
  r = sdp::parse_dtmf_relay("Signal=#");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->key, '#');
  EXPECT_FALSE(r->duration_ms);
  r = sdp::parse_dtmf_relay("Signal=10\r\n");  // the RFC 4733 event code of '*'
  ASSERT_TRUE(r);
  EXPECT_EQ(r->key, '*');
  r = sdp::parse_dtmf_relay("Signal=d\r\nX-Vendor=1\r\n");  // unknown names ignored
  ASSERT_TRUE(r);
  EXPECT_EQ(r->key, 'D');
}

TEST(dtmf_relay, refuses_bad_bodies) {
  for (const char* bad :
       {"", "\r\n", "Duration=160\r\n", "Signal=\r\n", "Signal=E\r\n", "Signal=16\r\n",
        "Signal=200\r\n", "Signal=**\r\n", "Signal\r\n", "garbage", "Signal=1\r\nSignal=2\r\n",
        "Signal=1\r\nDuration=abc\r\n", "Signal=1\r\nDuration=0\r\n", "Signal=1\r\nDuration=-5\r\n",
        "Signal=1\r\nDuration=99999999999\r\n"})
    EXPECT_FALSE(sdp::parse_dtmf_relay(bad)) << bad;
  EXPECT_FALSE(sdp::parse_dtmf_relay(std::string(2000, 'S')));
  EXPECT_FALSE(sdp::parse_dtmf_relay(std::string("Signal=\0\r\n", 10)));
  EXPECT_FALSE(sdp::parse_dtmf_relay("Signal=\xff\r\n"));
  const auto r = sdp::parse_dtmf_relay("Signal=E\r\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "bad Signal 'E'");
}

// --- helpers -------------------------------------------------------------------

TEST(ringback_keys, skip_walks_the_box_after_the_current_resource) {
  const std::vector<std::string> box{"r1", "r2", "r3"};
  EXPECT_EQ(skip_candidates(box, "r1"), (std::vector<std::string>{"r2", "r3"}));
  EXPECT_EQ(skip_candidates(box, "r3"), (std::vector<std::string>{"r1", "r2"}));
  EXPECT_EQ(skip_candidates(box, "rx"), box);  // after a forward: from the start
  EXPECT_TRUE(skip_candidates({"r1"}, "r1").empty());
  EXPECT_TRUE(skip_candidates({}, "r1").empty());
}

message response_with(const std::string& text) {
  auto m = parse_message(text);
  EXPECT_TRUE(m) << text;
  return m ? std::move(*m) : message{};
}

TEST(ringback_keys, forwarded_to_number_from_history_info_else_contact) {
  const std::string head =
      "SIP/2.0 181 Call Is Being Forwarded\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1\r\n"
      "From: <sip:1@x>;tag=1\r\nTo: <sip:2@x>;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n";
  auto r = response_with(head +
                         "History-Info: <sip:+49-170-0000001@x;user=phone>;index=1, "
                         "<sip:+491700000005@x;user=phone?Reason=SIP%3Bcause%3D302>;index=1.1\r\n"
                         "Contact: <sip:bob@192.0.2.30>\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(forwarded_to_number(r), "491700000005");
  r = response_with(head + "Contact: <sip:+491700000007@192.0.2.30>\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(forwarded_to_number(r), "491700000007");
  r = response_with(head + "Contact: <sip:bob@192.0.2.30>\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(forwarded_to_number(r), "");
  r = response_with(head + "History-Info: garbage<<\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(forwarded_to_number(r), "");
}

TEST(ringback_keys, network_announcement_is_an_18x_with_sdp_that_may_send) {
  const std::string body = sdp("net", 41000);
  auto make = [&](int status, const std::string& pem, bool with_body) {
    return response_with("SIP/2.0 " + std::to_string(status) +
                         " X\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1\r\n"
                         "From: <sip:1@x>;tag=1\r\nTo: <sip:2@x>;tag=2\r\nCall-ID: c\r\n"
                         "CSeq: 1 INVITE\r\n" +
                         pem + (with_body ? "Content-Type: application/sdp\r\n" : "") +
                         "Content-Length: " + std::to_string(with_body ? body.size() : 0) +
                         "\r\n\r\n" + (with_body ? body : ""));
  };
  EXPECT_TRUE(is_network_announcement(make(183, "", true)));
  EXPECT_TRUE(is_network_announcement(make(182, "P-Early-Media: sendonly\r\n", true)));
  EXPECT_FALSE(is_network_announcement(make(183, "P-Early-Media: inactive\r\n", true)));
  EXPECT_FALSE(is_network_announcement(make(183, "", false)));
  EXPECT_FALSE(is_network_announcement(make(180, "", true)));
}

// --- the key path on the B2BUA (Gateway mode, SIP INFO) --------------------------

class fake_copies final : public ringback::copy_port {
public:
  void copy(ringback::copy_request req, std::function<void(ringback::copy_outcome)> done) override {
    asked.push_back(std::move(req));
    done(outcome);  // the real one answers on a store thread; the fixture's post runs it
  }
  ringback::copy_outcome outcome = ringback::copy_outcome::copied;
  std::vector<ringback::copy_request> asked;
};

constexpr const char* k_gateway_caller =
    "Supported: 100rel\r\nAllow: INVITE, ACK, CANCEL, BYE, PRACK, UPDATE, INFO\r\n"
    "P-Early-Media: supported\r\n";

class ringback_keys_b2bua : public b2bua_test {
protected:
  void SetUp() override { settings.max_keys_per_call = 5; }
  // A Gateway-mode (or forking) call ringing with the CMRBT played;
  // `events`: the caller's offer lists telephone-event 96.
  void ringing(bool events = true, delivery_mode mode = delivery_mode::gateway) {
    start(mode, delivery_mode::off);
    b2b_->set_ringback(&copies, &settings);
    std::string invite = a_invite(k_gateway_caller);
    if (events) {
      const std::string old_sdp = sdp("alice", 40000);
      const std::string new_sdp =
          "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
          "m=audio 40000 RTP/AVP 8 0 96\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n"
          "a=rtpmap:96 telephone-event/8000\r\na=fmtp:96 0-15\r\n";
      invite.replace(invite.find("Content-Length: " + std::to_string(old_sdp.size())),
                     std::string::npos,
                     "Content-Length: " + std::to_string(new_sdp.size()) + "\r\n\r\n" + new_sdp);
    }
    from_a(invite);
    b_responds(180);
    if (mode == delivery_mode::forking) {
      ring = a_got(183);  // the AS's forked early dialog
      ASSERT_TRUE(ring);
      from_a(a_in_dialog("PRACK", *ring, 2, "prack",
                         "RAck: " + *ring->header("RSeq") + " 1 INVITE\r\n"));
      return;
    }
    ring = a_got(180);
    ASSERT_TRUE(ring);
    from_a(a_in_dialog("PRACK", *ring, 2, "prack",
                       "RAck: " + *ring->header("RSeq") + " 1 INVITE\r\n"));
  }
  // INFO from the caller in its dialog; the response it got.
  std::optional<message> info(const std::string& content_type, const std::string& body) {
    const std::string branch = "info" + std::to_string(cseq_);
    std::string req =
        a_in_dialog("INFO", *ring, cseq_++, branch,
                    content_type.empty() ? "" : "Content-Type: " + content_type + "\r\n");
    req.replace(req.find("Content-Length: 0\r\n\r\n"), std::string::npos,
                "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    from_a(req);
    pump();
    for (const auto& m : sent_to(caller))
      if (m.is_response() && m.cseq() && m.cseq()->method == "INFO" &&
          m.header("Via")->find(branch) != std::string::npos)
        return m;
    return std::nullopt;
  }
  int info_status(const std::string& content_type, const std::string& body) {
    const auto r = info(content_type, body);
    return r ? r->status : 0;
  }

  ringback::presentation_settings settings;
  fake_copies copies;
  std::optional<message> ring;
  std::uint32_t cseq_ = 3;
};

TEST_F(ringback_keys_b2bua, gateway_answer_offers_the_callers_event_type) {
  ringing(true);
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  auto sd = parsed(ring->body);
  EXPECT_EQ(sdp::telephone_event_payload_type(sd.media[0]), 96);
  EXPECT_EQ(sd.media_direction(0), sdp::direction::sendrecv);
}

TEST_F(ringback_keys_b2bua, gateway_answer_without_events_when_none_offered) {
  ringing(false);
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  EXPECT_EQ(ring->body.find("telephone-event"), std::string::npos);
  // The INFO fallback still works.
  EXPECT_EQ(info_status("application/dtmf-relay", "Signal=*\r\nDuration=160\r\n"), 200);
  EXPECT_EQ(copies.asked.size(), 1U);
}

TEST_F(ringback_keys_b2bua, presentation_control_off_offers_nothing_and_relays_info) {
  settings.enabled = false;
  ringing(true);
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  EXPECT_EQ(ring->body.find("telephone-event"), std::string::npos);
  (void)info("application/dtmf-relay", "Signal=*\r\n");
  EXPECT_TRUE(copies.asked.empty());
  EXPECT_TRUE(last_to(callee, "INFO"));  // relayed as before
}

TEST_F(ringback_keys_b2bua, info_copy_once_then_repeated_presses_do_not_copy) {
  ringing();
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  EXPECT_EQ(info_status("application/dtmf-relay", "Signal=*\r\nDuration=160\r\n"), 200);
  ASSERT_EQ(copies.asked.size(), 1U);
  EXPECT_EQ(copies.asked[0].caller, "491700000002");
  EXPECT_EQ(copies.asked[0].owner, k_owner);
  EXPECT_EQ(copies.asked[0].resource_id, "r1");
  EXPECT_EQ(info_status("application/dtmf-relay", "Signal=*\r\n"), 200);
  EXPECT_EQ(copies.asked.size(), 1U);
  const auto& ks = b2b_->key_stats();
  EXPECT_EQ(ks.copied.load(), 1U);
  EXPECT_EQ(ks.copy_repeated.load(), 1U);
  EXPECT_EQ(ks.keys_info.load(), 2U);
  EXPECT_EQ(ks.prompts.load(), 1U);       // the confirmation
  EXPECT_FALSE(last_to(callee, "INFO"));  // keys are this server's, not relayed
}

TEST_F(ringback_keys_b2bua, refusals_are_counted_and_prompted) {
  copies.outcome = ringback::copy_outcome::privacy_refused;
  ringing();
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  EXPECT_EQ(info_status("application/dtmf-relay", "Signal=*\r\n"), 200);
  EXPECT_EQ(b2b_->key_stats().privacy_refused.load(), 1U);
  EXPECT_EQ(b2b_->key_stats().prompts.load(), 1U);
}

TEST_F(ringback_keys_b2bua, non_subscriber_offer_only_when_configured) {
  copies.outcome = ringback::copy_outcome::not_subscriber;
  settings.offer_non_subscribers = false;
  ringing();
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  EXPECT_EQ(info_status("application/dtmf-relay", "Signal=*\r\n"), 200);
  EXPECT_EQ(b2b_->key_stats().not_subscriber.load(), 1U);
  EXPECT_EQ(b2b_->key_stats().prompts.load(), 0U);
}

TEST_F(ringback_keys_b2bua, bad_info_bodies_and_types) {
  ringing();
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  EXPECT_EQ(info_status("application/dtmf-relay", "Signal=E\r\n"), 400);
  EXPECT_EQ(info_status("application/dtmf-relay", "nonsense"), 400);
  const auto r = info("application/x-custom", "whatever");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 415);
  ASSERT_TRUE(r->header("Accept"));
  EXPECT_EQ(*r->header("Accept"), "application/dtmf-relay");
  EXPECT_EQ(b2b_->key_stats().info_bad.load(), 2U);
  EXPECT_EQ(b2b_->key_stats().info_unsupported.load(), 1U);
  EXPECT_TRUE(copies.asked.empty());
}

TEST_F(ringback_keys_b2bua, flood_of_keys_is_bounded_and_copies_once) {
  ringing();
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  for (int i = 0; i < 40; ++i)
    EXPECT_EQ(info_status("application/dtmf-relay", "Signal=*\r\n"), 200);
  EXPECT_EQ(copies.asked.size(), 1U);
  EXPECT_EQ(b2b_->key_stats().floods.load(), 1U);
  EXPECT_EQ(b2b_->key_stats().keys.load(), 40U);
}

TEST_F(ringback_keys_b2bua, skip_without_box_is_ignored_stop_plays_silence) {
  ringing();
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  EXPECT_EQ(info_status("application/dtmf-relay", "Signal=#\r\n"), 200);
  EXPECT_EQ(b2b_->key_stats().skips_ignored.load(), 1U);
  EXPECT_EQ(info_status("application/dtmf-relay", "Signal=0\r\n"), 200);
  EXPECT_EQ(b2b_->key_stats().stops.load(), 1U);
  // Nothing plays after the stop: a copy key has nothing to copy.
  EXPECT_EQ(info_status("application/dtmf-relay", "Signal=*\r\n"), 200);
  EXPECT_TRUE(copies.asked.empty());
  EXPECT_EQ(b2b_->key_stats().unavailable.load(), 1U);
}

TEST_F(ringback_keys_b2bua, keys_after_the_ringback_and_after_the_call) {
  ringing();
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  b_responds(200, false, sdp("bob", 40002));
  a_answers("UPDATE", 200, sdp("alice", 40000, 2));
  const auto ok = a_got(200);
  ASSERT_TRUE(ok);
  from_a(a_in_dialog("ACK", *ok, 1, "ack"));
  // Confirmed dialog: the INFO is the callee's (relayed), counted as late.
  (void)info("application/dtmf-relay", "Signal=*\r\n");
  EXPECT_TRUE(last_to(callee, "INFO"));
  EXPECT_TRUE(copies.asked.empty());
  EXPECT_EQ(b2b_->key_stats().late_keys.load(), 1U);
  from_a(a_in_dialog("BYE", *ok, 50, "bye"));
  b_answers("BYE");
  EXPECT_EQ(info_status("application/dtmf-relay", "Signal=*\r\n"), 481);
  EXPECT_TRUE(copies.asked.empty());
}

// The callee's side forwards the call (181): with the forward rule "stop"
// the ringback stops and later INFO keys are no longer this server's.
TEST_F(ringback_keys_b2bua, forward_rule_stop_ends_the_ringback) {
  settings.system.on_forward = ringback::forward_policy::stop;
  ringing();
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  const auto inv = last_to(callee, "INVITE");
  ASSERT_TRUE(inv);
  auto fwd = make_response(*inv, 181, "Call Is Being Forwarded", "b1");
  fwd.add_header("Contact", "<sip:bob@192.0.2.30:5060>");
  fwd.add_header("History-Info", "<sip:491700000001@x>;index=1, <sip:491700000005@x>;index=1.1");
  deliver(fwd, callee);
  EXPECT_EQ(b2b_->key_stats().forwards.load(), 1U);
  EXPECT_TRUE(a_got(181));
  (void)info("application/dtmf-relay", "Signal=*\r\n");
  EXPECT_TRUE(copies.asked.empty());
  EXPECT_EQ(b2b_->key_stats().late_keys.load(), 1U);
}

// forwarded-party: the forwarded-to number is asked; it has no resource
// here, so the owner's ringback continues (keys still act).
TEST_F(ringback_keys_b2bua, forward_rule_forwarded_party_without_resource_continues) {
  ringing();
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  const auto asked_before = decisions.asked.size();
  const auto inv = last_to(callee, "INVITE");
  ASSERT_TRUE(inv);
  auto fwd = make_response(*inv, 181, "Call Is Being Forwarded", "b1");
  fwd.add_header("Contact", "<sip:bob@192.0.2.30:5060>");
  fwd.add_header("History-Info", "<sip:491700000001@x>;index=1, <sip:491700000005@x>;index=1.1");
  deliver(fwd, callee);
  EXPECT_EQ(decisions.asked.size(), asked_before + 1);
  EXPECT_EQ(info_status("application/dtmf-relay", "Signal=*\r\n"), 200);
  EXPECT_EQ(copies.asked.size(), 1U);
}

// The network's announcement (183 with SDP) and the rule "stop": Gateway
// mode hands the caller to the network's media with an UPDATE.
TEST_F(ringback_keys_b2bua, announcement_rule_stop_updates_the_caller_with_the_network_sdp) {
  ringing();
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  b_responds(183, false, sdp("net", 41000));
  EXPECT_EQ(b2b_->key_stats().announcements.load(), 1U);
  const auto update = last_to(caller, "UPDATE");
  ASSERT_TRUE(update);
  EXPECT_NE(update->body.find("m=audio 41000"), std::string::npos) << update->body;
}

TEST_F(ringback_keys_b2bua, announcement_rule_continue_keeps_the_ringback) {
  settings.system.on_announcement = ringback::announcement_policy::continue_ringback;
  ringing();
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  b_responds(183, false, sdp("net", 41000));
  EXPECT_EQ(b2b_->key_stats().announcements.load(), 1U);
  EXPECT_FALSE(last_to(caller, "UPDATE"));
  EXPECT_EQ(info_status("application/dtmf-relay", "Signal=*\r\n"), 200);
  EXPECT_EQ(copies.asked.size(), 1U);
}

// Forking: the forked 183 is sendrecv with the caller's event type when the
// caller offered events, the standard send-only CAT stream otherwise; INFO
// on the forked dialog carries keys in both cases.
TEST_F(ringback_keys_b2bua, forking_answers_sendrecv_only_with_offered_events) {
  ringing(true, delivery_mode::forking);
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  auto sd = parsed(ring->body);
  EXPECT_EQ(sdp::telephone_event_payload_type(sd.media[0]), 96);
  EXPECT_EQ(sd.media_direction(0), sdp::direction::sendrecv);
  EXPECT_EQ(*ring->header("P-Early-Media"), "sendrecv");
  EXPECT_EQ(info_status("application/dtmf-relay", "Signal=*\r\n"), 200);
  EXPECT_EQ(copies.asked.size(), 1U);
}

TEST_F(ringback_keys_b2bua, forking_without_events_stays_send_only_with_info_keys) {
  ringing(false, delivery_mode::forking);
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  auto sd = parsed(ring->body);
  EXPECT_FALSE(sdp::telephone_event_payload_type(sd.media[0]));
  EXPECT_EQ(sd.media_direction(0), sdp::direction::sendonly);
  EXPECT_EQ(info_status("application/dtmf-relay", "Signal=*\r\n"), 200);
  EXPECT_EQ(copies.asked.size(), 1U);
  EXPECT_EQ(info_status("text/plain", "x"), 415);
}

}  // namespace
}  // namespace cmr::sip::as::test
