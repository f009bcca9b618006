// The routing-number prefixes of an assisting intelligent peripheral, one per
// protocol family: EstablishTemporaryConnection routes to prefix + 8-digit
// correlation id (docs/cs-delivery.md 4). The SCP writes them ("scp /
// assist-prefix"), the IP reads them ("ip / assist-prefix"); both start from
// the defaults here, so they agree unless an operator changes one side.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "common/config_node.h"
#include "in/codec/codec_types.h"

namespace cmr::in {

struct assist_prefixes {
  std::string cap_v2 = "49602";
  std::string cap_v3 = "49603";
  std::string cap_v4 = "49604";
  std::string inap = "49601";

  [[nodiscard]] const std::string& of(codec::protocol_variant v) const {
    switch (v) {
      case codec::protocol_variant::cap_v2:
        return cap_v2;
      case codec::protocol_variant::cap_v3:
        return cap_v3;
      case codec::protocol_variant::cap_v4:
        return cap_v4;
      case codec::protocol_variant::inap_cs1:
        return inap;
    }
    return cap_v2;
  }
  std::string& of(codec::protocol_variant v) {
    return const_cast<std::string&>(static_cast<const assist_prefixes&>(*this).of(v));
  }
};

// The families' configuration keywords, in the order they are written.
inline constexpr config::keyword<codec::protocol_variant> assist_families[] = {
    {"cap-v2", codec::protocol_variant::cap_v2},
    {"cap-v3", codec::protocol_variant::cap_v3},
    {"cap-v4", codec::protocol_variant::cap_v4},
    {"inap", codec::protocol_variant::inap_cs1}};

// "assist-prefix (cap-v2|cap-v3|cap-v4|inap) DIGITS" of a node, with the
// node's help text.
inline config::command assist_prefix_command(std::string doc, assist_prefixes& p) {
  return {
      "assist-prefix (cap-v2|cap-v3|cap-v4|inap) DIGITS", std::move(doc),
      [&p](config::args a) -> config::outcome {
        const auto family = config::parse_keyword(assist_families, a[0]);
        if (!family) return config::refuse("assist-prefix: unknown family");
        const bool digits =
            std::all_of(a[1].begin(), a[1].end(), [](char c) { return c >= '0' && c <= '9'; });
        if (a[1].empty() || a[1].size() > 16 || !digits)
          return config::refuse("assist-prefix " + std::string(a[1]) + ": 1 to 16 decimal digits");
        p.of(*family) = a[1];
        return ok;
      }};
}

inline void write_assist_prefixes(config::writer& w, const assist_prefixes& p) {
  for (const auto& f : assist_families) w.line(" assist-prefix ", f.word, " ", p.of(f.value));
}

}  // namespace cmr::in
