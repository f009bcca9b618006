// tcap_layer: received messages (Q.774 transaction sublayer, receiving side).
// Each message type has its procedure; a message the codec refuses goes
// through rx_undecodable, which answers as much as can be read of it.
#include "in/tcap/tcap_layer.h"
#include "in/tcap/log.h"

namespace cmr::in::tcap {

using codec::p_abort_cause;
using codec::tc_message;
using codec::tc_type;
using pdu = codec::dialogue_portion::pdu;

namespace {
constexpr std::uint8_t tag_unidirectional = 0x61;
constexpr std::uint8_t tag_begin = 0x62;
constexpr std::uint8_t tag_end = 0x64;
constexpr std::uint8_t tag_continue = 0x65;
constexpr std::uint8_t tag_abort = 0x67;
}  // namespace

void tcap_layer::receive(const sigtran::n_unitdata& rx) {
  ++counters_.rx_messages;
  auto m = codec::decode_tc_message(rx.data);
  if (!m) {
    CMR_LOG(tcap, info, "tcap: undecodable message (%zu bytes): %s", rx.data.size(),
            m.error().detail.c_str());
    rx_undecodable(rx);
    return;
  }
  switch (m->type) {
    case tc_type::begin:
      rx_begin(rx, *m, nullptr);
      return;
    case tc_type::continue_:
      rx_continue(rx, *m, nullptr);
      return;
    case tc_type::end:
      rx_end(rx, *m, nullptr);
      return;
    case tc_type::abort:
      rx_abort(rx, *m);
      return;
    case tc_type::unidirectional:
      rx_unidirectional(rx, *m);
      return;
  }
}

void tcap_layer::rx_undecodable(const sigtran::n_unitdata& rx) {
  ++counters_.rx_undecodable;
  tcap_envelope env = scan_envelope(rx.data);
  dialogue* d = nullptr;
  if (env.dtid && env.dtid->size() == 4) {
    d = find(codec::tid_to_u32(*env.dtid));
  }
  const bool known_type = env.tag == tag_begin || env.tag == tag_end || env.tag == tag_continue ||
                          env.tag == tag_abort || env.tag == tag_unidirectional;
  if (!known_type) {
    if (env.otid) send_p_abort(rx, *env.otid, p_abort_cause::unrecognized_message_type);
    if (d != nullptr) {
      local_p_abort(*d, tsm_event::protocol_error, p_abort_reason::unrecognized_message_type);
    } else if (!env.otid) {
      ++counters_.rx_discarded;
    }
    return;
  }
  if (env.transaction && env.has_components && env.tag != tag_abort) {
    // Transaction and dialogue portions are fine: reject the faulty
    // components one by one inside the dialogue (Q.774 3.2.2.3).
    auto salvaged = salvage_components(rx.data);
    tc_message& m = *env.transaction;
    switch (m.type) {
      case tc_type::begin:
        rx_begin(rx, m, &salvaged);
        return;
      case tc_type::continue_:
        rx_continue(rx, m, &salvaged);
        return;
      case tc_type::end:
        rx_end(rx, m, &salvaged);
        return;
      default:
        break;
    }
  }
  // The transaction portion itself is bad.
  if ((env.tag == tag_begin || env.tag == tag_continue) && env.otid) {
    send_p_abort(rx, *env.otid, p_abort_cause::badly_formatted_transaction_portion);
  }
  if (d != nullptr && env.tag != tag_begin) {
    local_p_abort(*d, tsm_event::protocol_error,
                  p_abort_reason::badly_formatted_transaction_portion);
  } else if (!env.otid) {
    ++counters_.rx_discarded;
  }
}

void tcap_layer::rx_begin(const sigtran::n_unitdata& rx, tc_message& m,
                          std::vector<salvaged_component>* salvaged) {
  if (dialogues_.size() >= cfg_.max_dialogues) {
    send_p_abort(rx, m.otid, p_abort_cause::resource_limitation);
    return;
  }
  std::optional<codec::oid> ac;
  if (m.dialogue) {
    if (m.dialogue->kind != pdu::aarq) {
      send_p_abort(rx, m.otid, p_abort_cause::incorrect_transaction_portion);
      return;
    }
    if (!acs_.supported(m.dialogue->ac_name)) {
      send_refusal(rx, m.otid, m.dialogue->ac_name);
      return;
    }
    ac = std::move(m.dialogue->ac_name);
  } else if (!acs_.accept_no_dialogue_portion) {
    send_p_abort(rx, m.otid, p_abort_cause::incorrect_transaction_portion);
    return;
  }
  const dialogue_id id =
      tids_.allocate([this](std::uint32_t t) { return dialogues_.count(t) != 0; });
  dialogue& d = create(id);
  d.peer_tid = std::move(m.otid);
  d.peer = rx.calling;
  d.local = rx.called;
  d.ac = ac;
  d.aare_due = ac.has_value();
  d.uses_dialogue_portion = ac.has_value();
  d.apply(tsm_event::rx_begin);
  touch(d);
  dialogue_ind ind;
  ind.type = dialogue_ind_kind::begin;
  ind.id = id;
  ind.ac_name = std::move(ac);
  ind.peer = rx.calling;
  components_.receive(d, m.components, ind.components, true);
  if (salvaged != nullptr) components_.receive_salvaged(d, *salvaged, ind.components, true);
  user_.on_dialogue(ind);
}

bool tcap_layer::check_aare(dialogue& d, const tc_message& m, const sigtran::n_unitdata& rx) {
  if (!d.expect_aare) return true;
  d.expect_aare = false;
  if (m.dialogue && m.dialogue->kind == pdu::aare && m.dialogue->result == 0) {
    d.ac = m.dialogue->ac_name;
    return true;
  }
  // We proposed a context and the peer's reply does not accept it: the
  // dialogue cannot go on (Q.774: no common dialogue portion).
  CMR_LOG(tcap, info, "tcap(otid=0x%08x){%s}: reply without accepting AARE", d.id,
          to_string(d.state));
  if (m.type == tc_type::continue_) {
    tc_message a;
    a.type = tc_type::abort;
    a.dtid = m.otid;
    a.dialogue = codec::dialogue_portion{};
    a.dialogue->kind = pdu::abrt;
    a.dialogue->abort_source = 1;  // dialogue-service-provider
    send(rx.calling, rx.called, a, d.id);
  }
  local_p_abort(d, tsm_event::protocol_error, p_abort_reason::no_common_dialogue_portion);
  return false;
}

void tcap_layer::rx_continue(const sigtran::n_unitdata& rx, tc_message& m,
                             std::vector<salvaged_component>* salvaged) {
  dialogue* d = m.dtid.size() == 4 ? find(codec::tid_to_u32(m.dtid)) : nullptr;
  if (d == nullptr) {
    send_p_abort(rx, m.otid, p_abort_cause::unrecognized_transaction_id);
    return;
  }
  const bool first = d->state == tsm_state::init_sent;
  if (first) {
    d->peer_tid = m.otid;
    // Q.774: the first reply's calling address is the peer from now on.
    d->peer = rx.calling;
  } else if (d->state != tsm_state::active || m.otid != d->peer_tid) {
    // Not this dialogue's peer transaction: refuse the message, keep the dialogue.
    send_p_abort(rx, m.otid, p_abort_cause::incorrect_transaction_portion);
    return;
  }
  if (first && !check_aare(*d, m, rx)) return;
  d->apply(tsm_event::rx_continue);
  touch(*d);
  dialogue_ind ind;
  ind.type = dialogue_ind_kind::continue_;
  ind.id = d->id;
  if (first) ind.ac_name = d->ac;
  ind.peer = rx.calling;
  components_.receive(*d, m.components, ind.components, true);
  if (salvaged != nullptr) components_.receive_salvaged(*d, *salvaged, ind.components, true);
  user_.on_dialogue(ind);
}

void tcap_layer::rx_end(const sigtran::n_unitdata& rx, tc_message& m,
                        std::vector<salvaged_component>* salvaged) {
  dialogue* d = m.dtid.size() == 4 ? find(codec::tid_to_u32(m.dtid)) : nullptr;
  if (d == nullptr) {
    // Q.774: an End for an unknown transaction is discarded (no one to tell).
    CMR_LOG(tcap, info, "tcap(dtid=0x%08x): rx TC-END for unknown transaction, discarded",
            codec::tid_to_u32(m.dtid));
    ++counters_.rx_discarded;
    return;
  }
  const bool first = d->state == tsm_state::init_sent;
  if (!tsm_next(d->state, tsm_event::rx_end)) {
    local_p_abort(*d, tsm_event::protocol_error, p_abort_reason::incorrect_transaction_portion);
    return;
  }
  if (first && !check_aare(*d, m, rx)) return;
  dialogue_ind ind;
  ind.type = dialogue_ind_kind::end;
  ind.id = d->id;
  if (first) ind.ac_name = d->ac;
  ind.peer = rx.calling;
  components_.receive(*d, m.components, ind.components, false);
  if (salvaged != nullptr) components_.receive_salvaged(*d, *salvaged, ind.components, false);
  d->apply(tsm_event::rx_end);
  close(*d);
  user_.on_dialogue(ind);
}

void tcap_layer::rx_unidirectional(const sigtran::n_unitdata& rx, tc_message& m) {
  uni_ind ind;
  if (m.dialogue) {
    // Only an AUDT may come with a Unidirectional (Q.773 UniDialoguePDU).
    if (m.dialogue->kind != pdu::audt || !acs_.supported(m.dialogue->ac_name)) {
      CMR_LOG(tcap, info, "tcap: rx TC-UNI with %s, discarded",
              m.dialogue->kind != pdu::audt ? "a dialogue PDU other than AUDT"
                                            : "an unsupported application context");
      ++counters_.rx_discarded;
      return;
    }
    ind.ac_name = std::move(m.dialogue->ac_name);
  }
  ind.peer = rx.calling;
  ind.local = rx.called;
  for (auto& c : m.components) {
    // Class 4 invokes only: a reply or reject has no invocation to refer to
    // and no dialogue to travel in.
    if (c.type != codec::tc_component::kind::invoke || c.code.global) {
      ++counters_.rx_discarded;
      continue;
    }
    component_ind ci;
    ci.type = component_ind::kind::invoke;
    ci.invoke_id = c.invoke_id;
    ci.linked_id = c.linked_id;
    ci.code = c.code.local;
    ci.parameter = std::move(c.parameter);
    ind.components.push_back(std::move(ci));
  }
  if (ind.components.empty()) {
    ++counters_.rx_discarded;
    return;
  }
  ++counters_.rx_unidirectional;
  CMR_LOG(tcap, debug, "tcap: rx TC-UNI from point code %u, %zu invokes",
          static_cast<unsigned>(rx.calling.point_code.value_or(0)), ind.components.size());
  user_.on_uni(ind);
}

void tcap_layer::rx_abort(const sigtran::n_unitdata& /*rx*/, tc_message& m) {
  dialogue* d = m.dtid.size() == 4 ? find(codec::tid_to_u32(m.dtid)) : nullptr;
  if (d == nullptr) {
    ++counters_.rx_discarded;  // Q.774: discard, never answer an Abort
    return;
  }
  const dialogue_id id = d->id;
  if (m.p_abort) {
    d->apply(tsm_event::rx_abort);
    close(*d);
    user_.on_p_abort(p_abort_ind{id, static_cast<p_abort_reason>(*m.p_abort), false});
    return;
  }
  if (m.dialogue && m.dialogue->kind == pdu::abrt && m.dialogue->abort_source == 1) {
    d->apply(tsm_event::rx_abort);
    close(*d);
    user_.on_p_abort(p_abort_ind{id, p_abort_reason::abnormal_dialogue, false});
    return;
  }
  u_abort_ind ind;
  ind.id = id;
  if (m.dialogue && m.dialogue->kind == pdu::aare) {
    ind.ac_not_supported = m.dialogue->result != 0 && !m.dialogue->diagnostic_from_provider &&
                           m.dialogue->diagnostic == 2;
    ind.ac_name = m.dialogue->ac_name;
  }
  d->apply(tsm_event::rx_abort);
  close(*d);
  user_.on_u_abort(ind);
}

}  // namespace cmr::in::tcap
