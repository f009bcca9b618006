// The MSC's call (AnalyzedInformation transaction, event triggers) and the
// IP's seizure (SeizeResource transaction): docs/cdma-delivery.md.
#include "in/win/win_calls.h"

#include <cstdio>

#include "in/ansi_tcap/ansi_tcap_message.h"
#include "in/scp/log.h"

namespace cmr::in::win {

using tcap::component_ind;
using kind = tcap::component_ind::kind;

namespace {

std::string refusal_text(const component_ind& comp) {
  char buf[64];
  if (comp.type == kind::u_error)
    std::snprintf(buf, sizeof buf, "ReturnError 0x%02x", static_cast<unsigned>(comp.code & 0xff));
  else
    std::snprintf(buf, sizeof buf, "Reject %u/%u", static_cast<unsigned>(comp.problem.kind),
                  static_cast<unsigned>(comp.problem.code));
  return buf;
}

std::string tid_name(tcap::dialogue_id tid) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "ansi(0x%08x)", tid);
  return buf;
}

}  // namespace

std::optional<ansi41::bytes> result_parameter(ansi41::bytes set) {
  if (set == ansi41::encode_empty()) return std::nullopt;
  return set;
}

std::uint64_t billing_key(const ansi41::billing_id& b) {
  return (static_cast<std::uint64_t>(b.mscid & 0xffffff) << 32) |
         (static_cast<std::uint64_t>(b.id_number & 0xffffff) << 8) | b.segment;
}

// --- the seizure ---------------------------------------------------------------------------

seizure::~seizure() {
  if (tid_ != 0) m_.disown(tid_);
}

std::string seizure::name() const {
  return tid_name(tid_);
}

bool seizure::start(std::uint32_t announcement_id) {
  announcement_ = announcement_id;
  auto& layer = m_.layer();
  tid_ = layer.open(m_.ip_address());
  ansi41::seize_resource arg;
  arg.private_specialized_resource =
      ansi41::bytes{static_cast<std::uint8_t>(announcement_id >> 24),
                    static_cast<std::uint8_t>(announcement_id >> 16),
                    static_cast<std::uint8_t>(announcement_id >> 8),
                    static_cast<std::uint8_t>(announcement_id)};
  tcap::invoke_req r;
  r.invoke_id = seize_invoke_;
  r.opcode = ansi41::opcode::seize_resource();
  r.parameter = ansi41::encode(arg);
  if (!layer.invoke(tid_, r) || !layer.begin(tid_, true)) {
    (void)layer.end(tid_, true);  // prearranged: nothing went out
    tid_ = 0;
    over_ = true;
    return false;
  }
  open_ = true;
  m_.own(tid_, nullptr, this);
  return true;
}

bool seizure::play(const scp::play_announcement& p) {
  if (!open_ || over_ || !instreq_invoke_) return false;
  ansi41::srf_directive arg;
  ansi41::announcement_code code;
  // The custom octet is bilateral and one octet wide: the id when it fits,
  // else 0 ("the resource named at seizure"), docs/cdma-delivery.md.
  if (p.id >= 1 && p.id <= 255) code.custom = static_cast<std::uint8_t>(p.id);
  else code.custom = 0;
  arg.announcements.push_back(code);
  tcap::invoke_req r;
  r.invoke_id = next_invoke_++;
  r.opcode = ansi41::opcode::srf_directive();
  r.parameter = ansi41::encode(arg);
  auto& layer = m_.layer();
  if (!layer.invoke(tid_, r)) return false;
  if (!layer.continue_(tid_, true)) {
    (void)layer.u_cancel(tid_, r.invoke_id);
    return false;
  }
  srf_invoke_ = r.invoke_id;
  return true;
}

void seizure::close() {
  if (over_) return;
  over_ = true;
  if (open_) {
    auto& layer = m_.layer();
    if (instreq_invoke_) (void)layer.result_last(tid_, *instreq_invoke_);
    if (!layer.end(tid_)) (void)layer.u_abort(tid_);
    open_ = false;
  }
  finish();
}

void seizure::drop() {
  if (over_) return;
  over_ = true;
  if (open_) (void)m_.layer().u_abort(tid_);
  open_ = false;
  finish();
}

void seizure::finish() {
  if (tid_ != 0) m_.disown(tid_);
  tid_ = 0;
  call_.seizure_over();
}

void seizure::failed(const std::string& why) {
  if (over_) return;
  over_ = true;
  if (open_) (void)m_.layer().u_abort(tid_);
  open_ = false;
  ++m_.counters().win_seize_failures;
  if (tid_ != 0) m_.disown(tid_);
  tid_ = 0;
  call_.seize_failed(why);
  call_.seizure_over();
}

