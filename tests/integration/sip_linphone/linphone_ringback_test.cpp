// A real UE hears the customized ringback: linphonec (tests/common/linphone_ue.h)
// calls a CMR subscriber through a Kamailio P-CSCF stand-in
// (configs/ims-pcscf.kamailio.cfg, which adds "P-Early-Media: supported", as
// linphone cannot) to the real cmr-server in Gateway mode; sipp is the callee
// (rings 500 ms, answers). Checked from one tshark capture on loopback:
//   - the call completes: linphone reports early media, connected, ended;
//     the sipp callee passes;
//   - linphone's leg: INVITE with Supported: 100rel, the server's reliable
//     180 with its SDP and P-Early-Media, linphone's PRACK for that RSeq, the
//     UPDATE with the callee's SDP answered by linphone, 200, ACK, BYE;
//   - the server's RTP reaches linphone's RTP port only between the server's
//     180 and its UPDATE (PCMA, one SSRC), none after;
//   - a busy callee: the ringback stops at the server's 486, linphone ends
//     the call with an error;
//   - the forking model: linphone PRACKs the AS's forked 183 and plays its
//     early media until the fork's UPDATE a=inactive;
//   - what linphone decoded and recorded is the uploaded content;
//   - every frame decodes clean (no malformed, no expert >= warning).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "media/g711.h"
#include "tests/integration/sip_linphone/ue_lab.h"

