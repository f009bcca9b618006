#include "tools/cmr-ssf/options.h"

#include <cmath>
#include <cstdlib>
#include <utility>

#include "in/codec/protocol_constants.h"
#include "tools/cmr-ssf/ss7_endpoint.h"

namespace cmr::tools::ssf {

const char* const usage_text =
    "usage: cmr-ssf -c FILE [options]\n"
    "\n"
    "A gsmSSF/MSC emulator and load generator for the CMR SCP (docs/cmr-ssf.md).\n"
    "It places calls (TC-BEGIN InitialDP), follows the SCP's instructions (RRBE,\n"
    "ConnectToResource + PlayAnnouncement, EstablishTemporaryConnection,\n"
    "InitiateCallAttempt/MoveLeg/DisconnectLeg, DFC, Continue, Connect, CWA,\n"
    "ReleaseCall), opens SIP bearers to the intelligent peripheral, checks the RTP\n"
    "byte for byte against the expected resource and reports the armed events.\n"
    "\n"
    "SS7:\n"
    "  -c, --config FILE        Osmocom .cfg: cs7 instance (IPA ASP towards cmr-server's\n"
    "                           listener or osmo-stp) and sigtran / sccp-user ssn lines\n"
    "                           (configs/ssf/cmr-ssf.cfg, configs/stp/cmr-ssf.cfg)\n"
    "  --scp-pc PC              SCP point code (default 0.23.2)\n"
    "  --scp-ssn N              SCP SSN (default 146 CAP, 241 INAP, 147 ANSI-41)\n"
    "  --local-ssn N            own SSN, a configured sccp-user (default: the SCP SSN for\n"
    "                           CAP/INAP, 8 (MSC) for ANSI-41)\n"
    "  --wait-link S            wait up to S seconds for the AS to be active (default 15)\n"
    "Call:\n"
    "  --protocol P             cap-v2 | cap-v3 | cap-v4 | inap (default cap-v2) | ansi41\n"
    "                           (ANSI-41 WIN over ANSI TCAP: the CDMA MSC, below)\n"
    "  --service-key K          InitialDP serviceKey (default 100)\n"
    "  --trigger T              tdp12 (termAttemptAuthorized, default) | tdp2 | tdp3\n"
    "  --called N[-M]           called party, international digits; a range cycles\n"
    "                           (default 491700000001)\n"
    "  --calling N[-M]          calling party (default 491700000002)\n"
    "  --random-parties [SEED]  each call draws its number pair uniformly from the\n"
    "                           ranges (seed default 1) instead of cycling through them\n"
    "  --scenario S             what happens once the call may proceed:\n"
    "                           answer[:SEC]  callee answers after SEC s (default 0)\n"
    "                           busy[:SEC]    callee busy after SEC s\n"
    "                           no-answer[:SEC] nobody answers; the no-answer timer is the\n"
    "                                         RRBE applicationTimer, else SEC (default 5)\n"
    "                           abandon:SEC   caller hangs up SEC s after the InitialDP\n"
    "  --hold SEC               conversation time of an answered call (default 0)\n"
    "  --call-timeout SEC       a call without progress for SEC s is aborted (default 60)\n"
    "Bearer and RTP:\n"
    "  --ip HOST:PORT           the IP's SIP address, UDP (default 127.0.0.1:5070)\n"
    "  --local-ip ADDR          local address for SIP and RTP (default 127.0.0.1)\n"
    "  --no-bearer              signalling only: no SIP; a PlayAnnouncement asking for\n"
    "                           completion is answered with SpecializedResourceReport at once\n"
    "                           (ANSI-41: no bearer to the ConnectResource's TLDN)\n"
    "  --expect-content [N=]FILE\n"
    "                           expected content: an audio file as uploaded to the server\n"
    "                           (.wav, .flac, .ogg), rendered to G.711 as the server does;\n"
    "                           N=FILE for announcement N (repeatable), FILE for the others\n"
    "  --expect-file FILE       expected content: a headerless .alaw or .ulaw file, every play\n"
    "  --expect-announcement N  the announcement expected after EstablishTemporaryConnection\n"
    "                           (with --expect-content); without a source only RTP headers\n"
    "                           are checked\n"
    "Keys during the ringback (on-line copy, docs/cmr-ssf.md):\n"
    "  --press K@MS[,K@MS...]   press key K (0-9 * # A-D) MS milliseconds after the bearer's\n"
    "                           200 OK; the bearer is then offered sendrecv\n"
    "  --dtmf rfc4733|inband    keys as RFC 4733 telephone-events (PT 101, default) or as\n"
    "                           in-band DTMF tones in the G.711 audio\n"
    "  --expect-prompt KIND     a stream after the key must be exactly the built-in\n"
    "                           confirmed, refused or offer prompt\n"
    "Route-via-platform (the switch's SIP trunk to the platform):\n"
    "  --platform-prefix DIGITS a Connect to DIGITS + number is placed as a SIP INVITE to\n"
    "                           the platform (Supported: 100rel, UPDATE); this side is also\n"
    "                           the callee the platform's leg reaches (scenario answer, busy,\n"
    "                           no answer, abandon); the ringback RTP is checked during\n"
    "                           alerting and must stop at the answer\n"
    "  --platform HOST:PORT     the platform's SIP address, UDP (default 127.0.0.1:5060)\n"
    "  --trunk-port N           local SIP port of the trunk: the platform's next hop\n"
    "                           (default 5080)\n"
    "ANSI-41 WIN (--protocol ansi41, docs/cdma-delivery.md):\n"
    "  --mscid N                MSCID, also in every BillingID (0-16777215, default 257 =\n"
    "                           market 1 switch 1)\n"
    "  --trigger-type N         AnalyzedInformation TriggerType (default 1 = All_Calls)\n"
    "                           A call sends Query [AnalyzedInformation]; ConnectResource opens\n"
    "                           the bearer to sip:TLDN@--ip, DisconnectResource closes it; a\n"
    "                           RoutingDigits result with the platform prefix takes the trunk;\n"
    "                           answer, busy, no answer and the end of the call go to the SCP\n"
    "                           as TAnswer/TBusy/TNoAnswer/ODisconnect (new transactions)\n"
    "  --emulate-ip             also be the IP the SCP seizes (signalling only, implies\n"
    "                           --no-bearer): SeizeResource -> a TLDN; ConnectResource to\n"
    "                           it -> InstructionRequest; SRFDirective answered at once.\n"
    "                           The server's scp / win-ip names this PC and --ip-ssn\n"
    "  --ip-ssn N               the emulated IP's SSN, a configured sccp-user (default 148)\n"
    "  --tldn-prefix DIGITS     the emulated IP's TLDNs: DIGITS + 6 digits (default 49608)\n"
    "Load mode (any of these):\n"
    "  --rate R                 target calls/s (default: as fast as --concurrency allows)\n"
    "  --concurrency N          calls in progress at most (default 100)\n"
    "  --duration SEC           start calls for SEC seconds (default 10 in load mode)\n"
    "  --count N                start N calls (N > 1 selects load mode)\n"
    "Output: single mode prints one trace line per message/event and a 'result' line;\n"
    "load mode prints one 'summary' line: calls, achieved rate, setup latency\n"
    "(InitialDP or AnalyzedInformation sent -> first SCP answer) p50/p90/p99/max,\n"
    "outcomes, failures by kind.\n"
    "Exit status: 0 when every call succeeded, 1 on any protocol, bearer or RTP error,\n"
    "2 on usage or start-up errors.\n"
    "  -h, --help               this text\n";

unsigned scp_ssn_of(const app_options& o) {
  if (o.scp_ssn) return *o.scp_ssn;
  if (o.ansi41) return 147;
  return codec::is_cap(o.ssf.variant) ? 146 : 241;
}

unsigned local_ssn_of(const app_options& o) {
  if (o.local_ssn) return *o.local_ssn;
  return o.ansi41 ? 8 : scp_ssn_of(o);
}

std::string number_pool::at(std::uint64_t i) const {
  if (count <= 1) return first;
  const std::uint64_t base = std::stoull(first);
  std::string s = std::to_string(base + (i % count));
  if (s.size() < first.size()) s.insert(0, first.size() - s.size(), '0');
  return s;
}

std::optional<number_pool> number_pool::parse(const std::string& text) {
  auto digits = [](const std::string& s) {
    return !s.empty() && s.size() <= 18 && s.find_first_not_of("0123456789") == std::string::npos;
  };
  const auto dash = text.find('-');
  if (dash == std::string::npos) {
    if (!digits(text)) return std::nullopt;
    return number_pool{text, 1};
  }
  const std::string a = text.substr(0, dash);
  const std::string b = text.substr(dash + 1);
  if (!digits(a) || !digits(b) || a.size() != b.size()) return std::nullopt;
  const std::uint64_t x = std::stoull(a);
  const std::uint64_t y = std::stoull(b);
  if (y < x) return std::nullopt;
  return number_pool{a, y - x + 1};
}

cmr::result<app_options, std::string> parse_options(const std::vector<std::string>& args) {
  app_options o;
  o.ssf.sc.what = scenario::kind::answer;
  bool load_flag = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    auto number = [&](double lo, double hi) -> std::optional<double> {
      auto v = value();
      if (!v) return std::nullopt;
      char* end = nullptr;
      const double d = std::strtod(v->c_str(), &end);
      if (end == v->c_str() || *end != '\0' || !std::isfinite(d) || d < lo || d > hi)
        return std::nullopt;
      return d;
    };
    const auto bad = cmr::unexpected{"bad or missing value for " + a};
    if (a == "-h" || a == "--help") {
      o.help = true;
    } else if (a == "-c" || a == "--config") {
      auto v = value();
      if (!v) return bad;
      o.config_file = *v;
    } else if (a == "--scp-pc") {
      auto v = value();
      if (!v || !parse_point_code(*v)) return bad;
      o.scp_pc = *v;
    } else if (a == "--scp-ssn") {
      auto v = number(1, 255);
      if (!v) return bad;
      o.scp_ssn = static_cast<unsigned>(*v);
    } else if (a == "--local-ssn") {
      auto v = number(1, 255);
      if (!v) return bad;
      o.local_ssn = static_cast<unsigned>(*v);
    } else if (a == "--mscid") {
      auto v = number(0, 16777215);
      if (!v || *v != std::floor(*v)) return bad;
      o.ssf.mscid = static_cast<std::uint32_t>(*v);
    } else if (a == "--trigger-type") {
      auto v = number(0, 255);
      if (!v || *v != std::floor(*v)) return bad;
      o.ssf.win_trigger_type = static_cast<std::uint8_t>(*v);
    } else if (a == "--wait-link") {
      auto v = number(0, 3600);
      if (!v) return bad;
      o.wait_link = *v;
    } else if (a == "--protocol") {
      auto v = value();
      o.ansi41 = v && *v == "ansi41";
      if (o.ansi41) continue;
      auto p = v ? parse_protocol(*v) : std::nullopt;
      if (!p) return bad;
      o.ssf.variant = *p;
    } else if (a == "--service-key") {
      auto v = number(0, 2147483647);
      if (!v) return bad;
      o.ssf.service_key = static_cast<std::uint32_t>(*v);
    } else if (a == "--trigger") {
      auto v = value();
      if (!v) return bad;
      if (*v == "tdp12")
        o.ssf.trigger = codec::event_type_bcsm::term_attempt_authorized;
      else if (*v == "tdp2")
        o.ssf.trigger = codec::event_type_bcsm::collected_info;
      else if (*v == "tdp3")
        o.ssf.trigger = codec::event_type_bcsm::analyzed_information;
      else
        return bad;
    } else if (a == "--called" || a == "--calling") {
      auto v = value();
      auto p = v ? number_pool::parse(*v) : std::nullopt;
      if (!p) return bad;
      (a == "--called" ? o.called : o.calling) = *p;
    } else if (a == "--random-parties") {
      o.random_seed = 1;
      if (i + 1 < args.size() && !args[i + 1].empty() && args[i + 1][0] != '-') {
        auto v = number(0, 4294967295.0);
        if (!v) return bad;
        o.random_seed = static_cast<std::uint32_t>(*v);
      }
    } else if (a == "--scenario") {
      auto v = value();
      auto s = v ? parse_scenario(*v) : std::nullopt;
      if (!s) return bad;
      s->hold = o.ssf.sc.hold;
      o.ssf.sc = *s;
    } else if (a == "--hold") {
      auto v = number(0, 86400);
      if (!v) return bad;
      o.ssf.sc.hold = milliseconds(static_cast<std::int64_t>(std::llround(*v * 1000)));
    } else if (a == "--call-timeout") {
      auto v = number(0.001, 86400);
      if (!v) return bad;
      o.ssf.call_timeout = milliseconds(static_cast<std::int64_t>(std::llround(*v * 1000)));
    } else if (a == "--ip") {
      auto v = value();
      if (!v) return bad;
      const auto colon = v->rfind(':');
      if (colon == std::string::npos) return bad;
      o.ip_address = v->substr(0, colon);
      const std::string port = v->substr(colon + 1);
      if (port.empty() || port.size() > 5 ||
          port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) == 0 ||
          std::stoul(port) > 65535)
        return bad;
      o.ip_port = static_cast<std::uint16_t>(std::stoul(port));
    } else if (a == "--platform-prefix") {
      auto v = value();
      if (!v || v->empty() || v->size() > 16 ||
          v->find_first_not_of("0123456789") != std::string::npos)
        return bad;
      o.ssf.platform_prefix = *v;
    } else if (a == "--platform") {
      auto v = value();
      if (!v) return bad;
      const auto colon = v->rfind(':');
      if (colon == std::string::npos) return bad;
      const std::string port = v->substr(colon + 1);
      if (port.empty() || port.size() > 5 ||
          port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) == 0 ||
          std::stoul(port) > 65535)
        return bad;
      o.platform_address = v->substr(0, colon);
      o.platform_port = static_cast<std::uint16_t>(std::stoul(port));
    } else if (a == "--trunk-port") {
      auto v = number(1, 65535);
      if (!v) return bad;
      o.trunk_port = static_cast<std::uint16_t>(*v);
    } else if (a == "--local-ip") {
      auto v = value();
      if (!v) return bad;
      o.local_address = *v;
    } else if (a == "--no-bearer") {
      o.ssf.no_bearer = true;
    } else if (a == "--emulate-ip") {
      o.emulate_ip = true;
      o.ssf.no_bearer = true;
    } else if (a == "--ip-ssn") {
      auto v = number(1, 255);
      if (!v || *v != std::floor(*v)) return bad;
      o.ip_ssn = static_cast<unsigned>(*v);
    } else if (a == "--tldn-prefix") {
      auto v = value();
      if (!v || v->empty() || v->size() > 9 ||
          v->find_first_not_of("0123456789") != std::string::npos)
        return bad;
      o.tldn_prefix = *v;
    } else if (a == "--expect-content") {
      auto v = value();
      auto spec = v ? parse_content_spec(*v) : std::nullopt;
      if (!spec) return bad;
      for (const auto& given : o.expect_content)
        if (given.announcement == spec->announcement)
          return cmr::unexpected{"--expect-content " +
                                 (spec->announcement
                                      ? "for announcement " + std::to_string(*spec->announcement)
                                      : std::string("without an announcement")) +
                                 " given twice"};
      o.expect_content.push_back(std::move(*spec));
    } else if (a == "--expect-file") {
      auto v = value();
      if (!v) return bad;
      o.expect_file = *v;
    } else if (a == "--press") {
      auto v = value();
      auto p = v ? parse_presses(*v) : std::nullopt;
      if (!p) return bad;
      o.presses = *p;
    } else if (a == "--dtmf") {
      auto v = value();
      if (!v || (*v != "rfc4733" && *v != "inband")) return bad;
      o.dtmf_inband = *v == "inband";
    } else if (a == "--expect-prompt") {
      auto v = value();
      auto k = v ? parse_prompt_kind(*v) : std::nullopt;
      if (!k) return bad;
      o.expect_prompt = k;
    } else if (a == "--expect-announcement") {
      auto v = number(0, 4294967295.0);
      if (!v) return bad;
      o.expect_announcement = static_cast<std::uint32_t>(*v);
    } else if (a == "--rate") {
      auto v = number(0, 1e7);
      if (!v) return bad;
      o.rate = *v;
      load_flag = true;
    } else if (a == "--concurrency") {
      auto v = number(1, 1e7);
      if (!v) return bad;
      o.concurrency = static_cast<std::uint64_t>(*v);
      load_flag = true;
    } else if (a == "--duration") {
      auto v = number(0.001, 1e6);
      if (!v) return bad;
      o.duration = *v;
      load_flag = true;
    } else if (a == "--count") {
      auto v = number(1, 1e12);
      if (!v) return bad;
      o.count = static_cast<std::uint64_t>(*v);
      o.count_given = true;
      if (o.count > 1) load_flag = true;
    } else {
      return cmr::unexpected{"unknown option " + a};
    }
  }
  o.load = load_flag;
  if (o.load && !o.count_given && o.duration <= 0) o.duration = 10;
  if (!o.help && o.config_file.empty()) return cmr::unexpected{std::string("-c FILE is required")};
  if (o.emulate_ip && !o.ansi41)
    return cmr::unexpected{std::string("--emulate-ip needs --protocol ansi41")};
  if (o.emulate_ip && o.ip_ssn == local_ssn_of(o))
    return cmr::unexpected{"--ip-ssn " + std::to_string(o.ip_ssn) + " is the MSC's own SSN"};
  if (!o.expect_content.empty() && !o.expect_file.empty())
    return cmr::unexpected{std::string("--expect-content and --expect-file exclude each other")};
  return o;
}

}  // namespace cmr::tools::ssf
