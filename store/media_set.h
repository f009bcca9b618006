// The media types a delivery path can carry: CS bearers carry audio only, a
// SIP path what its SDP / Accept header allows.
#pragma once

#include <cstdint>

#include "store/model.h"

namespace cmr::store {

class media_set {
public:
  constexpr media_set() = default;

  [[nodiscard]] static constexpr media_set none() { return media_set{}; }
  [[nodiscard]] static constexpr media_set all() { return media_set{0xff}; }
  // A circuit-switched bearer: audio only.
  [[nodiscard]] static constexpr media_set cs() { return media_set{}.with(media_type::audio); }

  [[nodiscard]] constexpr media_set with(media_type t) const {
    return media_set{static_cast<std::uint8_t>(bits_ | bit(t))};
  }
  [[nodiscard]] constexpr bool has(media_type t) const { return (bits_ & bit(t)) != 0; }
  [[nodiscard]] constexpr std::uint8_t bits() const { return bits_; }

  friend constexpr bool operator==(media_set, media_set) = default;

private:
  constexpr explicit media_set(std::uint8_t bits) : bits_(bits) {}
  static constexpr std::uint8_t bit(media_type t) {
    return static_cast<std::uint8_t>(1U << static_cast<unsigned>(t));
  }
  std::uint8_t bits_ = 0;
};

}  // namespace cmr::store
