// SDP (RFC 4566), multipart/mixed with early-session (RFC 3959) and
// P-Early-Media (RFC 5009).
#include "sip/sdp/sdp.h"

#include <gtest/gtest.h>

#include "sip/message/parser.h"
#include "sip/sdp/multipart.h"
#include "sip/sdp/p_early_media.h"

namespace cmr::sip {
namespace {

const char* offer =
    "v=0\r\n"
    "o=alice 2890844526 2890844527 IN IP4 192.0.2.20\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.20\r\n"
    "b=AS:64\r\n"
    "t=0 0\r\n"
    "a=sendrecv\r\n"
    "m=audio 49170 RTP/AVP 8 0 101\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-15\r\n"
    "a=ptime:20\r\n"
    "a=recvonly\r\n"
    "m=video 0 RTP/AVP 31\r\n"
    "c=IN IP4 192.0.2.21\r\n";

TEST(sdp, parses_and_round_trips) {
  auto sd = sdp::parse(offer);
  ASSERT_TRUE(sd) << sd.error().line << ": " << sd.error().reason;
  EXPECT_EQ(sd->origin.username, "alice");
  EXPECT_EQ(sd->origin.session_version, "2890844527");
  EXPECT_EQ(sd->conn->address, "192.0.2.20");
  ASSERT_EQ(sd->media.size(), 2u);
  const auto& audio = sd->media[0];
  EXPECT_EQ(audio.port, 49170);
  EXPECT_EQ(audio.formats, (std::vector<std::string>{"8", "0", "101"}));
  EXPECT_EQ(audio.find_rtpmap(8)->encoding, "PCMA");
  EXPECT_EQ(audio.find_rtpmap(101)->clock_rate, 8000);
  EXPECT_EQ(audio.find_rtpmap(0)->encoding, "PCMU");  // static, no rtpmap line
  EXPECT_FALSE(audio.find_rtpmap(96));
  EXPECT_EQ(*audio.ptime(), 20);
  EXPECT_EQ(sd->media_direction(0), sdp::direction::recvonly);
  EXPECT_EQ(sd->media_direction(1), sdp::direction::sendrecv);  // session level
  EXPECT_EQ(sd->media[1].conn->address, "192.0.2.21");
  EXPECT_EQ(sd->serialize(), offer);
}

TEST(sdp, builds_an_answer) {
  sdp::session_description sd;
  sd.origin = {"cmr", "1", "1", "IN", "IP4", "192.0.2.10"};
  sd.conn = sdp::connection{"IN", "IP4", "192.0.2.10"};
  sdp::media m;
  m.port = 16384;
  m.formats = {"8"};
  m.lines.push_back({'a', "rtpmap:8 PCMA/8000"});
  m.set_direction(sdp::direction::sendonly);
  m.set_direction(sdp::direction::inactive);
  sd.media.push_back(m);
  const auto text = sd.serialize();
  EXPECT_EQ(text,
            "v=0\r\no=cmr 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
            "m=audio 16384 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=inactive\r\n");
  ASSERT_TRUE(sdp::parse(text));
}

TEST(sdp, rejects_malformed) {
  EXPECT_FALSE(sdp::parse("o=a 1 1 IN IP4 h\r\nv=0\r\n"));
  EXPECT_FALSE(sdp::parse("v=0\r\ns=-\r\nt=0 0\r\n"));
  EXPECT_FALSE(sdp::parse("v=0\r\no=a 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio x RTP/AVP 0\r\n"));
  EXPECT_FALSE(sdp::parse("v=0\r\no=a 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\ngarbage\r\n"));
  EXPECT_FALSE(sdp::parse("v=0\r\no=a 1 1 IN IP4 h\r\ns=-\r\n"));
}

TEST(multipart, early_session_offer_round_trip) {
  std::vector<body_part> parts(2);
  parts[0].headers = {{"Content-Type", "application/sdp"}, {"Content-Disposition", "session"}};
  parts[0].body = offer;
  parts[1].headers = {{"Content-Type", "application/sdp"},
                      {"Content-Disposition", "early-session;handling=optional"}};
  parts[1].body = "v=0\r\no=cmr 2 2 IN IP4 192.0.2.10\r\ns=-\r\nt=0 0\r\n";
  const auto body = serialize_multipart(parts, "boundary42");
  auto back = parse_multipart(body, "boundary42");
  ASSERT_TRUE(back) << back.error().reason;
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].body, parts[0].body);
  EXPECT_EQ((*back)[1].body, parts[1].body);
  EXPECT_EQ((*back)[1].disposition()->type, "early-session");
  EXPECT_TRUE((*back)[1].disposition()->optional_handling());

