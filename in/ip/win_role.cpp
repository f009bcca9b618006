#include "in/ip/win_role.h"

#include "common/asio_timer_service.h"
#include "in/ansi41/win_operation_table.h"
#include "in/ansi41/win_operations.h"
#include "in/ip/bearer_call.h"
#include "in/ip/intelligent_peripheral.h"
#include "in/ip/log.h"
#include "sigtran/sccp_address_conv.h"

namespace cmr::in::ip {

namespace a41 = ansi41;
using tcap::component_ind;

win_role::win_role(intelligent_peripheral& owner, sigtran::sccp_service& sccp,
                   ansi_tcap::ansi_tcap_config cfg)
    : owner_(owner),
      timers_(std::make_unique<cmr::asio_timer_service>(owner.io())),
      layer_(sccp, *timers_, *this, a41::win_operation_table(), cfg),
      random_(std::random_device{}()) {}

win_role::~win_role() {
  auto& t = owner_.layer().timers();
  for (auto& [id, s] : seizures_)
    if (s.tldn_timer != 0) t.cancel(s.tldn_timer);
}

win_role::tldn_state win_role::find(const std::string& tldn) const {
  const auto it = by_tldn_.find(tldn);
  if (it == by_tldn_.end()) return tldn_state::unknown;
  const auto s = seizures_.find(it->second);
  return s != seizures_.end() && !s->second.attached ? tldn_state::waiting : tldn_state::taken;
}

std::optional<std::uint32_t> win_role::announcement_of(const std::string& tldn) const {
  const auto it = by_tldn_.find(tldn);
  if (it == by_tldn_.end()) return std::nullopt;
  const auto s = seizures_.find(it->second);
  if (s == seizures_.end()) return std::nullopt;
  return s->second.announcement;
}

// --- the SCP's transaction -------------------------------------------------------

void win_role::on_dialogue(const tcap::dialogue_ind& ind) {
  if (ind.type == tcap::dialogue_ind_kind::begin) {
    on_query(ind);
    return;
  }
  const auto d = ind.id;
  if (find_seizure(d) == nullptr) {
    // The bearer's end crossed the SCP's package: nothing to answer for.
    if (ind.type != tcap::dialogue_ind_kind::end) (void)layer_.u_abort(d);
    return;
  }
  const bool ending = ind.type == tcap::dialogue_ind_kind::end;
  bool reply = false;
  const char* failure = nullptr;
  for (const auto& c : ind.components) {
    switch (c.type) {
      case component_ind::kind::invoke:
        if (c.code == a41::opcode::srf_directive() && !ending) {
          reply = on_srf_directive(d, c) || reply;
        } else if (c.invoke_id && !ending) {
          refuse(d, c, a41::error_code::operation_sequence_problem(),
                 "operation not expected in the resource attachment");
          reply = true;
        }
        break;
      case component_ind::kind::l_reject:
        // The layer queued a Reject for the next package.
        ++owner_.stats().win_errors;
        reply = true;
        break;
      case component_ind::kind::u_error:
      case component_ind::kind::r_reject:
      case component_ind::kind::u_reject:
        // Our InstructionRequest or SRFDirective result refused: the SCP will
        // not instruct this bearer.
        ++owner_.stats().win_errors;
        CMR_LOG(ip, notice, "WIN(tid=0x%08x): the SCP answered with error/reject %d", d, c.code);
        failure = "error from the SCP";
        break;
      case component_ind::kind::result_last:
      case component_ind::kind::result_not_last:
        // InstructionRequest's result: the end of the resource (it comes
        // in the Response).
        break;
    }
  }
  if (ending) {
    scp_gone(d, failure != nullptr ? failure : "the SCP ended the transaction");
    return;
  }
  // A play that failed at once may have ended the bearer and the transaction.
  if (find_seizure(d) == nullptr) return;
  if (failure != nullptr) {
    (void)layer_.u_abort(d);
    scp_gone(d, failure);
    return;
  }
  if (reply) (void)layer_.continue_(d, true);
}

void win_role::on_query(const tcap::dialogue_ind& ind) {
  const auto d = ind.id;
  bool seized = false;
  bool reply = false;
  for (const auto& c : ind.components) {
    if (c.type == component_ind::kind::l_reject) {
      ++owner_.stats().win_errors;
      reply = true;
      continue;
    }
    if (c.type != component_ind::kind::invoke || !c.invoke_id) continue;
    if (c.code == a41::opcode::seize_resource() && !seized) {
      seized = on_seize(d, c);
    } else {
      refuse(d, c, a41::error_code::operation_sequence_problem(),
             "only SeizeResource opens a transaction with the IP");
    }
    reply = true;
  }
  if (seized) {
    (void)layer_.continue_(d, true);
    return;
  }
  if (!reply) {
    CMR_LOG(ip, notice, "WIN: Query from %s without SeizeResource: aborted",
            sigtran::to_string(ind.peer).c_str());
    ++owner_.stats().win_errors;
    (void)layer_.u_abort(d);
    return;
  }
  close_refused(d);
}

void win_role::close_refused(tcap::dialogue_id d) {
  // The Reject / ReturnError in a Response; a Query without permission to
  // release leaves only the abort.
  if (!layer_.end(d)) (void)layer_.u_abort(d);
}

void win_role::refuse(tcap::dialogue_id d, const component_ind& c, std::int32_t error,
                      const std::string& why) {
  ++owner_.stats().win_errors;
  const char* name = a41::operation_name(c.code);
  const char* err = a41::error_name(error);
  CMR_LOG(ip, notice, "WIN(tid=0x%08x): %s refused (ReturnError %s): %s", d,
          name != nullptr ? name : "operation", err != nullptr ? err : "?", why.c_str());
  if (c.invoke_id) (void)layer_.u_error(d, *c.invoke_id, error);
}

void win_role::reject_mistyped(tcap::dialogue_id d, const component_ind& c,
                               const std::string& why) {
  ++owner_.stats().win_errors;
  const char* name = a41::operation_name(c.code);
  CMR_LOG(ip, notice, "WIN(tid=0x%08x): %s rejected (mistyped parameter): %s", d,
          name != nullptr ? name : "operation", why.c_str());
  if (c.invoke_id)
    (void)layer_.u_reject(d, *c.invoke_id,
                          tcap::reject_problem::of(tcap::invoke_problem::mistyped_parameter));
}

bool win_role::on_seize(tcap::dialogue_id d, const component_ind& c) {
  const auto read = a41::read_seizure(c.parameter.value_or(a41::bytes{}));
  if (!read) {
    if (read.error().reject)
      reject_mistyped(d, c, read.error().why);
    else
      refuse(d, c, read.error().error, read.error().why);
    return false;
  }
  const auto id = std::optional<std::uint32_t>(*read);
  // Refused now rather than at SRFDirective: the SCP lets the call proceed
  // without sending the caller to a bearer that would stay silent.
  auto& ann = owner_.announcements();
  if (!ann.rendition(*id, media::g711_law::alaw) && !ann.rendition(*id, media::g711_law::ulaw)) {
    refuse(d, c, a41::error_code::unrecognized_parameter_value(),
           "announcement " + std::to_string(*id) + ": no resource or no playout rendition");
    return false;
  }
  auto tldn = allocate_tldn();
  if (!tldn) {
    refuse(d, c, a41::error_code::resource_shortage(), "no free TLDN");
    return false;
  }
  a41::seize_resource_result r;
  r.destination.type = a41::digits::kind::destination;
  r.destination.value = *tldn;
  if (!layer_.result_last(d, *c.invoke_id, a41::encode(r))) return false;

  seizure s;
  s.id = d;
  s.tldn = *tldn;
  s.announcement = *id;
  s.tldn_timer =
      owner_.layer().timers().start(owner_.config().tldn_timeout, [this, d] { tldn_expired(d); });
  seizures_.emplace(d, std::move(s));
  by_tldn_.emplace(*tldn, d);
  auto& st = owner_.stats();
  ++st.win_seizures;
  st.tldns_active = static_cast<std::int64_t>(seizures_.size());
  CMR_LOG(ip, info, "WIN(tid=0x%08x): SeizeResource announcement %u -> TLDN %s", d, *id,
          tldn->c_str());
  return true;
}

std::optional<std::string> win_role::allocate_tldn() {
  constexpr std::uint32_t space = 1000000;
  if (by_tldn_.size() >= space) return std::nullopt;
  // Random, so that a TLDN is not reused right after its transaction ended
  // (a late INVITE to it finds nothing rather than the next caller).
  std::uniform_int_distribution<std::uint32_t> pick(0, space - 1);
  auto n = pick(random_);
  const auto& prefix = owner_.config().tldn_prefix;
  for (std::uint32_t tries = 0; tries < space; ++tries, n = (n + 1) % space) {
    auto digits = std::to_string(n);
    auto tldn = prefix + std::string(tldn_digits - digits.size(), '0') + digits;
    if (!by_tldn_.contains(tldn)) return tldn;
  }
  return std::nullopt;
}

bool win_role::on_srf_directive(tcap::dialogue_id d, const component_ind& c) {
  auto* found = find_seizure(d);
  if (found == nullptr || !c.invoke_id) return false;
  auto& s = *found;
  ++owner_.stats().win_srf_directives;
  auto dir = a41::decode_srf_directive(c.parameter.value_or(a41::bytes{}));
  if (!dir) {
    const auto& e = dir.error();
    if (e.what == a41::decode_error::kind::malformed) {
      reject_mistyped(d, c, a41::describe(e));
    } else {
      refuse(d, c,
             e.what == a41::decode_error::kind::missing ? a41::error_code::missing_parameter()
                                                        : a41::error_code::parameter_error(),
             a41::describe(e));
    }
    return true;
  }
  if (dir->announcements.empty()) {
    refuse(d, c, a41::error_code::missing_parameter(), "empty AnnouncementList");
    return true;
  }
  // The custom octet names the bound resource when its id fits (1-255),
  // else it is 0; anything else is another resource than the one seized.
  const auto custom = dir->announcements.front().custom.value_or(0);
  const std::uint32_t expected = s.announcement <= 255 ? s.announcement : 0;
  if (custom != 0 && custom != expected) {
    refuse(d, c, a41::error_code::parameter_error(),
           "custom announcement " + std::to_string(custom) + " is not the seized resource " +
               std::to_string(s.announcement));
    return true;
  }
  auto bearer = s.bearer.lock();
  if (!bearer || s.srf_invoke) {
    refuse(d, c, a41::error_code::operation_sequence_problem(),
           bearer ? "an SRFDirective is being played" : "no bearer on the TLDN");
    return true;
  }
  s.srf_invoke = *c.invoke_id;
  s.reported = false;
  CMR_LOG(ip, info, "WIN(tid=0x%08x): SRFDirective: play announcement %u on TLDN %s", d,
          s.announcement, s.tldn.c_str());
  const auto id = s.announcement;
  if (!bearer->play_win(id)) {
    if (auto* again = find_seizure(d)) again->srf_invoke.reset();
    refuse(d, c, a41::error_code::resource_shortage(),
           "announcement " + std::to_string(id) + " cannot be played on the bearer");
    return true;
  }
  return false;
}

// --- the bearer's side ------------------------------------------------------------

tcap::dialogue_id win_role::attach(const std::string& tldn, const std::shared_ptr<bearer_call>& c) {
  const auto it = by_tldn_.find(tldn);
  if (it == by_tldn_.end()) return 0;
  auto* s = find_seizure(it->second);
  if (s == nullptr || s->attached) return 0;
  s->attached = true;
  s->bearer = c;
  if (s->tldn_timer != 0) owner_.layer().timers().cancel(s->tldn_timer);
  s->tldn_timer = 0;
  tcap::invoke_req inv;
  inv.invoke_id = s->next_invoke_id++;
  inv.opcode = a41::opcode::instruction_request();
  inv.parameter = a41::encode_empty();
  // Answered when the SCP is done with the resource: after the play.
  inv.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
      owner_.config().max_call_duration + std::chrono::seconds(30));
  const auto d = s->id;
  if (!layer_.invoke(d, inv) || !layer_.continue_(d, true)) {
    CMR_LOG(ip, notice, "WIN(tid=0x%08x): InstructionRequest not sent", d);
    ++owner_.stats().win_errors;
    (void)layer_.u_abort(d);
    forget(d);
    return 0;
  }
  ++owner_.stats().win_instruction_requests;
  CMR_LOG(ip, info, "WIN(tid=0x%08x): bearer %s on TLDN %s, InstructionRequest sent", d,
          c->name().c_str(), tldn.c_str());
  return d;
}

