// On-line copy during a CS ringback (spec 5.7, docs/cs-delivery.md "On-line
// copy"), part of the temporary-connection profile when "scp / online-copy"
// is on: the ringback goes to the assisting resource as
// PromptAndCollectUserInformation (one key, interruptable) instead of
// PlayAnnouncement, and each key the resource returns is acted on through
// the call's ringback::key_session:
//
//   COLLECTING --copy key--> COPYING --copy done--> PROMPTING --prompt played--+
//       ^  |--repeated copy key / offer------------> PROMPTING                 |
//       |  |--skip key (next resource) / other key--> COLLECTING               |
//       +--+-----------------------------------------------------------------+
//   COLLECTING --stop key--> STOPPING --DefaultCMRResourceId1--> COLLECTING (it plays)
//                                      --no default--> DONE (the network's ringing)
//   COLLECTING --ringback over (no digits)--> DONE
//   COLLECTING --flood--> PLAYING_OUT (PlayAnnouncement, no collection) --played--> DONE
//   any --resource gone (error, reject, end)--> DONE
//
// The copy goes through ringback::copy_port (AddResource Action=1: privacy,
// price, credit, library); its answer comes on a store thread and is posted
// back to the service's strand. The prompt is a PlayAnnouncement of a
// built-in prompt's reserved announcement id (in/builtin_prompts.h) the IP
// plays from media::dtmf::builtin_prompt; after it, PromptAndCollect again
// (the ringback starts again from its beginning).
// Every transition is logged at debug with "scp(call=7)/copy".
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/fsm.h"
#include "common/ringback_control.h"
#include "in/scp/call.h"
#include "in/scp/switch_ops.h"

namespace cmr::in::scp {

class scp_service;

enum class oc_state : std::uint8_t { idle, collecting, copying, prompting, stopping, playing_out, done };
enum class oc_input : std::uint8_t {
  started,        // the first PromptAndCollect went out
  key_ignored,    // a key without an action (or while a copy is pending): collect again
  copy_asked,     // the call's first copy key
  prompt_asked,   // a repeated copy key (its answer again), a copy key of a non-subscriber
  copy_done,      // the copy port answered: the prompt
  prompt_played,  // the prompt's report: collect again
  skipped,        // skip key: the box's next resource (or the same one), collect again
  stop_asked,     // stop key: the decision port is asked for DefaultCMRResourceId1
  default_found,  // ... which plays from now on (keys are still collected)
  stopped,        // ... none: the presentation ends
  flooded,        // too many keys: play the ringback out without collecting
  played_out,
  ringback_over,  // no key within the timeouts after the ringback
  resource_gone,  // error, reject or end of the resource's dialogue
  call_ended,
};
const char* to_string(oc_state s);
const char* to_string(oc_input i);

class online_copy {
public:
  // `finished` releases the resource and lets the call proceed (the
  // procedure's part); called once, when DONE is reached by the resource's
  // doing or a key (not on call_ended).
  online_copy(scp_service& svc, call& c, std::function<void(const char* why)> finished);
  ~online_copy();
  online_copy(const online_copy&) = delete;
  online_copy& operator=(const online_copy&) = delete;

  // Whether the call gets on-line copy: the setting, the port and the
  // presentation settings are there, and it is a CMRBT ringback.
  [[nodiscard]] static bool applies(const scp_service& svc, const call& c);

  // The first PromptAndCollect; false when it could not be sent.
  bool start(resource_dialogue& r);
  // What the resource reported (collected digits, its report, a refusal).
  void on_report(const switch_event& e);
  // The resource's dialogue ended or the call is over: no more keys.
  void resource_ended();
  void call_ended();

  [[nodiscard]] oc_state state() const { return fsm_.state(); }

private:
  bool collect();
  bool prompt(ringback::prompt_kind k);
  void on_digits(const collected_digits& d);
  void on_key(char key);
  void start_copy();
  void copied(ringback::copy_outcome o);
  void skip();
  void stop();
  void finish(oc_input i, const char* why);

  scp_service& svc_;
  call& c_;
  std::function<void(const char*)> finished_;
  fsm<oc_state, oc_input> fsm_;
  std::string prefix_;
  resource_dialogue* resource_ = nullptr;
  std::optional<ringback::key_session> session_;
  std::optional<ringback::copy_outcome> outcome_;  // the call's copy, once answered
  bool flood_counted_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cmr::in::scp
