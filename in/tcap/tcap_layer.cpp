// tcap_layer: construction, the TC-user's requests, sending, timers and the
// end of dialogues. Received messages are in tcap_layer_rx.cpp.
#include "in/tcap/tcap_layer.h"

#include "in/tcap/log.h"

namespace cmr::in::tcap {

using codec::tc_message;
using codec::tc_type;

tcap_layer::tcap_layer(sigtran::sccp_service& sccp, timer_service& timers, tc_user& user,
                       ac_table acs, operation_table ops, tcap_config cfg)
    : sccp_(sccp),
      timers_(timers),
      user_(user),
      acs_(std::move(acs)),
      ops_(std::move(ops)),
      cfg_(cfg),
      components_(timers_, ops_, cfg_.reject_timeout, *this),
      tids_(cfg.tid_seed ? tid_allocator(*cfg.tid_seed) : tid_allocator()),
      counters_(sccp.local_ssn()) {}

tcap_layer::~tcap_layer() {
  // Timers must not outlive the layer they call back into.
  for (auto& [id, d] : dialogues_) {
    components_.release(*d);
    timers_.cancel(d->inactivity_timer);
  }
  timers_.cancel(notice_timer_);
}

dialogue* tcap_layer::find(dialogue_id id) {
  auto it = dialogues_.find(id);
  return it == dialogues_.end() ? nullptr : it->second.get();
}

std::optional<codec::oid> tcap_layer::context_of(dialogue_id id) const {
  auto it = dialogues_.find(id);
  if (it == dialogues_.end()) return std::nullopt;
  return it->second->ac;
}

bool tcap_layer::has_pending(dialogue_id id) const {
  auto it = dialogues_.find(id);
  return it != dialogues_.end() && !it->second->pending.empty();
}

dialogue& tcap_layer::create(dialogue_id id) {
  auto [it, inserted] = dialogues_.emplace(id, std::make_unique<dialogue>(id));
  counters_.dialogues = static_cast<std::int64_t>(dialogues_.size());
  return *it->second;
}

void tcap_layer::close(dialogue& d) {
  components_.release(d);
  timers_.cancel(d.inactivity_timer);
  CMR_LOG(tcap, debug, "tcap(otid=0x%08x){%s}: released", d.id, to_string(d.state));
  dialogues_.erase(d.id);
  counters_.dialogues = static_cast<std::int64_t>(dialogues_.size());
}

void tcap_layer::touch(dialogue& d) {
  d.last_activity = timers_.now();
  if (d.inactivity_timer == 0) arm_inactivity(d, cfg_.inactivity_timeout);
}

// The timer is not restarted on every message (that would cost a timer
// cancel + start per message); when it fires it re-arms for what is left.
void tcap_layer::arm_inactivity(dialogue& d, std::chrono::milliseconds after) {
  const dialogue_id id = d.id;
  d.inactivity_timer = timers_.start(after, [this, id] { inactivity_expired(id); });
}

void tcap_layer::inactivity_expired(dialogue_id id) {
  dialogue* d = find(id);
  if (d == nullptr) return;
  d->inactivity_timer = 0;
  const auto idle = timers_.now() - d->last_activity;
  if (idle < cfg_.inactivity_timeout) {
    arm_inactivity(
        *d, std::chrono::duration_cast<std::chrono::milliseconds>(cfg_.inactivity_timeout - idle));
    return;
  }
  ++counters_.inactivity_timeouts;
  CMR_LOG(tcap, info, "tcap(otid=0x%08x){%s}: no activity for %lld ms, aborting", id,
          to_string(d->state), static_cast<long long>(cfg_.inactivity_timeout.count()));
  if (!d->peer_tid.empty()) {
    tc_message m;
    m.type = tc_type::abort;
    m.dtid = d->peer_tid;
    if (d->uses_dialogue_portion) {
      m.dialogue = codec::dialogue_portion{};
      m.dialogue->kind = codec::dialogue_portion::pdu::abrt;
      m.dialogue->abort_source = 1;  // dialogue-service-provider
    } else {
      m.p_abort = codec::p_abort_cause::resource_limitation;
    }
    send(d->peer, d->local, m, id);
  }
  local_p_abort(*d, tsm_event::inactivity, p_abort_reason::inactivity_timeout);
}

void tcap_layer::local_p_abort(dialogue& d, tsm_event e, p_abort_reason why) {
  const dialogue_id id = d.id;
  d.apply(e);
  close(d);
  user_.on_p_abort(p_abort_ind{id, why, true});
}

void tcap_layer::invocation_timer(dialogue_id id, std::int8_t invoke_id) {
  dialogue* d = find(id);
  if (d == nullptr) return;
  if (auto cancel = components_.invocation_timer(*d, invoke_id)) user_.on_l_cancel(*cancel);
}

void tcap_layer::remote_invocation_timer(dialogue_id id, std::int8_t invoke_id) {
  if (dialogue* d = find(id)) components_.remote_invocation_timer(*d, invoke_id);
}

// --- sending ---------------------------------------------------------------------------

bool tcap_layer::send(const sigtran::sccp_address& to, const sigtran::sccp_address& from,
                      const tc_message& m, dialogue_id for_notice) {
  sigtran::n_unitdata u;
  u.data = codec::encode_tc_message(m);
  if (u.data.empty()) {
    CMR_LOG(tcap, error, "tcap(otid=0x%08x): message does not encode", for_notice);
    return false;
  }
  u.called = to;
  u.calling = from;
  ++counters_.tx_messages;
  if (!sccp_.send_unitdata(std::move(u))) {
    ++counters_.send_failures;
    if (for_notice != 0) {
      notice_ind n;
      n.id = for_notice;
      n.return_cause = sigtran::return_cause::mtp_failure;
      n.local = true;
      n.called = to;
      queue_notice(std::move(n));
    }
    return false;
  }
  return true;
}

// --- TC-NOTICE ---------------------------------------------------------------------------

void tcap_layer::queue_notice(notice_ind n) {
  pending_notices_.push_back(std::move(n));
  // Never from inside the request that failed: the user gets it on the
  // strand right after.
  if (notice_timer_ == 0)
    notice_timer_ = timers_.start(std::chrono::milliseconds(0), [this] { deliver_notices(); });
}

void tcap_layer::deliver_notices() {
  notice_timer_ = 0;
  std::vector<notice_ind> due;
  due.swap(pending_notices_);
  for (const auto& n : due) {
    if (n.id != 0 && find(n.id) == nullptr) {
      ++counters_.notices_unmatched;  // the dialogue ended meanwhile
      continue;
    }
    ++counters_.notices;
    CMR_LOG(tcap, info, "tcap(otid=0x%08x): TC-NOTICE, %s, return cause %u", n.id,
            n.local ? "refused by the SCCP service" : "returned by the network",
            static_cast<unsigned>(n.return_cause));
    user_.on_notice(n);
  }
}

void tcap_layer::notice(const sigtran::n_notice& rx) {
  // The returned message is one of ours: its OTID (Begin, Continue) is the
  // dialogue; an End or Abort belongs to a dialogue already closed here; a
  // Unidirectional to none.
  const tcap_envelope env = scan_envelope(rx.data);
  notice_ind n;
  n.return_cause = rx.cause;
  n.local = rx.local;
  n.called = rx.called;
  if (env.tag == 0x61) {
    n.id = 0;
  } else if (env.otid && env.otid->size() == 4 && find(codec::tid_to_u32(*env.otid)) != nullptr) {
    n.id = codec::tid_to_u32(*env.otid);
  } else {
    ++counters_.notices_unmatched;
    CMR_LOG(tcap, info, "tcap: N-NOTICE (cause %u) for a message of no open dialogue, %zu octets",
            static_cast<unsigned>(rx.cause), rx.data.size());
    return;
  }
  queue_notice(std::move(n));
}

bool tcap_layer::send_dialogue(dialogue& d, tc_type type) {
  tc_message m;
  m.type = type;
  if (type != tc_type::end) m.otid = d.local_tid;
  if (type != tc_type::begin) m.dtid = d.peer_tid;
  if (type == tc_type::begin && d.ac) {
    m.dialogue = codec::dialogue_portion{};
    m.dialogue->ac_name = *d.ac;
    d.expect_aare = true;
    d.uses_dialogue_portion = true;
  } else if (d.aare_due) {
    m.dialogue = codec::dialogue_portion{};
    m.dialogue->kind = codec::dialogue_portion::pdu::aare;
    m.dialogue->ac_name = *d.ac;
    d.aare_due = false;
  }
  for (const auto& c : d.pending) {
    if (c.type == codec::tc_component::kind::reject) ++counters_.tx_rejects;
  }
  m.components = std::move(d.pending);
  d.pending.clear();
  return send(d.peer, d.local, m, d.id);
}

void tcap_layer::send_p_abort(const sigtran::n_unitdata& rx, const codec::bytes& dtid,
                              codec::p_abort_cause cause) {
  CMR_LOG(tcap, info, "tcap(dtid=0x%08x): tx P-Abort %s", codec::tid_to_u32(dtid),
          to_string(static_cast<p_abort_reason>(cause)));
  tc_message m;
  m.type = tc_type::abort;
  m.dtid = dtid;
  m.p_abort = cause;
  ++counters_.tx_p_aborts;
  send(rx.calling, rx.called, m, 0);
}

void tcap_layer::send_refusal(const sigtran::n_unitdata& rx, const codec::bytes& dtid,
                              const codec::oid& ac) {
  CMR_LOG(tcap, info, "tcap(dtid=0x%08x): refusing application context %s", codec::tid_to_u32(dtid),
          codec::oid_to_string(ac).c_str());
  tc_message m;
  m.type = tc_type::abort;
  m.dtid = dtid;
  m.dialogue = codec::dialogue_portion{};
  m.dialogue->kind = codec::dialogue_portion::pdu::aare;
  m.dialogue->ac_name = ac;
  m.dialogue->result = 1;      // reject-permanent
  m.dialogue->diagnostic = 2;  // dialogue-service-user: application-context-name-not-supported
  ++counters_.ac_refused;
  send(rx.calling, rx.called, m, 0);
}

// --- requests ----------------------------------------------------------------------------

dialogue_id tcap_layer::open(const sigtran::sccp_address& called, std::optional<codec::oid> ac,
                             std::optional<sigtran::sccp_address> calling) {
  const dialogue_id id =
      tids_.allocate([this](std::uint32_t t) { return dialogues_.count(t) != 0; });
  dialogue& d = create(id);
  d.peer = called;
  d.local = calling ? *calling : sccp_.local_address();
  d.ac = std::move(ac);
  CMR_LOG(tcap, debug, "tcap(otid=0x%08x){%s}: opened", id, to_string(d.state));
  return id;
}

result<void, tc_error> tcap_layer::invoke(dialogue_id id, const invoke_req& req) {
  dialogue* d = find(id);
  if (d == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  return components_.invoke(*d, req);
}

result<void, tc_error> tcap_layer::result_last(dialogue_id id, std::int8_t invoke_id,
                                               std::int32_t opcode, std::optional<bytes> param) {
  dialogue* d = find(id);
  if (d == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  return components_.result_reply(*d, invoke_id, opcode, std::move(param), true);
}

result<void, tc_error> tcap_layer::result_not_last(dialogue_id id, std::int8_t invoke_id,
                                                   std::int32_t opcode,
                                                   std::optional<bytes> param) {
  dialogue* d = find(id);
  if (d == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  return components_.result_reply(*d, invoke_id, opcode, std::move(param), false);
}

result<void, tc_error> tcap_layer::u_error(dialogue_id id, std::int8_t invoke_id,
                                           std::int32_t error, std::optional<bytes> param) {
  dialogue* d = find(id);
  if (d == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  return components_.u_error(*d, invoke_id, error, std::move(param));
}

result<void, tc_error> tcap_layer::u_reject(dialogue_id id, std::int8_t invoke_id,
                                            reject_problem problem) {
  dialogue* d = find(id);
  if (d == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  return components_.u_reject(*d, invoke_id, problem);
}

result<void, tc_error> tcap_layer::u_cancel(dialogue_id id, std::int8_t invoke_id) {
  dialogue* d = find(id);
  if (d == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  return components_.u_cancel(*d, invoke_id);
}

result<void, tc_error> tcap_layer::unidirectional(const sigtran::sccp_address& called,
                                                  std::optional<codec::oid> ac,
                                                  const std::vector<invoke_req>& invokes,
                                                  std::optional<sigtran::sccp_address> calling) {
  tc_message m;
  m.type = tc_type::unidirectional;
  if (ac) {
    m.dialogue = codec::dialogue_portion{};
    m.dialogue->kind = codec::dialogue_portion::pdu::audt;
    m.dialogue->ac_name = std::move(*ac);
  }
  m.components.reserve(invokes.size());
  for (const auto& r : invokes) {
    codec::tc_component c;
    c.type = codec::tc_component::kind::invoke;
    c.invoke_id = r.invoke_id;
    c.linked_id = r.linked_id;
    c.code.local = r.opcode;
    c.parameter = r.parameter;
    m.components.push_back(std::move(c));
  }
  sigtran::n_unitdata u;
  u.data = codec::encode_tc_message(m);  // empty: no components, or they do not encode
  if (u.data.empty()) return cmr::unexpected{tc_error::encode_failed};
  u.called = called;
  u.calling = calling ? *calling : sccp_.local_address();
  ++counters_.tx_messages;
  ++counters_.tx_unidirectional;
  if (!sccp_.send_unitdata(std::move(u))) {
    ++counters_.send_failures;
    notice_ind n;
    n.return_cause = sigtran::return_cause::mtp_failure;
    n.local = true;
    n.called = called;
    queue_notice(std::move(n));
    return cmr::unexpected{tc_error::send_failed};
  }
  return ok;
}

result<void, tc_error> tcap_layer::begin(dialogue_id id) {
  dialogue* d = find(id);
  if (d == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  if (!tsm_next(d->state, tsm_event::tx_begin)) return cmr::unexpected{tc_error::wrong_state};
  const bool sent = send_dialogue(*d, tc_type::begin);
  d->apply(tsm_event::tx_begin);
  touch(*d);
  if (!sent) return cmr::unexpected{tc_error::send_failed};
  return ok;
}

result<void, tc_error> tcap_layer::continue_(dialogue_id id) {
  dialogue* d = find(id);
  if (d == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  if (!tsm_next(d->state, tsm_event::tx_continue)) return cmr::unexpected{tc_error::wrong_state};
  const bool sent = send_dialogue(*d, tc_type::continue_);
  d->apply(tsm_event::tx_continue);
  touch(*d);
  if (!sent) return cmr::unexpected{tc_error::send_failed};
  return ok;
}

result<void, tc_error> tcap_layer::end(dialogue_id id, bool prearranged) {
  dialogue* d = find(id);
  if (d == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  const tsm_event e = prearranged ? tsm_event::tx_end_prearranged : tsm_event::tx_end;
  if (!tsm_next(d->state, e)) return cmr::unexpected{tc_error::wrong_state};
  const bool sent = prearranged || send_dialogue(*d, tc_type::end);
  d->apply(e);
  close(*d);
  if (!sent) return cmr::unexpected{tc_error::send_failed};
  return ok;
}

result<void, tc_error> tcap_layer::u_abort(dialogue_id id, u_abort_reason why) {
  dialogue* d = find(id);
  if (d == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  if (!tsm_next(d->state, tsm_event::tx_abort)) return cmr::unexpected{tc_error::wrong_state};
  bool sent = true;
  // Before the peer's TID is known (idle, init_sent) the abort is local only.
  if (!d->peer_tid.empty()) {
    tc_message m;
    m.type = tc_type::abort;
    m.dtid = d->peer_tid;
    if (why == u_abort_reason::ac_not_supported && d->state == tsm_state::init_received && d->ac) {
      m.dialogue = codec::dialogue_portion{};
      m.dialogue->kind = codec::dialogue_portion::pdu::aare;
      m.dialogue->ac_name = *d->ac;
      m.dialogue->result = 1;
      m.dialogue->diagnostic = 2;
      ++counters_.ac_refused;
    } else if (d->uses_dialogue_portion) {
      m.dialogue = codec::dialogue_portion{};
      m.dialogue->kind = codec::dialogue_portion::pdu::abrt;
      m.dialogue->abort_source = 0;  // dialogue-service-user
    }
    sent = send(d->peer, d->local, m, id);
  }
  d->apply(tsm_event::tx_abort);
  close(*d);
  if (!sent) return cmr::unexpected{tc_error::send_failed};
  return ok;
}

}  // namespace cmr::in::tcap
