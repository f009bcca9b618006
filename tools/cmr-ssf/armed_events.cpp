#include "tools/cmr-ssf/armed_events.h"

#include <algorithm>
#include <utility>

namespace cmr::tools::ssf {
namespace {

using codec::event_type_bcsm;

// The t- and o- event of each class.
std::pair<event_type_bcsm, event_type_bcsm> events_of(event_class what) {
  switch (what) {
    case event_class::answer:
      return {event_type_bcsm::t_answer, event_type_bcsm::o_answer};
    case event_class::busy:
      return {event_type_bcsm::t_busy, event_type_bcsm::o_called_party_busy};
    case event_class::no_answer:
      return {event_type_bcsm::t_no_answer, event_type_bcsm::o_no_answer};
    case event_class::abandon:
      return {event_type_bcsm::t_abandon, event_type_bcsm::o_abandon};
    case event_class::disconnect:
      break;
  }
  return {event_type_bcsm::t_disconnect, event_type_bcsm::o_disconnect};
}

}  // namespace

const char* to_string(event_class e) {
  switch (e) {
    case event_class::answer:
      return "answer";
    case event_class::busy:
      return "busy";
    case event_class::no_answer:
      return "no answer";
    case event_class::abandon:
      return "abandon";
    case event_class::disconnect:
      break;
  }
  return "disconnect";
}

void armed_events::arm(const codec::bcsm_event& e) {
  const std::uint8_t leg = e.leg ? e.leg->leg : 0;
  auto* end = armed_.begin() + n_;
  auto* it = std::find_if(armed_.begin(), end,
                          [&](const armed_event& a) { return a.event == e.event && a.leg == leg; });
  if (e.mode == codec::monitor_mode::transparent) {
    if (it != end) remove_at(static_cast<std::size_t>(it - armed_.begin()));
    return;
  }
  const armed_event a{e.event, leg, e.mode, e.application_timer};
  if (it != end)
    *it = a;
  else if (n_ < armed_.size())
    armed_[n_++] = a;
}

const armed_event* armed_events::find(event_class what, std::uint8_t leg) const {
  const auto [t, o] = events_of(what);
  const bool any_leg = what == event_class::abandon || what == event_class::disconnect;
  for (std::uint8_t i = 0; i < n_; ++i) {
    const auto& a = armed_[i];
    if ((a.event == t || a.event == o) && (any_leg || a.leg == 0 || a.leg == leg)) return &a;
  }
  return nullptr;
}

std::optional<armed_event> armed_events::take(event_class what, std::uint8_t leg) {
  const armed_event* a = find(what, leg);
  if (a == nullptr) return std::nullopt;
  const armed_event hit = *a;
  remove_at(static_cast<std::size_t>(a - armed_.data()));
  return hit;
}

// Order is not kept: the last entry fills the gap (as a switch's table would).
void armed_events::remove_at(std::size_t i) {
  armed_[i] = armed_[n_ - 1U];
  --n_;
}

}  // namespace cmr::tools::ssf
