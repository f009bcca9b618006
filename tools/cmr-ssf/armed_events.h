// The detection points one call has armed, as RequestReportBCSMEvent set
// them: per event type and leg, EDP-R (interrupted) or EDP-N
// (notifyAndContinue), transparent disarms. An event that happens is matched
// by its class (the t- or o- variant, the leg it happens on; abandon and
// disconnect match any leg) and is reported once: taking it disarms it.
// Fixed capacity, no allocation (one per call on the load path).
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "in/codec/operations.h"
#include "tools/cmr-ssf/ssf_types.h"

namespace cmr::tools::ssf {

// The event classes a switch reports.
enum class event_class : std::uint8_t { answer, busy, no_answer, abandon, disconnect };
const char* to_string(event_class e);  // "answer", "busy", "no answer", "abandon", "disconnect"

struct armed_event {
  codec::event_type_bcsm event;
  std::uint8_t leg;  // 0: any
  codec::monitor_mode mode;
  std::optional<std::uint16_t> application_timer;
};

class armed_events {
public:
  // One bcsmEvents entry of an RRBE: arms, re-arms (same event and leg) or
  // disarms (transparent). Entries beyond the capacity are ignored.
  void arm(const codec::bcsm_event& e);
  // The entry an event of class `what` on `leg` would hit; nullptr: not armed.
  [[nodiscard]] const armed_event* find(event_class what, std::uint8_t leg) const;
  // find(), and disarm what it found.
  std::optional<armed_event> take(event_class what, std::uint8_t leg);
  [[nodiscard]] std::size_t size() const { return n_; }

private:
  void remove_at(std::size_t i);

  std::array<armed_event, 10> armed_{};
  std::uint8_t n_ = 0;
};

}  // namespace cmr::tools::ssf
