// ansi_tcap_layer: construction, the TC-user's requests, sending, timers and
// the end of transactions. Received packages are in ansi_tcap_layer_rx.cpp.
#include "in/ansi_tcap/ansi_tcap_layer.h"

#include <cstdio>

#include "in/ansi_tcap/component_map.h"
#include "in/ansi_tcap/log.h"

namespace cmr::in::ansi_tcap {

std::string prefix_of(dialogue_id id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "ansi_tcap(tid=0x%08x)", id);
  return buf;
}

const char* to_string(ansi_tsm_event e) {
  switch (e) {
    case ansi_tsm_event::tx_query:
      return "tx QUERY";
    case ansi_tsm_event::rx_query:
      return "rx QUERY";
    case ansi_tsm_event::tx_conversation:
      return "tx CONVERSATION";
    case ansi_tsm_event::rx_conversation:
      return "rx CONVERSATION";
    case ansi_tsm_event::tx_response:
      return "tx RESPONSE";
    case ansi_tsm_event::tx_end_prearranged:
      return "END prearranged";
    case ansi_tsm_event::rx_response:
      return "rx RESPONSE";
    case ansi_tsm_event::tx_abort:
      return "tx ABORT";
    case ansi_tsm_event::rx_abort:
      return "rx ABORT";
    case ansi_tsm_event::inactivity:
      return "inactivity";
    case ansi_tsm_event::protocol_error:
      return "protocol error";
  }
  return "?";
}

ansi_transaction::ansi_transaction(dialogue_id id)
    : core(id), tsm(ansi_transaction_table, tsm_state::idle, log_ansi_tcap) {}

bool ansi_transaction::apply(ansi_tsm_event e, const char* detail) {
  const bool ok = tsm.dispatch(e, prefix_of(core.id), detail);
  core.state = tsm.state();
  return ok;
}

ansi_tcap_layer::ansi_tcap_layer(sigtran::sccp_service& sccp, timer_service& timers,
                                 tcap::tc_user& user, tcap::operation_table ops,
                                 ansi_tcap_config cfg)
    : sccp_(sccp),
      timers_(timers),
      user_(user),
      ops_(std::move(ops)),
      cfg_(cfg),
      components_(timers_, ops_, cfg_.reject_timeout, *this),
      tids_(cfg.tid_seed ? tcap::tid_allocator(*cfg.tid_seed) : tcap::tid_allocator()),
      counters_(sccp.local_ssn()) {}

ansi_tcap_layer::~ansi_tcap_layer() {
  for (auto& [id, t] : transactions_) {
    components_.release(t->core);
    timers_.cancel(t->core.inactivity_timer);
  }
  timers_.cancel(notice_timer_);
}

ansi_transaction* ansi_tcap_layer::find(dialogue_id id) {
  auto it = transactions_.find(id);
  return it == transactions_.end() ? nullptr : it->second.get();
}

bool ansi_tcap_layer::release_permitted(dialogue_id id) const {
  auto it = transactions_.find(id);
  return it != transactions_.end() && it->second->release_permitted;
}

bool ansi_tcap_layer::has_pending(dialogue_id id) const {
  auto it = transactions_.find(id);
  return it != transactions_.end() && !it->second->core.pending.empty();
}

ansi_transaction& ansi_tcap_layer::create(dialogue_id id) {
  auto [it, inserted] = transactions_.emplace(id, std::make_unique<ansi_transaction>(id));
  counters_.transactions = static_cast<std::int64_t>(transactions_.size());
  return *it->second;
}

void ansi_tcap_layer::close(ansi_transaction& t) {
  components_.release(t.core);
  timers_.cancel(t.core.inactivity_timer);
  CMR_LOG(ansi_tcap, debug, "%s{%s}: released", prefix_of(t.core.id).c_str(),
          to_string(t.tsm.state()));
  transactions_.erase(t.core.id);
  counters_.transactions = static_cast<std::int64_t>(transactions_.size());
}

