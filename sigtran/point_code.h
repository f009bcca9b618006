// Point codes as an operator writes them, read the way libosmo-sigtran reads
// them (the "point-code format" of a cs7 instance; 3.8.3 "0.23.2" without
// one). For the layers' configuration: they keep what was written and
// resolve it once the cs7 instance exists.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace cmr::sigtran {

// Osmo thread (a config handler, or bridge::call_on_osmo): whether `text` is
// a point code in the default format.
bool is_point_code(const std::string& text);

// Osmo thread: `text` in the format of cs7 instance `instance` (the default
// one when there is no such instance); nullopt when it is not a point code.
std::optional<std::uint32_t> parse_point_code(std::uint32_t instance, const std::string& text);

}  // namespace cmr::sigtran