void win_role::play_completed(tcap::dialogue_id d) {
  auto* s = find_seizure(d);
  if (s == nullptr || !s->srf_invoke) return;
  const auto id = *s->srf_invoke;
  s->srf_invoke.reset();
  s->reported = true;
  // srf_directive_result without DigitsCollected: the empty SET (F2 00).
  if (!layer_.result_last(d, id, a41::encode_empty()) || !layer_.continue_(d, true)) {
    CMR_LOG(ip, notice, "WIN(tid=0x%08x): SRFDirective result not sent", d);
    ++owner_.stats().win_errors;
    s->reported = false;  // not the normal end: the bearer is released
    (void)layer_.u_abort(d);
    scp_gone(d, "SRFDirective result not sent");
    return;
  }
  ++owner_.stats().win_srf_results;
  CMR_LOG(ip, info, "WIN(tid=0x%08x): announcement %u played, SRFDirective result sent", d,
          s->announcement);
}

void win_role::bearer_gone(tcap::dialogue_id d, const char* why) {
  auto* s = find_seizure(d);
  if (s == nullptr) return;
  if (s->reported && !s->srf_invoke) {
    // The play is reported; the SCP's Response ends the transaction (or the
    // inactivity timer does).
    s->bearer.reset();
    return;
  }
  ++owner_.stats().win_abandons;
  CMR_LOG(ip, info,
          "WIN(tid=0x%08x): bearer on TLDN %s ended before the play was reported (%s): "
          "transaction aborted",
          d, s->tldn.c_str(), why);
  forget(d);
  (void)layer_.u_abort(d);
}

