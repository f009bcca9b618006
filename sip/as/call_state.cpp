#include "sip/as/call_state.h"

namespace cmr::sip::as {

const char* to_string(call_state s) {
  switch (s) {
    case call_state::received:
      return "RECEIVED";
    case call_state::deciding:
      return "DECIDING";
    case call_state::calling_b:
      return "CALLING_B";
    case call_state::early:
      return "EARLY";
    case call_state::connecting:
      return "CONNECTING";
    case call_state::answered:
      return "ANSWERED";
    case call_state::confirmed:
      return "CONFIRMED";
    case call_state::terminating:
      return "TERMINATING";
    case call_state::proxying:
      return "PROXYING";
    case call_state::ended:
      return "ENDED";
  }
  return "?";
}

const char* to_string(call_event e) {
  switch (e) {
    case call_event::decide:
      return "decide";
    case call_event::deferred:
      return "decision deferred";
    case call_event::decided:
      return "decided";
    case call_event::refuse:
      return "refuse";
    case call_event::rx_b_provisional:
      return "rx B 1xx";
    case call_event::rx_b_answer:
      return "rx B 2xx";
    case call_event::rx_b_reject:
      return "rx B final";
    case call_event::b_unreachable:
      return "B unreachable";
    case call_event::tx_a_answer:
      return "tx A 2xx";
    case call_event::rx_a_ack:
      return "rx A ACK";
    case call_event::rx_a_cancel:
      return "rx A CANCEL";
    case call_event::rx_a_bye:
      return "rx A BYE";
    case call_event::rx_b_bye:
      return "rx B BYE";
    case call_event::rx_a_prack:
      return "rx A PRACK";
    case call_event::rx_a_request:
      return "rx A request";
    case call_event::rx_b_request:
      return "rx B request";
    case call_event::rx_a_reinvite:
      return "rx A re-INVITE";
    case call_event::rx_b_reinvite:
      return "rx B re-INVITE";
    case call_event::timeout:
      return "timeout";
    case call_event::no_prack:
      return "no PRACK";
    case call_event::no_ack:
      return "no ACK";
    case call_event::failed:
      return "failed";
    case call_event::proxy:
      return "proxy";
    case call_event::shutdown:
      return "shutdown";
  }
  return "?";
}

const char* to_string(reinvite_state s) {
  switch (s) {
    case reinvite_state::idle:
      return "IDLE";
    case reinvite_state::from_a:
      return "FROM_A";
    case reinvite_state::from_b:
      return "FROM_B";
  }
  return "?";
}

const char* to_string(reinvite_event e) {
  switch (e) {
    case reinvite_event::rx_a:
      return "rx A re-INVITE";
    case reinvite_event::rx_b:
      return "rx B re-INVITE";
    case reinvite_event::answered:
      return "answered";
  }
  return "?";
}

}  // namespace cmr::sip::as
