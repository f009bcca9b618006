// The numbering plan of the "scp" node (country code, national and
// international prefixes) and the normalisation of a received number to the
// store's subscriber form, international digits without prefix
// (docs/cs-delivery.md section 2). Both mappings use it: CAP/INAP with the
// Q.763 nature of address, ANSI-41 with its Digits' nature of number.
#pragma once

#include <cstdint>
#include <string>

#include "in/scp/scp_settings.h"

namespace cmr::in::scp {

struct numbering_plan {
  std::string country_code = "49";
  std::string national_prefix = "0";
  std::string international_prefix = "00";
  static numbering_plan from(const scp_settings& s) {
    return {s.country_code, s.national_prefix, s.international_prefix};
  }
};

// Q.763 nature of address values (ANSI-41 maps its Digits onto them).
inline constexpr std::uint8_t nature_subscriber = 1;
inline constexpr std::uint8_t nature_unknown = 2;
inline constexpr std::uint8_t nature_national = 3;
inline constexpr std::uint8_t nature_international = 4;

// Digits by nature: international as is; national: country code + number
// (a leading national prefix stripped); anything else: international prefix
// stripped when present, else a national prefix replaced by the country
// code, else as is.
std::string normalise(const numbering_plan& plan, std::uint8_t nature, const std::string& digits);

}  // namespace cmr::in::scp
