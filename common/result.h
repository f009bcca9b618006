// A small expected-like result (C++20 has no std::expected). Untrusted input
// and storage failures are reported through it, never through exceptions.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace cmr {

template <typename E>
struct unexpected {
  E error;
};
template <typename E>
unexpected(E) -> unexpected<E>;

template <typename T, typename E>
class [[nodiscard]] result {
public:
  result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  result(unexpected<E> e) : v_(std::in_place_index<1>, std::move(e.error)) {}  // NOLINT

  [[nodiscard]] bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const {
    assert(!has_value());
    return std::get<1>(v_);
  }

private:
  std::variant<T, E> v_;
};

// result<void, E>
struct ok_t {};
inline constexpr ok_t ok{};

template <typename E>
class [[nodiscard]] result<void, E> {
public:
  result(ok_t) {}                                                       // NOLINT
  result(unexpected<E> e) : err_(std::move(e.error)), failed_(true) {}  // NOLINT
  [[nodiscard]] bool has_value() const { return !failed_; }
  explicit operator bool() const { return has_value(); }
  const E& error() const {
    assert(failed_);
    return err_;
  }

private:
  E err_{};
  bool failed_ = false;
};

}  // namespace cmr
