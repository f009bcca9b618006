#include "in/tcap/operation_table.h"

#include <algorithm>

#include "in/codec/protocol_constants.h"

namespace cmr::in::tcap {

namespace {
using namespace std::chrono_literals;
constexpr std::chrono::milliseconds short_t = 10s;   // 29.078 "short": 1-10 s
constexpr std::chrono::milliseconds medium_t = 60s;  // "medium": 1-60 s
constexpr std::chrono::milliseconds long_t = 300s;   // "long": 1 s-30 min (announcements)
}  // namespace

operation_table operation_table::cap_inap_defaults() {
  namespace op = codec::opcode;
  operation_table t;
  // clang-format off
  const operation_spec specs[] = {
      {op::initial_dp, op_class::c2, short_t, "InitialDP"},
      {op::assist_request_instructions, op_class::c2, short_t, "AssistRequestInstructions"},
      {op::establish_temporary_connection, op_class::c2, medium_t, "EstablishTemporaryConnection"},
      {op::disconnect_forward_connection, op_class::c2, short_t, "DisconnectForwardConnection"},
      {op::connect_to_resource, op_class::c2, short_t, "ConnectToResource"},
      {op::connect, op_class::c2, short_t, "Connect"},
      {op::release_call, op_class::c4, short_t, "ReleaseCall"},
      {op::request_report_bcsm_event, op_class::c2, short_t, "RequestReportBCSMEvent"},
      {op::event_report_bcsm, op_class::c4, short_t, "EventReportBCSM"},
      {op::continue_, op_class::c4, short_t, "Continue"},
      {op::initiate_call_attempt, op_class::c1, short_t, "InitiateCallAttempt"},
      {op::reset_timer, op_class::c2, short_t, "ResetTimer"},
      {op::play_announcement, op_class::c2, long_t, "PlayAnnouncement"},
      {48, op_class::c1, long_t, "PromptAndCollectUserInformation"},
      {op::specialized_resource_report, op_class::c4, short_t, "SpecializedResourceReport"},
      {op::cancel, op_class::c2, short_t, "Cancel"},
      {op::activity_test, op_class::c3, short_t, "ActivityTest"},
      {op::dfc_with_argument, op_class::c2, short_t, "DisconnectForwardConnectionWithArgument"},
      {op::continue_with_argument, op_class::c2, short_t, "ContinueWithArgument"},
      {op::disconnect_leg, op_class::c1, short_t, "DisconnectLeg"},
      {op::move_leg, op_class::c1, short_t, "MoveLeg"},
      {op::split_leg, op_class::c1, short_t, "SplitLeg"},
  };
  // clang-format on
  for (const auto& s : specs) t.set(s);
  return t;
}

const operation_spec* operation_table::find(std::int32_t opcode) const {
  auto it = std::lower_bound(ops_.begin(), ops_.end(), opcode,
                             [](const operation_spec& s, std::int32_t o) { return s.opcode < o; });
  if (it == ops_.end() || it->opcode != opcode) return nullptr;
  return &*it;
}

operation_spec operation_table::lookup(std::int32_t opcode) const {
  if (const auto* s = find(opcode)) return *s;
  return operation_spec{opcode, op_class::c1, fallback_timeout, "unknown"};
}

void operation_table::set(const operation_spec& spec) {
  auto it = std::lower_bound(ops_.begin(), ops_.end(), spec.opcode,
                             [](const operation_spec& s, std::int32_t o) { return s.opcode < o; });
  if (it != ops_.end() && it->opcode == spec.opcode) {
    *it = spec;
  } else {
    ops_.insert(it, spec);
  }
}

}  // namespace cmr::in::tcap