// Restarted on every package either way: ANSI-41 transactions are short and
// few per call, a cancel + start per package costs nothing measurable.
void ansi_tcap_layer::touch(ansi_transaction& t) {
  timers_.cancel(t.core.inactivity_timer);
  const dialogue_id id = t.core.id;
  t.core.inactivity_timer =
      timers_.start(cfg_.inactivity_timeout, [this, id] { inactivity_expired(id); });
}

void ansi_tcap_layer::inactivity_expired(dialogue_id id) {
  ansi_transaction* t = find(id);
  if (t == nullptr) return;
  t->core.inactivity_timer = 0;
  ++counters_.inactivity_timeouts;
  CMR_LOG(ansi_tcap, info, "%s{%s}: no activity for %lld ms, aborting", prefix_of(id).c_str(),
          to_string(t->tsm.state()), static_cast<long long>(cfg_.inactivity_timeout.count()));
  if (t->peer_tid) {
    message m;
    m.type = package::abort;
    m.responding_tid = *t->peer_tid;
    m.abort_cause = p_abort_cause::resource_unavailable;
    ++counters_.tx_p_aborts;
    send(t->core.peer, t->core.local, m, id);
  }
  local_p_abort(*t, ansi_tsm_event::inactivity, tcap::p_abort_reason::inactivity_timeout);
}

void ansi_tcap_layer::local_p_abort(ansi_transaction& t, ansi_tsm_event e,
                                    tcap::p_abort_reason why) {
  const dialogue_id id = t.core.id;
  t.apply(e);
  close(t);
  user_.on_p_abort(tcap::p_abort_ind{id, why, true});
}

void ansi_tcap_layer::invocation_timer(dialogue_id id, std::int8_t invoke_id) {
  ansi_transaction* t = find(id);
  if (t == nullptr) return;
  if (auto cancel = components_.invocation_timer(t->core, invoke_id)) user_.on_l_cancel(*cancel);
}

void ansi_tcap_layer::remote_invocation_timer(dialogue_id id, std::int8_t invoke_id) {
  if (ansi_transaction* t = find(id)) components_.remote_invocation_timer(t->core, invoke_id);
}

// --- sending ------------------------------------------------------------------------

bool ansi_tcap_layer::send(const sigtran::sccp_address& to, const sigtran::sccp_address& from,
                           const message& m, dialogue_id for_notice) {
  sigtran::n_unitdata u;
  u.data = encode_message(m);
  if (u.data.empty()) {
    CMR_LOG(ansi_tcap, error, "%s: %s does not encode", prefix_of(for_notice).c_str(),
            to_string(m.type));
    return false;
  }
  u.called = to;
  u.calling = from;
  ++counters_.tx_messages;
  if (!sccp_.send_unitdata(std::move(u))) {
    ++counters_.send_failures;
    tcap::notice_ind n;
    n.id = for_notice;
    n.return_cause = sigtran::return_cause::mtp_failure;
    n.local = true;
    n.called = to;
    queue_notice(std::move(n));
    return false;
  }
  return true;
}

bool ansi_tcap_layer::send_package(ansi_transaction& t, package type) {
  message m;
  m.type = type;
  m.originating_tid = t.core.id;
  m.responding_tid = t.peer_tid.value_or(0);
  m.components.reserve(t.core.pending.size());
  for (const auto& c : t.core.pending) {
    if (c.type == codec::tc_component::kind::reject) ++counters_.tx_rejects;
    m.components.push_back(to_ansi(c));
  }
  t.core.pending.clear();
  // A Query or Conversation carries a component sequence even when empty;
  // a Response without components may leave it out (T1.114 allows either).
  m.has_component_portion = !m.components.empty() || type != package::response;
  return send(t.core.peer, t.core.local, m, t.core.id);
}

void ansi_tcap_layer::send_p_abort(const sigtran::n_unitdata& rx, std::uint32_t to_tid,
                                   p_abort_cause cause) {
  CMR_LOG(ansi_tcap, info, "ansi_tcap(peer tid=0x%08x): tx Abort %s", to_tid, to_string(cause));
  message m;
  m.type = package::abort;
  m.responding_tid = to_tid;
  m.abort_cause = cause;
  ++counters_.tx_p_aborts;
  send(rx.calling, rx.called, m, 0);
}

