// ANSI TCAP codec (T1.114.3), the writing side: encode_message (definite,
// minimal lengths; refuses what T1.114 does not allow).
#include "in/ansi_tcap/ansi_tcap_message.h"
#include "in/ansi_tcap/ber.h"
#include "in/ansi_tcap/tags.h"

namespace cmr::in::ansi_tcap {

using namespace tags;
using ber::status;

namespace {

bool valid_parameter(const bytes& p, bool reject) {
  const auto t = ber::single(p);
  if (!t) return false;
  if (reject)
    return t->value.empty() &&
           (t->tag == tag_param_set || t->tag == tag_param_seq_private || t->tag == tag_param_seq);
  return is_parameter_tag(t->tag);
}

bool encode_component(const component& c, bytes& out) {
  bytes v;
  const bool invoke =
      c.type == component::kind::invoke_last || c.type == component::kind::invoke_not_last;
  // Component IDs.
  std::vector<std::uint8_t> ids;
  if (invoke) {
    if (c.invoke_id) ids.push_back(*c.invoke_id);
    if (c.correlation_id) {
      if (!c.invoke_id) return false;
      ids.push_back(*c.correlation_id);
    }
    if (!ids.empty()) ber::put(v, tag_component_ids, ids);
  } else {
    if (c.correlation_id) ids.push_back(*c.correlation_id);
    if (ids.empty() && c.type != component::kind::reject) return false;
    ber::put(v, tag_component_ids, ids);
  }
  switch (c.type) {
    case component::kind::invoke_last:
    case component::kind::invoke_not_last: {
      const std::uint8_t op[2] = {static_cast<std::uint8_t>(c.operation.value >> 8),
                                  static_cast<std::uint8_t>(c.operation.value)};
      ber::put(v, c.operation.is_private ? tag_op_private : tag_op_national, op);
      break;
    }
    case component::kind::return_error: {
      if (c.error.value > 0xff) return false;
      const std::uint8_t e[1] = {static_cast<std::uint8_t>(c.error.value)};
      ber::put(v, c.error.is_private ? tag_err_private : tag_err_national, e);
      break;
    }
    case component::kind::reject: {
      const std::uint8_t p[2] = {static_cast<std::uint8_t>(c.problem >> 8),
                                 static_cast<std::uint8_t>(c.problem)};
      ber::put(v, tag_problem, p);
      if (!c.parameter) {
        ber::put(v, tag_param_set, {});
        break;
      }
      if (!valid_parameter(*c.parameter, true)) return false;
      v.insert(v.end(), c.parameter->begin(), c.parameter->end());
      break;
    }
    case component::kind::return_result_last:
    case component::kind::return_result_not_last:
      break;
  }
  if (c.type != component::kind::reject && c.parameter) {
    if (!valid_parameter(*c.parameter, false)) return false;
    v.insert(v.end(), c.parameter->begin(), c.parameter->end());
  }
  ber::put(out, static_cast<std::uint8_t>(c.type), v);
  return true;
}

bool encode_dialogue(const dialogue_portion& d, bytes& out) {
  bytes v;
  if (d.protocol_version) {
    const std::uint8_t pv[1] = {*d.protocol_version};
    ber::put(v, tag_version, pv);
  }
  if (d.integer_ac && d.object_ac) return false;
  if (d.integer_ac) ber::put_i32(v, tag_int_ac, *d.integer_ac);
  if (d.object_ac && !ber::put_oid(v, tag_oid_ac, *d.object_ac)) return false;
  // The kept elements must be well-framed TLVs of the allowed tags.
  std::size_t pos = 0;
  ber::tlv t;
  for (;;) {
    const status s = ber::next(d.rest, pos, t);
    if (s == status::end) break;
    if (s == status::bad) return false;
    if (t.tag != tag_user_info && t.tag != 0x80 && t.tag != 0x81 && t.tag != 0xa2) return false;
  }
  v.insert(v.end(), d.rest.begin(), d.rest.end());
  ber::put(out, tag_dialogue, v);
  return true;
}

}  // namespace

bytes encode_message(const message& m) {
  bytes v;
  switch (tid_octets(m.type)) {
    case 0:
      ber::put(v, tag_tid, {});
      break;
    case 4:
      ber::put_u32(v, tag_tid, is_query(m.type) ? m.originating_tid : m.responding_tid, 4);
      break;
    default: {
      std::uint8_t t[8];
      for (int i = 0; i < 4; ++i) {
        t[i] = static_cast<std::uint8_t>(m.originating_tid >> (24 - 8 * i));
        t[4 + i] = static_cast<std::uint8_t>(m.responding_tid >> (24 - 8 * i));
      }
      ber::put(v, tag_tid, t);
    }
  }
  if (m.dialogue && !encode_dialogue(*m.dialogue, v)) return {};
  if (m.type == package::abort) {
    if (!m.components.empty() || (m.abort_cause && m.user_abort_info)) return {};
    if (m.abort_cause) {
      const std::uint8_t c[1] = {static_cast<std::uint8_t>(*m.abort_cause)};
      ber::put(v, tag_p_abort, c);
    } else if (m.user_abort_info) {
      const auto t = ber::single(*m.user_abort_info);
      if (!t || (t->tag != tag_user_abort_c && t->tag != tag_user_abort_p)) return {};
      v.insert(v.end(), m.user_abort_info->begin(), m.user_abort_info->end());
    }
  } else {
    if (!m.has_component_portion && !m.components.empty()) return {};
    if (m.type == package::unidirectional && !m.has_component_portion) return {};
    if (m.has_component_portion) {
      bytes cs;
      for (const auto& c : m.components) {
        if (!encode_component(c, cs)) return {};
      }
      ber::put(v, tag_components, cs);
    }
  }
  bytes out;
  ber::put(out, static_cast<std::uint8_t>(m.type), v);
  if (out.size() > codec::max_message_size) return {};
  return out;
}

}  // namespace cmr::in::ansi_tcap
