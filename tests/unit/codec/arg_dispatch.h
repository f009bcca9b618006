// Test helper: decode a component parameter by operation (or error) code and
// encode it again. Shared by the golden-vector tests, the bad-input test and
// the fuzz targets.
#pragma once

#include <optional>

#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"

namespace cmr::in::codec::test {

enum class arg_kind : std::uint8_t { invoke, result, error };

// nullopt: decode failed (or the code has no argument type here).
// Otherwise the re-encoding (empty if encoding refused).
inline std::optional<bytes> reencode(protocol_variant v, arg_kind kind, std::int32_t code,
                                     in_bytes in) {
#define CMR_RT(dec, enc)            \
  {                                 \
    auto r = dec(v, in);            \
    if (!r) return std::nullopt;    \
    return enc(v, r.value());       \
  }
  if (kind == arg_kind::error) {
    if (code == error_code::cancel_failed) CMR_RT(decode_cancel_failed, encode_cancel_failed)
    auto r = decode_error_parameter(v, code, in);
    if (!r) return std::nullopt;
    return encode_error_parameter(v, code, r.value());
  }
  if (kind == arg_kind::result) {
    if (code == opcode::initiate_call_attempt)
      CMR_RT(decode_initiate_call_attempt_result, encode_initiate_call_attempt_result)
    if (code == opcode::prompt_and_collect_user_information)
      CMR_RT(decode_received_information, encode_received_information)
    return std::nullopt;
  }
  switch (code) {
    case opcode::initial_dp: CMR_RT(decode_initial_dp, encode_initial_dp)
    case opcode::request_report_bcsm_event:
      CMR_RT(decode_request_report_bcsm_event, encode_request_report_bcsm_event)
    case opcode::event_report_bcsm: CMR_RT(decode_event_report_bcsm, encode_event_report_bcsm)
    case opcode::connect: CMR_RT(decode_connect, encode_connect)
    case opcode::continue_with_argument:
      CMR_RT(decode_continue_with_argument, encode_continue_with_argument)
    case opcode::release_call: CMR_RT(decode_release_call, encode_release_call)
    case opcode::connect_to_resource: CMR_RT(decode_connect_to_resource, encode_connect_to_resource)
    case opcode::establish_temporary_connection:
      CMR_RT(decode_establish_temporary_connection, encode_establish_temporary_connection)
    case opcode::assist_request_instructions:
      CMR_RT(decode_assist_request_instructions, encode_assist_request_instructions)
    case opcode::play_announcement: CMR_RT(decode_play_announcement, encode_play_announcement)
    case opcode::prompt_and_collect_user_information:
      CMR_RT(decode_prompt_and_collect, encode_prompt_and_collect)
    case opcode::specialized_resource_report:
      CMR_RT(decode_specialized_resource_report, encode_specialized_resource_report)
    case opcode::dfc_with_argument: CMR_RT(decode_dfc_with_argument, encode_dfc_with_argument)
    case opcode::initiate_call_attempt:
      CMR_RT(decode_initiate_call_attempt, encode_initiate_call_attempt)
    case opcode::move_leg: CMR_RT(decode_move_leg, encode_move_leg)
    case opcode::disconnect_leg: CMR_RT(decode_disconnect_leg, encode_disconnect_leg)
    case opcode::reset_timer: CMR_RT(decode_reset_timer, encode_reset_timer)
    case opcode::cancel: CMR_RT(decode_cancel, encode_cancel)
    default: return std::nullopt;
  }
#undef CMR_RT
}

}  // namespace cmr::in::codec::test
