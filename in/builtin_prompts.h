// The announcement ids of the built-in on-line copy prompts on CS (spec 5.7,
// docs/cs-delivery.md "On-line copy"): the SCP asks the IP to play them with
// PlayAnnouncement like any announcement; the IP plays
// media::dtmf::builtin_prompt(kind, law) for them instead of a stored
// rendition. Reserved at the top of the Integer4 range, which the store
// never hands out (announcement ids are assigned upwards from 1).
#pragma once

#include <cstdint>
#include <optional>

#include "common/ringback_control.h"

namespace cmr::in {

inline constexpr std::uint32_t builtin_prompt_base = 2147483600;  // + prompt_kind (0..2)

inline constexpr std::uint32_t builtin_prompt_id(ringback::prompt_kind k) {
  return builtin_prompt_base + static_cast<std::uint32_t>(k);
}

inline std::optional<ringback::prompt_kind> builtin_prompt_of(std::uint32_t id) {
  if (id < builtin_prompt_base || id > builtin_prompt_base + 2) return std::nullopt;
  return static_cast<ringback::prompt_kind>(id - builtin_prompt_base);
}

}  // namespace cmr::in
