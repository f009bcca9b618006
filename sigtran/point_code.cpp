#include "sigtran/point_code.h"

#include "sigtran/osmo_headers.h"

namespace cmr::sigtran {

bool is_point_code(const std::string& text) {
  return osmo_ss7_pointcode_parse(nullptr, text.c_str()) >= 0;
}

std::optional<std::uint32_t> parse_point_code(std::uint32_t instance, const std::string& text) {
  osmo_ss7_instance* inst = osmo_ss7_instance_find(instance);
  const int pc = osmo_ss7_pointcode_parse(inst, text.c_str());
  if (pc < 0) return std::nullopt;
  return static_cast<std::uint32_t>(pc);
}

}  // namespace cmr::sigtran
