// decode_tc_message: a direct reader for the common case, asn1c for the rest.
//
// Why: through asn1c, decoding a TCAP message meant a calloc per element,
// the dialogue PDU decoded a second time out of its EXTERNAL, a constraint
// walk, conversion to the plain structs and a free per element: 42 % of the
// TCAP layer's time (docs/performance.md, "TCAP and codec"). The reader here
// walks the definite-length BER that every peer sends and fills tc_message
// straight away.
//
// It accepts only what it fully understands and what asn1c would accept with
// the same result; anything else (indefinite lengths, unidirectional
// messages, user information, extension alternatives, unusual integer
// widths, values outside the types' constraints, ...) makes it decline, and
// the asn1c decoder (decode_tc_message_asn1c) decides, errors included.
// tests/unit/tcap/decoder_test.cpp checks both agree on the golden vectors,
// generated messages and random mutations of them.
#include "in/codec/asn1_support.h"
#include "in/codec/tcap_message.h"

namespace cmr::in::codec {

namespace {

using span = std::span<const std::uint8_t>;

struct tlv {
  std::uint8_t tag = 0;
  span content;
  span whole;
};

// Reads TLVs off the front of a span; definite lengths up to 0xffff only.
class reader {
public:
  explicit reader(span s) : s_(s) {}
  [[nodiscard]] bool empty() const { return s_.empty(); }
  [[nodiscard]] std::uint8_t peek() const { return s_.empty() ? 0 : s_[0]; }
  bool next(tlv& t) {
    if (s_.size() < 2) return false;
    std::size_t pos = 1;
    if ((s_[0] & 0x1f) == 0x1f) {
      // High tag numbers appear only inside parameters (CAP [50] and up);
      // TCAP's own tags are single octets, so `tag` keeps the first one.
      while (pos < s_.size() && (s_[pos] & 0x80) != 0) ++pos;
      if (++pos >= s_.size()) return false;
    }
    std::size_t len = s_[pos++];
    if (len == 0x81) {
      if (pos >= s_.size()) return false;
      len = s_[pos++];
    } else if (len == 0x82) {
      if (pos + 2 > s_.size()) return false;
      len = (std::size_t{s_[pos]} << 8) | s_[pos + 1];
      pos += 2;
    } else if (len >= 0x80) {
      return false;  // indefinite or longer forms: asn1c's business
    }
    if (len > s_.size() - pos) return false;
    t.tag = s_[0];
    t.content = s_.subspan(pos, len);
    t.whole = s_.subspan(0, pos + len);
    s_ = s_.subspan(pos + len);
    return true;
  }
  // The next TLV if it has this tag.
  bool take(std::uint8_t tag, tlv& t) {
    if (peek() != tag) return false;
    return next(t);
  }

private:
  span s_;
};

bool small_int(span c, std::int64_t& v, std::size_t max_len) {
  if (c.empty() || c.size() > max_len) return false;
  v = c[0] >= 0x80 ? std::int64_t{c[0]} - 256 : std::int64_t{c[0]};  // sign from the first octet
  for (std::size_t i = 1; i < c.size(); ++i) v = v * 256 + c[i];
  return true;
}

bool invoke_id(const tlv& t, std::int8_t& out) {
  if (t.tag != 0x02 && t.tag != 0x80) return false;
  if (t.content.size() != 1) return false;  // wider forms: let asn1c judge
  out = static_cast<std::int8_t>(t.content[0]);
  return true;
}

bool object_identifier(span c, oid& out) {
  if (c.empty() || (c.back() & 0x80) != 0) return false;
  out.clear();
  std::uint64_t v = 0;
  std::size_t octets = 0;
  for (std::uint8_t b : c) {
    if (octets == 0 && b == 0x80) return false;  // non-minimal subidentifier
    v = (v << 7) | (b & 0x7f);
    if (++octets > 5 || v > 0xffffffffULL) return false;
    if ((b & 0x80) != 0) continue;
    if (out.empty()) {
      const auto first = static_cast<std::uint32_t>(std::min<std::uint64_t>(v / 40, 2));
      out.push_back(first);
      out.push_back(static_cast<std::uint32_t>(v - std::uint64_t{first} * 40));
    } else {
      out.push_back(static_cast<std::uint32_t>(v));
    }
    v = 0;
    octets = 0;
  }
  // What oid_from_asn refuses (asn1c cannot send such an OID back).
  return out.size() <= 32 && !(out[0] < 2 && out[1] >= 39);
}

bool code(const tlv& t, tc_code& out) {
  if (t.tag == 0x02) {
    std::int64_t v = 0;
    if (!small_int(t.content, v, 4)) return false;
    out.local = static_cast<std::int32_t>(v);
    return true;
  }
  if (t.tag == 0x06) {
    oid o;
    if (!object_identifier(t.content, o)) return false;
    out.global = std::move(o);
    return true;
  }
  return false;
}

// An optional ANY: exactly one TLV, or nothing.
bool parameter(reader& r, std::optional<bytes>& out) {
  if (r.empty()) return true;
  tlv t;
  if (!r.next(t) || !r.empty()) return false;
  out = bytes(t.whole.begin(), t.whole.end());
  return true;
}

bool component(const tlv& t, tc_component& c) {
  reader r(t.content);
  tlv f;
  using k = tc_component::kind;
  switch (t.tag) {
    case 0xa1:
      c.type = k::invoke;
      if (!r.take(0x02, f) || !invoke_id(f, c.invoke_id)) return false;
      if (r.peek() == 0x80) {
        std::int8_t l = 0;
        if (!r.next(f) || !invoke_id(f, l)) return false;
        c.linked_id = l;
      }
      if (!r.next(f) || !code(f, c.code)) return false;
      return parameter(r, c.parameter);
    case 0xa2:
    case 0xa7:
      c.type = t.tag == 0xa2 ? k::return_result_last : k::return_result_not_last;
      if (!r.take(0x02, f) || !invoke_id(f, c.invoke_id)) return false;
      if (r.empty()) return true;
      if (!r.take(0x30, f) || !r.empty()) return false;
      {
        reader s(f.content);
        tlv op;
        c.has_result = true;
        if (!s.next(op) || !code(op, c.code) || s.empty()) return false;
        return parameter(s, c.parameter);
      }
    case 0xa3:
      c.type = k::return_error;
      if (!r.take(0x02, f) || !invoke_id(f, c.invoke_id)) return false;
      if (!r.next(f) || !code(f, c.code)) return false;
      return parameter(r, c.parameter);
    case 0xa4: {
      c.type = k::reject;
      if (!r.next(f)) return false;
      if (f.tag == 0x05) {
        if (!f.content.empty()) return false;
        c.invoke_id_derivable = false;
      } else if (!invoke_id(f, c.invoke_id)) {
        return false;
      }
      if (!r.next(f) || !r.empty() || f.tag < 0x80 || f.tag > 0x83) return false;
      std::int64_t v = 0;
      if (!small_int(f.content, v, 2) || v < 0 || v > 255) return false;
      c.problem = static_cast<tc_component::problem_type>(f.tag - 0x80);
      c.problem_code = static_cast<std::uint8_t>(v);
      return true;
    }
    default:
      return false;
  }
}

bool components(const tlv& portion, std::vector<tc_component>& out) {
  reader r(portion.content);
  tlv t;
  while (!r.empty()) {
    if (!r.next(t)) return false;
    tc_component c;
    if (!component(t, c)) return false;
    out.push_back(std::move(c));
  }
  return !out.empty() && out.size() <= 64;
}

bool version(reader& r, bool& present) {
  tlv t;
  present = false;
  if (r.peek() != 0x80) return true;
  if (!r.next(t) || t.content.size() != 2 || t.content[0] != 0x07 || t.content[1] != 0x80) {
    return false;
  }
  present = true;
  return true;
}

bool ac_name(reader& r, oid& out) {
  tlv t;
  tlv o;
  if (!r.take(0xa1, t)) return false;
  reader inner(t.content);
  return inner.take(0x06, o) && inner.empty() && object_identifier(o.content, out);
}

bool explicit_int(reader& r, std::uint8_t tag, std::int64_t& v, std::int64_t max) {
  tlv t;
  tlv i;
  if (!r.take(tag, t)) return false;
  reader inner(t.content);
  return inner.take(0x02, i) && inner.empty() && small_int(i.content, v, 2) && v >= 0 && v <= max;
}

bool dialogue(const tlv& portion, dialogue_portion& d) {
  static const std::uint8_t structured[] = {0x00, 0x11, 0x86, 0x05, 0x01, 0x01, 0x01};
  reader r(portion.content);
  tlv ext;
  if (!r.take(0x28, ext) || !r.empty()) return false;
  reader e(ext.content);
  tlv ref;
  tlv single;
  if (!e.take(0x06, ref) || !std::equal(ref.content.begin(), ref.content.end(),
                                        std::begin(structured), std::end(structured))) {
    return false;  // unidirectional and anything else: asn1c
  }
  if (!e.take(0xa0, single) || !e.empty()) return false;
  reader s(single.content);
  tlv pdu;
  if (!s.next(pdu) || !s.empty()) return false;
  reader p(pdu.content);
  std::int64_t v = 0;
  switch (pdu.tag) {
    case 0x60:
      d.kind = dialogue_portion::pdu::aarq;
      if (!version(p, d.protocol_version) || !ac_name(p, d.ac_name)) return false;
      break;
    case 0x61: {
      d.kind = dialogue_portion::pdu::aare;
      if (!version(p, d.protocol_version) || !ac_name(p, d.ac_name)) return false;
      if (!explicit_int(p, 0xa2, v, 1)) return false;
      d.result = static_cast<std::uint8_t>(v);
      tlv diag;
      if (!p.take(0xa3, diag)) return false;
      reader dr(diag.content);
      const std::uint8_t which = dr.peek();
      if (which != 0xa1 && which != 0xa2) return false;
      if (!explicit_int(dr, which, v, 255) || !dr.empty()) return false;
      d.diagnostic_from_provider = which == 0xa2;
      d.diagnostic = static_cast<std::uint8_t>(v);
      break;
    }
    case 0x64: {
      d.kind = dialogue_portion::pdu::abrt;
      tlv src;
      if (!p.take(0x80, src) || !small_int(src.content, v, 1) || v < 0 || v > 1) return false;
      d.abort_source = static_cast<std::uint8_t>(v);
      break;
    }
    default:
      return false;
  }
  return p.empty();  // user information present: asn1c
}

bool tid(reader& r, std::uint8_t tag, bytes& out) {
  tlv t;
  if (!r.take(tag, t) || t.content.empty() || t.content.size() > 4) return false;
  out.assign(t.content.begin(), t.content.end());
  return true;
}

bool optional_portions(reader& r, tc_message& m) {
  tlv t;
  if (r.peek() == 0x6b) {
    if (!r.next(t)) return false;
    m.dialogue = dialogue_portion{};
    if (!dialogue(t, *m.dialogue)) return false;
  }
  if (r.peek() == 0x6c) {
    if (!r.next(t) || !components(t, m.components)) return false;
  }
  return r.empty();
}

std::optional<tc_message> fast_decode(span in) {
  if (in.empty() || in.size() > max_message_size || !detail::ber_framing_ok(in)) {
    return std::nullopt;
  }
  reader top(in);
  tlv msg;
  if (!top.next(msg) || !top.empty()) return std::nullopt;
  reader r(msg.content);
  tc_message m;
  bool ok = false;
  switch (msg.tag) {
    case 0x62:
      m.type = tc_type::begin;
      ok = tid(r, 0x48, m.otid) && optional_portions(r, m);
      break;
    case 0x64:
      m.type = tc_type::end;
      ok = tid(r, 0x49, m.dtid) && optional_portions(r, m);
      break;
    case 0x65:
      m.type = tc_type::continue_;
      ok = tid(r, 0x48, m.otid) && tid(r, 0x49, m.dtid) && optional_portions(r, m);
      break;
    case 0x67: {
      m.type = tc_type::abort;
      ok = tid(r, 0x49, m.dtid);
      tlv t;
      if (ok && r.peek() == 0x4a) {
        std::int64_t v = 0;
        ok = r.next(t) && small_int(t.content, v, 1) && v >= 0 && v <= 4 && r.empty();
        m.p_abort = static_cast<p_abort_cause>(v);
      } else if (ok && r.peek() == 0x6b) {
        m.dialogue = dialogue_portion{};
        ok = r.next(t) && dialogue(t, *m.dialogue) && r.empty();
      } else {
        ok = ok && r.empty();
      }
      break;
    }
    default:
      return std::nullopt;  // unidirectional, unknown types: asn1c
  }
  if (!ok) return std::nullopt;
  return m;
}

}  // namespace

decode_result<tc_message> decode_tc_message(std::span<const std::uint8_t> in) {
  if (auto m = fast_decode(in)) return std::move(*m);
  return decode_tc_message_asn1c(in);
}

}  // namespace cmr::in::codec
