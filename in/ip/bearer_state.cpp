#include "in/ip/bearer_state.h"

namespace cmr::in::ip {

const char* to_string(bearer_state s) {
  switch (s) {
    case bearer_state::received:
      return "RECEIVED";
    case bearer_state::wait_ack:
      return "WAIT_ACK";
    case bearer_state::wait_instructions:
      return "WAIT_INSTRUCTIONS";
    case bearer_state::playing:
      return "PLAYING";
    case bearer_state::wait_scp:
      return "WAIT_SCP";
    case bearer_state::last_play:
      return "LAST_PLAY";
    case bearer_state::wait_release:
      return "WAIT_RELEASE";
    case bearer_state::ended:
      return "ENDED";
  }
  return "?";
}

const char* to_string(bearer_event e) {
  switch (e) {
    case bearer_event::refuse:
      return "refuse";
    case bearer_event::answer_play:
      return "tx 200 play";
    case bearer_event::answer_assist:
      return "tx 200, tx AssistRequestInstructions";
    case bearer_event::answer_tldn:
      return "tx 200, tx InstructionRequest";
    case bearer_event::rx_srf_directive:
      return "rx SRFDirective";
    case bearer_event::rx_pacui:
      return "rx PromptAndCollectUserInformation";
    case bearer_event::rx_key:
      return "rx key";
    case bearer_event::collect_timeout:
      return "collect timeout";
    case bearer_event::rx_ack:
      return "rx ACK";
    case bearer_event::rx_pa:
      return "rx PlayAnnouncement";
    case bearer_event::rx_pa_refused:
      return "rx PlayAnnouncement refused";
    case bearer_event::rx_cancel_op:
      return "rx Cancel";
    case bearer_event::played:
      return "played";
    case bearer_event::scp_end:
      return "rx TC-END";
    case bearer_event::scp_failed:
      return "SCP failed";
    case bearer_event::rx_bye:
      return "rx BYE";
    case bearer_event::rx_request:
      return "rx request";
    case bearer_event::rx_cancel:
      return "rx CANCEL";
    case bearer_event::no_ack:
      return "no ACK";
    case bearer_event::instruction_timeout:
      return "instruction timeout";
    case bearer_event::grace_timeout:
      return "release grace timeout";
    case bearer_event::max_duration:
      return "max-call-duration";
    case bearer_event::failed:
      return "failed";
    case bearer_event::shutdown:
      return "shutdown";
  }
  return "?";
}

}  // namespace cmr::in::ip