void seizure::seized(const component_ind& comp) {
  if (!comp.parameter) {
    failed("SeizeResource result without parameters");
    return;
  }
  auto res = ansi41::decode_seize_resource_result(*comp.parameter);
  if (!res) {
    failed("SeizeResource result unreadable: " + res.error().parameter + " " + res.error().detail);
    return;
  }
  call_.seized(res->destination);
}

void seizure::instruction_request(const component_ind& comp) {
  auto& layer = m_.layer();
  if (!comp.invoke_id) return;
  if (instreq_invoke_ || assisted_) {
    (void)layer.u_reject(tid_, *comp.invoke_id,
                         tcap::reject_problem::of(tcap::invoke_problem::unrecognized_operation));
    (void)layer.continue_(tid_, true);
    return;
  }
  instreq_invoke_ = *comp.invoke_id;
  assisted_ = true;
  if (!m_.listener().assist_requested(*this, correlation_)) {
    // No call waits for it any more (it ended meanwhile; the service counted it).
    (void)layer.u_error(tid_, *comp.invoke_id, ansi41::error_code::operation_sequence_problem());
    over_ = true;
    if (!layer.end(tid_)) (void)layer.u_abort(tid_);
    open_ = false;
    finish();
  }
}

void seizure::components(const tcap::dialogue_ind& ind) {
  const bool ending = ind.type == tcap::dialogue_ind_kind::end;
  if (ending) open_ = false;
  auto& listener = m_.listener();
  for (const auto& comp : ind.components) {
    if (over_) break;
    switch (comp.type) {
      case kind::result_last:
      case kind::result_not_last:
        if (comp.invoke_id == seize_invoke_ && !instreq_invoke_) {
          // A TLDN in a Response is no seizure: the transaction the
          // InstructionRequest must come in is gone. No ConnectResource.
          if (ending)
            failed("the IP answered SeizeResource in a Response");
          else
            seized(comp);
        } else if (srf_invoke_ && comp.invoke_id == srf_invoke_) {
          srf_invoke_.reset();
          listener.resource_reported(*this, scp::resource_report{});
        }
        break;
      case kind::invoke:
        if (comp.code == ansi41::opcode::instruction_request()) {
          instruction_request(comp);
        } else {
          m_.unexpected(tid_, comp, !ending);
        }
        break;
      case kind::l_reject:
        ++m_.counters().malformed_components;
        break;
      case kind::u_error:
      case kind::r_reject:
      case kind::u_reject:
        if (!assisted_) {
          failed("SeizeResource: " + refusal_text(comp));
        } else {
          srf_invoke_.reset();
          listener.resource_reported(*this, scp::refusal{"SRFDirective", refusal_text(comp)});
        }
        break;
    }
  }
  if (over_) return;
  if (ending) {
    lost("Response");
    return;
  }
  if (open_ && m_.layer().has_pending(tid_)) (void)m_.layer().continue_(tid_, true);
}

void seizure::lost(const std::string& why) {
  open_ = false;
  if (over_) return;
  if (!assisted_) {
    failed("the IP ended the seizure (" + why + ")");
    return;
  }
  over_ = true;
  if (tid_ != 0) m_.disown(tid_);
  tid_ = 0;
  m_.listener().resource_ended(*this, why != "Response", why);
  call_.seizure_over();
}

void seizure::l_cancel(const tcap::l_cancel_ind& ind) {
  if (over_) return;
  if (ind.invoke_id == seize_invoke_ && !assisted_) {
    failed("no SeizeResource result in time");
  } else if (srf_invoke_ && ind.invoke_id == *srf_invoke_) {
    srf_invoke_.reset();
    ++m_.counters().announcement_timeouts;
    m_.listener().resource_reported(*this, scp::refusal{"SRFDirective", "no result in time"});
  }
}

// --- the call ------------------------------------------------------------------------------

msc_call::msc_call(win_mapping& m, std::uint64_t serial, tcap::dialogue_id tid,
                   std::int8_t invoke, const ansi41::analyzed_information& a)
    : m_(m), serial_(serial), tid_(tid), anlyzd_invoke_(invoke), billing_(billing_key(a.billing)) {}

msc_call::~msc_call() {
  if (guard_ != 0) m_.timers().cancel(guard_);
  if (trigger_open_) m_.disown(tid_);
  m_.forget_billing(billing_, this);
}

std::string msc_call::name() const {
  return tid_name(tid_);
}

bool msc_call::can(scp::capability) const {
  // No call-party handling, no ActivityTest (the guard timer instead), no
  // resource of the MSC's own: the IP is seized.
  return false;
}

