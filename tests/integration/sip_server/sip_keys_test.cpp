// On-line copy and presentation control on the SIP modes (spec 5.7,
// docs/sip.md "On-line copy and presentation control on SIP") against the
// real cmr-server of the SIP lab (sip_lab.h): sipp callers play RFC 4733
// events (and in-band tones) from pcap files the test writes from
// media::dtmf (key_pcap.h), or send SIP INFO application/dtmf-relay; the
// test reads what the server played to the caller (the lab's RTP socket),
// the counters of "show cmr sip", and the libraries through the management
// API afterwards; tshark decodes the captured RTP events.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>

#include "media/dtmf/prompts.h"
#include "tests/integration/sip_server/key_pcap.h"
#include "tests/integration/sip_server/lab_tools.h"
#include "tests/integration/sip_server/sip_lab.h"

namespace cmr::test {
namespace {

const std::string k_keys = std::string(CMR_SOURCE_DIR) + "/tests/sipp/keys/";
constexpr const char* k_owner = "491700000001";
constexpr const char* k_copier = "491700000042";  // subscriber without demo-ringback-2
constexpr const char* k_poor = "491700000043";    // subscriber with credit limit 0
constexpr const char* k_privacy_caller = "491700000044";
constexpr const char* k_stranger = "491700000077";  // no CMR subscriber

// The presentation-control node of the lab: keys as the defaults, the
// confirmation prompt a resource whose rendition the test knows.
const std::string k_presentation =
    "presentation-control\n"
    " prompt confirmed demo-system-default\n"
    " max-keys-per-call 20\n"
    "!\n";

// A scenario of tests/sipp/keys with the pcap and the caller's number put in.
std::string scenario(sip_lab& lab, const std::string& name, const std::string& pcap,
                     const std::string& caller, const std::string& tag) {
  std::string s = slurp_file(k_keys + name);
  while (replace_once(s, "@PCAP@", pcap)) {
  }
  while (caller != "491700000002" && replace_once(s, "491700000002", caller)) {
  }
  const std::string path = lab.dir() + "/" + tag + "-" + name;
  std::ofstream(path) << s;
  return path;
}

std::string events_pcap(sip_lab& lab, const std::string& tag, const std::vector<key_press>& keys) {
  std::vector<std::uint32_t> at;
  const auto packets = rfc4733_stream(keys, 101, at);
  const std::string path = lab.dir() + "/" + tag + ".pcap";
  EXPECT_TRUE(write_rtp_pcap(path, packets, at));
  return path;
}

std::string inband_pcap(sip_lab& lab, const std::string& tag, const std::vector<key_press>& keys) {
  std::vector<std::uint32_t> at;
  const auto packets = inband_stream(keys, media::g711_law::alaw, at);
  const std::string path = lab.dir() + "/" + tag + ".pcap";
  EXPECT_TRUE(write_rtp_pcap(path, packets, at));
  return path;
}

// The frames (RTP payloads) the caller got.
std::vector<std::string> payloads(const case_run& r) {
  std::vector<std::string> out;
  for (const auto& d : r.rtp_a)
    if (d.size() > 12) out.push_back(d.substr(12));
  return out;
}

// Index of the first frame equal to one of `content`'s frames, from `from`;
// npos when none. Frames of one repeated octet (the built-in prompts' pauses,
// G.711 silence) are shared by every prompt and tell nothing apart: skipped.
std::size_t find_content(const std::vector<std::string>& frames, const std::string& content,
                         std::size_t from = 0) {
  for (std::size_t i = from; i < frames.size(); ++i)
    for (std::size_t off = 0; off + 160 <= content.size(); off += 160) {
      const auto f = content.substr(off, 160);
      if (f.find_first_not_of(f[0]) == std::string::npos) continue;
      if (frames[i] == f) return i;
    }
  return std::string::npos;
}

class keys_lab {
public:
  explicit keys_lab(const char* name, const char* mode)
      : lab_(lab_options{name, mode, "off", {}, k_presentation, base_}) {
    if (!lab_.setup_error().empty()) return;
    std::string error;
    for (const auto& [id, seed] : std::vector<std::pair<std::string, int>>{
             {"demo-ringback-1", 1}, {"demo-ringback-3", 3}, {"demo-system-default", 7}}) {
      renditions_[id] = lab_.upload(id, 2400, seed, error);
      if (renditions_[id].empty()) setup_error_ = error;
    }
    renditions_["demo-ringback-2"] = lab_.rendition();
    for (const auto& [who, limit] : std::vector<std::pair<const char*, const char*>>{
             {k_copier, "1000"}, {k_poor, "0"}, {k_privacy_caller, "1000"}}) {
      const auto [st, body] =
          op("ServiceSubscription", std::string("{\"TransactionId\":\"sub-") + who +
                                        "\",\"SubscriberId\":\"" + who +
                                        "\",\"OperationType\":2,\"CMRBT\":true,\"CMRT\":false,"
                                        "\"Password\":\"s3cret-pw\",\"TimeZone\":\"Europe/Berlin\","
                                        "\"CreditLimit\":\"" +
                                        limit + "\"}");
      if (st != 200 || body.find("\"StatusCode\":0") == std::string::npos)
        setup_error_ = "ServiceSubscription " + std::string(who) + ": " + body;
    }
  }
  const std::string& setup_error() const {
    return lab_.setup_error().empty() ? setup_error_ : lab_.setup_error();
  }
  sip_lab& lab() { return lab_; }
  // 200 RTP ports for the server, somewhere in 20000-29999 (a taken port is
  // passed over by the server's port pool).
  static std::uint16_t rtp_base() {
    return static_cast<std::uint16_t>(20000 + (free_port() % 50) * 200);
  }
  // tshark options decoding the caller's RTP toward the server's ports.
  std::string rtp_decode() const {
    const auto base = base_;
    return " -d udp.port==" + std::to_string(base) + "-" + std::to_string(base + 199) +
           ",rtp -d rtp.pt==101,rtpevent ";
  }
  const std::string& rendition(const std::string& id) { return renditions_[id]; }