void ansi_tcap_layer::queue_notice(tcap::notice_ind n) {
  pending_notices_.push_back(std::move(n));
  if (notice_timer_ == 0)
    notice_timer_ = timers_.start(std::chrono::milliseconds(0), [this] { deliver_notices(); });
}

void ansi_tcap_layer::deliver_notices() {
  notice_timer_ = 0;
  std::vector<tcap::notice_ind> due;
  due.swap(pending_notices_);
  for (const auto& n : due) {
    if (n.id != 0 && find(n.id) == nullptr) {
      ++counters_.notices_unmatched;
      continue;
    }
    ++counters_.notices;
    user_.on_notice(n);
  }
}

void ansi_tcap_layer::notice(const sigtran::n_notice& rx) {
  // A returned Query or Conversation names our transaction by its
  // originating TID; a Response or Abort belongs to one already closed; a
  // Unidirectional to none.
  tcap::notice_ind n;
  n.return_cause = rx.cause;
  n.local = rx.local;
  n.called = rx.called;
  auto p = parse_package(rx.data);
  std::optional<std::uint32_t> ours;
  if (p) {
    if (p.value().msg.type == package::unidirectional) {
      queue_notice(std::move(n));
      return;
    }
    if (is_query(p.value().msg.type) || is_conversation(p.value().msg.type))
      ours = p.value().msg.originating_tid;
  }
  if (!ours || find(*ours) == nullptr) {
    ++counters_.notices_unmatched;
    return;
  }
  n.id = *ours;
  queue_notice(std::move(n));
}

// --- requests -----------------------------------------------------------------------

dialogue_id ansi_tcap_layer::open(const sigtran::sccp_address& called,
                                  std::optional<sigtran::sccp_address> calling) {
  const dialogue_id id =
      tids_.allocate([this](std::uint32_t t) { return transactions_.count(t) != 0; });
  ansi_transaction& t = create(id);
  t.core.peer = called;
  t.core.local = calling ? *calling : sccp_.local_address();
  CMR_LOG(ansi_tcap, debug, "%s{%s}: opened", prefix_of(id).c_str(), to_string(t.tsm.state()));
  return id;
}

