// States of the four RFC 3261 section 17 machines, plus RFC 6026 Accepted.
#pragma once

namespace cmr::sip {

enum class tx_state { calling, trying, proceeding, completed, confirmed, accepted, terminated };

inline const char* to_string(tx_state s) {
  switch (s) {
    case tx_state::calling:
      return "Calling";
    case tx_state::trying:
      return "Trying";
    case tx_state::proceeding:
      return "Proceeding";
    case tx_state::completed:
      return "Completed";
    case tx_state::confirmed:
      return "Confirmed";
    case tx_state::accepted:
      return "Accepted";
    case tx_state::terminated:
      return "Terminated";
  }
  return "?";
}

enum class tx_error { timeout, transport };

}  // namespace cmr::sip
