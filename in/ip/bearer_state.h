// The state machine of one bearer to the intelligent peripheral
// (in/ip/bearer_call.h), declared as a table of (state, event) -> next state
// (common/fsm.h); every transition is logged at debug with the bearer's
// prefix, "ip(bearer=3){WAIT_INSTRUCTIONS}: rx PlayAnnouncement -> PLAYING".
//
//   play form:     RECEIVED --answer play--> WAIT_ACK --rx ACK--> LAST_PLAY
//                  --played--> ENDED (BYE)
//   routing form:  RECEIVED --answer assist--> WAIT_INSTRUCTIONS (ARI sent)
//                  --rx PlayAnnouncement--> PLAYING --played--> WAIT_SCP
//                  (SpecializedResourceReport sent when asked for)
//                  --rx PlayAnnouncement--> PLAYING ... or
//                  (on-line copy) --rx PromptAndCollect--> PLAYING --rx key-->
//                  WAIT_SCP (ReceivedInformation sent); played without a key:
//                  WAIT_SCP, first-digit timeout -> improperCallerResponse;
//                  --rx TC-END--> WAIT_RELEASE --rx BYE--> ENDED
//                  (the SSF's DisconnectForwardConnection; the IP sends BYE
//                  itself when none comes within release-grace).
//                  A TC-END while PLAYING: LAST_PLAY (play it out, then BYE).
//   TLDN form:     RECEIVED --answer TLDN--> WAIT_INSTRUCTIONS (InstructionRequest
//                  sent) --rx SRFDirective--> PLAYING --played--> WAIT_SCP
//                  (its RETURN RESULT sent) --rx Response--> WAIT_RELEASE
//                  --rx BYE--> ENDED (the MSC's; no release grace here).
//   any time:      BYE from the peer, no ACK, max-call-duration, an SCP
//                  error or abort, a failure inside, shutdown -> ENDED.
//
//   RECEIVED           the INVITE is being examined (refused: ENDED);
//   WAIT_ACK           play form: 200 sent, the play starts at the ACK;
//   WAIT_INSTRUCTIONS  routing form: 200 and AssistRequestInstructions sent,
//                      the instruction timer runs;
//   PLAYING            an announcement the SCP asked for is being played;
//   WAIT_SCP           played (reported), cancelled or refused: the SCP
//                      instructs again or ends its dialogue;
//   LAST_PLAY          the last announcement: the bearer is released when it
//                      ends (play form; routing form after the SCP's end);
//   WAIT_RELEASE       the SCP's dialogue ended normally: the SSF releases
//                      the bearer, or release-grace runs out;
//   ENDED              over.
// An event not in the table is refused (logged at notice): an in-dialog
// request then gets 481, a PlayAnnouncement the error
// unexpectedComponentSequence. The ACK may come in any answered state (the
// routing form does not wait for it).
#pragma once

#include <array>
#include <cstdint>

#include "common/fsm.h"