result<void, tc_error> ansi_tcap_layer::invoke(dialogue_id id, const invoke_req& req) {
  ansi_transaction* t = find(id);
  if (t == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  return components_.invoke(t->core, req);
}

result<void, tc_error> ansi_tcap_layer::result_last(dialogue_id id, std::int8_t invoke_id,
                                                    std::optional<bytes> param) {
  ansi_transaction* t = find(id);
  if (t == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  return components_.result_reply(t->core, invoke_id, 0, std::move(param), true);
}

result<void, tc_error> ansi_tcap_layer::result_not_last(dialogue_id id, std::int8_t invoke_id,
                                                        std::optional<bytes> param) {
  ansi_transaction* t = find(id);
  if (t == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  return components_.result_reply(t->core, invoke_id, 0, std::move(param), false);
}

result<void, tc_error> ansi_tcap_layer::u_error(dialogue_id id, std::int8_t invoke_id,
                                                std::int32_t error, std::optional<bytes> param) {
  ansi_transaction* t = find(id);
  if (t == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  return components_.u_error(t->core, invoke_id, error, std::move(param));
}

result<void, tc_error> ansi_tcap_layer::u_reject(dialogue_id id, std::int8_t invoke_id,
                                                 reject_problem problem) {
  ansi_transaction* t = find(id);
  if (t == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  return components_.u_reject(t->core, invoke_id, problem);
}

result<void, tc_error> ansi_tcap_layer::u_cancel(dialogue_id id, std::int8_t invoke_id) {
  ansi_transaction* t = find(id);
  if (t == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  return components_.u_cancel(t->core, invoke_id);
}

result<void, tc_error> ansi_tcap_layer::unidirectional(
    const sigtran::sccp_address& called, const std::vector<invoke_req>& invokes,
    std::optional<sigtran::sccp_address> calling) {
  if (invokes.empty()) return cmr::unexpected{tc_error::encode_failed};
  message m;
  m.type = package::unidirectional;
  for (const auto& r : invokes) {
    codec::tc_component c;
    c.type = codec::tc_component::kind::invoke;
    c.invoke_id = r.invoke_id;
    c.linked_id = r.linked_id;
    c.code.local = r.opcode;
    c.parameter = r.parameter;
    m.components.push_back(to_ansi(c));
  }
  sigtran::n_unitdata u;
  u.data = encode_message(m);
  if (u.data.empty()) return cmr::unexpected{tc_error::encode_failed};
  u.called = called;
  u.calling = calling ? *calling : sccp_.local_address();
  ++counters_.tx_messages;
  ++counters_.tx_unidirectional;
  if (!sccp_.send_unitdata(std::move(u))) {
    ++counters_.send_failures;
    tcap::notice_ind n;
    n.return_cause = sigtran::return_cause::mtp_failure;
    n.local = true;
    n.called = called;
    queue_notice(std::move(n));
    return cmr::unexpected{tc_error::send_failed};
  }
  return ok;
}

result<void, tc_error> ansi_tcap_layer::begin(dialogue_id id, bool permission) {
  ansi_transaction* t = find(id);
  if (t == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  if (!ansi_tsm_next(t->tsm.state(), ansi_tsm_event::tx_query))
    return cmr::unexpected{tc_error::wrong_state};
  const bool sent = send_package(
      *t, permission ? package::query_with_permission : package::query_without_permission);
  t->apply(ansi_tsm_event::tx_query);
  touch(*t);
  if (!sent) return cmr::unexpected{tc_error::send_failed};
  return ok;
}

result<void, tc_error> ansi_tcap_layer::continue_(dialogue_id id, bool permission) {
  ansi_transaction* t = find(id);
  if (t == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  if (!ansi_tsm_next(t->tsm.state(), ansi_tsm_event::tx_conversation))
    return cmr::unexpected{tc_error::wrong_state};
  const bool sent = send_package(*t, permission ? package::conversation_with_permission
                                                : package::conversation_without_permission);
  t->apply(ansi_tsm_event::tx_conversation);
  touch(*t);
  if (!sent) return cmr::unexpected{tc_error::send_failed};
  return ok;
}

result<void, tc_error> ansi_tcap_layer::end(dialogue_id id, bool prearranged) {
  ansi_transaction* t = find(id);
  if (t == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  const ansi_tsm_event e =
      prearranged ? ansi_tsm_event::tx_end_prearranged : ansi_tsm_event::tx_response;
  if (!ansi_tsm_next(t->tsm.state(), e)) return cmr::unexpected{tc_error::wrong_state};
  // T1.114: a Response only when the peer gave permission to release.
  if (!prearranged && !t->release_permitted) return cmr::unexpected{tc_error::wrong_state};
  const bool sent = prearranged || send_package(*t, package::response);
  t->apply(e);
  close(*t);
  if (!sent) return cmr::unexpected{tc_error::send_failed};
  return ok;
}

result<void, tc_error> ansi_tcap_layer::u_abort(dialogue_id id, std::optional<bytes> user_info) {
  ansi_transaction* t = find(id);
  if (t == nullptr) return cmr::unexpected{tc_error::no_such_dialogue};
  if (!ansi_tsm_next(t->tsm.state(), ansi_tsm_event::tx_abort))
    return cmr::unexpected{tc_error::wrong_state};
  bool sent = true;
  // Before the peer's TID is known the abort is local only.
  if (t->peer_tid) {
    message m;
    m.type = package::abort;
    m.responding_tid = *t->peer_tid;
    m.user_abort_info = std::move(user_info);
    sent = send(t->core.peer, t->core.local, m, 0);
  }
  t->apply(ansi_tsm_event::tx_abort);
  close(*t);
  if (!sent) return cmr::unexpected{tc_error::send_failed};
  return ok;
}

}  // namespace cmr::in::ansi_tcap
