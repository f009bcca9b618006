#include "in/tcap/component_sublayer.h"

#include <algorithm>

#include "in/tcap/log.h"

namespace cmr::in::tcap {

namespace {

using kind = codec::tc_component::kind;

codec::tc_component::problem_type to_codec(reject_problem::type t) {
  return static_cast<codec::tc_component::problem_type>(t);
}

reject_problem from_codec(const codec::tc_component& c) {
  return {static_cast<reject_problem::type>(c.problem), c.problem_code};
}

// Q.774 3.2.2.3: problems the peer's component sublayer detects come up as
// TC-R-REJECT, the rest were its TC-user's choice (TC-U-REJECT).
bool provider_problem(reject_problem p) {
  switch (p.kind) {
    case reject_problem::type::general:
      return true;
    case reject_problem::type::invoke:
      return p.code == static_cast<std::uint8_t>(invoke_problem::duplicate_invocation) ||
             p.code == static_cast<std::uint8_t>(invoke_problem::unrecognized_linked_id);
    case reject_problem::type::return_result:
    case reject_problem::type::return_error:
      return p.code <= 1;
  }
  return true;
}

bool reports_success(op_class c) {
  return c == op_class::c1 || c == op_class::c3;
}
bool reports_failure(op_class c) {
  return c == op_class::c1 || c == op_class::c2;
}

}  // namespace

void component_sublayer::transition(dialogue& d, invocation& inv, ism_event e) {
  const auto next = ism_next(inv.state, e);
  if (!next) return;  // callers check the state first; the table is the record
  CMR_LOG(tcap, debug, "tcap(otid=0x%08x){%s}: invoke %d %s: %s -> %s", d.id, to_string(d.state),
          inv.id, to_string(e), to_string(inv.state), to_string(*next));
  if (*next != inv.state) {  // a state's timer ends with the state
    timers_.cancel(inv.timer);
    inv.timer = 0;
  }
  inv.state = *next;
}

result<void, tc_error> component_sublayer::invoke(dialogue& d, const invoke_req& req) {
  if (d.find_invocation(req.invoke_id) != nullptr) {
    return cmr::unexpected{tc_error::duplicate_invoke_id};
  }
  std::erase_if(d.invocations, [](const invocation& i) { return i.state == ism_state::idle; });
  const operation_spec spec = ops_.lookup(req.opcode);
  invocation inv;
  inv.id = req.invoke_id;
  inv.opcode = req.opcode;
  inv.cls = req.cls.value_or(spec.cls);
  transition(d, inv, ism_event::tx_invoke);
  const dialogue_id did = d.id;
  const std::int8_t iid = inv.id;
  inv.timer = timers_.start(req.timeout.value_or(spec.timeout),
                            [this, did, iid] { sink_.invocation_timer(did, iid); });
  d.invocations.push_back(inv);

  codec::tc_component c;
  c.type = kind::invoke;
  c.invoke_id = req.invoke_id;
  c.linked_id = req.linked_id;
  c.code.local = req.opcode;
  c.parameter = req.parameter;
  d.pending.push_back(std::move(c));
  return ok;
}

result<void, tc_error> component_sublayer::result_reply(dialogue& d, std::int8_t invoke_id,
                                                        std::int32_t opcode,
                                                        std::optional<bytes> param, bool last) {
  if (d.find_remote(invoke_id) == nullptr) return cmr::unexpected{tc_error::no_such_invocation};
  if (last) {
    if (auto* r = d.find_remote(invoke_id)) timers_.cancel(r->timer);
    d.erase_remote(invoke_id);
  }
  codec::tc_component c;
  c.type = last ? kind::return_result_last : kind::return_result_not_last;
  c.invoke_id = invoke_id;
  c.has_result = param.has_value();
  c.code.local = opcode;
  c.parameter = std::move(param);
  d.pending.push_back(std::move(c));
  return ok;
}

result<void, tc_error> component_sublayer::u_error(dialogue& d, std::int8_t invoke_id,
                                                   std::int32_t error, std::optional<bytes> param) {
  auto* r = d.find_remote(invoke_id);
  if (r == nullptr) return cmr::unexpected{tc_error::no_such_invocation};
  timers_.cancel(r->timer);
  d.erase_remote(invoke_id);
  codec::tc_component c;
  c.type = kind::return_error;
  c.invoke_id = invoke_id;
  c.code.local = error;
  c.parameter = std::move(param);
  d.pending.push_back(std::move(c));
  return ok;
}

result<void, tc_error> component_sublayer::u_reject(dialogue& d, std::int8_t invoke_id,
                                                    reject_problem problem) {
  if (problem.kind == reject_problem::type::invoke) {
    // Rejecting the peer's invoke answers it.
    if (auto* r = d.find_remote(invoke_id)) {
      timers_.cancel(r->timer);
      d.erase_remote(invoke_id);
    }
  } else if (problem.kind != reject_problem::type::general) {
    // Rejecting a result or error ends this side's invocation.
    if (auto* inv = d.find_invocation(invoke_id)) transition(d, *inv, ism_event::u_cancel);
  }
  codec::tc_component c;
  c.type = kind::reject;
  c.invoke_id = invoke_id;
  c.problem = to_codec(problem.kind);
  c.problem_code = problem.code;
  d.pending.push_back(std::move(c));
  return ok;
}

result<void, tc_error> component_sublayer::u_cancel(dialogue& d, std::int8_t invoke_id) {
  auto* inv = d.find_invocation(invoke_id);
  if (inv == nullptr) return cmr::unexpected{tc_error::no_such_invocation};
  transition(d, *inv, ism_event::u_cancel);
  // An invoke still queued is not sent at all (Q.774 3.2.2.2).
  std::erase_if(d.pending, [invoke_id](const codec::tc_component& c) {
    return c.type == kind::invoke && c.invoke_id == invoke_id;
  });
  return ok;
}

void component_sublayer::reject(dialogue& d, std::optional<std::int8_t> invoke_id, reject_problem p,
                                std::vector<component_ind>& out, bool can_reply) {
  CMR_LOG(tcap, info, "tcap(otid=0x%08x){%s}: rejecting component (invoke %d, problem %u/%u)", d.id,
          to_string(d.state), invoke_id.value_or(-1), static_cast<unsigned>(p.kind), p.code);
  component_ind ind;
  ind.type = component_ind::kind::l_reject;
  ind.invoke_id = invoke_id;
  ind.problem = p;
  out.push_back(std::move(ind));
  if (!can_reply) return;
  codec::tc_component c;
  c.type = kind::reject;
  c.invoke_id_derivable = invoke_id.has_value();
  c.invoke_id = invoke_id.value_or(0);
  c.problem = to_codec(p.kind);
  c.problem_code = p.code;
  d.pending.push_back(std::move(c));
}

void component_sublayer::receive_invoke(dialogue& d, codec::tc_component& c,
                                        std::vector<component_ind>& out, bool can_reply) {
  if (c.code.global) {  // CAP and INAP have local codes only
    reject(d, c.invoke_id, reject_problem::of(invoke_problem::unrecognized_operation), out,
           can_reply);
    return;
  }
  if (d.find_remote(c.invoke_id) != nullptr) {
    reject(d, c.invoke_id, reject_problem::of(invoke_problem::duplicate_invocation), out,
           can_reply);
    return;
  }
  if (c.linked_id && d.find_invocation(*c.linked_id) == nullptr) {
    reject(d, c.invoke_id, reject_problem::of(invoke_problem::unrecognized_linked_id), out,
           can_reply);
    return;
  }
  const operation_spec spec = ops_.lookup(c.code.local);
  if (spec.cls != op_class::c4 && can_reply) {
    remote_invocation r{c.invoke_id, c.code.local, spec.cls, 0};
    const dialogue_id did = d.id;
    const std::int8_t iid = c.invoke_id;
    r.timer =
        timers_.start(spec.timeout, [this, did, iid] { sink_.remote_invocation_timer(did, iid); });
    d.remote.push_back(r);
  }
  component_ind ind;
  ind.type = component_ind::kind::invoke;
  ind.invoke_id = c.invoke_id;
  ind.linked_id = c.linked_id;
  ind.code = c.code.local;
  ind.parameter = std::move(c.parameter);
  out.push_back(std::move(ind));
}

void component_sublayer::receive_reply(dialogue& d, codec::tc_component& c,
                                       std::vector<component_ind>& out, bool can_reply) {
  const bool is_error = c.type == kind::return_error;
  invocation* inv = d.find_invocation(c.invoke_id);
  if (inv == nullptr || inv->state != ism_state::op_sent) {
    reject(d, c.invoke_id,
           is_error ? reject_problem::of(return_error_problem::unrecognized_invoke_id)
                    : reject_problem::of(return_result_problem::unrecognized_invoke_id),
           out, can_reply);
    return;
  }
  if (is_error ? !reports_failure(inv->cls) : !reports_success(inv->cls)) {
    transition(d, *inv, ism_event::rx_reject);  // the invocation is spoilt: drop it
    reject(d, c.invoke_id,
           is_error ? reject_problem::of(return_error_problem::return_error_unexpected)
                    : reject_problem::of(return_result_problem::return_result_unexpected),
           out, can_reply);
    return;
  }
  component_ind ind;
  ind.invoke_id = c.invoke_id;
  ind.code = c.code.local;
  ind.parameter = std::move(c.parameter);
  ism_event e = ism_event::rx_error;
  if (c.type == kind::return_result_last) {
    ind.type = component_ind::kind::result_last;
    e = ism_event::rx_result_last;
  } else if (c.type == kind::return_result_not_last) {
    ind.type = component_ind::kind::result_not_last;
    e = ism_event::rx_result_not_last;
  } else {
    ind.type = component_ind::kind::u_error;
  }
  if (!c.has_result && !is_error) ind.code = inv->opcode;
  transition(d, *inv, e);
  if (inv->state == ism_state::wait_for_reject) {
    const dialogue_id did = d.id;
    const std::int8_t iid = inv->id;
    inv->timer =
        timers_.start(reject_timeout_, [this, did, iid] { sink_.invocation_timer(did, iid); });
  }
  out.push_back(std::move(ind));
}

void component_sublayer::receive_reject(dialogue& d, codec::tc_component& c,
                                        std::vector<component_ind>& out) {
  const reject_problem p = from_codec(c);
  component_ind ind;
  ind.type = provider_problem(p) ? component_ind::kind::r_reject : component_ind::kind::u_reject;
  if (c.invoke_id_derivable) ind.invoke_id = c.invoke_id;
  ind.problem = p;
  if (c.invoke_id_derivable) {
    if (p.kind == reject_problem::type::invoke || p.kind == reject_problem::type::general) {
      // Our invoke was rejected: that invocation is over.
      if (auto* inv = d.find_invocation(c.invoke_id)) {
        ind.code = inv->opcode;
        transition(d, *inv, ism_event::rx_reject);
      }
    } else if (auto* r = d.find_remote(c.invoke_id)) {
      // Our result/error was rejected: the peer's invocation is over.
      timers_.cancel(r->timer);
      d.erase_remote(c.invoke_id);
    }
  }
  out.push_back(std::move(ind));
}

void component_sublayer::receive(dialogue& d, std::vector<codec::tc_component>& comps,
                                 std::vector<component_ind>& out, bool can_reply) {
  out.reserve(out.size() + comps.size());
  for (auto& c : comps) {
    switch (c.type) {
      case kind::invoke:
        receive_invoke(d, c, out, can_reply);
        break;
      case kind::return_result_last:
      case kind::return_result_not_last:
      case kind::return_error:
        receive_reply(d, c, out, can_reply);
        break;
      case kind::reject:
        receive_reject(d, c, out);
        break;
    }
  }
}

void component_sublayer::receive_salvaged(dialogue& d, std::vector<salvaged_component>& comps,
                                          std::vector<component_ind>& out, bool can_reply) {
  for (auto& s : comps) {
    if (s.component) {
      std::vector<codec::tc_component> one{std::move(*s.component)};
      receive(d, one, out, can_reply);
    } else {
      reject(d, s.invoke_id, s.problem, out, can_reply);
    }
  }
}

std::optional<l_cancel_ind> component_sublayer::invocation_timer(dialogue& d,
                                                                 std::int8_t invoke_id) {
  invocation* inv = d.find_invocation(invoke_id);
  if (inv == nullptr) return std::nullopt;
  inv->timer = 0;  // fired
  if (inv->state == ism_state::wait_for_reject) {
    transition(d, *inv, ism_event::reject_timeout);
    return std::nullopt;
  }
  transition(d, *inv, ism_event::invoke_timeout);
  return l_cancel_ind{d.id, invoke_id, inv->opcode};
}

void component_sublayer::remote_invocation_timer(dialogue& d, std::int8_t invoke_id) {
  if (auto* r = d.find_remote(invoke_id)) {
    r->timer = 0;
    d.erase_remote(invoke_id);
  }
}

void component_sublayer::release(dialogue& d) {
  for (auto& i : d.invocations) timers_.cancel(i.timer);
  for (auto& r : d.remote) timers_.cancel(r.timer);
  d.invocations.clear();
  d.remote.clear();
}

}  // namespace cmr::in::tcap
