// The SIP test matrix of the CMR application server against the real
// cmr-server process (configs/sip-lab.cfg): every mode x service (HTTP,
// Application Server, Gateway x CMRBT, CMRT; Gateway is CMRBT only) x
// (answer, busy, caller cancels, extensions absent, no resource). sipp plays
// the caller (tests/sipp/matrix/uac_*.xml) and the callee (uas_*.xml); the
// test owns the parties' RTP ports. Per case it checks:
//   - both sipp scenarios pass;
//   - the message sequence on each leg, from a tshark capture, with the
//     headers that carry the CMR procedure (Alert-Info, Require,
//     P-Early-Media, early-session, whose SDP: A, B or the server's);
//   - the RTP received is the resource's A-law playout rendition, frame for
//     frame (looping), with consecutive sequence numbers and timestamps, and
//     it flows only between the procedure's start and the final response;
//   - HTTP mode: the Alert-Info URL downloads the uploaded content;
//   - the call and its RTP stream are freed in the server ("show cmr sip").
// Per lab, tshark decodes every captured SIP/SDP/RTP frame without
// malformed or warning expert info.
// With CMR_SIP_LADDER_DIR set the captures are kept there for
// scripts/sip_ladder.py (the ladders of docs/sip.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include "tests/integration/sip_server/sip_lab.h"

namespace cmr::test {
namespace {

const std::string k_owner = "491700000001";   // demo subscriber with rules
const std::string k_nobody = "491700000099";  // no CMR subscriber: no resource

enum class outcome { answer, busy, cancel };
const char* name_of(outcome o) {
  return o == outcome::answer ? "answer" : o == outcome::busy ? "busy" : "cancel";
}
constexpr outcome k_outcomes[] = {outcome::answer, outcome::busy, outcome::cancel};

// Notes (headers of interest, leading space each) of one leg's messages.
struct leg_notes {
  std::string invite, ringing, ok;
  bool prack = false;
  std::string prack_req, prack_ok;
  bool update = false;  // Gateway mode: UPDATE toward the caller at the answer
  std::string update_req, update_ok;
};

// The expected messages of one leg: `c` is that leg's caller side (A, or AS
// toward B), `e` its callee side.
std::vector<std::string> leg(const std::string& c, const std::string& e, const leg_notes& n,
                             outcome o) {
  const std::string ce = c + ">" + e + " ", ec = e + ">" + c + " ";
  std::vector<std::string> v{ce + "INVITE" + n.invite, ec + "180 INVITE" + n.ringing};
  if (n.prack) {
    v.push_back(ce + "PRACK" + n.prack_req);
    v.push_back(ec + "200 PRACK" + n.prack_ok);
  }
  switch (o) {
    case outcome::answer:
      if (n.update) {
        v.push_back(ec + "UPDATE" + n.update_req);
        v.push_back(ce + "200 UPDATE" + n.update_ok);
      }
      v.insert(v.end(), {ec + "200 INVITE" + n.ok, ce + "ACK", ce + "BYE", ec + "200 BYE"});
      break;
    case outcome::busy:
      v.insert(v.end(), {ec + "486 INVITE", ce + "ACK"});
      break;
    case outcome::cancel:
      v.insert(v.end(), {ce + "CANCEL", ec + "200 CANCEL", ec + "487 INVITE", ce + "ACK"});
      break;
  }
  return v;
}

leg_notes plain_notes() {
  leg_notes n;
  n.invite = " SDP(A)";  // the caller's offer goes on to the callee
  n.ok = " SDP(B)";      // and the callee's answer back
  return n;
}
const leg_notes k_plain = plain_notes();

struct expectation {
  std::vector<std::string> a, b;  // the caller's leg, the callee's leg
  char rtp_to = 0;                // 'A' or 'B': who receives the resource; 0: nobody
  std::string rtp_after;          // RTP only after this message ...
  std::string rtp_before;         // ... and before this one
  char url_in = 0;                // HTTP mode: 'A' the 180 to A, 'B' the INVITE to B
  // Forking mode: the messages of the AS's forked early dialog (its To tag,
  // from the 183 it sent) read "... [fork]".
  bool fork = false;
};

// Pass-through: nobody gets RTP, no URL.
expectation untouched(std::vector<std::string> a, std::vector<std::string> b) {
  expectation e;
  e.a = std::move(a);
  e.b = std::move(b);
  return e;
}
// HTTP mode: the URL in the 180 to A or in the INVITE to B.
expectation url(std::vector<std::string> a, std::vector<std::string> b, char in) {
  auto e = untouched(std::move(a), std::move(b));
  e.url_in = in;
  return e;
}
// RTP to `to` strictly between the messages `after` and `before`.
expectation played(std::vector<std::string> a, std::vector<std::string> b, char to,
                   std::string after, std::string before) {
  auto e = untouched(std::move(a), std::move(b));
  e.rtp_to = to;
  e.rtp_after = std::move(after);
  e.rtp_before = std::move(before);
  return e;
}

// The final response the server forwards to the caller: media has stopped.
std::string final_to_a(outcome o, const std::string& ok_notes) {
  return o == outcome::answer ? "AS>A 200 INVITE" + ok_notes
         : o == outcome::busy ? "AS>A 486 INVITE"
                              : "AS>A 487 INVITE";
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += "  " + x + "\n";
  return s;
}

// The RTP stream is the rendition from its first frame on, looping: RTP
// version 2, PT 8 (PCMA), marker on the first packet, consecutive sequence
// numbers, timestamps 160 apart, one SSRC.
void expect_rendition(const std::vector<std::string>& packets, const std::string& rendition,
                      std::size_t min_packets) {
  ASSERT_GE(packets.size(), min_packets);
  ASSERT_FALSE(rendition.empty());
  const std::size_t frames = rendition.size() / 160;
  auto u8 = [](const std::string& p, std::size_t i) { return static_cast<std::uint8_t>(p[i]); };
  auto u16 = [&](const std::string& p, std::size_t i) {
    return static_cast<std::uint16_t>(u8(p, i) << 8 | u8(p, i + 1));
  };
  auto u32 = [&](const std::string& p, std::size_t i) {
    return static_cast<std::uint32_t>(u16(p, i)) << 16 | u16(p, i + 2);
  };
  for (std::size_t i = 0; i < packets.size(); ++i) {
    const auto& p = packets[i];
    ASSERT_EQ(p.size(), 12U + 160U) << "packet " << i;
    EXPECT_EQ(u8(p, 0), 0x80) << "packet " << i;
    EXPECT_EQ(u8(p, 1), i == 0 ? 0x88 : 0x08) << "packet " << i << ": marker/PT";
    if (i > 0) {
      EXPECT_EQ(u16(p, 2), static_cast<std::uint16_t>(u16(packets[i - 1], 2) + 1)) << "seq " << i;
      EXPECT_EQ(u32(p, 4), u32(packets[i - 1], 4) + 160U) << "timestamp " << i;
      EXPECT_EQ(u32(p, 8), u32(packets[0], 8)) << "SSRC " << i;
    }
    if (p.substr(12) != rendition.substr((i % frames) * 160, 160)) {
      ADD_FAILURE() << "the payload of packet " << i << " is not frame " << i % frames
                    << " of the playout rendition";
      return;
    }
  }
}

class matrix {
public:
  matrix(const char* name, const char* cmrbt, const char* cmrt) : lab_({name, cmrbt, cmrt}) {}
  explicit matrix(lab_options o) : lab_(std::move(o)) {}

