// State machines declared as data: rows of (state, event) -> next state.
// Anything not in the table is not allowed in that state; the owner decides
// what "not allowed" means (the protocol's error for a received message, an
// error return for a request). Tables are small, so a linear scan.
//
// fsm<S, E> is one machine of such a table: it applies events through the
// table and logs every transition in the Osmocom way with the object's
// prefix, "scp(call=12){WAIT_ANSWER}: rx ERB oAnswer -> CONTINUED", at
// debug level of the given category (a refused event at notice). S and E
// need a to_string() found by argument-dependent lookup.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "common/log.h"

namespace cmr {

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

template <typename S, typename E>
class fsm {
public:
  using row = fsm_row<S, E>;

  // `table` must outlive the machine (a static constexpr array).
  fsm(std::span<const row> table, S initial, const log_category& cat)
      : table_(table), state_(initial), cat_(cat) {}

  [[nodiscard]] S state() const { return state_; }
  [[nodiscard]] bool in(S s) const { return state_ == s; }
  // Whether `e` is allowed now (without applying it).
  [[nodiscard]] bool allows(E e) const { return fsm_next(table_, state_, e).has_value(); }

  // Applies `e`: true and the new state when the table allows it; false and
  // no change (logged at notice) when it does not. `prefix` names the object
  // ("scp(call=12)"); `detail` may add what the event carried.
  bool dispatch(E e, const std::string& prefix, const char* detail = nullptr) {
    const auto next = fsm_next(table_, state_, e);
    if (!next) {
      if (log_enabled(cat_, log_level::notice))
        log_printf(cat_, log_level::notice, __FILE__, __LINE__, "%s{%s}: %s%s%s not allowed",
                   prefix.c_str(), to_string(state_), to_string(e), detail ? " " : "",
                   detail ? detail : "");
      return false;
    }
    if (log_enabled(cat_, log_level::debug))
      log_printf(cat_, log_level::debug, __FILE__, __LINE__, "%s{%s}: %s%s%s -> %s",
                 prefix.c_str(), to_string(state_), to_string(e), detail ? " " : "",
                 detail ? detail : "", to_string(*next));
    state_ = *next;
    return true;
  }

private:
  std::span<const row> table_;
  S state_;
  const log_category& cat_;
};

}  // namespace cmr