  auto msg = message::make_request("INVITE", *parse_uri("sip:b@example.com"));
  msg.add_header("Content-Type", "multipart/mixed;boundary=\"boundary42\"");
  msg.body = body;
  const auto early = find_body_part(msg, "application", "sdp", "early-session");
  ASSERT_TRUE(early);
  EXPECT_EQ(early->body, parts[1].body);
  const auto session = find_body_part(msg, "application", "sdp", "session");
  ASSERT_TRUE(session);
  EXPECT_EQ(session->body, offer);
  EXPECT_FALSE(find_body_part(msg, "application", "isup"));
}

TEST(multipart, single_part_body_and_bad_input) {
  auto msg = message::make_response(183);
  msg.add_header("Content-Type", "application/sdp");
  msg.add_header("Content-Disposition", "early-session");
  msg.body = offer;
  EXPECT_TRUE(find_body_part(msg, "application", "sdp", "early-session"));
  EXPECT_FALSE(find_body_part(msg, "application", "sdp", "session"));
  EXPECT_FALSE(parse_multipart("no delimiter here", "b"));
  EXPECT_FALSE(parse_multipart("--b\r\nContent-Type: a/b\r\n\r\nbody", "b"));
  EXPECT_FALSE(parse_multipart("--b\r\n", ""));
  const auto mt = parse_media_type("Multipart/Mixed ; boundary=x");
  ASSERT_TRUE(mt);
  EXPECT_TRUE(mt->is("multipart", "mixed"));
  EXPECT_EQ(*mt->param("boundary"), "x");
}

// Found by fuzz_multipart: a part header line "\r--bX: v" (name after a lone
// CR) was trimmed to the name "--bX", which serialize_multipart() wrote as
// "\r\n--bX: v", a delimiter: the body it wrote split into other parts.
TEST(multipart, part_header_names_are_tokens_and_bodies_round_trip) {
  EXPECT_FALSE(parse_multipart("--b\r\nA: 1\r\n\r--bX: 2\r\n\r\nx\r\n--b--", "b"));
  EXPECT_FALSE(parse_multipart("--b\r\nCont\nent-Type: a/b\r\n\r\nx\r\n--b--", "b"));
  EXPECT_FALSE(parse_multipart("--b\r\n Content-Type: a/b\r\n\r\nx\r\n--b--", "b"));
  const std::string body = "--b\r\nContent-Type : text/plain\r\nX-A:\t1 \r\n\r\nx\r\n--b--\r\n";
  auto parts = parse_multipart(body, "b");
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ(*(*parts)[0].header("Content-Type"), "text/plain");
  auto again = parse_multipart(serialize_multipart(*parts, "b"), "b");
  ASSERT_TRUE(again);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].body, "x");
  EXPECT_EQ((*again)[0].headers.size(), 2u);
}

TEST(p_early_media, parse_and_serialize) {
  auto p = parse_p_early_media("sendrecv, sendonly,Gated");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->params.size(), 3u);
  EXPECT_TRUE(p->has(early_media_param::gated));
  EXPECT_EQ(p->to_string(), "sendrecv, sendonly, gated");
  p = parse_p_early_media("supported");
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->has(early_media_param::supported));
  p = parse_p_early_media("inactive, future-thing");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->extensions, std::vector<std::string>{"future-thing"});
  EXPECT_FALSE(parse_p_early_media("bad value"));
  // As a list header it is split by the parser and can be read back joined.
  auto m = parse_message(
      "SIP/2.0 183 Session Progress\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
      "To: <sip:a@b>;tag=1\r\nFrom: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n"
      "P-Early-Media: sendonly, recvonly\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->header_count("P-Early-Media"), 2u);
}

}  // namespace
}  // namespace cmr::sip
