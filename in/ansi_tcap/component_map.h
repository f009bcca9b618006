// ANSI components <-> the component form the shared component sublayer
// (in/tcap/component_sublayer.h) works on. The sublayer's invocation state
// machines, operation timers and checks are the same for both standards;
// only the wire form differs:
//   * ANSI component IDs are octets (0..255); the sublayer's invoke IDs are
//     int8: the octet is carried as its two's-complement cast, both ways.
//   * An ANSI Invoke's correlation ID is the sublayer's linked ID; a
//     result's / error's / reject's correlation ID its invoke ID.
//   * Results carry no operation code: the sublayer fills in the invoked
//     operation from the invocation it correlates with.
//   * Operation and error codes are packed national/private codes
//     (ansi_tcap_message.h: pack()).
//   * Reject problems map between T1.114 and Q.773 (table in README.md).
#pragma once

#include "in/ansi_tcap/ansi_tcap_message.h"
#include "in/codec/tcap_message.h"
#include "in/tcap/tc_primitives.h"

namespace cmr::in::ansi_tcap {

tcap::reject_problem to_shared_problem(std::uint16_t ansi_problem);
std::uint16_t to_ansi_problem(tcap::reject_problem p);

// A received ANSI component for the sublayer (not for an Invoke without
// invoke ID, which the layer delivers itself).
codec::tc_component to_shared(const component& c);
// A component the sublayer queued, for the wire. Invokes and results
// without parameter get the empty SET (tshark hands an ANSI-41 invoke
// without one to no ANSI MAP dissector; peers expect it too).
component to_ansi(const codec::tc_component& c);

}  // namespace cmr::in::ansi_tcap
