// One SDP session per leg of the B2BUA (RFC 3264 8): sdp::origin_keeper and
// as::present_session_sdp.
#include "sip/sdp/origin_keeper.h"

#include <gtest/gtest.h>

#include "sip/as/media_sdp.h"
#include "sip/sdp/multipart.h"

namespace cmr::sip {
namespace {

std::string sdp_text(const std::string& origin, const std::string& port,
                     const std::string& extra = "") {
  return "v=0\r\no=" + origin + "\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio " + port +
         " RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n" + extra;
}

std::string origin_of(const std::string& body) {
  auto sd = sdp::parse(body);
  if (!sd) return "unparsable";
  return sd->origin.username + " " + sd->origin.session_id + " " + sd->origin.session_version +
         " " + sd->origin.address;
}

TEST(origin_keeper, first_description_fixes_the_origin_changes_count_by_one) {
  sdp::origin_keeper leg;
  // This server's own answer starts the leg.
  const auto first = leg.present(sdp_text("cmr 4711 1 IN IP4 127.0.0.1", "4000"));
  EXPECT_EQ(origin_of(first), "cmr 4711 1 127.0.0.1");
  // The other party's description (its own origin and version 7): ours, + 1.
  EXPECT_EQ(origin_of(leg.present(sdp_text("bob 99 7 IN IP4 192.0.2.9", "5000"))),
            "cmr 4711 2 127.0.0.1");
  // The same content again under a newer version of the source: unchanged,
  // same version (RFC 3264 8).
  EXPECT_EQ(origin_of(leg.present(sdp_text("bob 99 8 IN IP4 192.0.2.9", "5000"))),
            "cmr 4711 2 127.0.0.1");
  // A change: exactly + 1, whatever the source's version jumped to.
  const auto changed =
      leg.present(sdp_text("bob 99 12 IN IP4 192.0.2.9", "5000", "a=ptime:30\r\n"));
  EXPECT_EQ(origin_of(changed), "cmr 4711 3 127.0.0.1");
  EXPECT_NE(changed.find("a=ptime:30"), std::string::npos);  // the content is the source's
  EXPECT_NE(changed.find("m=audio 5000 "), std::string::npos);
  EXPECT_EQ(leg.version(), 3U);
}

TEST(origin_keeper, a_relayed_leg_keeps_the_callers_origin_and_counts_from_it) {
  sdp::origin_keeper to_callee;
  EXPECT_EQ(origin_of(to_callee.present(sdp_text("- 1 1 IN IP4 192.0.2.2", "6000"))),
            "- 1 1 192.0.2.2");
  // The caller's re-INVITE at its version 3 (its 2 went elsewhere): 2 here.
  EXPECT_EQ(origin_of(to_callee.present(sdp_text("- 1 3 IN IP4 192.0.2.2", "6002"))),
            "- 1 2 192.0.2.2");
}

TEST(origin_keeper, bad_input_is_passed_on_untouched_or_normalised) {
  sdp::origin_keeper leg;
  EXPECT_EQ(leg.present("not sdp at all"), "not sdp at all");
  EXPECT_FALSE(leg.started());
  // A version that is no number counts as 0.
  EXPECT_EQ(origin_of(leg.present(sdp_text("x 1 abc IN IP4 192.0.2.3", "7000"))),
            "x 1 0 192.0.2.3");
  EXPECT_EQ(origin_of(leg.present(sdp_text("y 2 5 IN IP4 192.0.2.4", "7002"))), "x 1 1 192.0.2.3");
}

TEST(present_session_sdp, only_the_session_description_of_a_message) {
  sdp::origin_keeper leg;
  (void)leg.present(sdp_text("cmr 1 1 IN IP4 127.0.0.1", "4000"));

  message m;
  m.set_header("Content-Type", "application/sdp");
  m.body = sdp_text("b 5 9 IN IP4 192.0.2.5", "5000");
  as::present_session_sdp(m, leg);
  EXPECT_EQ(origin_of(m.body), "cmr 1 2 127.0.0.1");

  // An early session (RFC 3959) is another session: untouched.
  message es;
  es.set_header("Content-Type", "application/sdp");
  es.set_header("Content-Disposition", "early-session");
  es.body = sdp_text("as 8 1 IN IP4 127.0.0.1", "4100");
  as::present_session_sdp(es, leg);
  EXPECT_EQ(origin_of(es.body), "as 8 1 127.0.0.1");

  // multipart/mixed: the session part is presented, the early-session part not.
  std::vector<body_part> parts(2);
  parts[0].headers.push_back({"Content-Type", "application/sdp"});
  parts[0].body = sdp_text("b 5 10 IN IP4 192.0.2.5", "5002");
  parts[1].headers.push_back({"Content-Type", "application/sdp"});
  parts[1].headers.push_back({"Content-Disposition", "early-session"});
  parts[1].body = sdp_text("as 8 1 IN IP4 127.0.0.1", "4100");
  message mp;
  mp.set_header("Content-Type", "multipart/mixed;boundary=xyz");
  mp.body = serialize_multipart(parts, "xyz");
  as::present_session_sdp(mp, leg);
  auto session = find_body_part(mp, "application", "sdp", "session");
  auto early = find_body_part(mp, "application", "sdp", "early-session");
  ASSERT_TRUE(session && early);
  EXPECT_EQ(origin_of(session->body), "cmr 1 3 127.0.0.1");
  EXPECT_EQ(origin_of(early->body), "as 8 1 127.0.0.1");
}

TEST(answer_direction, what_the_server_answers_to_each_offered_direction) {
  EXPECT_EQ(as::answer_direction(sdp::direction::sendrecv), sdp::direction::sendrecv);
  EXPECT_EQ(as::answer_direction(sdp::direction::recvonly), sdp::direction::sendonly);
  EXPECT_EQ(as::answer_direction(sdp::direction::sendonly), std::nullopt);
  EXPECT_EQ(as::answer_direction(sdp::direction::inactive), std::nullopt);
}

}  // namespace
}  // namespace cmr::sip
