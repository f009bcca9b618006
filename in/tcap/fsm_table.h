// A state machine declared as data: rows of (state, event) -> next state.
// Anything not in the table is not allowed in that state; callers decide
// what "not allowed" means (a protocol error for received messages, an
// error return for user requests). Tables are small, so a linear scan.
#pragma once

#include <optional>
#include <span>

namespace cmr::in::tcap {

template <typename S, typename E>
struct fsm_row {
  S from;
  E event;
  S to;
};

template <typename S, typename E>
constexpr std::optional<S> fsm_next(std::span<const fsm_row<S, E>> table, S from, E event) {
  for (const auto& r : table) {
    if (r.from == from && r.event == event) return r.to;
  }
  return std::nullopt;
}

}  // namespace cmr::in::tcap