namespace cmr::test {
namespace {

using namespace std::chrono_literals;

const std::string k_owner = "491700000001";  // demo subscriber presenting demo-ringback-2

std::vector<std::string> split_path(const std::string& p) {
  std::vector<std::string> out(1);
  for (char ch : p) {
    if (ch == ':')
      out.emplace_back();
    else
      out.back() += ch;
  }
  return out;
}

// The peers these tests run; a machine without them skips the tests.
std::string missing_tools() {
  std::string missing;
  for (const char* tool : {"linphonec", "kamailio", "sipp", "dumpcap", "tshark"}) {
    bool found = false;
    const char* path = std::getenv("PATH");
    for (const auto& dir : split_path(path == nullptr ? "" : path))
      found |= ::access((dir + "/" + tool).c_str(), X_OK) == 0;
    if (!found) missing += std::string(missing.empty() ? "" : ", ") + tool;
  }
  return missing;
}

#define SKIP_WITHOUT_PEERS()                             \
  if (const std::string m = missing_tools(); !m.empty()) \
  GTEST_SKIP() << "not installed: " << m << " (Debian: linphone-cli kamailio sip-tester tshark)"

std::string ladder(const ue_case& c) {
  std::string s;
  for (const auto& f : c.frames) {
    const bool stun = f.protocols.find("stun") != std::string::npos;
    if (!f.sip() && !stun) continue;  // RTP and RTCP are counted, not listed
    char t[32];
    std::snprintf(t, sizeof t, "%8.3f ", f.time - c.start);
    s += t + (stun ? f.src + ">" + f.dst + " STUN" : f.text()) + "\n";
  }
  return s;
}

// The 16-bit samples of a PCM WAV file (linphone's `record` output).
std::vector<std::int16_t> wav_samples(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string b{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::vector<std::int16_t> out;
  if (b.size() < 12 || b.compare(0, 4, "RIFF") != 0) return out;
  for (std::size_t at = 12; at + 8 <= b.size();) {
    const auto size = static_cast<std::size_t>(static_cast<std::uint8_t>(b[at + 4])) |
                      static_cast<std::size_t>(static_cast<std::uint8_t>(b[at + 5])) << 8 |
                      static_cast<std::size_t>(static_cast<std::uint8_t>(b[at + 6])) << 16 |
                      static_cast<std::size_t>(static_cast<std::uint8_t>(b[at + 7])) << 24;
    if (b.compare(at, 4, "data") == 0) {
      // A recorder killed before closing leaves the size unset: read to the end.
      const std::size_t end = std::min(b.size(), size == 0 ? b.size() : at + 8 + size);
      for (std::size_t i = at + 8; i + 1 < end; i += 2)
        out.push_back(static_cast<std::int16_t>(static_cast<std::uint8_t>(b[i]) |
                                                static_cast<std::uint8_t>(b[i + 1]) << 8));
      break;
    }
    at += 8 + size + (size & 1);
  }
  return out;
}

// How well what linphone played matches the content: the best normalized
// correlation of a 100 ms window of the recording with the decoded rendition
// at any offset, over windows from its first sound on (50 ms apart, a dozen).
// linphone's playback chain (volume, equalizer) scales the signal, so a
// perfect match is 1.0, not equal samples; its jitter buffer and packet loss
// concealment may stretch or fill the stream here and there on a loaded
// machine, so not every window matches.
double best_match(const std::vector<std::int16_t>& rec, const std::string& rendition) {
  std::vector<double> ref;
  for (char c : rendition) ref.push_back(media::alaw_to_linear(static_cast<std::uint8_t>(c)));
  std::size_t first = 0;
  while (first < rec.size() && rec[first] == 0) ++first;
  constexpr std::size_t window = 800, step = 400;
  double best = 0;
  for (std::size_t start = first, n = 0; n < 12 && start + window <= rec.size() && !ref.empty();
       start += step, ++n) {
    const auto wat = [&](std::size_t i) { return static_cast<double>(rec[start + i]); };
    double wm = 0, wv = 0;
    for (std::size_t i = 0; i < window; ++i) wm += wat(i);
    wm /= window;
    for (std::size_t i = 0; i < window; ++i) wv += (wat(i) - wm) * (wat(i) - wm);
    for (std::size_t off = 0; off < ref.size(); ++off) {
      const auto rat = [&](std::size_t i) { return ref[(off + i) % ref.size()]; };
      double rm = 0, rv = 0, cov = 0;
      for (std::size_t i = 0; i < window; ++i) rm += rat(i);
      rm /= window;
      for (std::size_t i = 0; i < window; ++i) {
        rv += (rat(i) - rm) * (rat(i) - rm);
        cov += (wat(i) - wm) * (rat(i) - rm);
      }
      if (wv > 0 && rv > 0) best = std::max(best, cov / std::sqrt(wv * rv));
    }
  }
  return best;
}

// The frames linphone sent or received, but RTP and linphone's STUN.
std::vector<const ue_frame*> ue_signalling(const ue_case& c, const ue_lab& lab) {
  std::vector<const ue_frame*> v;
  for (const auto& f : c.frames)
    if (f.sip() && f.status != "100" && (f.src == lab.ue_sip() || f.dst == lab.ue_sip()))
      v.push_back(&f);
  return v;
}

const ue_frame* find(const ue_case& c, const std::string& src, const std::string& dst,
                     const std::string& label) {
  for (const auto& f : c.frames)
    if (f.sip() && f.src == src && f.dst == dst &&
        (f.method == label || f.status + " " + f.cseq_method == label))
      return &f;
  return nullptr;
}

// The server's RTP at linphone's port: packets between `start` (the
// server's 18x toward linphone's side) and `end` (its UPDATE or final
// response), and outside that window; all PCMA from one SSRC.
void expect_ringback_window(const ue_case& c, const ue_lab& lab, const ue_frame& start,
                            const ue_frame& end) {
  int during = 0, outside = 0;
  std::set<std::string> ssrcs;
  for (const auto& f : c.frames) {
    if (!f.rtp || f.src.rfind(k_as_ip + ":", 0) != 0 || f.dst != lab.ue_address()) continue;
    (f.time > start.time && f.time < end.time ? during : outside)++;
    EXPECT_EQ(f.payload_type, 8);
    ssrcs.insert(f.ssrc);
  }
  // 500 ms of ringing at 20 ms per packet: about 25.
  EXPECT_GE(during, 15);
  EXPECT_EQ(outside, 0);
  EXPECT_EQ(ssrcs.size(), 1u);
}

// linphone's INVITE (100rel, no P-Early-Media), the P-CSCF's relay (with
// P-Early-Media: supported), the server's reliable 180 with its SDP and
// linphone's PRACK for its RSeq.
void expect_early_dialog(const ue_case& c, const ue_lab& lab) {
  const std::string ue = lab.ue_sip(), px = lab.pcscf_sip();
  const auto* invite = find(c, ue, px, "INVITE");
  ASSERT_NE(invite, nullptr);
  EXPECT_NE(invite->supported.find("100rel"), std::string::npos) << invite->supported;
  EXPECT_EQ(invite->p_early_media, "");  // linphone cannot say it ...
  const auto* relayed = find(c, px, lab.as_sip(), "INVITE");
  ASSERT_NE(relayed, nullptr);
  EXPECT_EQ(relayed->p_early_media, "supported");  // ... the P-CSCF does
  const auto* ringing = find(c, px, ue, "180 INVITE");
  ASSERT_NE(ringing, nullptr);
  EXPECT_NE(ringing->require.find("100rel"), std::string::npos);
  EXPECT_EQ(ringing->p_early_media, "sendrecv");
  EXPECT_EQ(ringing->sdp_connection, k_as_ip);  // the server's SDP answer
  const auto* prack = find(c, ue, px, "PRACK");
  ASSERT_NE(prack, nullptr);
  EXPECT_EQ(prack->rack.substr(0, prack->rack.find(' ')), ringing->rseq) << prack->rack;
}

// Every frame decodes clean. linphone's STUN binding requests (mediastreamer
// opens "firewalls" with them when ICE is off; liblinphone 5.1 has no
// setting to stop them) are the only frames besides SIP and RTP/RTCP, and
// they come from linphone.
void expect_clean(const ue_case& c) {
  for (const auto& f : c.frames) {
    EXPECT_EQ(f.problem, "");
    if (f.protocols.find("stun") != std::string::npos) {
      EXPECT_EQ(f.src.substr(0, f.src.find(':')), k_ue_ip) << f.text();
    }
  }
}

std::vector<std::string> ue_leg(const ue_case& c, const ue_lab& lab) {
  std::vector<std::string> seen;
  for (const auto* f : ue_signalling(c, lab)) seen.push_back(f->text());
  return seen;
}

TEST(LinphoneRingback, GatewayModeCallerHearsRingbackUntilAnswer) {
  SKIP_WITHOUT_PEERS();
  ue_lab lab("linphone-gateway-answer", "gateway");
  ASSERT_EQ(lab.setup_error(), "");
  auto& c = lab.run_caller("answer", "uas_plain_answer.xml", k_owner, 200ms);
  ASSERT_EQ(lab.analyse(), "");
  SCOPED_TRACE("ladder (s from the call):\n" + ladder(c));

  // The call completes on both ends.
  EXPECT_GT(c.call_id, 0);
  EXPECT_TRUE(c.reached_early_media);
  EXPECT_TRUE(c.reached_connected);
  EXPECT_TRUE(c.call_over);
  EXPECT_EQ(c.uas_rc, 0) << c.uas_log;

  // linphone's leg, in order (100 Trying left out).
  const std::string ue = lab.ue_sip(), px = lab.pcscf_sip();
  const std::vector<std::string> expected = {
      ue + ">" + px + " INVITE",     px + ">" + ue + " 180 INVITE", ue + ">" + px + " PRACK",
      px + ">" + ue + " 200 PRACK",  px + ">" + ue + " UPDATE",     ue + ">" + px + " 200 UPDATE",
      px + ">" + ue + " 200 INVITE", ue + ">" + px + " ACK",        ue + ">" + px + " BYE",
      px + ">" + ue + " 200 BYE"};
  EXPECT_EQ(ue_leg(c, lab), expected);
  expect_early_dialog(c, lab);
  const auto* update = find(c, px, ue, "UPDATE");
  ASSERT_NE(update, nullptr);
  EXPECT_EQ(update->sdp_connection, k_callee_ip);  // the callee's media
  const auto* update_ok = find(c, ue, px, "200 UPDATE");
  ASSERT_NE(update_ok, nullptr);
  EXPECT_EQ(update_ok->sdp_connection, k_ue_ip);  // linphone's answer

  // Ringback from the server's 180 to its UPDATE, none after the answer.
  const auto* as_update = find(c, lab.as_sip(), px, "UPDATE");
  ASSERT_NE(as_update, nullptr);
  const auto* as_ringing = find(c, lab.as_sip(), lab.pcscf_sip(), "180 INVITE");
  ASSERT_NE(as_ringing, nullptr);
  expect_ringback_window(c, lab, *as_ringing, *as_update);

  // linphone decoded and played the content (its file-mode recording).
  const auto rec = wav_samples(c.recording);
  EXPECT_GT(best_match(rec, lab.rendition()), 0.99) << c.recording << ": " << rec.size();

  expect_clean(c);
  EXPECT_EQ(lab.counter("calls-active"), 0);
  EXPECT_EQ(lab.counter("rtp-streams-active"), 0);
}

// The same call in the IMS core of the lab: linphone calls the S-CSCF
// stand-in (configs/ims-scscf.kamailio.cfg), whose terminating iFC invokes
// the AS on ISC; the AS's B-leg goes back through the S-CSCF to the callee.
// linphone's leg and the ringback are those of the P-CSCF lab.
TEST(LinphoneRingback, GatewayModeThroughScscfCallerHearsRingbackUntilAnswer) {
  SKIP_WITHOUT_PEERS();
  ue_lab lab("linphone-gateway-scscf", "gateway", ims_core::scscf);
  ASSERT_EQ(lab.setup_error(), "");
  auto& c = lab.run_caller("answer", "uas_plain_answer.xml", k_owner, 200ms);
  ASSERT_EQ(lab.analyse(), "");
  SCOPED_TRACE("ladder (s from the call):\n" + ladder(c));

  EXPECT_GT(c.call_id, 0);
  EXPECT_TRUE(c.reached_early_media);
  EXPECT_TRUE(c.reached_connected);
  EXPECT_TRUE(c.call_over);
  EXPECT_EQ(c.uas_rc, 0) << c.uas_log;

  const std::string ue = lab.ue_sip(), cscf = lab.pcscf_sip();
  const std::vector<std::string> expected = {
      ue + ">" + cscf + " INVITE",     cscf + ">" + ue + " 180 INVITE",
      ue + ">" + cscf + " PRACK",      cscf + ">" + ue + " 200 PRACK",
      cscf + ">" + ue + " UPDATE",     ue + ">" + cscf + " 200 UPDATE",
      cscf + ">" + ue + " 200 INVITE", ue + ">" + cscf + " ACK",
      ue + ">" + cscf + " BYE",        cscf + ">" + ue + " 200 BYE"};
  EXPECT_EQ(ue_leg(c, lab), expected);
  expect_early_dialog(c, lab);
  // The B-leg came back through the S-CSCF (ISC) to the callee.
  EXPECT_NE(find(c, lab.as_sip(), cscf, "INVITE"), nullptr);
  EXPECT_NE(find(c, cscf, lab.callee_sip(), "INVITE"), nullptr);

  const auto* as_update = find(c, lab.as_sip(), cscf, "UPDATE");
  ASSERT_NE(as_update, nullptr);
  const auto* as_ringing = find(c, lab.as_sip(), lab.pcscf_sip(), "180 INVITE");
  ASSERT_NE(as_ringing, nullptr);
  expect_ringback_window(c, lab, *as_ringing, *as_update);
  const auto rec = wav_samples(c.recording);
  EXPECT_GT(best_match(rec, lab.rendition()), 0.99) << c.recording << ": " << rec.size();
  expect_clean(c);
  EXPECT_EQ(lab.counter("calls-active"), 0);
  EXPECT_EQ(lab.counter("rtp-streams-active"), 0);
}

// The forking model (TS 24.182 A.3, docs/sip.md): the AS answers on its own
// forked early dialog (183, new To tag, a=sendonly, a=content:g.3gpp.cat,
// P-Early-Media: sendonly, reliable) and plays on it; the callee's 180 comes
// on the other dialog; at the answer the fork ends with UPDATE a=inactive
// (linphone does not offer 199). linphone PRACKs the fork's 183 and plays its
// early media; the callee's 180 then becomes the call's dialog in linphone,
// which answers the fork's UPDATE with 481 (docs/ims-lab-linphone.md).
TEST(LinphoneRingback, ForkingModeCallerHearsTheForksEarlyMedia) {
  SKIP_WITHOUT_PEERS();
  ue_lab lab("linphone-forking-answer", "forking");
  ASSERT_EQ(lab.setup_error(), "");
  auto& c = lab.run_caller("answer", "uas_plain_answer.xml", k_owner, 200ms);
  ASSERT_EQ(lab.analyse(), "");
  SCOPED_TRACE("ladder (s from the call):\n" + ladder(c));

  EXPECT_GT(c.call_id, 0);
  EXPECT_TRUE(c.reached_early_media);
  EXPECT_TRUE(c.reached_connected);
  EXPECT_TRUE(c.call_over);
  EXPECT_EQ(c.uas_rc, 0) << c.uas_log;

  // linphone's leg: the early part in any order (the 183 and the 180 leave
  // the AS within a millisecond; the PRACK may come before or after the 180).
  const std::string ue = lab.ue_sip(), px = lab.pcscf_sip();
  auto seen = ue_leg(c, lab);
  ASSERT_GE(seen.size(), 5u);
  std::vector<std::string> early(seen.begin() + 1, seen.begin() + 5);
  std::sort(early.begin(), early.end());
  std::vector<std::string> early_expected = {
      px + ">" + ue + " 180 INVITE", px + ">" + ue + " 183 INVITE", ue + ">" + px + " PRACK",
      px + ">" + ue + " 200 PRACK"};
  std::sort(early_expected.begin(), early_expected.end());
  EXPECT_EQ(seen[0], ue + ">" + px + " INVITE");
  EXPECT_EQ(early, early_expected);
  const std::vector<std::string> rest(seen.begin() + 5, seen.end());
  const std::vector<std::string> rest_expected = {
      px + ">" + ue + " UPDATE", ue + ">" + px + " 481 UPDATE", px + ">" + ue + " 200 INVITE",
      ue + ">" + px + " ACK",    ue + ">" + px + " BYE",        px + ">" + ue + " 200 BYE"};
  EXPECT_EQ(rest, rest_expected);

  const auto* fork = find(c, px, ue, "183 INVITE");
  ASSERT_NE(fork, nullptr);
  EXPECT_NE(fork->require.find("100rel"), std::string::npos);
  EXPECT_EQ(fork->p_early_media, "sendonly");
  EXPECT_EQ(fork->sdp_connection, k_as_ip);
  EXPECT_NE(fork->sdp_direction.find("content:g.3gpp.cat"), std::string::npos)
      << fork->sdp_direction;
  const auto* prack = find(c, ue, px, "PRACK");
  ASSERT_NE(prack, nullptr);
  EXPECT_EQ(prack->rack.substr(0, prack->rack.find(' ')), fork->rseq) << prack->rack;
  const auto* update = find(c, px, ue, "UPDATE");
  ASSERT_NE(update, nullptr);
  EXPECT_NE(update->sdp_direction.find("inactive"), std::string::npos) << update->sdp_direction;

  // The fork's RTP from its 183 to its UPDATE, none after.
  const auto* as_fork = find(c, lab.as_sip(), px, "183 INVITE");
  const auto* as_end = find(c, lab.as_sip(), px, "UPDATE");
  ASSERT_NE(as_fork, nullptr);
  ASSERT_NE(as_end, nullptr);
  expect_ringback_window(c, lab, *as_fork, *as_end);
  const auto rec = wav_samples(c.recording);
  EXPECT_GT(best_match(rec, lab.rendition()), 0.99) << c.recording << ": " << rec.size();
  expect_clean(c);
  EXPECT_EQ(lab.counter("calls-active"), 0);
  EXPECT_EQ(lab.counter("rtp-streams-active"), 0);
}

// The callee is busy after 500 ms of ringing: the ringback stops at the
// server's 486 and linphone ends the call with an error.
TEST(LinphoneRingback, GatewayModeRingbackStopsAtBusy) {
  SKIP_WITHOUT_PEERS();
  ue_lab lab("linphone-gateway-busy", "gateway");
  ASSERT_EQ(lab.setup_error(), "");
  auto& c = lab.run_caller("busy", "uas_plain_busy.xml", k_owner, 0ms);
  ASSERT_EQ(lab.analyse(), "");
  SCOPED_TRACE("ladder (s from the call):\n" + ladder(c));

  EXPECT_GT(c.call_id, 0);
  EXPECT_TRUE(c.reached_early_media);
  EXPECT_EQ(c.final_state, "error");
  EXPECT_TRUE(c.call_over);
  EXPECT_EQ(c.uas_rc, 0) << c.uas_log;

  const std::string ue = lab.ue_sip(), px = lab.pcscf_sip();
  const std::vector<std::string> expected = {
      ue + ">" + px + " INVITE",    px + ">" + ue + " 180 INVITE", ue + ">" + px + " PRACK",
      px + ">" + ue + " 200 PRACK", px + ">" + ue + " 486 INVITE", ue + ">" + px + " ACK"};
  EXPECT_EQ(ue_leg(c, lab), expected);
  expect_early_dialog(c, lab);
  const auto* as_busy = find(c, lab.as_sip(), px, "486 INVITE");
  ASSERT_NE(as_busy, nullptr);
  const auto* as_ringing = find(c, lab.as_sip(), lab.pcscf_sip(), "180 INVITE");
  ASSERT_NE(as_ringing, nullptr);
  expect_ringback_window(c, lab, *as_ringing, *as_busy);
  expect_clean(c);
  EXPECT_EQ(lab.counter("calls-active"), 0);
  EXPECT_EQ(lab.counter("rtp-streams-active"), 0);
}

}  // namespace
}  // namespace cmr::test
