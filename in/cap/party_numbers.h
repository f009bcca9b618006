// Owner and other party from the InitialDP's numbers (docs/cs-delivery.md
// section 2): ISUP calling/called party numbers and CAP's
// calledPartyBCDNumber, normalised by the configured numbering plan to
// international digits without prefix (the store's subscriber form).
#pragma once

#include <optional>
#include <string>

#include "in/codec/operations.h"
#include "in/scp/scp_settings.h"
#include "in/scp/switch_ops.h"

namespace cmr::in::cap {

struct numbering_plan {
  std::string country_code = "49";
  std::string national_prefix = "0";
  std::string international_prefix = "00";
  static numbering_plan from(const scp::scp_settings& s) {
    return {s.country_code, s.national_prefix, s.international_prefix};
  }
};

// Q.763 nature of address values used below.
inline constexpr std::uint8_t nature_subscriber = 1;
inline constexpr std::uint8_t nature_unknown = 2;
inline constexpr std::uint8_t nature_national = 3;
inline constexpr std::uint8_t nature_international = 4;

// Digits by nature: international as is; national: country code + number
// (a leading national prefix stripped); anything else: international prefix
// stripped when present, else a national prefix replaced by the country
// code, else as is.
std::string normalise(const numbering_plan& plan, std::uint8_t nature, const std::string& digits);

// A number as read from the IDP: the normalised digits and the ISUP Called
// Party Number octets to route to (Connect, InitiateCallAttempt).
using scp::party;

// The called party: calledPartyNumber, else calledPartyBCDNumber (CAP).
// nullopt when neither is present or decodable.
std::optional<party> called_party(const numbering_plan& plan, const codec::initial_dp& idp);
// The calling party: callingPartyNumber. nullopt when absent or undecodable.
std::optional<party> calling_party(const numbering_plan& plan, const codec::initial_dp& idp);

}  // namespace cmr::in::cap
