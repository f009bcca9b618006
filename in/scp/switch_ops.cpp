#include "in/scp/switch_ops.h"

namespace cmr::in::scp {

const char* to_string(trigger_point p) {
  switch (p) {
    case trigger_point::terminating:
      return "terminating";
    case trigger_point::originating:
      return "originating";
    case trigger_point::other:
      return "other";
  }
  return "?";
}

const char* to_string(call_event e) {
  switch (e) {
    case call_event::answer:
      return "answer";
    case call_event::busy:
      return "busy";
    case call_event::no_answer:
      return "no answer";
    case call_event::abandon:
      return "abandon";
    case call_event::disconnect:
      return "disconnect";
    case call_event::other:
      return "other";
  }
  return "?";
}

const char* to_string(collect_error e) {
  switch (e) {
    case collect_error::none:
      return "none";
    case collect_error::no_digits:
      return "no digits";
    case collect_error::canceled:
      return "canceled";
    case collect_error::refused:
      return "refused";
  }
  return "?";
}

namespace {
struct namer {
  const char* operator()(const arm_call_events&) const { return "RequestReportBCSMEvent"; }
  const char* operator()(const arm_caller_leg&) const { return "RequestReportBCSMEvent"; }
  const char* operator()(const arm_new_leg&) const { return "RequestReportBCSMEvent"; }
  const char* operator()(const connect_to_resource&) const { return "ConnectToResource"; }
  const char* operator()(const play_announcement&) const { return "PlayAnnouncement"; }
  const char* operator()(const prompt_and_collect&) const {
    return "PromptAndCollectUserInformation";
  }
  const char* operator()(const establish_temporary_connection&) const {
    return "EstablishTemporaryConnection";
  }
  const char* operator()(const disconnect_resource&) const {
    return "DisconnectForwardConnection";
  }
  const char* operator()(const continue_call&) const { return "Continue"; }
  const char* operator()(const continue_with_alerting&) const { return "ContinueWithAlerting"; }
  const char* operator()(const route_to_platform&) const { return "RouteToPlatform"; }
  const char* operator()(const initiate_call_attempt&) const { return "InitiateCallAttempt"; }
  const char* operator()(const move_leg&) const { return "MoveLeg"; }
  const char* operator()(const disconnect_leg&) const { return "DisconnectLeg"; }
  const char* operator()(const continue_segment&) const { return "ContinueWithArgument"; }
  const char* operator()(const release_call&) const { return "ReleaseCall"; }
  const char* operator()(const activity_test&) const { return "ActivityTest"; }
};
}  // namespace

const char* name_of(const instruction& i) { return std::visit(namer{}, i); }

}  // namespace cmr::in::scp