void win_role::stop_all() {
  while (!seizures_.empty()) {
    const auto d = seizures_.begin()->first;
    forget(d);
    (void)layer_.u_abort(d);
  }
}

// --- ends ---------------------------------------------------------------------------

win_role::seizure* win_role::find_seizure(tcap::dialogue_id d) {
  const auto it = seizures_.find(d);
  return it == seizures_.end() ? nullptr : &it->second;
}

std::shared_ptr<bearer_call> win_role::forget(tcap::dialogue_id d) {
  const auto it = seizures_.find(d);
  if (it == seizures_.end()) return nullptr;
  auto bearer = it->second.bearer.lock();
  if (it->second.tldn_timer != 0) owner_.layer().timers().cancel(it->second.tldn_timer);
  by_tldn_.erase(it->second.tldn);
  seizures_.erase(it);
  owner_.stats().tldns_active = static_cast<std::int64_t>(seizures_.size());
  return bearer;
}

void win_role::scp_gone(tcap::dialogue_id d, const char* why) {
  const auto it = seizures_.find(d);
  if (it == seizures_.end()) return;
  const bool reported = it->second.reported && !it->second.srf_invoke;
  auto bearer = forget(d);
  if (!bearer) {
    CMR_LOG(ip, info, "WIN(tid=0x%08x): transaction over (%s)", d, why);
    return;
  }
  bearer->win_ended(reported, why);
}

