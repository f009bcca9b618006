#include "tools/cmr-ssf/win_ip.h"

#include <vector>

#include "in/ansi41/win_operation_table.h"
#include "in/ansi41/win_operations.h"
#include "tools/cmr-ssf/log.h"

namespace cmr::tools::ssf {

namespace a41 = in::ansi41;
using tcap::component_ind;

namespace {

constexpr std::uint32_t k_tldn_space = 1000000;  // 6 digits after the prefix

}  // namespace

win_ip_emulator::win_ip_emulator(cmr::timer_service& timers, win_ip_settings s)
    : timers_(timers), s_(std::move(s)), random_(s_.seed.value_or(std::random_device{}())) {
  seizures_.reserve(1024);
  by_tldn_.reserve(1024);
}

win_ip_emulator::~win_ip_emulator() {
  if (sweep_timer_ != 0) timers_.cancel(sweep_timer_);
}

tcap::operation_table win_ip_emulator::operations(std::chrono::milliseconds call_timeout) {
  tcap::operation_table t = a41::win_operation_table();
  t.set(
      {a41::opcode::instruction_request(), tcap::op_class::c1, call_timeout, "InstructionRequest"});
  return t;
}

win_ip_emulator::seizure* win_ip_emulator::find(tcap::dialogue_id d) {
  const auto it = seizures_.find(d);
  return it == seizures_.end() ? nullptr : &it->second;
}

// --- the SCP's transaction ---------------------------------------------------------

void win_ip_emulator::on_dialogue(const tcap::dialogue_ind& ind) {
  if (ind.type == tcap::dialogue_ind_kind::begin) return on_query(ind);
  const auto d = ind.id;
  seizure* s = find(d);
  const bool ending = ind.type == tcap::dialogue_ind_kind::end;
  if (s == nullptr) {
    // Crossed our abort, or never ours.
    if (!ending) (void)layer_->u_abort(d);
    return;
  }
  bool reply = false;
  const char* failure = nullptr;
  for (const auto& c : ind.components) {
    switch (c.type) {
      case component_ind::kind::invoke:
        if (ending || !c.invoke_id) break;
        if (c.code == a41::opcode::srf_directive()) {
          reply = on_srf_directive(d, *s, c) || reply;
        } else {
          refuse(d, c, a41::error_code::operation_sequence_problem(),
                 "operation not expected in the resource attachment");
          reply = true;
        }
        break;
      case component_ind::kind::l_reject:
        reply = true;  // the layer queued the Reject
        break;
      case component_ind::kind::u_error:
      case component_ind::kind::r_reject:
      case component_ind::kind::u_reject:
        failure = "the SCP refused InstructionRequest or the SRFDirective result";
        break;
      case component_ind::kind::result_last:
      case component_ind::kind::result_not_last:
        break;  // InstructionRequest's result: in the Response
    }
  }
  if (ending) {
    if (failure == nullptr && s->reported) {
      ++counters_.completed;
      CMR_LOG(ssf, debug, "emulated IP(tid=0x%08x): TLDN %s over", d, s->tldn.c_str());
    } else {
      ++counters_.aborted;
      CMR_LOG(ssf, notice, "emulated IP(tid=0x%08x): the SCP ended TLDN %s %s", d, s->tldn.c_str(),
              failure != nullptr ? failure : "before the resource played");
    }
    return forget(d);
  }
  if (failure != nullptr) return abort(d, failure);
  s->deadline = timers_.now() + s_.call_timeout;
  if (reply && !layer_->continue_(d, true)) abort(d, "Conversation not sent");
}

void win_ip_emulator::on_query(const tcap::dialogue_ind& ind) {
  const auto d = ind.id;
  bool seized = false;
  bool reply = false;
  for (const auto& c : ind.components) {
    if (c.type == component_ind::kind::l_reject) {
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
    if (!layer_->continue_(d, true)) abort(d, "Conversation not sent");
    return;
  }
  if (reply) {
    ++counters_.refusals;
    // The Reject / ReturnError in a Response; without permission to
    // release only the abort is left.
    if (!layer_->end(d)) (void)layer_->u_abort(d);
    return;
  }
  CMR_LOG(ssf, notice, "emulated IP: Query without SeizeResource: aborted");
  ++counters_.refusals;
  (void)layer_->u_abort(d);
}

void win_ip_emulator::refuse(tcap::dialogue_id d, const component_ind& c, std::int32_t error,
                             const std::string& why) {
  const char* name = a41::operation_name(c.code);
  const char* err = a41::error_name(error);
  CMR_LOG(ssf, notice, "emulated IP(tid=0x%08x): %s refused (ReturnError %s): %s", d,
          name != nullptr ? name : "operation", err != nullptr ? err : "?", why.c_str());
  if (c.invoke_id) (void)layer_->u_error(d, *c.invoke_id, error);
}

void win_ip_emulator::reject_mistyped(tcap::dialogue_id d, const component_ind& c,
                                      const std::string& why) {
  const char* name = a41::operation_name(c.code);
  CMR_LOG(ssf, notice, "emulated IP(tid=0x%08x): %s rejected (mistyped parameter): %s", d,
          name != nullptr ? name : "operation", why.c_str());
  if (c.invoke_id)
    (void)layer_->u_reject(d, *c.invoke_id,
                           tcap::reject_problem::of(tcap::invoke_problem::mistyped_parameter));
}

bool win_ip_emulator::on_seize(tcap::dialogue_id d, const component_ind& c) {
  // As the real IP (in/ip/win_role.cpp): the resource is named at seizure.
  const auto read = a41::read_seizure(c.parameter.value_or(a41::bytes{}));
  if (!read) {
    if (read.error().reject)
      reject_mistyped(d, c, read.error().why);
    else
      refuse(d, c, read.error().error, read.error().why);
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
  if (!layer_->result_last(d, *c.invoke_id, a41::encode(r))) return false;
  seizure s;
  s.tldn = *tldn;
  s.deadline = timers_.now() + s_.tldn_timeout;
  seizures_.emplace(d, std::move(s));
  by_tldn_.emplace(*tldn, d);
  ++counters_.seizures;
  CMR_LOG(ssf, debug, "emulated IP(tid=0x%08x): SeizeResource -> TLDN %s", d, tldn->c_str());
  arm_sweep();
  return true;
}

std::optional<std::string> win_ip_emulator::allocate_tldn() {
  if (by_tldn_.size() >= k_tldn_space) return std::nullopt;
  // Random, so that a TLDN is not reused right after its seizure ended.
  std::uniform_int_distribution<std::uint32_t> pick(0, k_tldn_space - 1);
  auto n = pick(random_);
  for (std::uint32_t tries = 0; tries < k_tldn_space; ++tries, n = (n + 1) % k_tldn_space) {
    const auto digits = std::to_string(n);
    auto tldn = s_.tldn_prefix + std::string(6 - digits.size(), '0') + digits;
    if (!by_tldn_.contains(tldn)) return tldn;
  }
  return std::nullopt;
}

bool win_ip_emulator::on_srf_directive(tcap::dialogue_id d, seizure& s, const component_ind& c) {
  auto dir = a41::decode_srf_directive(c.parameter.value_or(a41::bytes{}));
  if (!dir) {
    const auto& e = dir.error();
    if (e.what == a41::decode_error::kind::malformed)
      reject_mistyped(d, c, a41::describe(e));
    else
      refuse(d, c, a41::error_code::missing_parameter(), a41::describe(e));
    return true;
  }
  if (dir->announcements.empty()) {
    refuse(d, c, a41::error_code::missing_parameter(), "empty AnnouncementList");
    return true;
  }
  if (!s.attached) {
    refuse(d, c, a41::error_code::operation_sequence_problem(), "no bearer on the TLDN");
    return true;
  }
  // The resource "plays" at once: srf_directive_result without
  // DigitsCollected, the empty SET (F2 00).
  if (!layer_->result_last(d, *c.invoke_id, a41::encode_empty())) return false;
  s.reported = true;
  ++counters_.srf_directives;
  return true;
}

// --- the emulated MSC's side --------------------------------------------------------

tcap::dialogue_id win_ip_emulator::attach(const std::string& tldn) {
  const auto it = by_tldn_.find(tldn);
  if (it == by_tldn_.end()) return 0;
  const auto d = it->second;
  seizure* s = find(d);
  if (s == nullptr || s->attached) return 0;  // a second bearer: the real IP's 486
  s->attached = true;
  s->deadline = timers_.now() + s_.call_timeout;
  tcap::invoke_req inv;
  inv.invoke_id = 1;
  inv.opcode = a41::opcode::instruction_request();
  inv.parameter = a41::encode_empty();
  if (!layer_->invoke(d, inv) || !layer_->continue_(d, true)) {
    abort(d, "InstructionRequest not sent");
    return 0;
  }
  ++counters_.instruction_requests;
  return d;
}

void win_ip_emulator::bearer_gone(tcap::dialogue_id d) {
  const seizure* s = find(d);
  if (s == nullptr || s->reported) return;  // after the play: the SCP's Response ends it
  abort(d, "the bearer ended before the resource played");
}

void win_ip_emulator::abort_all() {
  std::vector<tcap::dialogue_id> ids;
  ids.reserve(seizures_.size());
  for (const auto& [d, s] : seizures_) ids.push_back(d);
  for (const auto d : ids) abort(d, "shutdown");
}

// --- ends -----------------------------------------------------------------------------

void win_ip_emulator::forget(tcap::dialogue_id d) {
  const auto it = seizures_.find(d);
  if (it == seizures_.end()) return;
  by_tldn_.erase(it->second.tldn);
  seizures_.erase(it);
}

void win_ip_emulator::abort(tcap::dialogue_id d, const char* why) {
  const seizure* s = find(d);
  if (s == nullptr) return;
  ++counters_.aborted;
  CMR_LOG(ssf, notice, "emulated IP(tid=0x%08x): TLDN %s aborted: %s", d, s->tldn.c_str(), why);
  forget(d);
  (void)layer_->u_abort(d);
}

void win_ip_emulator::on_u_abort(const tcap::u_abort_ind& ind) {
  if (find(ind.id) == nullptr) return;
  ++counters_.aborted;
  forget(ind.id);
}

void win_ip_emulator::on_p_abort(const tcap::p_abort_ind& ind) {
  if (find(ind.id) == nullptr) return;
  ++counters_.aborted;
  forget(ind.id);
}

void win_ip_emulator::on_l_cancel(const tcap::l_cancel_ind& ind) {
  if (ind.opcode == a41::opcode::instruction_request())
    abort(ind.id, "InstructionRequest unanswered");
}

void win_ip_emulator::on_notice(const tcap::notice_ind& ind) {
  abort(ind.id, "N-NOTICE: the SCP is not reachable");
}

void win_ip_emulator::arm_sweep() {
  if (sweep_timer_ != 0) return;
  sweep_timer_ = timers_.start(std::chrono::seconds(1), [this] {
    sweep_timer_ = 0;
    sweep();
  });
}

void win_ip_emulator::sweep() {
  const auto now = timers_.now();
  std::vector<tcap::dialogue_id> late;
  for (const auto& [d, s] : seizures_)
    if (s.deadline <= now) late.push_back(d);
  for (const auto d : late)
    abort(d, find(d) != nullptr && find(d)->attached
                 ? "no progress within the call timeout"
                 : "no ConnectResource within the TLDN timeout");
  if (!seizures_.empty()) arm_sweep();
}

}  // namespace cmr::tools::ssf
