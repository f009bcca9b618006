// The two interfaces between the protocol-neutral service logic and a
// protocol mapping (in/cap: CAP and INAP over ITU TCAP):
//
//   switch_dialogue    one dialogue with a switch (gsmSSF, SSP, MSC) about
//                      one call: the service sends instructions through it;
//   resource_dialogue  one dialogue with an assisting resource (IP, SRF)
//                      that asked for instructions;
//   switch_listener    what the mapping tells the service: a trigger opened
//                      a dialogue, the switch reported something, a dialogue
//                      ended; an assisting resource asked, reported, ended.
//
// Dialogues belong to the mapping: a pointer stays valid until the
// listener's *_ended call for it returns. Everything runs on the service's
// strand (the mapping delivers there; the service calls back there).
#pragma once

#include <span>
#include <string>

#include "in/scp/switch_ops.h"

namespace cmr::in::scp {

class switch_dialogue {
public:
  virtual ~switch_dialogue() = default;

  // For logs and the charging record: "cap-v2", "cap-v3", "cap-v4", "inap".
  [[nodiscard]] virtual const char* protocol() const = 0;
  // "0x0000002a": the dialogue as the protocol names it, for logs.
  [[nodiscard]] virtual std::string name() const = 0;
  [[nodiscard]] virtual bool can(capability c) const = 0;
  // Still open both ways (the switch has not ended or aborted it).
  [[nodiscard]] virtual bool open() const = 0;

  // Sends the instructions in one message: the dialogue goes on, or with
  // `last` it ends (the switch runs the call on its own from there). False
  // when an instruction could not be put into the protocol or the message
  // could not be sent: nothing of it left, the dialogue is as before.
  [[nodiscard]] virtual bool send(std::span<const instruction> ops, bool last) = 0;
  // The trigger lacks a parameter the service needs (the owner's number):
  // the protocol's error for it, and the dialogue ends.
  virtual void refuse_missing_parameter() = 0;
  // Ends the dialogue without instructions (anything the mapping has
  // queued, a Reject say, still goes); aborts it when that is not possible.
  virtual void close() = 0;
  // Aborts the dialogue (the switch is taken as gone).
  virtual void abort() = 0;
  // After send(..., true), refuse_missing_parameter(), close() or abort()
  // the dialogue is over for the service: the mapping does not report its
  // end (the service knows), and may free it once its own call returns.
};

class resource_dialogue {
public:
  virtual ~resource_dialogue() = default;
  [[nodiscard]] virtual std::string name() const = 0;
  // Play instructions to the resource in one message (the dialogue goes on).
  [[nodiscard]] virtual bool play(const play_announcement& p) = 0;
  // Prompt and collect (on-line copy): the answer comes as a
  // collected_digits report. False: the mapping has no such operation.
  [[nodiscard]] virtual bool prompt_and_collect(const prompt_and_collect& /*p*/) { return false; }
  // Ends the dialogue (a normal end once the resource reported); as for a
  // switch dialogue, its end is then not reported.
  virtual void close() = 0;
};

class switch_listener {
public:
  virtual ~switch_listener() = default;

  // A switch opened a dialogue with a trigger. The service answers through
  // `d` (at once, or later: the dialogue waits).
  virtual void triggered(switch_dialogue& d, const trigger& t) = 0;
  // The switch reported `e` in an open dialogue; `ending`: its message ended
  // the dialogue (no instruction can follow).
  virtual void reported(switch_dialogue& d, const switch_event& e, bool ending) = 0;
  // The dialogue is over: ended by the switch (after its last reports) or
  // aborted, by either side or for lack of traffic.
  virtual void dialogue_ended(switch_dialogue& d, bool aborted, const std::string& why) = 0;

  // An assisting resource asked for instructions with `correlation`; false:
  // no call waits for it (the mapping answers with its protocol's error).
  virtual bool assist_requested(resource_dialogue& r, const std::string& correlation) = 0;
  virtual void resource_reported(resource_dialogue& r, const switch_event& e) = 0;
  virtual void resource_ended(resource_dialogue& r, bool aborted, const std::string& why) = 0;
};

}  // namespace cmr::in::scp
