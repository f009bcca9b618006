#include "sip/as/fork_state.h"

namespace cmr::sip::as {

const char* to_string(fork_state s) {
  switch (s) {
    case fork_state::idle:
      return "IDLE";
    case fork_state::proceeding:
      return "PROCEEDING";
    case fork_state::early:
      return "EARLY";
    case fork_state::ending:
      return "ENDING";
    case fork_state::ended:
      return "ENDED";
  }
  return "?";
}

const char* to_string(fork_event e) {
  switch (e) {
    case fork_event::tx_reliable:
      return "tx 183 reliable";
    case fork_event::tx_unreliable:
      return "tx 183";
    case fork_event::rx_prack:
      return "rx A PRACK";
    case fork_event::rx_update:
      return "rx A UPDATE";
    case fork_event::tx_199:
      return "tx 199";
    case fork_event::tx_update:
      return "tx UPDATE a=inactive";
    case fork_event::answered:
      return "UPDATE answered";
    case fork_event::rx_bye:
      return "rx A BYE";
    case fork_event::stop:
      return "stop";
  }
  return "?";
}

}  // namespace cmr::sip::as