  // The case's run (its frames once check() analysed the capture), nullptr
  // when the lab did not come up.
  const case_run* add(const std::string& name, const std::string& uac, const std::string& uas,
                      const std::string& owner, expectation e) {
    if (!lab_.setup_error().empty()) return nullptr;
    cases_.push_back({&lab_.run(name, uac, uas, owner), std::move(e)});
    return cases_.back().first;
  }

  [[nodiscard]] long counter(const std::string& name) { return lab_.counter(name); }
  [[nodiscard]] sip_lab& lab() { return lab_; }

  // `calls`: the calls the server took (-1: one per case).
  void check(long calls = -1) {
    ASSERT_EQ(lab_.setup_error(), "");
    // An 8 kHz A-law upload is its own A-law rendition (decode, encode).
    EXPECT_TRUE(lab_.rendition() == lab_.uploaded().substr(58))
        << "the rendition is not the uploaded A-law samples";
    EXPECT_EQ(lab_.analyse(), "") << "tshark: malformed or warning expert info";
    for (const auto& [r, e] : cases_) check_case(*r, e);
    EXPECT_EQ(lab_.counter("calls-active"), 0);
    EXPECT_EQ(lab_.counter("rtp-streams-active"), 0);
    EXPECT_EQ(lab_.counter("calls"), calls >= 0 ? calls : static_cast<long>(cases_.size()));
  }

private:
  void check_case(const case_run& r, const expectation& e) {
    SCOPED_TRACE("case " + r.name);
    EXPECT_EQ(r.uac_rc, 0) << "caller scenario failed:\n" << r.uac_errors;
    EXPECT_EQ(r.uas_rc, 0) << "callee scenario failed:\n" << r.uas_errors;
    std::vector<std::string> a, b, all;
    std::vector<const frame*> order;
    std::size_t rtp_a = 0, rtp_b = 0;
    std::string fork_tag;
    if (e.fork)
      for (const auto& f : r.frames)
        if (f.from == "AS" && f.label.rfind("183 ", 0) == 0) {  // to A, or to S (IMS lab)
          fork_tag = f.to_tag;
          break;
        }
    const auto text_of = [&](const frame& f) {
      const bool forked =
          !fork_tag.empty() && !f.rtp && (f.to_tag == fork_tag || f.from_tag == fork_tag);
      return f.text() + (forked ? " [fork]" : "");
    };
    for (const auto& f : r.frames) {
      all.push_back(text_of(f));
      if (f.rtp) {
        (f.to == "A" ? rtp_a : rtp_b) += 1;
        continue;
      }
      auto& leg = (f.from == "A" || f.to == "A") ? a : b;
      // Retransmissions (UDP, timers) are the same message again.
      if (std::find(leg.begin(), leg.end(), text_of(f)) == leg.end()) leg.push_back(text_of(f));
    }
    EXPECT_EQ(a, e.a) << "caller leg, captured:\n" << joined(a) << "expected:\n" << joined(e.a);
    if (!e.b.empty()) {  // the IMS lab checks its other hops itself
      EXPECT_EQ(b, e.b) << "callee leg, captured:\n" << joined(b) << "expected:\n" << joined(e.b);
    }

    // RTP: who got it, what it was, when it flowed.
    EXPECT_EQ(rtp_a, r.rtp_a.size()) << "RTP at A: capture and socket disagree";
    EXPECT_EQ(rtp_b, r.rtp_b.size()) << "RTP at B: capture and socket disagree";
    if (e.rtp_to == 0) {
      EXPECT_TRUE(r.rtp_a.empty() && r.rtp_b.empty())
          << "RTP without a CMR procedure: " << r.rtp_a.size() << " to A, " << r.rtp_b.size()
          << " to B";
    } else {
      const auto& got = e.rtp_to == 'A' ? r.rtp_a : r.rtp_b;
      const auto& other = e.rtp_to == 'A' ? r.rtp_b : r.rtp_a;
      EXPECT_TRUE(other.empty()) << "RTP to the wrong party";
      // About 25 frames ring in 500 ms; 10 leaves room for a loaded machine.
      expect_rendition(got, lab_.rendition(), 10);
      const std::string to = std::string("AS>") + e.rtp_to + " RTP";
      const auto pos = [&](const std::string& text) {
        return static_cast<std::size_t>(std::find(all.begin(), all.end(), text) - all.begin());
      };
      const auto first_rtp = pos(to);
      const auto last_rtp =
          all.size() - 1 -
          static_cast<std::size_t>(std::find(all.rbegin(), all.rend(), to) - all.rbegin());
      ASSERT_LT(pos(e.rtp_after), all.size()) << e.rtp_after << " not captured";
      ASSERT_LT(pos(e.rtp_before), all.size()) << e.rtp_before << " not captured";
      EXPECT_GT(first_rtp, pos(e.rtp_after)) << "RTP before: " << e.rtp_after;
      EXPECT_LT(last_rtp, pos(e.rtp_before)) << "RTP after: " << e.rtp_before;
    }

    // HTTP mode: the URL serves the uploaded content.
    for (const auto& f : r.frames) {
      // Direct, or through the IMS lab's S-CSCF ("S").
      const bool in_a =
          (f.from == "AS" || f.from == "S") && f.to == "A" && f.label.rfind("180 ", 0) == 0;
      const bool in_b =
          f.from == "AS" && (f.to == "B" || f.to == "S") && f.label.rfind("INVITE", 0) == 0;
      if (!(e.url_in == 'A' ? in_a : e.url_in == 'B' ? in_b : false)) continue;
      std::smatch m;
      ASSERT_TRUE(std::regex_search(
          f.alert_info, m,
          std::regex(
              "^<http://[^/]+(/cmr/1/content/demo-ringback-2\\?exp=[0-9]+&sig=[0-9a-f]+)>$")))
          << f.alert_info;
      const auto [status, body] = lab_.http_get(m[1].str());
      EXPECT_EQ(status, 200);
      EXPECT_TRUE(body == lab_.uploaded())
          << "the Alert-Info URL does not serve the uploaded content";
      break;
    }
  }

