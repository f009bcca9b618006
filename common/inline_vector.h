// A fixed-capacity vector kept inline (no heap): the decision engine records
// skipped candidates on the hot path without allocating. Elements past the
// capacity are counted, not stored.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace cmr {

template <typename T, std::size_t N>
class inline_vector {
public:
  void push_back(const T& v) {
    if (size_ < N)
      items_[size_++] = v;
    else
      ++dropped_;
  }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  // How many push_back calls did not fit.
  [[nodiscard]] std::uint32_t dropped() const { return dropped_; }
  [[nodiscard]] const T& operator[](std::size_t i) const { return items_[i]; }
  [[nodiscard]] const T* begin() const { return items_.data(); }
  [[nodiscard]] const T* end() const { return items_.data() + size_; }
  [[nodiscard]] std::span<const T> view() const { return {items_.data(), size_}; }

private:
  std::array<T, N> items_{};
  std::size_t size_ = 0;
  std::uint32_t dropped_ = 0;
};

}  // namespace cmr