namespace cmr::in::ip {

enum class bearer_state : std::uint8_t {
  received,
  wait_ack,
  wait_instructions,
  playing,
  wait_scp,
  last_play,
  wait_release,
  ended,
};

enum class bearer_event : std::uint8_t {
  refuse,         // the INVITE is answered with an error
  answer_play,    // 200 sent, play form
  answer_assist,  // 200 sent, routing form: AssistRequestInstructions
  answer_tldn,    // 200 sent, TLDN form: InstructionRequest
  rx_ack,         // the ACK of the 200
  rx_pa,          // PlayAnnouncement, played
  rx_pa_refused,  // PlayAnnouncement answered with an error or reject
  rx_srf_directive,  // SRFDirective (TLDN form), played
  rx_pacui,       // PromptAndCollectUserInformation: played, keys collected
  rx_key,         // the caller's key answered a PromptAndCollect (ReceivedInformation sent)
  collect_timeout,  // no key in time after the prompt (improperCallerResponse sent)
  rx_cancel_op,   // Cancel from the SCP: the announcement stops
  played,         // the announcement completed
  scp_end,        // the SCP ended its dialogue normally
  scp_failed,     // the SCP answered with an error, aborted, or ended too early
  rx_bye,         // BYE from the peer
  rx_request,     // another in-dialog request (answered, the bearer stays)
  rx_cancel,      // CANCEL of the INVITE
  no_ack,         // the 200 was never ACKed
  instruction_timeout,
  grace_timeout,  // no BYE after the SCP's end
  max_duration,
  failed,  // something went wrong inside (RTP, a TCAP message not sent)
  shutdown,
};

const char* to_string(bearer_state s);
const char* to_string(bearer_event e);

using bearer_row = fsm_row<bearer_state, bearer_event>;
namespace bearer_table_detail {
using enum bearer_state;
using enum bearer_event;
inline constexpr std::array bearer_table{
    bearer_row{received, refuse, ended},
    bearer_row{received, answer_play, wait_ack},
    bearer_row{received, answer_assist, wait_instructions},
    bearer_row{received, answer_tldn, wait_instructions},
    bearer_row{received, rx_cancel, ended},
    bearer_row{received, shutdown, ended},

    bearer_row{wait_ack, rx_ack, last_play},
    bearer_row{wait_ack, rx_bye, ended},
    bearer_row{wait_ack, rx_request, wait_ack},
    bearer_row{wait_ack, no_ack, ended},
    bearer_row{wait_ack, max_duration, ended},
    bearer_row{wait_ack, failed, ended},
    bearer_row{wait_ack, shutdown, ended},

    bearer_row{wait_instructions, rx_ack, wait_instructions},
    bearer_row{wait_instructions, rx_pa, playing},
    bearer_row{wait_instructions, rx_srf_directive, playing},
    bearer_row{wait_instructions, rx_pacui, playing},
    bearer_row{wait_instructions, rx_pa_refused, wait_scp},
    bearer_row{wait_instructions, rx_cancel_op, wait_instructions},
    bearer_row{wait_instructions, scp_failed, ended},
    bearer_row{wait_instructions, instruction_timeout, ended},
    bearer_row{wait_instructions, rx_bye, ended},
    bearer_row{wait_instructions, rx_request, wait_instructions},
    bearer_row{wait_instructions, no_ack, ended},
    bearer_row{wait_instructions, max_duration, ended},
    bearer_row{wait_instructions, failed, ended},
    bearer_row{wait_instructions, shutdown, ended},

    bearer_row{playing, rx_ack, playing},
    bearer_row{playing, rx_pa, playing},
    bearer_row{playing, rx_pacui, playing},
    bearer_row{playing, rx_key, wait_scp},
    bearer_row{playing, rx_pa_refused, wait_scp},
    bearer_row{playing, rx_cancel_op, wait_scp},
    bearer_row{playing, played, wait_scp},
    bearer_row{playing, scp_end, last_play},
    bearer_row{playing, scp_failed, ended},
    bearer_row{playing, rx_bye, ended},
    bearer_row{playing, rx_request, playing},
    bearer_row{playing, no_ack, ended},
    bearer_row{playing, max_duration, ended},
    bearer_row{playing, failed, ended},
    bearer_row{playing, shutdown, ended},

    bearer_row{wait_scp, rx_ack, wait_scp},
    bearer_row{wait_scp, rx_pa, playing},
    bearer_row{wait_scp, rx_srf_directive, playing},
    bearer_row{wait_scp, rx_pacui, playing},
    bearer_row{wait_scp, rx_key, wait_scp},
    bearer_row{wait_scp, collect_timeout, wait_scp},
    bearer_row{wait_scp, rx_pa_refused, wait_scp},
    bearer_row{wait_scp, rx_cancel_op, wait_scp},
    bearer_row{wait_scp, scp_end, wait_release},
    bearer_row{wait_scp, scp_failed, ended},
    bearer_row{wait_scp, rx_bye, ended},
    bearer_row{wait_scp, rx_request, wait_scp},
    bearer_row{wait_scp, no_ack, ended},
    bearer_row{wait_scp, max_duration, ended},
    bearer_row{wait_scp, failed, ended},
    bearer_row{wait_scp, shutdown, ended},

    bearer_row{last_play, rx_ack, last_play},
    bearer_row{last_play, played, ended},
    bearer_row{last_play, rx_bye, ended},
    bearer_row{last_play, rx_request, last_play},
    bearer_row{last_play, no_ack, ended},
    bearer_row{last_play, max_duration, ended},
    bearer_row{last_play, failed, ended},
    bearer_row{last_play, shutdown, ended},

    bearer_row{wait_release, rx_ack, wait_release},
    bearer_row{wait_release, grace_timeout, ended},
    bearer_row{wait_release, rx_bye, ended},
    bearer_row{wait_release, rx_request, wait_release},
    bearer_row{wait_release, no_ack, ended},
    bearer_row{wait_release, max_duration, ended},
    bearer_row{wait_release, failed, ended},
    bearer_row{wait_release, shutdown, ended},
};
}  // namespace bearer_table_detail
using bearer_table_detail::bearer_table;

}  // namespace cmr::in::ip
