#include "tools/cmr-ssf/ssf_types.h"

#include <cmath>
#include <cstdlib>

#include "in/codec/protocol_constants.h"

namespace cmr::tools::ssf {

const char* to_string(scenario::kind k) {
  switch (k) {
    case scenario::kind::answer:
      return "answer";
    case scenario::kind::busy:
      return "busy";
    case scenario::kind::no_answer:
      return "no-answer";
    case scenario::kind::abandon:
      return "abandon";
  }
  return "?";
}

namespace {

std::optional<milliseconds> parse_seconds(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || !std::isfinite(v) || v < 0 || v > 86400)
    return std::nullopt;
  return milliseconds(static_cast<std::int64_t>(std::llround(v * 1000)));
}

}  // namespace

std::optional<scenario> parse_scenario(const std::string& text) {
  const auto colon = text.find(':');
  const std::string name = text.substr(0, colon);
  std::optional<milliseconds> n;
  if (colon != std::string::npos) {
    n = parse_seconds(text.substr(colon + 1));
    if (!n) return std::nullopt;
  }
  scenario s;
  if (name == "answer")
    s.what = scenario::kind::answer;
  else if (name == "busy")
    s.what = scenario::kind::busy;
  else if (name == "no-answer")
    s.what = scenario::kind::no_answer;
  else if (name == "abandon")
    s.what = scenario::kind::abandon;
  else
    return std::nullopt;
  if (n) {
    if (s.what == scenario::kind::no_answer)
      s.no_answer_time = *n;
    else
      s.after = *n;
  } else if (s.what == scenario::kind::abandon) {
    s.after = std::chrono::seconds(1);
  }
  return s;
}

const char* to_string(call_outcome o) {
  switch (o) {
    case call_outcome::answered:
      return "answered";
    case call_outcome::busy:
      return "busy";
    case call_outcome::no_answer:
      return "no-answer";
    case call_outcome::abandoned:
      return "abandoned";
    case call_outcome::continued:
      return "continued";
    case call_outcome::released:
      return "released";
    case call_outcome::failed:
      return "failed";
  }
  return "?";
}

const char* to_string(failure_kind k) {
  switch (k) {
    case failure_kind::none:
      return "none";
    case failure_kind::timeout:
      return "timeout";
    case failure_kind::p_abort:
      return "p-abort";
    case failure_kind::u_abort:
      return "u-abort";
    case failure_kind::refused:
      return "refused";
    case failure_kind::rejected:
      return "rejected";
    case failure_kind::bad_component:
      return "bad-component";
    case failure_kind::unexpected:
      return "unexpected";
    case failure_kind::scp_error:
      return "scp-error";
    case failure_kind::send_failed:
      return "send-failed";
    case failure_kind::bearer:
      return "bearer";
    case failure_kind::rtp_mismatch:
      return "rtp-mismatch";
    case failure_kind::rtp_missing:
      return "rtp-missing";
    case failure_kind::count_:
      break;
  }
  return "?";
}

const codec::oid& ssf_context(protocol_variant v) {
  switch (v) {
    case protocol_variant::cap_v2:
      return codec::ac::cap_v2_gsmssf_to_gsmscf;
    case protocol_variant::cap_v3:
      return codec::ac::cap_v3_gsmssf_scf_generic;
    case protocol_variant::cap_v4:
      return codec::ac::cap_v4_gsmssf_scf_generic;
    case protocol_variant::inap_cs1:
      break;
  }
  return codec::ac::inap_cs1_ssp_to_scp;
}

const char* protocol_name(protocol_variant v) {
  switch (v) {
    case protocol_variant::cap_v2:
      return "cap-v2";
    case protocol_variant::cap_v3:
      return "cap-v3";
    case protocol_variant::cap_v4:
      return "cap-v4";
    case protocol_variant::inap_cs1:
      break;
  }
  return "inap";
}

std::optional<protocol_variant> parse_protocol(const std::string& text) {
  if (text == "cap-v2") return protocol_variant::cap_v2;
  if (text == "cap-v3") return protocol_variant::cap_v3;
  if (text == "cap-v4") return protocol_variant::cap_v4;
  if (text == "inap") return protocol_variant::inap_cs1;
  return std::nullopt;
}

}  // namespace cmr::tools::ssf
