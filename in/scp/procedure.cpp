#include "in/scp/procedure.h"

#include <algorithm>

#include "in/scp/log.h"
#include "in/scp/scp_service.h"

namespace cmr::in::scp {

procedure::~procedure() = default;

std::string procedure::sub_prefix(const char* short_name) const {
  return c_.prefix + "/" + short_name;
}

void procedure::on_refusal(const refusal& r) {
  // A switch refusing an instruction (a bearer it could not set up, say) is
  // the network's business, not a fault of this node: notice, not error.
  ++svc_.counters_mut().ssf_refusals;
  CMR_LOG(scp, notice, "%s (%s): the switch answered %s with %s: Continue", c_.prefix.c_str(),
          name(), r.instruction.c_str(), r.why.c_str());
  proceed_now(call_outcome::error);
}

void procedure::on_switch_end() {
  if (c_.closed()) return;
  c_.step(call_input::ended, "the switch ended the dialogue");
  finish(c_.outcome);
}

void procedure::on_switch_lost() {
  ++svc_.counters_mut().dialogues_aborted;
  if (c_.closed()) return;
  c_.step(call_input::lost);
  finish(c_.t_answer ? call_outcome::answered : call_outcome::error);
}

bool procedure::send(std::initializer_list<instruction> ops, bool last) {
  if (!c_.switch_open()) return false;
  if (!c_.sw->send({ops.begin(), ops.size()}, last)) {
    CMR_LOG(scp, error, "%s (%s): %s not sent to %s", c_.prefix.c_str(), name(),
            name_of(*ops.begin()), c_.protocol.c_str());
    fallback("instructions not sent");
    return false;
  }
  svc_.note_sent(c_);
  if (last) c_.sw = nullptr;  // the dialogue is over for the service
  return true;
}

void procedure::fallback(const char* why) {
  ++svc_.counters_mut().internal_failures;
  CMR_LOG(scp, error, "%s (%s): %s: Continue", c_.prefix.c_str(), name(), why);
  proceed_now(call_outcome::error);
}

void procedure::proceed_now(call_outcome unanswered) {
  if (c_.closed()) return;
  if (c_.switch_open()) {
    if (!c_.proceeded()) {
      const instruction op = continue_call{};
      if (c_.sw->send({&op, 1}, true))
        svc_.note_sent(c_);
      else
        c_.sw->abort();
    } else {
      c_.sw->close();
    }
    c_.sw = nullptr;
  }
  c_.step(c_.proceeded() ? call_input::ended : call_input::failed);
  finish(c_.t_answer ? call_outcome::answered : unanswered);
}

void procedure::finish(call_outcome o) {
  c_.outcome = o;
  close_assist();
  if (c_.switch_open()) c_.sw->close();
  c_.sw = nullptr;
  if (!c_.closed()) c_.step(call_input::ended, to_string(o));
  svc_.close(c_);
}

void procedure::close_assist() {
  if (c_.assist != nullptr) {
    resource_dialogue* r = c_.assist;
    svc_.detach_assist(c_);
    r->close();
  }
}

void procedure::proceeded() { c_.step(call_input::proceed); }

play_announcement procedure::announcement(bool disconnect_forbidden, bool report_complete) const {
  const auto& cfg = svc_.settings();
  play_announcement p;
  p.id = c_.announcement_id;
  if (cfg.announcement_duration_s != 0)
    p.duration_s =
        static_cast<std::uint16_t>(std::min<std::uint32_t>(cfg.announcement_duration_s, 32767));
  else
    p.repetitions =
        static_cast<std::uint8_t>(std::clamp<std::uint32_t>(cfg.announcement_repetitions, 1, 127));
  p.disconnect_forbidden = disconnect_forbidden;
  p.report_complete = report_complete;
  return p;
}

void procedure::disconnect_and_continue() {
  if (!send({disconnect_resource{}, continue_call{}})) return;
  proceeded();
  if (!c_.t_alerting) c_.t_alerting = svc_.timers().now();
}

}  // namespace cmr::in::scp
