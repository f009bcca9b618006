// libFuzzer: the PIDF / RPID / PIDF-LO decoder (sip/presence/pidf.h) and the
// mapping of whatever it accepts. Untrusted NOTIFY bodies: nothing may crash,
// hang or grow without bound, and a mapped label must be one the store takes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sip/presence/pidf.h"
#include "sip/presence/presence_mapping.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cmr::sip::presence;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto doc = parse_pidf(body);
  if (!doc) return 0;
  static const presence_mapping mapping = [] {
    presence_mapping m;
    m.set_area({"munich-centre", 48.137, 11.575, 2000});
    m.set_area({"everywhere", 0, 0, 30000000});
    m.civic_fields = {"country", "A1", "A2", "A3", "A4", "A5", "A6", "PRD", "POD", "STS", "HNO"};
    return m;
  }();
  const auto s = map_document(mapping, *doc);
  if (s.location) {
    if (s.location->size() > k_max_label) std::abort();
    for (const char c : *s.location)
      if (static_cast<unsigned char>(c) < 0x20) std::abort();
  }
  return 0;
}
