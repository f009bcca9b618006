// RFC 3261 timer values (section 17 and Table 4). Only T1, T2, T4 and the
// unreliable timer D are free; the rest derive from them as the RFC says.
#pragma once

#include <chrono>

namespace cmr::sip {

struct timer_config {
  using duration = std::chrono::milliseconds;
  duration t1{500};
  duration t2{4000};
  duration t4{5000};
  duration timer_d{32000};     // INVITE client: wait for final retransmissions (UDP)
  duration trying_delay{200};  // INVITE server: 100 Trying unless the TU answered first

  [[nodiscard]] duration timer_a() const { return t1; }
  [[nodiscard]] duration timer_b() const { return 64 * t1; }
  [[nodiscard]] duration timer_e() const { return t1; }
  [[nodiscard]] duration timer_f() const { return 64 * t1; }
  [[nodiscard]] duration timer_g() const { return t1; }
  [[nodiscard]] duration timer_h() const { return 64 * t1; }
  [[nodiscard]] duration timer_i() const { return t4; }
  [[nodiscard]] duration timer_j() const { return 64 * t1; }
  [[nodiscard]] duration timer_k() const { return t4; }
  // RFC 6026: how long 2xx retransmissions are absorbed / forwarded.
  [[nodiscard]] duration timer_l() const { return 64 * t1; }
  [[nodiscard]] duration timer_m() const { return 64 * t1; }
};

}  // namespace cmr::sip