std::int8_t msc_call::take_invoke_id() {
  const std::int8_t taken = next_invoke_;
  next_invoke_ = taken == 127 ? std::int8_t{1} : static_cast<std::int8_t>(taken + 1);
  return taken;
}

bool msc_call::send(std::span<const scp::instruction> ops, bool last) {
  if (!open()) return false;
  auto& layer = m_.layer();
  std::vector<std::int8_t> queued;
  bool result_queued = false;
  bool seize = false;
  std::uint32_t announcement = 0;
  std::string correlation;
  const auto undo = [&] {
    for (const std::int8_t q : queued) (void)layer.u_cancel(tid_, q);
  };
  const auto unsupported = [&](const scp::instruction& o) {
    CMR_LOG(scp, error, "%s: %s has no ANSI-41 form", name().c_str(), scp::name_of(o));
    undo();
    return false;
  };
  for (const auto& o : ops) {
    if (std::holds_alternative<scp::arm_call_events>(o)) {
      continue;  // the MSC's own trigger list: nothing to send
    }
    if (const auto* e = std::get_if<scp::establish_temporary_connection>(&o)) {
      if (!trigger_open_ || answered_trigger_ || seize_) return unsupported(o);
      seize = true;
      announcement = e->announcement_id;
      correlation = e->correlation;
      continue;
    }
    if (std::holds_alternative<scp::disconnect_resource>(o)) {
      if (!trigger_open_) return unsupported(o);
      tcap::invoke_req r;
      r.invoke_id = take_invoke_id();
      r.opcode = ansi41::opcode::disconnect_resource();
      r.parameter = ansi41::encode_empty();
      if (!layer.invoke(tid_, r)) {
        undo();
        return false;
      }
      queued.push_back(r.invoke_id);
      continue;
    }
    ansi41::analyzed_information_result res;
    if (std::holds_alternative<scp::continue_call>(o)) {
      // nothing: the call proceeds as it was going
    } else if (const auto* p = std::get_if<scp::route_to_platform>(&o)) {
      ansi41::digits d;
      d.type = ansi41::digits::kind::routing;
      d.international = true;
      d.value = p->routing_digits;
      res.routing_digits = d;
    } else if (std::holds_alternative<scp::release_call>(o)) {
      res.action_code = ansi41::action::disconnect_call;
    } else {
      return unsupported(o);
    }
    if (!trigger_open_ || answered_trigger_ || result_queued) return unsupported(o);
    if (!layer.result_last(tid_, anlyzd_invoke_, result_parameter(ansi41::encode(res)))) {
      undo();
      return false;
    }
    result_queued = true;
  }
  if (seize) {
    auto s = std::make_unique<seizure>(m_, *this, correlation);
    if (!s->start(announcement)) {
      CMR_LOG(scp, notice, "%s: SeizeResource not sent", name().c_str());
      undo();
      return false;
    }
    seize_ = std::move(s);
  }
  if (result_queued) {
    answered_trigger_ = true;
    end_trigger();
  } else if (!queued.empty()) {
    if (!layer.continue_(tid_, true)) {
      undo();
      return false;
    }
  }
  if (last) {
    service_over();
  } else if (!trigger_open_) {
    guard();  // the event triggers follow in transactions of their own
  }
  m_.dead(this);
  return true;
}

void msc_call::end_trigger() {
  if (!trigger_open_) return;
  trigger_open_ = false;
  if (!m_.layer().end(tid_)) (void)m_.layer().u_abort(tid_);
  m_.disown(tid_);
}

void msc_call::service_over() {
  if (service_done_) return;
  service_done_ = true;
  if (guard_ != 0) m_.timers().cancel(guard_);
  guard_ = 0;
  m_.forget_billing(billing_, this);
  if (seize_ && !seize_->over()) seize_->drop();
  // The trigger still waits for its answer: end it with whatever is queued.
  end_trigger();
  m_.dead(this);
}

void msc_call::refuse_missing_parameter() {
  if (trigger_open_ && !answered_trigger_)
    (void)m_.layer().u_error(tid_, anlyzd_invoke_, ansi41::error_code::missing_parameter());
  service_over();
}

void msc_call::close() {
  service_over();
}

void msc_call::abort() {
  if (trigger_open_) {
    trigger_open_ = false;
    (void)m_.layer().u_abort(tid_);
    m_.disown(tid_);
  }
  service_over();
}

