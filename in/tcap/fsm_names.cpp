// Names for logs: the states as Q.774 writes them, events as the primitive.
#include "in/tcap/invocation_fsm.h"
#include "in/tcap/tc_primitives.h"
#include "in/tcap/transaction_fsm.h"

namespace cmr::in::tcap {

const char* to_string(tsm_state s) {
  switch (s) {
    case tsm_state::idle:
      return "IDLE";
    case tsm_state::init_sent:
      return "INIT_SENT";
    case tsm_state::init_received:
      return "INIT_RECEIVED";
    case tsm_state::active:
      return "ACTIVE";
    case tsm_state::closed:
      return "CLOSED";
  }
  return "?";
}

const char* to_string(tsm_event e) {
  switch (e) {
    case tsm_event::tx_begin:
      return "tx TC-BEGIN";
    case tsm_event::rx_begin:
      return "rx TC-BEGIN";
    case tsm_event::tx_continue:
      return "tx TC-CONTINUE";
    case tsm_event::rx_continue:
      return "rx TC-CONTINUE";
    case tsm_event::tx_end:
      return "tx TC-END";
    case tsm_event::tx_end_prearranged:
      return "TC-END prearranged";
    case tsm_event::rx_end:
      return "rx TC-END";
    case tsm_event::tx_abort:
      return "tx TC-U-ABORT";
    case tsm_event::rx_abort:
      return "rx TC-ABORT";
    case tsm_event::inactivity:
      return "inactivity timeout";
    case tsm_event::protocol_error:
      return "protocol error";
  }
  return "?";
}

const char* to_string(ism_state s) {
  switch (s) {
    case ism_state::idle:
      return "IDLE";
    case ism_state::op_sent:
      return "OP_SENT";
    case ism_state::wait_for_reject:
      return "WAIT_FOR_REJECT";
  }
  return "?";
}

const char* to_string(ism_event e) {
  switch (e) {
    case ism_event::tx_invoke:
      return "tx INVOKE";
    case ism_event::rx_result_last:
      return "rx RESULT-L";
    case ism_event::rx_result_not_last:
      return "rx RESULT-NL";
    case ism_event::rx_error:
      return "rx ERROR";
    case ism_event::rx_reject:
      return "rx REJECT";
    case ism_event::invoke_timeout:
      return "invocation timeout";
    case ism_event::reject_timeout:
      return "reject timeout";
    case ism_event::u_cancel:
      return "TC-U-CANCEL";
  }
  return "?";
}

const char* to_string(p_abort_reason r) {
  switch (r) {
    case p_abort_reason::unrecognized_message_type:
      return "unrecognizedMessageType";
    case p_abort_reason::unrecognized_transaction_id:
      return "unrecognizedTransactionID";
    case p_abort_reason::badly_formatted_transaction_portion:
      return "badlyFormattedTransactionPortion";
    case p_abort_reason::incorrect_transaction_portion:
      return "incorrectTransactionPortion";
    case p_abort_reason::resource_limitation:
      return "resourceLimitation";
    case p_abort_reason::abnormal_dialogue:
      return "abnormalDialogue";
    case p_abort_reason::no_common_dialogue_portion:
      return "noCommonDialoguePortion";
    case p_abort_reason::inactivity_timeout:
      return "inactivityTimeout";
  }
  return "?";
}

const char* to_string(tc_error e) {
  switch (e) {
    case tc_error::no_such_dialogue:
      return "no such dialogue";
    case tc_error::wrong_state:
      return "not allowed in this state";
    case tc_error::duplicate_invoke_id:
      return "invoke ID in use";
    case tc_error::no_such_invocation:
      return "no such invocation";
    case tc_error::encode_failed:
      return "encode failed";
    case tc_error::send_failed:
      return "send failed";
  }
  return "?";
}

const char* to_string(invoke_problem p) {
  switch (p) {
    case invoke_problem::duplicate_invocation:
      return "duplicateInvocation";
    case invoke_problem::unrecognized_operation:
      return "unrecognizedOperation";
    case invoke_problem::mistyped_parameter:
      return "mistypedParameter";
    case invoke_problem::resource_limitation:
      return "resourceLimitation";
    case invoke_problem::initiating_release:
      return "initiatingRelease";
    case invoke_problem::unrecognized_linked_id:
      return "unrecognizedLinkedID";
    case invoke_problem::linked_response_unexpected:
      return "linkedResponseUnexpected";
    case invoke_problem::unexpected_linked_operation:
      return "unexpectedLinkedOperation";
  }
  return "?";
}

}  // namespace cmr::in::tcap