  sip_lab lab_;
  std::vector<std::pair<case_run*, expectation>> cases_;
};

std::string uac(const char* profile, outcome o) {
  return std::string("uac_") + profile + "_" + name_of(o) + ".xml";
}
std::string uas(const char* profile, outcome o) {
  return std::string("uas_") + profile + "_" + name_of(o) + ".xml";
}

// --- HTTP mode (spec 6.1.1) ---------------------------------------------------

TEST(SipServerMatrix, HttpModeCmrbtPutsTheUrlIntoThe180) {
  matrix m("http-cmrbt", "http", "off");
  for (const auto o : k_outcomes) {
    leg_notes na = k_plain;
    na.ringing = " Alert-Info";
    m.add(name_of(o), uac("plain", o), uas("plain", o), k_owner,
          url(leg("A", "AS", na, o), leg("AS", "B", k_plain, o), 'A'));
  }
  m.add("no-resource", uac("plain", outcome::answer), uas("plain", outcome::answer), k_nobody,
        untouched(leg("A", "AS", k_plain, outcome::answer),
                  leg("AS", "B", k_plain, outcome::answer)));
  m.check();
}

TEST(SipServerMatrix, HttpModeCmrtPutsTheUrlIntoTheInvite) {
  matrix m("http-cmrt", "off", "http");
  for (const auto o : k_outcomes) {
    leg_notes nb = k_plain;
    nb.invite = " Alert-Info SDP(A)";
    m.add(name_of(o), uac("plain", o), uas("plain", o), k_owner,
          url(leg("A", "AS", k_plain, o), leg("AS", "B", nb, o), 'B'));
  }
  m.add("no-resource", uac("plain", outcome::answer), uas("plain", outcome::answer), k_nobody,
        untouched(leg("A", "AS", k_plain, outcome::answer),
                  leg("AS", "B", k_plain, outcome::answer)));
  m.check();
}

// --- Application Server mode (spec 6.1.2) ---------------------------------------

TEST(SipServerMatrix, ApplicationServerModeCmrbtOffersAnEarlySessionAndPlaysToTheCaller) {
  matrix m("as-cmrbt", "application-server", "off");
  for (const auto o : k_outcomes) {
    leg_notes na = k_plain;
    na.ringing = " Require:100rel,early-session early-session SDP(AS)";
    na.prack = true;
    na.prack_req = " early-session SDP(A)";
    m.add(name_of(o), uac("es", o), uas("plain", o), k_owner,
          played(leg("A", "AS", na, o), leg("AS", "B", k_plain, o), 'A',
                 "A>AS PRACK early-session SDP(A)", final_to_a(o, na.ok)));
  }
  m.add("extensions-absent", uac("plain", outcome::answer), uas("plain", outcome::answer), k_owner,
        untouched(leg("A", "AS", k_plain, outcome::answer),
                  leg("AS", "B", k_plain, outcome::answer)));
  m.add("no-resource", "uac_es_unserved.xml", uas("plain", outcome::answer), k_nobody,
        untouched(leg("A", "AS", k_plain, outcome::answer),
                  leg("AS", "B", k_plain, outcome::answer)));
  m.check();
}

TEST(SipServerMatrix, ApplicationServerModeCmrtOffersAnEarlySessionInThePrackAndPlaysToTheCallee) {
  matrix m("as-cmrt", "off", "application-server");
  for (const auto o : k_outcomes) {
    leg_notes nb = k_plain;
    nb.ringing = " Require:100rel";
    nb.prack = true;
    nb.prack_req = " Require:early-session early-session SDP(AS)";
    nb.prack_ok = " early-session SDP(B)";
    m.add(name_of(o), uac("plain", o), uas("es", o), k_owner,
          played(leg("A", "AS", k_plain, o), leg("AS", "B", nb, o), 'B',
                 "B>AS 200 PRACK early-session SDP(B)", final_to_a(o, k_plain.ok)));
  }
  m.add("extensions-absent", uac("plain", outcome::answer), uas("plain", outcome::answer), k_owner,
        untouched(leg("A", "AS", k_plain, outcome::answer),
                  leg("AS", "B", k_plain, outcome::answer)));
  // No resource: no procedure, so nothing is offered on the callee's leg
  // either, and a callee that follows RFC 3262 rings unreliably.
  m.add("no-resource", uac("plain", outcome::answer), uas("plain", outcome::answer), k_nobody,
        untouched(leg("A", "AS", k_plain, outcome::answer),
                  leg("AS", "B", k_plain, outcome::answer)));
  m.check();
  // The callee that answered with an unreliable 180 got no ringtone, and the
  // server says so; the uas_es_* callees only PRACK-negotiate when the INVITE
  // offered 100rel and early-session (the plain caller offers neither).
  EXPECT_EQ(m.counter("cmrt-not-offered"), 1);
}

// --- Gateway mode (spec 6.1.3, CMRBT only) --------------------------------------

TEST(SipServerMatrix, GatewayModeCmrbtAnswersEarlyMediaPlaysThenUpdatesTheCaller) {
  matrix m("gateway-cmrbt", "gateway", "off");
  for (const auto o : k_outcomes) {
    leg_notes na;
    na.invite = " P-Early-Media:supported SDP(A)";
    na.ringing = " Require:100rel P-Early-Media:sendrecv SDP(AS)";
    na.prack = true;
    na.update = true;
    na.update_req = " SDP(B)";
    na.update_ok = " SDP(A)";
    m.add(name_of(o), uac("gw", o), uas("plain", o), k_owner,
          played(leg("A", "AS", na, o), leg("AS", "B", k_plain, o), 'A',
                 "AS>A 180 INVITE" + na.ringing,
                 o == outcome::answer ? "AS>A UPDATE SDP(B)" : final_to_a(o, "")));
  }
  m.add("extensions-absent", uac("plain", outcome::answer), uas("plain", outcome::answer), k_owner,
        untouched(leg("A", "AS", k_plain, outcome::answer),
                  leg("AS", "B", k_plain, outcome::answer)));
  // Untouched: the caller's P-Early-Media goes on to the callee.
  leg_notes pem = k_plain;
  pem.invite = " P-Early-Media:supported SDP(A)";
  m.add("no-resource", "uac_gw_unserved.xml", uas("plain", outcome::answer), k_nobody,
        untouched(leg("A", "AS", pem, outcome::answer), leg("AS", "B", pem, outcome::answer)));
  // After the early media and the UPDATE, the caller changes its media with
  // a re-INVITE that the server relays to the callee, and back.
  leg_notes na;
  na.invite = " P-Early-Media:supported SDP(A)";
  na.ringing = " Require:100rel P-Early-Media:sendrecv SDP(AS)";
  na.prack = true;
  na.update = true;
  na.update_req = " SDP(B)";
  na.update_ok = " SDP(A)";
  auto a = leg("A", "AS", na, outcome::answer);
  auto b = leg("AS", "B", k_plain, outcome::answer);
  // Before the BYE: the re-INVITE with its 200 (a leg lists each text once:
  // the second ACK, and on the callee's leg the whole re-INVITE exchange, read
  // like the first; the SDP origins below tell them apart).
  a.insert(a.end() - 2, {"A>AS INVITE SDP(A)", "AS>A 200 INVITE SDP(B)"});
  const case_run* re =
      m.add("reinvite", "uac_gw_reinvite.xml", "uas_plain_reinvite.xml", k_owner,
            played(a, b, 'A', "AS>A 180 INVITE" + na.ringing, "AS>A UPDATE SDP(B)"));
  m.check();
  ASSERT_NE(re, nullptr);

  // One SDP session per leg (RFC 3264 8): every description the server sends
  // on a leg has the origin of the first one it sent there, and the version
  // goes up by exactly one per change. Toward the caller that origin is the
  // server's (its early-media answer); toward the callee, the caller's.
  std::vector<std::string> to_a, to_b;
  std::string pem_180, attrs_180;
  for (const auto& f : re->frames) {
    if (f.rtp || f.from != "AS" || f.sdp_origin.empty()) continue;
    (f.to == "A" ? to_a : to_b).push_back(f.sdp_origin);
    if (f.to == "A" && f.label.rfind("180 ", 0) == 0) {
      pem_180 = f.p_early_media;
      attrs_180 = f.sdp_attributes;
    }
  }
  const auto dedup = [](std::vector<std::string> v) {  // retransmissions
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  };
  to_a = dedup(to_a);
  to_b = dedup(to_b);
  ASSERT_EQ(to_a.size(), 3U) << joined(to_a);  // 180, UPDATE, 200 (re-INVITE)
  const std::string cmr_session = to_a[0].substr(0, to_a[0].rfind(' '));
  EXPECT_EQ(cmr_session.rfind("cmr ", 0), 0U) << to_a[0];
  EXPECT_EQ(to_a[0], cmr_session + " 1");
  EXPECT_EQ(to_a[1], cmr_session + " 2");  // the callee's SDP, a change
  EXPECT_EQ(to_a[2], cmr_session + " 3");  // the callee's changed SDP
  // Toward the callee: the caller's INVITE (version 1) and re-INVITE; the
  // caller's answer to the UPDATE (its version 2) never reached the callee,
  // so the re-INVITE is the next version there: 2, not the caller's 3.
  ASSERT_EQ(to_b.size(), 2U) << joined(to_b);
  EXPECT_EQ(to_b[0], "- 1 1");
  EXPECT_EQ(to_b[1], "- 1 2");

  // RFC 5009 8: the 180's P-Early-Media says what its SDP answer says.
  EXPECT_EQ(pem_180, "sendrecv");
  EXPECT_NE(attrs_180.find("sendrecv"), std::string::npos) << attrs_180;
  EXPECT_EQ(attrs_180.find("sendonly"), std::string::npos) << attrs_180;
}

// --- Forking model (TS 24.182 A.3, CMRBT only) -----------------------------------

// The caller's leg in forking mode: the AS's reliable 183 on its forked early
// dialog, the callee's 180 on the callee's dialog, the PRACK of the 183, and
// the end of the forked dialog (`end`) before the final response.
// `peer`: whom A talks to (AS, or S behind the S-CSCF stand-in).
std::vector<std::string> fork_leg(outcome o, const std::vector<std::string>& end,
                                  const std::string& peer = "AS") {
  const std::string to = "A>" + peer + " ", from = peer + ">A ";
  std::vector<std::string> v{
      to + "INVITE P-Early-Media:supported SDP(A)",
      from + "183 INVITE Require:100rel P-Early-Media:sendonly SDP(AS) [fork]", from + "180 INVITE",
      to + "PRACK [fork]", from + "200 PRACK [fork]"};
  if (o == outcome::cancel) v.insert(v.end(), {to + "CANCEL", from + "200 CANCEL"});
  v.insert(v.end(), end.begin(), end.end());
  switch (o) {
    case outcome::answer:
      v.insert(v.end(), {from + "200 INVITE SDP(B)", to + "ACK", to + "BYE", from + "200 BYE"});
      break;
    case outcome::busy:
      v.insert(v.end(), {from + "486 INVITE", to + "ACK"});
      break;
    case outcome::cancel:
      v.insert(v.end(), {from + "487 INVITE", to + "ACK"});
      break;
  }
  return v;
}

expectation forked(std::vector<std::string> a, std::vector<std::string> b, std::string before) {
  auto e =
      played(std::move(a), std::move(b), 'A', fork_leg(outcome::answer, {})[1], std::move(before));
  e.fork = true;
  return e;
}

TEST(SipServerMatrix, ForkingModeCmrbtPlaysOnAForkedEarlyDialogAndEndsItBeforeTheFinalResponse) {
  matrix m("forking-cmrbt", "forking", "off");
  // Supported: 199: a 199 on the fork's To tag ends it, whatever the outcome.
  const std::vector<std::string> by_199{"AS>A 199 INVITE [fork]"};
  std::vector<const case_run*> runs;
  for (const auto o : k_outcomes)
    runs.push_back(m.add(name_of(o), uac("fork", o), uas("plain", o), k_owner,
                         forked(fork_leg(o, by_199), leg("AS", "B", k_plain, o), by_199[0])));
  // No 199: the PRACKed forked dialog goes inactive by UPDATE before the 2xx.
  const std::vector<std::string> by_update{"AS>A UPDATE P-Early-Media:inactive SDP(AS) [fork]",
                                           "A>AS 200 UPDATE SDP(A) [fork]"};
  runs.push_back(m.add("no-199", "uac_fork_no199.xml", uas("plain", outcome::answer), k_owner,
                       forked(fork_leg(outcome::answer, by_update),
                              leg("AS", "B", k_plain, outcome::answer), by_update[0])));
  // Bad and unusual requests on the forked dialog: a PRACK with a RAck that
  // matches nothing gets 481 (RFC 3262), the right one 200; the caller's BYE
  // ends the forked early dialog alone (the RTP stops), the callee's answer
  // then needs no 199 or UPDATE.
  auto a_bye = fork_leg(outcome::answer, {});
  a_bye.insert(a_bye.begin() + 4, "AS>A 481 PRACK [fork]");
  a_bye.insert(a_bye.begin() + 6, {"A>AS BYE [fork]", "AS>A 200 BYE [fork]"});
  m.add("bye-on-fork", "uac_fork_bye.xml", uas("plain", outcome::answer), k_owner,
        forked(a_bye, leg("AS", "B", k_plain, outcome::answer), "A>AS BYE [fork]"));
  m.add("extensions-absent", uac("plain", outcome::answer), uas("plain", outcome::answer), k_owner,
        untouched(leg("A", "AS", k_plain, outcome::answer),
                  leg("AS", "B", k_plain, outcome::answer)));
  leg_notes pem = k_plain;
  pem.invite = " P-Early-Media:supported SDP(A)";
  m.add("no-resource", "uac_fork_unserved.xml", uas("plain", outcome::answer), k_nobody,
        untouched(leg("A", "AS", pem, outcome::answer), leg("AS", "B", pem, outcome::answer)));
  m.check();
  EXPECT_EQ(m.counter("forking"), 5);
  // The 183's SDP answers the caller's offer send-only, with the content
  // attribute of a customized alerting tone (TS 24.182); the UPDATE's goes
  // inactive in the same SDP session (version + 1).
  for (const auto* r : runs) {
    ASSERT_NE(r, nullptr);
    SCOPED_TRACE(r->name);
    std::vector<std::string> origins;
    for (const auto& f : r->frames) {
      if (f.rtp || f.from != "AS" || f.to != "A" || f.sdp_origin.empty()) continue;
      if (f.label.rfind("183 ", 0) == 0) {
        EXPECT_NE(f.sdp_attributes.find("content:g.3gpp.cat"), std::string::npos)
            << f.sdp_attributes;
        EXPECT_NE(f.sdp_attributes.find("sendonly"), std::string::npos) << f.sdp_attributes;
      }
      if (f.label.rfind("UPDATE", 0) == 0) {
        EXPECT_NE(f.sdp_attributes.find("inactive"), std::string::npos) << f.sdp_attributes;
      }
      if (origins.empty() || origins.back() != f.sdp_origin) origins.push_back(f.sdp_origin);
    }
    ASSERT_FALSE(origins.empty());
    EXPECT_EQ(origins[0].rfind("cmr ", 0), 0U) << origins[0];  // the 183: the AS's session
    if (r->name == "no-199") {
      ASSERT_EQ(origins.size(), 3U);  // 183, UPDATE, then the callee's 200
      EXPECT_EQ(origins[1], origins[0].substr(0, origins[0].rfind(' ')) + " 2");
    }
    // The 2xx on the callee's dialog: the callee's SDP, its own session.
    if (r->name == "answer" || r->name == "no-199") {
      EXPECT_EQ(origins.back(), "- 2 1") << origins.back();
    }
  }
}

// --- route-via-platform (docs/cs-delivery.md section 7) ---------------------------

// A call the SCP routed to the platform arrives from the switch's trunk with
// Request-URI user = platform prefix + called number: Gateway mode whatever
// "mode cmrbt" says (off here), no P-Early-Media: supported needed, and the
// callee's leg without the prefix (the uas_platform_* callees check the
// Request-URI and To). No resource: untouched, still without the prefix.
TEST(SipServerMatrix, PlatformCallsGetGatewayModeAndReachTheCalleeWithoutThePrefix) {
  matrix m("platform", "off", "off");
  const std::string prefix = "49609";
  for (const auto o : k_outcomes) {
    leg_notes na;
    na.invite = " SDP(A)";
    na.ringing = " Require:100rel P-Early-Media:sendrecv SDP(AS)";
    na.prack = true;
    na.update = true;
    na.update_req = " SDP(B)";
    na.update_ok = " SDP(A)";
    m.add(name_of(o), uac("trunk", o), uas("platform", o), prefix + k_owner,
          played(leg("A", "AS", na, o), leg("AS", "B", k_plain, o), 'A',
                 "AS>A 180 INVITE" + na.ringing,
                 o == outcome::answer ? "AS>A UPDATE SDP(B)" : final_to_a(o, "")));
  }
  m.add("no-resource", uac("plain", outcome::answer), uas("plain", outcome::answer),
        prefix + k_nobody,
        untouched(leg("A", "AS", k_plain, outcome::answer),
                  leg("AS", "B", k_plain, outcome::answer)));
  m.check();
  EXPECT_EQ(m.counter("platform-calls"), 4);
  EXPECT_EQ(m.counter("gateway"), 3);
}

// --- IMS: the AS on ISC behind an S-CSCF (docs/ims.md) ---------------------------
//
// Kamailio as the S-CSCF stand-in (configs/ims-scscf.kamailio.cfg) between
// the parties and the AS: the caller calls it ("S"), it invokes the AS with
// P-Served-User and Route: <AS;lr>, <S;lr[;orig];odi=...>, the AS sends the
// call back along the rest of the Route set, and S routes it to the callee.
// The caller's leg is checked like the direct matrix ("A>S ..."); the ISC
// hops by their headers:
//   - S>AS: Route with the AS first and the odi route, the session case;
//   - AS>S: exactly the rest of the Route set, no P-Served-User (B2BUA) or
//     the same (proxy), P-Asserted-Identity, Privacy, P-Charging-Vector and
//     P-Charging-Function-Addresses as S sent them; a new Call-ID (B2BUA),
//     or the same with the AS's Via on top and no Record-Route of the AS
//     (proxy: the ACK, PRACK and BYE then go around the AS);
//   - S>B: the same identity and charging headers;
//   - the charging record carries the icid and the session case.

std::vector<std::string> entries(const std::string& field) {
  std::vector<std::string> out;
  for (auto v : split(field, ',')) {
    v.erase(std::remove(v.begin(), v.end(), ' '), v.end());
    if (!v.empty()) out.push_back(v);
  }
  return out;
}

std::string icid_of(const std::string& pcv) {
  std::smatch m;
  return std::regex_search(pcv, m, std::regex("icid-value=\"?([^;\"]+)")) ? m[1].str() : "";
}

struct isc_expect {
  const char* sescase = "term";
  bool proxied = false;
  const char* outcome = "answered";  // the charging record's
};

void check_isc(sip_lab& lab, const case_run* r, const isc_expect& x) {
  ASSERT_NE(r, nullptr);
  SCOPED_TRACE("ISC, case " + r->name);
  const frame *to_as = nullptr, *back = nullptr, *to_b = nullptr;
  bool as_in_dialog = false;  // ACK/PRACK/BYE through the AS
  for (const auto& f : r->frames) {
    if (f.rtp) continue;
    const bool invite = f.label.rfind("INVITE", 0) == 0;
    if (invite && f.from == "S" && f.to == "AS" && to_as == nullptr) to_as = &f;
    if (invite && f.from == "AS" && f.to == "S" && back == nullptr) back = &f;
    if (invite && f.from == "S" && f.to == "B" && to_b == nullptr) to_b = &f;
    for (const char* m : {"ACK", "PRACK", "BYE"})
      if ((f.from == "AS" || f.to == "AS") && f.label == m) as_in_dialog = true;
  }
  ASSERT_TRUE(to_as != nullptr && back != nullptr && to_b != nullptr)
      << "an ISC hop is missing (S>AS, AS>S, S>B INVITE)";
  const std::string as = "127.0.0.1:" + std::to_string(lab.as_port());
  const auto route_in = entries(to_as->route);
  ASSERT_EQ(route_in.size(), 2U) << to_as->route;
  EXPECT_EQ(route_in[0], "<sip:" + as + ";lr>");
  EXPECT_NE(route_in[1].find(";odi="), std::string::npos) << route_in[1];
  EXPECT_EQ(route_in[1].find(";orig") != std::string::npos, std::string(x.sescase) == "orig");
  EXPECT_NE(to_as->p_served_user.find(std::string("sescase=") + x.sescase), std::string::npos)
      << to_as->p_served_user;
  // Back along the rest of the Route set, unchanged.
  EXPECT_EQ(entries(back->route), std::vector<std::string>(route_in.begin() + 1, route_in.end()));
  EXPECT_EQ(back->p_served_user, x.proxied ? to_as->p_served_user : "");
  for (const frame* f : {back, to_b}) {
    EXPECT_EQ(f->pai, to_as->pai) << f->text();
    EXPECT_EQ(f->privacy, to_as->privacy) << f->text();
    EXPECT_EQ(f->pcv, to_as->pcv) << f->text();
    EXPECT_EQ(f->pcfa, to_as->pcfa) << f->text();
  }
  EXPECT_FALSE(to_as->pai.empty());
  EXPECT_FALSE(to_as->pcfa.empty());
  const std::string icid = icid_of(to_as->pcv);
  ASSERT_FALSE(icid.empty()) << to_as->pcv;
  if (x.proxied) {
    EXPECT_EQ(back->call_id, to_as->call_id);
    ASSERT_FALSE(entries(back->via).empty());
    EXPECT_NE(entries(back->via)[0].find(as), std::string::npos) << back->via;
    EXPECT_EQ(back->record_route.find(as), std::string::npos) << back->record_route;
    EXPECT_FALSE(as_in_dialog) << "a proxied call's in-dialog requests passed the AS";
  } else {
    EXPECT_NE(back->call_id, to_as->call_id);
  }
  // The charging record of this invocation (a call through the AS twice
  // has one per session case, with the same icid).
  const std::string records = lab.charging_records();
  bool found = false;
  for (const auto& line : split(records, '\n')) {
    if (line.find("\"icid\":\"" + icid + "\"") == std::string::npos ||
        line.find(std::string("\"session_case\":\"") + x.sescase + "\"") == std::string::npos)
      continue;
    found = true;
    EXPECT_NE(
        line.find(std::string("\"outcome\":\"") + (x.proxied ? "continued" : x.outcome) + "\""),
        std::string::npos)
        << line;
    EXPECT_NE(line.find("\"protocol\":\"sip\""), std::string::npos) << line;
  }
  EXPECT_TRUE(found) << "no charging record with icid " << icid << " in:\n" << records;
}

const char* record_outcome(outcome o) {
  return o == outcome::answer ? "answered" : o == outcome::busy ? "busy" : "abandoned";
}

lab_options ims(const char* name, const char* cmrbt, const char* cmrt, bool orig, bool term) {
  lab_options o{name, cmrbt, cmrt};
  o.scscf.enabled = true;
  o.scscf.orig_as = orig;
  o.scscf.term_as = term;
  return o;
}

leg_notes gateway_notes() {
  leg_notes na;
  na.invite = " P-Early-Media:supported SDP(A)";
  na.ringing = " Require:100rel P-Early-Media:sendrecv SDP(AS)";
  na.prack = true;
  na.update = true;
  na.update_req = " SDP(B)";
  na.update_ok = " SDP(A)";
  return na;
}

// Gateway mode through the S-CSCF for the terminating and the originating
// session case: every outcome; no resource: proxied.
TEST(SipServerMatrix, ImsGatewayModeOnIscForTheTerminatingAndOriginatingUser) {
  for (const bool orig : {false, true}) {
    SCOPED_TRACE(orig ? "originating" : "terminating");
    matrix m(ims(orig ? "ims-gateway-orig" : "ims-gateway-term", "gateway", "off", orig, !orig));
    const auto na = gateway_notes();
    std::vector<std::pair<const case_run*, isc_expect>> runs;
    for (const auto o : k_outcomes) {
      runs.push_back({m.add(name_of(o), uac("gw", o), uas("plain", o), k_owner,
                            // The media goes straight to A, the SIP through
                            // S: the window is the AS's own messages to S.
                            played(leg("A", "S", na, o), {}, 'A', "AS>S 180 INVITE" + na.ringing,
                                   o == outcome::answer ? "AS>S UPDATE SDP(B)"
                                                        : "AS>S " + final_to_a(o, "").substr(5))),
                      {orig ? "orig" : "term", false, record_outcome(o)}});
    }
    if (!orig) {
      // The terminating user is no CMR subscriber: proxied.
      leg_notes pem = k_plain;
      pem.invite = " P-Early-Media:supported SDP(A)";
      runs.push_back({m.add("no-resource", "uac_gw_unserved.xml", uas("plain", outcome::answer),
                            k_nobody, untouched(leg("A", "S", pem, outcome::answer), {})),
                      {"term", true, "continued"}});
    }
    m.check();
    for (const auto& [r, x] : runs) check_isc(m.lab(), r, x);
    EXPECT_EQ(m.counter(orig ? "isc-originating" : "isc-terminating"),
              static_cast<long>(runs.size()));
    EXPECT_EQ(m.counter("gateway"), 3);
    EXPECT_EQ(m.counter("proxied"), orig ? 0 : 1);
  }
}

// The forking model through the S-CSCF, terminating and originating: the
// AS's 183 on its forked dialog and the 199 reach A through S (same To tag),
// the PRACK comes back through S to the fork (SIPp addresses it to the
// fork's Contact, S relays it by Request-URI).
TEST(SipServerMatrix, ImsForkingModelOnIscForTheTerminatingAndOriginatingUser) {
  for (const bool orig : {false, true}) {
    SCOPED_TRACE(orig ? "originating" : "terminating");
    matrix m(ims(orig ? "ims-forking-orig" : "ims-forking-term", "forking", "off", orig, !orig));
    std::vector<std::pair<const case_run*, isc_expect>> runs;
    for (const auto o : k_outcomes) {
      // After the caller's CANCEL, S (Kamailio tm) relays no further 1xx:
      // the AS's 199 stops there, the 487 ends the early dialogs.
      const std::vector<std::string> end = o == outcome::cancel
                                               ? std::vector<std::string>{}
                                               : std::vector<std::string>{"S>A 199 INVITE [fork]"};
      auto e = played(fork_leg(o, end, "S"), {}, 'A',
                      "AS>S 183 INVITE Require:100rel P-Early-Media:sendonly SDP(AS) [fork]",
                      "AS>S 199 INVITE [fork]");
      e.fork = true;
      runs.push_back({m.add(name_of(o), uac("fork", o), uas("plain", o), k_owner, e),
                      {orig ? "orig" : "term", false, record_outcome(o)}});
    }
    m.check();
    for (const auto& [r, x] : runs) check_isc(m.lab(), r, x);
    EXPECT_EQ(m.counter("forking"), 3);
  }
}

// HTTP mode (both services) and Application Server mode through the
// S-CSCF, terminating; a caller asking for privacy: the callee gets its
// Privacy and asserted identity as the S-CSCF sent them.
TEST(SipServerMatrix, ImsHttpAndApplicationServerModesOnIsc) {
  for (const bool orig : {false, true}) {
    SCOPED_TRACE(orig ? "originating" : "terminating");
    const char* sescase = orig ? "orig" : "term";
    // HTTP mode, both services: the CMRBT URL in the 180 (the caller's own
    // ringback when originating), the CMRT URL in the INVITE to the callee
    // (terminating only: CMRT is the called user's).
    matrix m(ims(orig ? "ims-http-orig" : "ims-http-term", "http", "http", orig, !orig));
    leg_notes na = k_plain;
    na.ringing = " Alert-Info";
    std::vector<std::pair<const case_run*, outcome>> runs;
    for (const auto o : k_outcomes) {
      // The answered caller asks for privacy.
      const std::string caller =
          o == outcome::answer ? "uac_ims_private_answer.xml" : uac("plain", o);
      runs.push_back(
          {m.add(name_of(o), caller, uas("plain", o), k_owner, url(leg("A", "S", na, o), {}, 'A')),
           o});
    }
    m.check();
    for (const auto& [r, o] : runs) {
      check_isc(m.lab(), r, {sescase, false, record_outcome(o)});
      ASSERT_NE(r, nullptr);
      for (const auto& f : r->frames) {
        if (f.from != "S" || f.to != "B" || f.label.rfind("INVITE", 0) != 0) continue;
        EXPECT_EQ(f.label.find("Alert-Info") != std::string::npos, !orig) << "CMRT: " << f.label;
        if (o != outcome::answer) continue;
        EXPECT_EQ(f.privacy, "id");
        EXPECT_NE(f.pai.find("491700000002@ims.lab"), std::string::npos) << f.pai;
      }
    }
    EXPECT_EQ(m.counter("http"), orig ? 3 : 6);  // CMRBT, and CMRT when terminating
  }
  for (const bool orig : {false, true}) {
    SCOPED_TRACE(orig ? "originating" : "terminating");
    matrix m(ims(orig ? "ims-as-orig" : "ims-as-term", "application-server", "off", orig, !orig));
    leg_notes na = k_plain;
    na.ringing = " Require:100rel,early-session early-session SDP(AS)";
    na.prack = true;
    na.prack_req = " early-session SDP(A)";
    std::vector<std::pair<const case_run*, outcome>> runs;
    for (const auto o : k_outcomes) {
      runs.push_back({m.add(name_of(o), uac("es", o), uas("plain", o), k_owner,
                            played(leg("A", "S", na, o), {}, 'A', "A>S PRACK early-session SDP(A)",
                                   "AS>S " + final_to_a(o, na.ok).substr(5))),
                      o});
    }
    m.check();
    for (const auto& [r, o] : runs)
      check_isc(m.lab(), r, {orig ? "orig" : "term", false, record_outcome(o)});
    EXPECT_EQ(m.counter("application-server"), 3);
  }
}

// The whole chain of a real IMS call: the caller's originating iFC and the
// callee's terminating iFC both name the AS. The originating invocation
// serves the caller's own ringback (Gateway mode); its leg back carries no
// P-Early-Media, so the terminating invocation has nothing to play and
// proxies the call on. Then the S-CSCF's default handling: an AS that does
// not answer is skipped and the session continues to the callee.
TEST(SipServerMatrix, ImsOriginatingAndTerminatingChainAndAnAsThatDoesNotAnswer) {
  {
    matrix m(ims("ims-chain", "gateway", "off", true, true));
    const auto na = gateway_notes();
    const auto* r =
        m.add("answer", uac("gw", outcome::answer), uas("plain", outcome::answer), k_owner,
              played(leg("A", "S", na, outcome::answer), {}, 'A', "AS>S 180 INVITE" + na.ringing,
                     "AS>S UPDATE SDP(B)"));
    m.check(2);  // two invocations of the AS per call
    check_isc(m.lab(), r, {"orig", false, "answered"});
    EXPECT_EQ(m.counter("isc-originating"), 1);
    EXPECT_EQ(m.counter("isc-terminating"), 1);
    EXPECT_EQ(m.counter("gateway"), 1);
    EXPECT_EQ(m.counter("proxied"), 1);
    ASSERT_NE(r, nullptr);
    // The second invocation (terminating) went through the AS as a proxy:
    // same Call-ID back, the AS's Via on top, P-Served-User sescase=term.
    std::vector<const frame*> to_as, back;
    for (const auto& f : r->frames) {
      if (f.rtp || f.label.rfind("INVITE", 0) != 0) continue;
      if (f.from == "S" && f.to == "AS") to_as.push_back(&f);
      if (f.from == "AS" && f.to == "S") back.push_back(&f);
    }
    ASSERT_EQ(to_as.size(), 2U);
    ASSERT_EQ(back.size(), 2U);
    EXPECT_NE(to_as[1]->p_served_user.find("sescase=term"), std::string::npos);
    EXPECT_EQ(back[1]->call_id, to_as[1]->call_id);
    EXPECT_EQ(back[1]->pcv, to_as[0]->pcv);  // one icid for the whole call
    EXPECT_EQ(to_as[1]->label.find("P-Early-Media"), std::string::npos) << to_as[1]->label;
  }
  {
    auto o = ims("ims-as-down", "gateway", "off", false, true);
    o.scscf.as_down = true;
    matrix m(o);
    m.add("answer", uac("plain", outcome::answer), uas("plain", outcome::answer), k_owner,
          untouched(leg("A", "S", k_plain, outcome::answer), {}));
    m.check(0);  // the AS never saw the call
  }
}

}  // namespace
}  // namespace cmr::test
