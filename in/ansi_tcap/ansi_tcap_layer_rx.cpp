// ansi_tcap_layer: received packages (T1.114.4 transaction sublayer).
//
//   Query                     new transaction, TC-BEGIN indication
//   Conversation, known TID   TC-CONTINUE; unknown TID: Abort
//                             unassignedRespondingTransactionID to its
//                             originating TID
//   Response, known TID       TC-END; unknown: discarded
//   Abort, known TID          TC-P-ABORT (cause) or TC-U-ABORT; unknown: discarded
//   Unidirectional            TC-UNI with its invokes; nothing else, never answered
//   unusable package          Abort with the cause to the originating TID when
//                             readable; the transaction (if the responding TID
//                             is ours) ends with a local TC-P-ABORT
#include <cstdio>

#include "in/ansi_tcap/ansi_tcap_layer.h"
#include "in/ansi_tcap/component_map.h"
#include "in/ansi_tcap/log.h"

namespace cmr::in::ansi_tcap {

namespace {

tcap::p_abort_reason to_reason(p_abort_cause c) {
  using R = tcap::p_abort_reason;
  switch (c) {
    case p_abort_cause::unrecognized_package_type:
      return R::unrecognized_message_type;
    case p_abort_cause::incorrect_transaction_portion:
      return R::incorrect_transaction_portion;
    case p_abort_cause::badly_structured_transaction_portion:
      return R::badly_formatted_transaction_portion;
    case p_abort_cause::unassigned_responding_transaction_id:
      return R::unrecognized_transaction_id;
    case p_abort_cause::resource_unavailable:
      return R::resource_limitation;
    case p_abort_cause::permission_to_release_problem:
      return R::abnormal_dialogue;
    default:  // the dialogue-portion causes
      return R::no_common_dialogue_portion;
  }
}

std::optional<codec::oid> ac_of(const message& m) {
  if (m.dialogue && m.dialogue->object_ac) return m.dialogue->object_ac;
  return std::nullopt;
}

}  // namespace

void ansi_tcap_layer::receive(const sigtran::n_unitdata& rx) {
  ++counters_.rx_messages;
  auto p = parse_package(rx.data);
  if (!p) {
    rx_unusable(rx, p.error());
    return;
  }
  switch (p.value().msg.type) {
    case package::query_with_permission:
    case package::query_without_permission:
      rx_query(rx, p.value());
      break;
    case package::conversation_with_permission:
    case package::conversation_without_permission:
      rx_conversation(rx, p.value());
      break;
    case package::response:
      rx_response(rx, p.value());
      break;
    case package::abort:
      rx_abort(rx, p.value());
      break;
    case package::unidirectional:
      rx_unidirectional(rx, p.value());
      break;
  }
}

void ansi_tcap_layer::rx_unusable(const sigtran::n_unitdata& rx, const package_error& e) {
  ++counters_.rx_undecodable;
  CMR_LOG(ansi_tcap, info, "ansi_tcap: unusable package (tag 0x%02x, %zu octets): %s (%s)", e.tag,
          rx.data.size(), e.detail.c_str(), to_string(e.cause));
  // Never answer an Abort or a Response, nor a unidirectional package.
  const bool answerable = e.tag != static_cast<std::uint8_t>(package::abort) &&
                          e.tag != static_cast<std::uint8_t>(package::response) &&
                          e.tag != static_cast<std::uint8_t>(package::unidirectional);
  if (e.responding_tid) {
    if (ansi_transaction* t = find(*e.responding_tid)) {
      // The peer gets the Abort below when it named itself; the user a
      // local TC-P-ABORT either way.
      if (answerable && e.originating_tid) send_p_abort(rx, *e.originating_tid, e.cause);
      local_p_abort(*t, ansi_tsm_event::protocol_error, to_reason(e.cause));
      return;
    }
  }
  if (answerable && e.originating_tid) send_p_abort(rx, *e.originating_tid, e.cause);
}

void ansi_tcap_layer::rx_components(ansi_transaction& t, std::vector<salvaged_component>& comps,
                                    std::vector<tcap::component_ind>& out, bool can_reply) {
  std::vector<tcap::salvaged_component> one(1);
  for (auto& s : comps) {
    one[0] = tcap::salvaged_component{};
    if (s.ok) {
      component& c = *s.ok;
      const bool invoke =
          c.type == component::kind::invoke_last || c.type == component::kind::invoke_not_last;
      if (invoke && !c.invoke_id) {
        // No invoke ID: nothing can answer it, so no invocation state either.
        tcap::component_ind ind;
        ind.type = tcap::component_ind::kind::invoke;
        ind.code = pack(c.operation);
        ind.parameter = std::move(c.parameter);
        out.push_back(std::move(ind));
        continue;
      }
      if (invoke && cfg_.reject_unknown_operations && ops_.find(pack(c.operation)) == nullptr) {
        ++counters_.rx_faulty_components;
        one[0].problem = reject_problem::of(tcap::invoke_problem::unrecognized_operation);
        one[0].invoke_id = static_cast<std::int8_t>(*c.invoke_id);
      } else {
        one[0].component = to_shared(c);
      }
    } else {
      ++counters_.rx_faulty_components;
      one[0].problem = to_shared_problem(s.bad.problem);
      if (s.bad.component_id) one[0].invoke_id = static_cast<std::int8_t>(*s.bad.component_id);
    }
    components_.receive_salvaged(t.core, one, out, can_reply);
  }
}

void ansi_tcap_layer::rx_query(const sigtran::n_unitdata& rx, parsed_package& p) {
  const message& m = p.msg;
  if (transactions_.size() >= cfg_.max_transactions) {
    CMR_LOG(ansi_tcap, notice, "ansi_tcap: %zu transactions open, refusing a Query",
            transactions_.size());
    send_p_abort(rx, m.originating_tid, p_abort_cause::resource_unavailable);
    return;
  }
  const dialogue_id id =
      tids_.allocate([this](std::uint32_t v) { return transactions_.count(v) != 0; });
  ansi_transaction& t = create(id);
  t.core.peer = rx.calling;
  t.core.local = rx.called;
  t.peer_tid = m.originating_tid;
  t.release_permitted = grants_permission(m.type);
  char detail[48];
  std::snprintf(detail, sizeof detail, "(%s, peer tid=0x%08x)", to_string(m.type),
                m.originating_tid);
  t.apply(ansi_tsm_event::rx_query, detail);
  touch(t);
  tcap::dialogue_ind ind;
  ind.type = tcap::dialogue_ind_kind::begin;
  ind.id = id;
  ind.ac_name = ac_of(m);
  ind.peer = rx.calling;
  rx_components(t, p.components, ind.components, true);
  user_.on_dialogue(ind);
}

void ansi_tcap_layer::rx_conversation(const sigtran::n_unitdata& rx, parsed_package& p) {
  const message& m = p.msg;
  ansi_transaction* t = find(m.responding_tid);
  if (t == nullptr) {
    ++counters_.rx_unknown_transaction;
    send_p_abort(rx, m.originating_tid, p_abort_cause::unassigned_responding_transaction_id);
    return;
  }
  if (t->peer_tid && *t->peer_tid != m.originating_tid) {
    // Our TID with a different peer: not this transaction's peer.
    ++counters_.rx_discarded;
    send_p_abort(rx, m.originating_tid, p_abort_cause::incorrect_transaction_portion);
    return;
  }
  if (!t->apply(ansi_tsm_event::rx_conversation)) {
    // A Conversation before we answered its Query, say.
    ++counters_.rx_discarded;
    send_p_abort(rx, m.originating_tid, p_abort_cause::incorrect_transaction_portion);
    if (t->peer_tid && *t->peer_tid == m.originating_tid) {
      local_p_abort(*t, ansi_tsm_event::protocol_error,
                    tcap::p_abort_reason::incorrect_transaction_portion);
    }
    return;
  }
  t->peer_tid = m.originating_tid;
  t->release_permitted = grants_permission(m.type);
  touch(*t);
  tcap::dialogue_ind ind;
  ind.type = tcap::dialogue_ind_kind::continue_;
  ind.id = t->core.id;
  ind.ac_name = ac_of(m);
  ind.peer = rx.calling;
  rx_components(*t, p.components, ind.components, true);
  user_.on_dialogue(ind);
}

void ansi_tcap_layer::rx_response(const sigtran::n_unitdata& rx, parsed_package& p) {
  (void)rx;
  ansi_transaction* t = find(p.msg.responding_tid);
  if (t == nullptr || !ansi_tsm_next(t->tsm.state(), ansi_tsm_event::rx_response)) {
    ++counters_.rx_discarded;
    CMR_LOG(ansi_tcap, info, "ansi_tcap(tid=0x%08x): Response of no transaction here, discarded",
            p.msg.responding_tid);
    return;
  }
  tcap::dialogue_ind ind;
  ind.type = tcap::dialogue_ind_kind::end;
  ind.id = t->core.id;
  ind.ac_name = ac_of(p.msg);
  ind.peer = rx.calling;
  rx_components(*t, p.components, ind.components, false);
  t->apply(ansi_tsm_event::rx_response);
  close(*t);
  user_.on_dialogue(ind);
}

void ansi_tcap_layer::rx_abort(const sigtran::n_unitdata& rx, parsed_package& p) {
  (void)rx;
  ansi_transaction* t = find(p.msg.responding_tid);
  if (t == nullptr || !ansi_tsm_next(t->tsm.state(), ansi_tsm_event::rx_abort)) {
    ++counters_.rx_discarded;
    CMR_LOG(ansi_tcap, info, "ansi_tcap(tid=0x%08x): Abort of no transaction here, discarded",
            p.msg.responding_tid);
    return;
  }
  const dialogue_id id = t->core.id;
  CMR_LOG(ansi_tcap, info, "%s: rx Abort (%s)", prefix_of(id).c_str(),
          p.msg.abort_cause ? to_string(*p.msg.abort_cause) : "user");
  t->apply(ansi_tsm_event::rx_abort);
  close(*t);
  if (p.msg.abort_cause) {
    user_.on_p_abort(tcap::p_abort_ind{id, to_reason(*p.msg.abort_cause), false});
  } else {
    tcap::u_abort_ind ind{id, false, std::nullopt, std::nullopt};
    ind.user_info = std::move(p.msg.user_abort_info);
    user_.on_u_abort(ind);
  }
}

void ansi_tcap_layer::rx_unidirectional(const sigtran::n_unitdata& rx, parsed_package& p) {
  tcap::uni_ind ind;
  ind.ac_name = ac_of(p.msg);
  ind.peer = rx.calling;
  ind.local = rx.called;
  for (auto& s : p.components) {
    if (!s.ok || (s.ok->type != component::kind::invoke_last &&
                  s.ok->type != component::kind::invoke_not_last))
      continue;  // no transaction to reject on
    tcap::component_ind c;
    c.type = tcap::component_ind::kind::invoke;
    if (s.ok->invoke_id) c.invoke_id = static_cast<std::int8_t>(*s.ok->invoke_id);
    c.code = pack(s.ok->operation);
    c.parameter = std::move(s.ok->parameter);
    ind.components.push_back(std::move(c));
  }
  if (ind.components.empty()) {
    ++counters_.rx_discarded;
    return;
  }
  ++counters_.rx_unidirectional;
  user_.on_uni(ind);
}

}  // namespace cmr::in::ansi_tcap
