// Owner and other party from the InitialDP's numbers (docs/cs-delivery.md
// section 2): ISUP calling/called party numbers and CAP's
// calledPartyBCDNumber, normalised by the configured numbering plan to
// international digits without prefix (the store's subscriber form).
#pragma once

#include <optional>
#include <string>

#include "in/codec/operations.h"
#include "in/scp/numbering.h"
#include "in/scp/scp_settings.h"
#include "in/scp/switch_ops.h"

namespace cmr::in::cap {

using scp::nature_international;
using scp::nature_national;
using scp::nature_subscriber;
using scp::nature_unknown;
using scp::normalise;
using scp::numbering_plan;

// A number as read from the IDP: the normalised digits and the ISUP Called
// Party Number octets to route to (Connect, InitiateCallAttempt).
using scp::party;

// The called party: calledPartyNumber, else calledPartyBCDNumber (CAP).
// nullopt when neither is present or decodable.
std::optional<party> called_party(const numbering_plan& plan, const codec::initial_dp& idp);
// The calling party: callingPartyNumber. nullopt when absent or undecodable.
std::optional<party> calling_party(const numbering_plan& plan, const codec::initial_dp& idp);

}  // namespace cmr::in::cap
