// ANSI TCAP codec (T1.114.3), the reading side: parse_package, decode_message.
// encode_message is in ansi_tcap_encoder.cpp.
#include <utility>

#include "in/ansi_tcap/ansi_tcap_message.h"
#include "in/ansi_tcap/ber.h"
#include "in/ansi_tcap/tags.h"

namespace cmr::in::ansi_tcap {

namespace {

using namespace tags;
using ber::span;
using ber::status;

std::optional<package> package_of(std::uint8_t tag) {
  switch (tag) {
    case 0xe1:
    case 0xe2:
    case 0xe3:
    case 0xe4:
    case 0xe5:
    case 0xe6:
    case 0xf6:
      return static_cast<package>(tag);
    default:
      return std::nullopt;
  }
}

bool is_component_tag(std::uint8_t t) {
  return t >= 0xe9 && t <= 0xee;
}

// Best effort for the Abort of an unusable package: the TID element when it
// is the first thing inside the package, however damaged the rest.
void salvage_tids(span in, package_error& e) {
  if (in.size() < 2) return;
  std::size_t p = 1;
  std::size_t len_octets = 1;
  if (in[p] & 0x80) len_octets += static_cast<std::size_t>(in[p] & 0x7f);
  p += len_octets;
  if (p + 2 > in.size() || in[p] != tag_tid) return;
  const std::size_t n = in[p + 1];
  if ((n != 4 && n != 8) || p + 2 + n > in.size()) return;
  const span v = in.subspan(p + 2, n);
  const auto pk = package_of(in[0]);
  const bool responding_only = pk && (*pk == package::response || *pk == package::abort);
  if (n == 8) {
    e.originating_tid = ber::to_u32(v.first(4));
    e.responding_tid = ber::to_u32(v.subspan(4));
  } else if (responding_only) {
    e.responding_tid = ber::to_u32(v);
  } else {
    e.originating_tid = ber::to_u32(v);
  }
}

package_error fail(span in, p_abort_cause cause, std::string detail) {
  package_error e;
  e.tag = in.empty() ? 0 : in[0];
  e.cause = cause;
  e.detail = std::move(detail);
  salvage_tids(in, e);
  return e;
}

bool parse_dialogue(span v, dialogue_portion& d, std::string& why) {
  std::size_t pos = 0;
  ber::tlv t;
  int stage = 0;  // 0: version next, 1: AC next, 2: the rest
  for (;;) {
    const status s = ber::next(v, pos, t);
    if (s == status::end) return true;
    if (s == status::bad) {
      why = "dialogue portion framing";
      return false;
    }
    if (t.tag == tag_version && stage == 0) {
      if (t.value.size() != 1) {
        why = "protocol version length";
        return false;
      }
      d.protocol_version = t.value[0];
      stage = 1;
    } else if (t.tag == tag_int_ac && stage <= 1) {
      d.integer_ac = ber::to_i32(t.value);
      if (!d.integer_ac) {
        why = "integer application context";
        return false;
      }
      stage = 2;
    } else if (t.tag == tag_oid_ac && stage <= 1) {
      d.object_ac = ber::to_oid(t.value);
      if (!d.object_ac) {
        why = "object application context";
        return false;
      }
      stage = 2;
    } else if (t.tag == tag_user_info || t.tag == 0x80 || t.tag == 0x81 || t.tag == 0xa2) {
      // user information, security context (integer / OID), confidentiality
      d.rest.insert(d.rest.end(), t.whole.begin(), t.whole.end());
      stage = 2;
    } else {
      why = "unexpected element in dialogue portion";
      return false;
    }
  }
}

salvaged_component bad(std::uint16_t problem, std::optional<std::uint8_t> id) {
  salvaged_component s;
  s.bad.problem = problem;
  s.bad.component_id = id;
  return s;
}

salvaged_component parse_component(const ber::tlv& ct) {
  if (!is_component_tag(ct.tag)) return bad(problem::unrecognized_component_type, std::nullopt);
  component c;
  c.type = static_cast<component::kind>(ct.tag);
  const bool invoke =
      c.type == component::kind::invoke_last || c.type == component::kind::invoke_not_last;
  std::vector<ber::tlv> el;
  std::size_t pos = 0;
  for (;;) {
    ber::tlv t;
    const status s = ber::next(ct.value, pos, t);
    if (s == status::end) break;
    if (s == status::bad || el.size() == 4)
      return bad(problem::badly_structured_component_portion, std::nullopt);
    el.push_back(t);
  }
  std::size_t i = 0;
  // Component IDs.
  std::optional<std::uint8_t> id_for_reject;
  if (i < el.size() && el[i].tag == tag_component_ids) {
    const span v = el[i].value;
    if (!v.empty()) id_for_reject = v[0];
    const std::size_t max = invoke ? 2 : 1;
    const std::size_t min = (invoke || c.type == component::kind::reject) ? 0 : 1;
    if (v.size() < min || v.size() > max)
      return bad(problem::incorrect_component_coding, id_for_reject);
    if (invoke) {
      if (!v.empty()) c.invoke_id = v[0];
      if (v.size() == 2) c.correlation_id = v[1];
    } else if (!v.empty()) {
      c.correlation_id = v[0];
    }
    ++i;
  } else if (!invoke) {
    return bad(problem::incorrect_component_portion, std::nullopt);
  }
  switch (c.type) {
    case component::kind::invoke_last:
    case component::kind::invoke_not_last:
      if (i >= el.size() || (el[i].tag != tag_op_national && el[i].tag != tag_op_private))
        return bad(problem::incorrect_component_portion, id_for_reject);
      if (el[i].value.size() != 2) return bad(problem::incorrect_component_coding, id_for_reject);
      c.operation.is_private = el[i].tag == tag_op_private;
      c.operation.value = static_cast<std::uint16_t>(el[i].value[0] << 8 | el[i].value[1]);
      ++i;
      break;
    case component::kind::return_error:
      if (i >= el.size() || (el[i].tag != tag_err_national && el[i].tag != tag_err_private))
        return bad(problem::incorrect_component_portion, id_for_reject);
      if (el[i].value.size() != 1) return bad(problem::incorrect_component_coding, id_for_reject);
      c.error.is_private = el[i].tag == tag_err_private;
      c.error.value = el[i].value[0];
      ++i;
      break;
    case component::kind::reject:
      if (i >= el.size() || el[i].tag != tag_problem)
        return bad(problem::incorrect_component_portion, id_for_reject);
      if (el[i].value.size() != 2) return bad(problem::incorrect_component_coding, id_for_reject);
      c.problem = static_cast<std::uint16_t>(el[i].value[0] << 8 | el[i].value[1]);
      ++i;
      // The mandatory empty parameter set (or sequence).
      if (i >= el.size() ||
          (el[i].tag != tag_param_set && el[i].tag != tag_param_seq_private &&
           el[i].tag != tag_param_seq) ||
          !el[i].value.empty())
        return bad(problem::incorrect_component_portion, id_for_reject);
      c.parameter = bytes(el[i].whole.begin(), el[i].whole.end());
      ++i;
      break;
    case component::kind::return_result_last:
    case component::kind::return_result_not_last:
      break;
  }
  if (c.type != component::kind::reject && i < el.size()) {
    if (!is_parameter_tag(el[i].tag))
      return bad(problem::incorrect_component_portion, id_for_reject);
    c.parameter = bytes(el[i].whole.begin(), el[i].whole.end());
    ++i;
  }
  if (i != el.size()) return bad(problem::incorrect_component_portion, id_for_reject);
  salvaged_component s;
  s.ok = std::move(c);
  return s;
}

}  // namespace

const char* to_string(package p) {
  switch (p) {
    case package::unidirectional:
      return "UNIDIRECTIONAL";
    case package::query_with_permission:
      return "QUERY-WITH-PERM";
    case package::query_without_permission:
      return "QUERY-WITHOUT-PERM";
    case package::response:
      return "RESPONSE";
    case package::conversation_with_permission:
      return "CONVERSATION-WITH-PERM";
    case package::conversation_without_permission:
      return "CONVERSATION-WITHOUT-PERM";
    case package::abort:
      return "ABORT";
  }
  return "?";
}

bool is_query(package p) {
  return p == package::query_with_permission || p == package::query_without_permission;
}
bool is_conversation(package p) {
  return p == package::conversation_with_permission ||
         p == package::conversation_without_permission;
}
bool grants_permission(package p) {
  return p == package::query_with_permission || p == package::conversation_with_permission;
}

const char* to_string(p_abort_cause c) {
  switch (c) {
    case p_abort_cause::unrecognized_package_type:
      return "unrecognizedPackageType";
    case p_abort_cause::incorrect_transaction_portion:
      return "incorrectTransactionPortion";
    case p_abort_cause::badly_structured_transaction_portion:
      return "badlyStructuredTransactionPortion";
    case p_abort_cause::unassigned_responding_transaction_id:
      return "unassignedRespondingTransactionID";
    case p_abort_cause::permission_to_release_problem:
      return "permissionToReleaseProblem";
    case p_abort_cause::resource_unavailable:
      return "resourceUnavailable";
    case p_abort_cause::unrecognized_dialogue_portion_id:
      return "unrecognizedDialoguePortionID";
    case p_abort_cause::badly_structured_dialogue_portion:
      return "badlyStructuredDialoguePortion";
    case p_abort_cause::missing_dialogue_portion:
      return "missingDialoguePortion";
    case p_abort_cause::inconsistent_dialogue_portion:
      return "inconsistentDialoguePortion";
  }
  return "?";
}

parse_result parse_package(std::span<const std::uint8_t> in) {
  using cmr::unexpected;
  if (in.empty()) return unexpected{fail(in, p_abort_cause::unrecognized_package_type, "empty")};
  if (in.size() > codec::max_message_size)
    return unexpected{fail(in, p_abort_cause::badly_structured_transaction_portion, "too large")};
  const auto pk = package_of(in[0]);
  if (!pk) return unexpected{fail(in, p_abort_cause::unrecognized_package_type, "package tag")};
  const auto outer = ber::single(in);
  if (!outer)
    return unexpected{fail(in, p_abort_cause::badly_structured_transaction_portion, "framing")};

  parsed_package out;
  message& m = out.msg;
  m.type = *pk;
  m.has_component_portion = false;
  std::size_t pos = 0;
  ber::tlv t;
  // Transaction ID.
  if (ber::next(outer->value, pos, t) != status::ok || t.tag != tag_tid)
    return unexpected{fail(in, p_abort_cause::badly_structured_transaction_portion, "no TID")};
  if (t.value.size() != tid_octets(*pk))
    return unexpected{fail(in, p_abort_cause::incorrect_transaction_portion, "TID length")};
  if (is_conversation(*pk)) {
    m.originating_tid = *ber::to_u32(t.value.first(4));
    m.responding_tid = *ber::to_u32(t.value.subspan(4));
  } else if (is_query(*pk)) {
    m.originating_tid = *ber::to_u32(t.value);
  } else if (*pk != package::unidirectional) {
    m.responding_tid = *ber::to_u32(t.value);
  }
  auto fail_here = [&](p_abort_cause c, const char* why) {
    package_error e = fail(in, c, why);
    return e;
  };
  status s = ber::next(outer->value, pos, t);
  if (s == status::ok && t.tag == tag_dialogue) {
    dialogue_portion d;
    std::string why;
    if (!parse_dialogue(t.value, d, why))
      return unexpected{fail_here(p_abort_cause::badly_structured_dialogue_portion, why.c_str())};
    m.dialogue = std::move(d);
    s = ber::next(outer->value, pos, t);
  }
  if (*pk == package::abort) {
    if (s == status::ok && t.tag == tag_p_abort) {
      if (t.value.size() != 1 || t.value[0] < 1 || t.value[0] > 10)
        return unexpected{fail_here(p_abort_cause::incorrect_transaction_portion, "P-Abort cause")};
      m.abort_cause = static_cast<p_abort_cause>(t.value[0]);
      s = ber::next(outer->value, pos, t);
    } else if (s == status::ok && (t.tag == tag_user_abort_c || t.tag == tag_user_abort_p)) {
      m.user_abort_info = bytes(t.whole.begin(), t.whole.end());
      s = ber::next(outer->value, pos, t);
    }
  } else if (s == status::ok && t.tag == tag_components) {
    m.has_component_portion = true;
    std::size_t cpos = 0;
    ber::tlv ct;
    for (;;) {
      const status cs = ber::next(t.value, cpos, ct);
      if (cs == status::end) break;
      if (cs == status::bad || out.components.size() >= 64) {
        // The rest of the portion is unreadable: one Reject stands for it.
        out.components.push_back(bad(problem::badly_structured_component_portion, std::nullopt));
        break;
      }
      out.components.push_back(parse_component(ct));
    }
    s = ber::next(outer->value, pos, t);
  }
  if (s != status::end)
    return unexpected{fail_here(p_abort_cause::badly_structured_transaction_portion,
                                "unexpected element in package")};
  if (*pk == package::unidirectional && !m.has_component_portion)
    return unexpected{fail_here(p_abort_cause::badly_structured_transaction_portion,
                                "unidirectional without components")};
  return out;
}

codec::decode_result<message> decode_message(std::span<const std::uint8_t> in) {
  auto p = parse_package(in);
  if (!p)
    return cmr::unexpected{
        codec::decode_error{codec::decode_error::kind::malformed, std::move(p.error().detail)}};
  message m = std::move(p.value().msg);
  for (auto& c : p.value().components) {
    if (!c.ok)
      return cmr::unexpected{
          codec::decode_error{codec::decode_error::kind::malformed, "faulty component"}};
    m.components.push_back(std::move(*c.ok));
  }
  return m;
}

}  // namespace cmr::in::ansi_tcap
