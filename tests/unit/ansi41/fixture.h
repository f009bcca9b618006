// Values with every optional field set (and the minimal ones), shared by the
// ANSI-41 WIN codec tests; the golden vectors tests/golden/ansi/win_*.hex.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "in/ansi41/win_operations.h"

namespace cmr::in::ansi41::test {

inline bytes golden(const std::string& name) {
  std::ifstream f(std::string(CMR_SOURCE_DIR) + "/tests/golden/ansi/" + name + ".hex");
  bytes out;
  std::string line;
  while (std::getline(f, line)) {
    line = line.substr(0, line.find('#'));
    std::istringstream in(line);
    std::string tok;
    while (in >> tok) out.push_back(static_cast<std::uint8_t>(std::stoul(tok, nullptr, 16)));
  }
  return out;
}

inline bytes hex(const std::string& s) {
  bytes out;
  std::istringstream in(s);
  std::string tok;
  while (in >> tok)
    for (std::size_t i = 0; i + 1 < tok.size(); i += 2)
      out.push_back(static_cast<std::uint8_t>(std::stoul(tok.substr(i, 2), nullptr, 16)));
  return out;
}

inline digits make_digits(digits::kind k, std::string v) {
  digits d;
  d.type = k;
  d.value = std::move(v);
  return d;
}

// The values of the golden vectors (tests/golden/ansi/win_vectors.py).
inline billing_id k_billing{0x012304, 0x000567, 0};
inline constexpr std::uint32_t k_mscid = 0x012304;
inline win_capability k_win{bytes{0x41, 0x28, 0x1e}, bytes{0x03}};
inline const bytes k_transcap{0x06, 0x01};
inline const std::string k_min = "2125550100";
inline const std::string k_tldn = "49608000017";

inline analyzed_information full_anlyzd() {
  analyzed_information v;
  v.billing = k_billing;
  v.dialed = make_digits(digits::kind::dialed, "6135550123");
  v.mscid = k_mscid;
  v.trigger_type = trigger::initial_termination;
  v.transaction_capability = k_transcap;
  v.win = k_win;
  v.calling_party = make_digits(digits::kind::calling_party, "6135559876");
  v.msid = k_min;
  return v;
}

inline event_trigger full_trigger() {
  event_trigger v;
  v.billing = k_billing;
  v.mscid = k_mscid;
  v.trigger_type = trigger::o_disconnect;
  v.transaction_capability = k_transcap;
  v.win = k_win;
  v.time_of_day = 432100;
  v.msid = k_min;
  v.release_cause = 1;
  v.time_date_offset = -300;  // UTC-5
  v.esn = 0x8a123456;
  return v;
}

inline call_control_directive full_ccdir() {
  call_control_directive v;
  v.billing = k_billing;
  v.mscid = k_mscid;
  v.msid = k_min;
  v.action_code = action::disconnect_call;
  v.announcements = std::vector<announcement_code>{{0, 0, 0, 7}};
  return v;
}

}  // namespace cmr::in::ansi41::test
