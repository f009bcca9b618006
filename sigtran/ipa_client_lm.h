// A layer manager for IPA client ASPs (libosmo-sigtran 1.6).
//
// The library asks an IPA client ASP up twice: its state machine asks itself
// up as soon as it is (re)started (ASP_DOWN -> WAIT_ID_GET), and without a
// layer manager the connection's connect callback asks again once the TCP
// connection is made, which the state machine, no longer in ASP_DOWN,
// refuses with an ERROR ("Event M-ASP_UP.req not permitted") at every
// connect. With this layer manager the connect callback only indicates
// M-SCTP_ESTABLISH, and the ASP is asked up when, and only when, its state
// machine is down (the connection came back after a disconnect).
#pragma once

struct osmo_ss7_instance;

namespace cmr::sigtran {

// Osmo thread. Gives every IPA client ASP of `inst` (every instance when
// null) without a layer manager this one. Call it right after the
// configuration was read, in the same osmo-thread task: the connect callback
// of an ASP the config started runs on the next select round.
void manage_ipa_clients(osmo_ss7_instance* inst = nullptr);

}  // namespace cmr::sigtran
