#include "in/scp/online_copy.h"

#include <array>

#include "in/builtin_prompts.h"
#include "in/scp/log.h"
#include "in/scp/scp_service.h"

namespace cmr::in::scp {

const char* to_string(oc_state s) {
  switch (s) {
    case oc_state::idle: return "IDLE";
    case oc_state::collecting: return "COLLECTING";
    case oc_state::copying: return "COPYING";
    case oc_state::prompting: return "PROMPTING";
    case oc_state::stopping: return "STOPPING";
    case oc_state::playing_out: return "PLAYING_OUT";
    case oc_state::done: return "DONE";
  }
  return "?";
}

const char* to_string(oc_input i) {
  switch (i) {
    case oc_input::started: return "started";
    case oc_input::key_ignored: return "key ignored";
    case oc_input::copy_asked: return "copy key";
    case oc_input::prompt_asked: return "prompt key";
    case oc_input::copy_done: return "copy done";
    case oc_input::prompt_played: return "rx prompt report";
    case oc_input::skipped: return "skip key";
    case oc_input::stop_asked: return "stop key";
    case oc_input::default_found: return "default resource";
    case oc_input::stopped: return "no default resource";
    case oc_input::flooded: return "key flood";
    case oc_input::played_out: return "rx resource report";
    case oc_input::ringback_over: return "rx no digits";
    case oc_input::resource_gone: return "resource gone";
    case oc_input::call_ended: return "call ended";
  }
  return "?";
}

namespace {

using S = oc_state;
using I = oc_input;
using oc_row = fsm_row<S, I>;
constexpr std::array oc_table{
    oc_row{S::idle, I::started, S::collecting},
    oc_row{S::collecting, I::key_ignored, S::collecting},
    oc_row{S::collecting, I::copy_asked, S::copying},
    oc_row{S::collecting, I::prompt_asked, S::prompting},
    oc_row{S::collecting, I::skipped, S::collecting},
    oc_row{S::collecting, I::stop_asked, S::stopping},
    oc_row{S::stopping, I::default_found, S::collecting},
    oc_row{S::stopping, I::stopped, S::done},
    oc_row{S::stopping, I::resource_gone, S::done},
    oc_row{S::stopping, I::call_ended, S::done},
    oc_row{S::collecting, I::flooded, S::playing_out},
    oc_row{S::collecting, I::ringback_over, S::done},
    oc_row{S::collecting, I::resource_gone, S::done},
    oc_row{S::collecting, I::call_ended, S::done},
    oc_row{S::copying, I::copy_done, S::prompting},
    oc_row{S::copying, I::resource_gone, S::done},
    oc_row{S::copying, I::call_ended, S::done},
    oc_row{S::prompting, I::prompt_played, S::collecting},
    oc_row{S::prompting, I::resource_gone, S::done},
    oc_row{S::prompting, I::call_ended, S::done},
    oc_row{S::playing_out, I::played_out, S::done},
    oc_row{S::playing_out, I::resource_gone, S::done},
    oc_row{S::playing_out, I::call_ended, S::done},
};

}  // namespace

online_copy::online_copy(scp_service& svc, call& c, std::function<void(const char*)> finished)
    : svc_(svc),
      c_(c),
      finished_(std::move(finished)),
      fsm_(oc_table, oc_state::idle, log_scp),
      prefix_(c.prefix + "/copy") {}

online_copy::~online_copy() = default;

bool online_copy::applies(const scp_service& svc, const call& c) {
  const auto* ps = svc.presentation();
  return svc.settings().online_copy && svc.copy_port() != nullptr && ps != nullptr && ps->enabled &&
         !c.cmrt;
}

bool online_copy::start(resource_dialogue& r) {
  resource_ = &r;
  const auto* ps = svc_.presentation();
  // The decision's controls (the owner's CMR-6 PresentationControl, else
  // the system's); the presentation-control node's when the decision had
  // none. The caller is taken as a subscriber: the copy port says when not
  // (copy_outcome::not_subscriber -> the offer prompt).
  session_.emplace(c_.controls.value_or(ps->system), true, ps->max_keys_per_call);
  CMR_LOG(scp, info, "%s: on-line copy, keys %s", prefix_.c_str(), session_->rules().explain().c_str());
  fsm_.dispatch(oc_input::started, prefix_);
  return collect();
}

bool online_copy::collect() {
  if (resource_ == nullptr) return false;
  const auto& cfg = svc_.settings();
  prompt_and_collect p;
  p.id = c_.announcement_id;
  if (cfg.announcement_duration_s != 0)
    p.duration_s = static_cast<std::uint16_t>(std::min<std::uint32_t>(cfg.announcement_duration_s, 32767));
  else
    p.repetitions = static_cast<std::uint8_t>(std::clamp<std::uint32_t>(cfg.announcement_repetitions, 1, 127));
  p.max_digits = 1;
  p.interruptable = true;
  p.first_digit_timeout_s = cfg.online_copy_first_digit_timeout_s;
  p.inter_digit_timeout_s = cfg.online_copy_first_digit_timeout_s;
  p.disconnect_forbidden = true;
  return resource_->prompt_and_collect(p);
}

bool online_copy::prompt(ringback::prompt_kind k) {
  if (resource_ == nullptr) return false;
  play_announcement p;
  // The prompt resource the presentation-control node names (its
  // announcement id resolved at start), else the built-in prompt.
  p.id = svc_.prompt_announcement(k) != 0 ? svc_.prompt_announcement(k) : builtin_prompt_id(k);
  p.repetitions = 1;
  p.disconnect_forbidden = true;
  p.report_complete = true;
  CMR_LOG(scp, info, "%s: prompt %s (announcement %u)", prefix_.c_str(), ringback::to_string(k), p.id);
  return resource_->play(p);
}

void online_copy::on_report(const switch_event& e) {
  if (const auto* d = std::get_if<collected_digits>(&e)) {
    on_digits(*d);
    return;
  }
  if (std::holds_alternative<resource_report>(e)) {
    if (fsm_.in(oc_state::prompting)) {
      fsm_.dispatch(oc_input::prompt_played, prefix_);
      if (!collect()) finish(oc_input::resource_gone, "PromptAndCollect not sent");
    } else if (fsm_.in(oc_state::playing_out)) {
      finish(oc_input::played_out, "ringback played out");
    } else {
      fsm_.dispatch(oc_input::prompt_played, prefix_);  // logged as not allowed
    }
    return;
  }
  if (const auto* r = std::get_if<refusal>(&e)) {
    CMR_LOG(scp, notice, "%s: the assisting resource refused %s (%s)", prefix_.c_str(),
            r->instruction.c_str(), r->why.c_str());
    finish(oc_input::resource_gone, "refused");
  }
}

void online_copy::on_digits(const collected_digits& d) {
  if (!fsm_.in(oc_state::collecting)) {
    // A ReceivedInformation no PromptAndCollect of ours waits for (late,
    // repeated, or from a flooding resource): counted, nothing else.
    ++svc_.counters_mut().online_late_digits;
    CMR_LOG(scp, notice, "%s{%s}: collected digits '%s' not expected: ignored", prefix_.c_str(),
            to_string(fsm_.state()), d.digits.c_str());
    return;
  }
  switch (d.error) {
    case collect_error::none:
      break;
    case collect_error::no_digits:
      finish(oc_input::ringback_over, "ringback over, no key");
      return;
    case collect_error::canceled:
    case collect_error::refused:
      CMR_LOG(scp, notice, "%s: PromptAndCollect answered %s (%s)", prefix_.c_str(),
              to_string(d.error), d.why.c_str());
      finish(oc_input::resource_gone, "PromptAndCollect failed");
      return;
  }
  ++svc_.counters_mut().online_digits;
  // max_digits is 1: a resource returning more is heard for its first key.
  on_key(d.digits.empty() ? '\0' : d.digits.front());
}

void online_copy::on_key(char key) {
  using step = ringback::key_session::step;
  const step s = session_->on_key(key);
  CMR_LOG(scp, info, "%s: key '%c' -> %s", prefix_.c_str(), key != '\0' ? key : '?',
          ringback::key_session::to_string(s));
  auto& n = svc_.counters_mut();
  switch (s) {
    case step::copy:
      fsm_.dispatch(oc_input::copy_asked, prefix_);
      start_copy();
      return;
    case step::copy_repeated:
      ++n.online_copy_repeated;
      if (outcome_) {
        // Its answer again: nothing copied, nothing charged a second time.
        fsm_.dispatch(oc_input::prompt_asked, prefix_);
        if (!prompt(ringback::prompt_for(*outcome_))) finish(oc_input::resource_gone, "prompt not sent");
        return;
      }
      break;  // the first copy is still under way: collect on
    case step::offer:
      ++n.online_offers;
      if (svc_.presentation()->offer_non_subscribers) {
        fsm_.dispatch(oc_input::prompt_asked, prefix_);
        if (!prompt(ringback::prompt_kind::offer)) finish(oc_input::resource_gone, "prompt not sent");
        return;
      }
      break;
    case step::skip:
      ++n.online_skips;
      skip();
      return;
    case step::stop:
      ++n.online_stops;
      stop();
      return;
    case step::flooded:
      if (!flood_counted_) {
        flood_counted_ = true;
        ++n.online_floods;
        CMR_LOG(scp, notice, "%s: more than %u keys: the ringback plays out without collecting",
                prefix_.c_str(), svc_.presentation()->max_keys_per_call);
      }
      {
        fsm_.dispatch(oc_input::flooded, prefix_);
        play_announcement p;
        p.id = c_.announcement_id;
        p.repetitions = 1;
        p.disconnect_forbidden = true;
        p.report_complete = true;
        if (resource_ == nullptr || !resource_->play(p)) finish(oc_input::resource_gone, "play not sent");
      }
      return;
    case step::ignore:
      break;
  }
  fsm_.dispatch(oc_input::key_ignored, prefix_);
  if (!collect()) finish(oc_input::resource_gone, "PromptAndCollect not sent");
}

void online_copy::start_copy() {
  ringback::copy_request req;
  // The calling party copies (and pays); the resource is in the owner's
  // library. An originating trigger's owner is the caller: own_resource.
  req.caller = c_.originating ? c_.owner : c_.other;
  req.owner = c_.owner;
  req.resource_id = c_.resource_id;
  req.call_ref = c_.prefix;
  CMR_LOG(scp, info, "%s: copy %s of %s for %s", prefix_.c_str(), req.resource_id.c_str(),
          req.owner.c_str(), req.caller.c_str());
  auto post = svc_.strand_poster();
  svc_.copy_port()->copy(std::move(req), [post, alive = std::weak_ptr<bool>(alive_), this,
                                          svc = &svc_, ref = prefix_](ringback::copy_outcome o) {
    // A store thread: back to the strand (the poster runs nothing once the
    // service is gone); counted even when the call ended meanwhile (the
    // copy was made or refused all the same), acted on only if it did not.
    post([alive, this, svc, ref, o] {
      auto& n = svc->counters_mut();
      if (ringback::prompt_for(o) == ringback::prompt_kind::confirmed)
        ++n.online_copies;
      else if (o == ringback::copy_outcome::not_subscriber)
        ++n.online_offers;
      else
        ++n.online_copy_refusals;
      CMR_LOG(scp, info, "%s: copy %s%s", ref.c_str(), ringback::to_string(o),
              alive.expired() ? " (the call is over)" : "");
      if (!alive.expired()) copied(o);
    });
  });
}

void online_copy::copied(ringback::copy_outcome o) {
  outcome_ = o;
  const auto kind = ringback::prompt_for(o);
  if (!fsm_.dispatch(oc_input::copy_done, prefix_)) return;  // the call or resource went meanwhile
  if (kind == ringback::prompt_kind::offer && !svc_.presentation()->offer_non_subscribers) {
    // No prompt: straight back to the ringback.
    fsm_.dispatch(oc_input::prompt_played, prefix_);
    if (!collect()) finish(oc_input::resource_gone, "PromptAndCollect not sent");
    return;
  }
  if (!prompt(kind)) finish(oc_input::resource_gone, "prompt not sent");
}

void online_copy::skip() {
  fsm_.dispatch(oc_input::skipped, prefix_);
  if (!c_.from_box) {
    // One resource, no box: nothing to skip to; the ringback starts again.
    if (!collect()) finish(oc_input::resource_gone, "PromptAndCollect not sent");
    return;
  }
  svc_.redecide(c_, [this, alive = std::weak_ptr<bool>(alive_)](std::string id, std::uint32_t annc) {
    if (alive.expired() || !fsm_.in(oc_state::collecting)) return;
    if (annc != 0) {
      CMR_LOG(scp, info, "%s: skip: %s (announcement %u) -> %s (announcement %u)", prefix_.c_str(),
              c_.resource_id.c_str(), c_.announcement_id, id.c_str(), annc);
      c_.resource_id = std::move(id);
      c_.announcement_id = annc;
    }
    if (!collect()) finish(oc_input::resource_gone, "PromptAndCollect not sent");
  });
}

void online_copy::stop() {
  // Spec 5.7: DefaultCMRResourceId1 is "presented when the presenting CMR
  // Resource is stopped"; without one the presentation ends and the caller
  // hears the network's ringing.
  fsm_.dispatch(oc_input::stop_asked, prefix_);
  svc_.redecide(
      c_,
      [this, alive = std::weak_ptr<bool>(alive_)](std::string id, std::uint32_t annc) {
        if (alive.expired() || !fsm_.in(oc_state::stopping)) return;
        if (annc == 0 || (id == c_.resource_id && annc == c_.announcement_id)) {
          finish(oc_input::stopped, "stopped by the caller");
          return;
        }
        CMR_LOG(scp, info, "%s: stop: %s (announcement %u) -> DefaultCMRResourceId1 %s (announcement %u)",
                prefix_.c_str(), c_.resource_id.c_str(), c_.announcement_id, id.c_str(), annc);
        c_.resource_id = std::move(id);
        c_.announcement_id = annc;
        c_.from_box = false;
        fsm_.dispatch(oc_input::default_found, prefix_);
        if (!collect()) finish(oc_input::resource_gone, "PromptAndCollect not sent");
      },
      true);
}

void online_copy::finish(oc_input i, const char* why) {
  if (!fsm_.dispatch(i, prefix_, why)) return;
  if (session_) session_->ended();
  resource_ = nullptr;
  if (finished_) finished_(why);
}

void online_copy::resource_ended() {
  resource_ = nullptr;
  finish(oc_input::resource_gone, "the resource's dialogue ended");
}

void online_copy::call_ended() {
  resource_ = nullptr;
  if (session_) session_->ended();
  if (!fsm_.in(oc_state::done)) fsm_.dispatch(oc_input::call_ended, prefix_);
}

}  // namespace cmr::in::scp