void msc_call::seized(const ansi41::digits& tldn) {
  if (service_done_ || !trigger_open_) {
    if (seize_) seize_->drop();
    return;
  }
  auto& layer = m_.layer();
  ansi41::connect_resource arg;
  arg.destination = tldn;
  arg.destination.type = ansi41::digits::kind::destination;
  tcap::invoke_req r;
  r.invoke_id = take_invoke_id();
  r.opcode = ansi41::opcode::connect_resource();
  r.parameter = ansi41::encode(arg);
  if (!layer.invoke(tid_, r) || !layer.continue_(tid_, true)) {
    (void)layer.u_cancel(tid_, r.invoke_id);
    if (seize_) seize_->drop();
    m_.listener().reported(*this, scp::refusal{"EstablishTemporaryConnection", "ConnectResource not sent"},
                           false);
    m_.dead(this);
    return;
  }
  connect_invoke_ = r.invoke_id;
  CMR_LOG(scp, debug, "%s: ConnectResource to TLDN %s", name().c_str(), tldn.value.c_str());
}

void msc_call::seize_failed(const std::string& why) {
  CMR_LOG(scp, notice, "%s: %s", name().c_str(), why.c_str());
  if (service_done_) return;
  m_.listener().reported(*this, scp::refusal{"EstablishTemporaryConnection", why}, false);
  m_.dead(this);
}

void msc_call::seizure_over() {
  m_.dead(this);
}

void msc_call::components(const tcap::dialogue_ind& ind) {
  const bool ending = ind.type == tcap::dialogue_ind_kind::end;
  auto& listener = m_.listener();
  for (const auto& comp : ind.components) {
    if (service_done_) break;
    switch (comp.type) {
      case kind::invoke:
        m_.unexpected(tid_, comp, !ending);
        break;
      case kind::l_reject:
        ++m_.counters().malformed_components;
        break;
      case kind::u_error:
      case kind::r_reject:
      case kind::u_reject:
        listener.reported(
            *this,
            scp::refusal{comp.invoke_id == connect_invoke_ ? "ConnectResource" : "an instruction",
                         refusal_text(comp)},
            ending);
        break;
      case kind::result_last:
      case kind::result_not_last:
        break;
    }
  }
  if (ending) {
    trigger_open_ = false;
    m_.disown(tid_);
    if (!service_done_ && !answered_trigger_) {
      // The MSC gave up on its query: the caller is gone.
      peer_gone_ = true;
      service_done_ = true;
      m_.forget_billing(billing_, this);
      if (seize_ && !seize_->over() && !seize_->assisted()) seize_->drop();
      listener.dialogue_ended(*this, false, "Response");
    }
  } else if (trigger_open_ && m_.layer().has_pending(tid_)) {
    (void)m_.layer().continue_(tid_, true);
  }
  m_.dead(this);
}

void msc_call::lost(const std::string& why) {
  if (trigger_open_) {
    trigger_open_ = false;
    m_.disown(tid_);
  }
  if (service_done_) {
    m_.dead(this);
    return;
  }
  peer_gone_ = true;
  service_done_ = true;
  ++m_.counters().dialogues_aborted;
  m_.forget_billing(billing_, this);
  if (seize_ && !seize_->over() && !seize_->assisted()) seize_->drop();
  m_.listener().dialogue_ended(*this, true, why);
  m_.dead(this);
}

void msc_call::l_cancel(const tcap::l_cancel_ind&) {
  // ConnectResource / DisconnectResource are class 2: no answer is the good one.
}

void msc_call::triggered(const scp::event_report& e, bool ending) {
  if (service_done_) return;
  if (e.event == scp::call_event::answer) answered_ = true;
  if (ending) {
    peer_gone_ = true;
    m_.forget_billing(billing_, this);
  }
  m_.listener().reported(*this, e, ending);
  if (ending) {
    if (!service_done_) {
      service_done_ = true;
      if (guard_ != 0) m_.timers().cancel(guard_);
      guard_ = 0;
      end_trigger();
      if (seize_ && !seize_->over() && !seize_->assisted()) seize_->drop();
      m_.listener().dialogue_ended(*this, false, e.name);
    }
  } else if (!service_done_ && !trigger_open_) {
    guard();
  }
  m_.dead(this);
}

void msc_call::guard() {
  if (guard_ != 0) m_.timers().cancel(guard_);
  guard_ = m_.timers().start(std::chrono::seconds(m_.settings().inactivity_timer_s), [this] {
    guard_ = 0;
    win_mapping& m = m_;
    guard_expired();  // may free this call at the settle below
    m.settle();
  });
}

void msc_call::guard_expired() {
  if (service_done_) return;
  CMR_LOG(scp, notice, "%s: no event trigger within %u s: call closed", name().c_str(),
          m_.settings().inactivity_timer_s);
  peer_gone_ = true;
  service_done_ = true;
  m_.forget_billing(billing_, this);
  m_.listener().dialogue_ended(*this, true, "no event trigger within the inactivity timer");
  m_.dead(this);
}

}  // namespace cmr::in::win