void win_role::tldn_expired(tcap::dialogue_id d) {
  auto* s = find_seizure(d);
  if (s == nullptr) return;
  s->tldn_timer = 0;
  if (s->attached) return;
  ++owner_.stats().win_tldn_expired;
  CMR_LOG(ip, notice, "WIN(tid=0x%08x): no bearer to TLDN %s within tldn-timeout: aborted", d,
          s->tldn.c_str());
  forget(d);
  (void)layer_.u_abort(d);
}

void win_role::on_u_abort(const tcap::u_abort_ind& ind) {
  if (find_seizure(ind.id) == nullptr) return;
  ++owner_.stats().win_errors;
  scp_gone(ind.id, "TC-U-ABORT from the SCP");
}

void win_role::on_p_abort(const tcap::p_abort_ind& ind) {
  if (find_seizure(ind.id) == nullptr) return;
  ++owner_.stats().win_errors;
  scp_gone(ind.id, tcap::to_string(ind.reason));
}

void win_role::on_l_cancel(const tcap::l_cancel_ind& ind) {
  if (ind.opcode != a41::opcode::instruction_request()) return;
  // No answer to InstructionRequest for longer than any bearer may last.
  if (find_seizure(ind.id) == nullptr) return;
  ++owner_.stats().win_errors;
  (void)layer_.u_abort(ind.id);
  scp_gone(ind.id, "InstructionRequest unanswered");
}

void win_role::on_notice(const tcap::notice_ind& ind) {
  if (find_seizure(ind.id) == nullptr) return;
  ++owner_.stats().win_errors;
  (void)layer_.u_abort(ind.id);
  scp_gone(ind.id, "TC-NOTICE: the SCP is not reachable");
}

}  // namespace cmr::in::ip
