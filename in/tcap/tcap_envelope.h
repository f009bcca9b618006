// The slow path for TCAP messages the codec refuses. Q.774 answers a faulty
// message according to how much of it is readable: a transaction ID that can
// be found gets a P-Abort, a dialogue whose transaction portion is fine but
// whose components are faulty gets Rejects per component. The codec decodes
// a message whole or not at all, so this file reads the BER framing by hand
// (tolerating truncation) to find the TIDs, and re-decodes the transaction
// portion and each component on its own to see which part is bad.
//
// Only reached when decode_tc_message failed; speed does not matter here.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "in/codec/tcap_message.h"
#include "in/tcap/tc_primitives.h"

namespace cmr::in::tcap {

using byte_span = std::span<const std::uint8_t>;

struct tcap_envelope {
  std::uint8_t tag = 0;              // first octet: 0x62 Begin, 0x65 Continue, ...
  std::optional<codec::bytes> otid;  // when found with a valid length (1..4)
  std::optional<codec::bytes> dtid;
  bool framing_ok = false;  // the whole message is well-framed BER
  // The transaction portion (everything but the components) decodes.
  std::optional<codec::tc_message> transaction;
  bool has_components = false;
};

// One component of a faulty component portion: decoded, or the Reject to
// send for it.
struct salvaged_component {
  std::optional<codec::tc_component> component;
  reject_problem problem;                // when !component
  std::optional<std::int8_t> invoke_id;  // when !component and derivable
};

tcap_envelope scan_envelope(byte_span msg);

// Splits a message's component portion into components and decodes each on
// its own; when the portion itself is not readable, one general-problem
// entry stands for all of it.
std::vector<salvaged_component> salvage_components(byte_span msg);

}  // namespace cmr::in::tcap