  std::pair<int, std::string> op(const std::string& name, const std::string& json) {
    auto [st, body] = lab_.post_json(name, json);
    body.erase(
        std::remove_if(body.begin(), body.end(), [](char c) { return c == ' ' || c == '\n'; }),
        body.end());
    return {st, body};
  }
  // The owner's CMRBT rule: no preference settings, DefaultCMRResourceId2
  // `played` (a resource or a box), DefaultCMRResourceId1 `after_stop`.
  void owner_plays(const std::string& played, const std::string& after_stop) {
    const auto [st, body] = op(
        "PresentationRule", "{\"TransactionId\":\"rule-" + std::to_string(++tx_) +
                                "\",\"SubscriberId\":\"" + k_owner +
                                "\",\"Service\":\"CMRBT\",\"OperationType\":2,"
                                "\"DefaultCMRResourceId1\":[\"" +
                                after_stop + "\"],\"DefaultCMRResourceId2\":[\"" + played + "\"]}");
    EXPECT_NE(body.find("\"StatusCode\":0"), std::string::npos) << body;
  }
  void privacy(const char* who, const char* value) {
    const auto [st, body] =
        op("PrivacySetting", "{\"TransactionId\":\"priv-" + std::to_string(++tx_) +
                                 "\",\"SubscriberId\":\"" + who +
                                 "\",\"OperationType\":3,\"CopyPrivacy\":\"" + value + "\"}");
    EXPECT_NE(body.find("\"StatusCode\":0"), std::string::npos) << body;
  }
  // How often the subscriber's library lists `resource` (CMR-6
  // LibraryManagement Query, what a CMR-1 client's portal shows).
  int library_count(const char* who, const std::string& resource) {
    const auto [st, body] =
        op("LibraryManagement", "{\"TransactionId\":\"lib-" + std::to_string(++tx_) +
                                    "\",\"SubscriberId\":\"" + who + "\",\"OperationType\":1}");
    int n = 0;
    for (auto at = body.find("\"" + resource + "\""); at != std::string::npos;
         at = body.find("\"" + resource + "\"", at + 1))
      ++n;
    return n;
  }
  long counter(const std::string& name) { return lab_.counter(name); }
  // One call: `uac` scenario from tests/sipp/keys calling `service`.
  const case_run& call(const std::string& tag, const std::string& uac, const std::string& pcap,
                       const std::string& caller, const std::string& service = k_owner) {
    const auto& r = lab_.run(tag, scenario(lab_, uac, pcap, caller, tag),
                             k_keys + "uas_keys_answer.xml", service);
    EXPECT_EQ(r.uac_rc, 0) << tag << ": caller scenario failed:\n" << r.uac_errors;
    EXPECT_EQ(r.uas_rc, 0) << tag << ": callee scenario failed:\n" << r.uas_errors;
    return r;
  }

private:
  std::uint16_t base_ = rtp_base();  // before lab_: its options use it
  sip_lab lab_;
  std::string setup_error_;
  std::map<std::string, std::string> renditions_;
  int tx_ = 0;
};

// The prompt frames follow the ringback's, and the ringback comes back after them.
void expect_prompt_between_ringback(const case_run& r, const std::string& ringback,
                                    const std::string& prompt, const char* what) {
  const auto frames = payloads(r);
  const auto ring = find_content(frames, ringback);
  ASSERT_NE(ring, std::string::npos) << what << ": no ringback frame in " << frames.size();
  const auto p = find_content(frames, prompt, ring);
  ASSERT_NE(p, std::string::npos) << what << ": no prompt frame after the ringback";
  EXPECT_NE(find_content(frames, ringback, p + 1), std::string::npos)
      << what << ": the ringback did not continue after the prompt";
}

TEST(SipKeys, GatewayModeCopiesOnceChargesOnceAndRefuses) {
  keys_lab k("keys-gateway-copy", "gateway");
  ASSERT_EQ(k.setup_error(), "");
  k.owner_plays("demo-ringback-2", "demo-ringback-1");
  ASSERT_EQ(k.library_count(k_copier, "demo-ringback-2"), 0);

  // A copy key, the same key again (no second copy, no second charge) and an
  // event this server does not know (200).
  const auto& copy =
      k.call("copy", "uac_gw_keys.xml",
             events_pcap(k.lab(), "copy", {{'*', 300}, {'*', 1300}, {'*', 1800, 200}}), k_copier);
  EXPECT_EQ(k.counter("copy-copied"), 1);
  EXPECT_EQ(k.counter("copy-repeated"), 1);
  EXPECT_GE(k.counter("rtp-unknown-events"), 1);
  EXPECT_EQ(k.library_count(k_copier, "demo-ringback-2"), 1);
  expect_prompt_between_ringback(copy, k.rendition("demo-ringback-2"),
                                 k.rendition("demo-system-default"), "confirmed");

  // Credit refused: the refusal prompt (built-in), nothing in the library.
  const auto& poor =
      k.call("credit", "uac_gw_keys.xml", events_pcap(k.lab(), "credit", {{'*', 300}}), k_poor);
  EXPECT_EQ(k.counter("copy-credit-refused"), 1);
  EXPECT_EQ(k.library_count(k_poor, "demo-ringback-2"), 0);
  expect_prompt_between_ringback(
      poor, k.rendition("demo-ringback-2"),
      [] {
        const auto b =
            media::dtmf::builtin_prompt(ringback::prompt_kind::refused, media::g711_law::alaw);
        return std::string(b.begin(), b.end());
      }(),
      "refused");

  // The owner denies copies (CMR-6 PrivacySetting).
  k.privacy(k_owner, "deny");
  k.call("privacy", "uac_gw_keys.xml", events_pcap(k.lab(), "privacy", {{'*', 300}}),
         k_privacy_caller);
  EXPECT_EQ(k.counter("copy-privacy-refused"), 1);
  EXPECT_EQ(k.library_count(k_privacy_caller, "demo-ringback-2"), 0);
  k.privacy(k_owner, "allow");

  // A caller who is no subscriber: the offer prompt (built-in).
  const auto& stranger = k.call("stranger", "uac_gw_keys.xml",
                                events_pcap(k.lab(), "stranger", {{'*', 300}}), k_stranger);
  EXPECT_EQ(k.counter("copy-not-subscriber"), 1);
  expect_prompt_between_ringback(
      stranger, k.rendition("demo-ringback-2"),
      [] {
        const auto b =
            media::dtmf::builtin_prompt(ringback::prompt_kind::offer, media::g711_law::alaw);
        return std::string(b.begin(), b.end());
      }(),
      "offer");

  EXPECT_EQ(k.counter("copies-asked"), 4);
  EXPECT_EQ(k.lab().analyse(), "") << "tshark: malformed or warning expert info";
  // The caller's RFC 4733 events decode cleanly: '*' (10) and the unknown 200.
  const std::string rtp = k.rtp_decode();
  const auto events =
      run_output("tshark -r " + k.lab().capture_file() + rtp +
                 "-Y rtpevent -T fields -e rtpevent.event_id 2>/dev/null | sort -u");
  EXPECT_NE(events.find("10\n"), std::string::npos) << events;
  EXPECT_NE(events.find("200\n"), std::string::npos) << events;
  EXPECT_EQ(run_output("tshark -r " + k.lab().capture_file() + rtp +
                       "-Y 'rtp && (_ws.malformed || _ws.expert.severity >= warning)' 2>/dev/null"),
            "");
  EXPECT_EQ(k.counter("calls-active"), 0);
}

TEST(SipKeys, GatewayModeSkipStopInfoFloodInbandAndPlatformCalls) {
  keys_lab k("keys-gateway-control", "gateway");
  ASSERT_EQ(k.setup_error(), "");
  // The box demo-box-1 (demo-ringback-1, demo-ringback-2); after a stop
  // DefaultCMRResourceId1 demo-ringback-3.
  k.owner_plays("demo-box-1", "demo-ringback-3");

  // Skip to the box's other resource, then stop: DefaultCMRResourceId1.
  const auto& ctl = k.call("skip-stop", "uac_gw_keys.xml",
                           events_pcap(k.lab(), "skip-stop", {{'#', 300}, {'0', 1300}}), k_copier);
  EXPECT_EQ(k.counter("skips"), 1);
  EXPECT_EQ(k.counter("stops"), 1);
  {
    const auto frames = payloads(ctl);
    const auto r1 = find_content(frames, k.rendition("demo-ringback-1"));
    const auto r2 = find_content(frames, k.rendition("demo-ringback-2"));
    ASSERT_NE(r1, std::string::npos);
    ASSERT_NE(r2, std::string::npos);
    const auto r3 = find_content(frames, k.rendition("demo-ringback-3"), std::max(r1, r2));
    EXPECT_NE(r3, std::string::npos) << "DefaultCMRResourceId1 not played after the stop";
  }

  // SIP INFO: a copy key (200), a malformed body (400), another type (415),
  // the copy key again (200, no second copy); after the call 481 (the
  // scenario checks the answers).
  k.call("info", "uac_gw_info.xml", "", k_copier);
  EXPECT_EQ(k.counter("keys-info"), 2);
  EXPECT_EQ(k.counter("info-bad-body"), 1);
  EXPECT_EQ(k.counter("info-unsupported"), 1);
  EXPECT_EQ(k.counter("copies-asked"), 1);
  EXPECT_EQ(k.counter("copy-repeated"), 1);

  // A flood of copy keys: counted once, copied at most once.
  std::vector<key_press> flood;
  for (std::uint32_t i = 0; i < 22; ++i) flood.push_back({'*', 150 + i * 100});
  k.call("flood", "uac_gw_keys.xml", events_pcap(k.lab(), "flood", flood), k_copier);
  EXPECT_EQ(k.counter("floods"), 1);
  EXPECT_EQ(k.counter("copies-asked"), 2);

  // In-band tones (no events): the skip key still acts.
  k.call("inband", "uac_gw_keys.xml", inband_pcap(k.lab(), "inband", {{'#', 300}}), k_copier);
  EXPECT_EQ(k.counter("skips"), 2);

  // route-via-platform: the trunk's call gets the Gateway machinery, keys too.
  k.call("platform", "uac_gw_keys.xml", events_pcap(k.lab(), "platform", {{'0', 300}}), k_copier,
         std::string("49609") + k_owner);
  EXPECT_EQ(k.counter("stops"), 2);
  EXPECT_EQ(k.counter("platform-calls"), 1);
  EXPECT_EQ(k.lab().analyse(), "") << "tshark: malformed or warning expert info";
  EXPECT_EQ(k.counter("calls-active"), 0);
}

TEST(SipKeys, ApplicationServerModeTakesKeysOnTheEarlySession) {
  keys_lab k("keys-as", "application-server");
  ASSERT_EQ(k.setup_error(), "");
  k.owner_plays("demo-ringback-2", "demo-ringback-1");
  const auto& r = k.call("copy", "uac_es_keys.xml",
                         events_pcap(k.lab(), "copy", {{'*', 300}, {'*', 900}}), k_copier);
  EXPECT_EQ(k.counter("copy-copied"), 1);
  EXPECT_EQ(k.counter("copy-repeated"), 1);
  EXPECT_EQ(k.library_count(k_copier, "demo-ringback-2"), 1);
  expect_prompt_between_ringback(r, k.rendition("demo-ringback-2"),
                                 k.rendition("demo-system-default"), "confirmed");
  EXPECT_EQ(k.lab().analyse(), "");
}

TEST(SipKeys, ForkingModelTakesKeysOnTheForkedEarlyDialog) {
  keys_lab k("keys-forking", "forking");
  ASSERT_EQ(k.setup_error(), "");
  k.owner_plays("demo-ringback-2", "demo-ringback-1");
  const auto& r = k.call("copy", "uac_fork_keys.xml",
                         events_pcap(k.lab(), "copy", {{'*', 300}, {'*', 900}}), k_copier);
  EXPECT_EQ(k.counter("copy-copied"), 1);
  EXPECT_EQ(k.counter("copy-repeated"), 1);
  EXPECT_EQ(k.library_count(k_copier, "demo-ringback-2"), 1);
  expect_prompt_between_ringback(r, k.rendition("demo-ringback-2"),
                                 k.rendition("demo-system-default"), "confirmed");
  EXPECT_EQ(k.lab().analyse(), "");
}

}  // namespace
}  // namespace cmr::test
