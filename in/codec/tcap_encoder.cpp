// encode_tc_message without asn1c: the TCAP framing (transaction portion,
// dialogue portion, components) written directly as DER around the already
// encoded component parameters.
//
// Why: asn1c's der_encode computes every nested length by encoding each
// level once more (a SEQUENCE asks its members for their size, and so on
// down), allocates a C structure per element, copies every parameter into it
// and frees it all again; for a TC-BEGIN carrying an InitialDP that was half
// of the codec's time (docs/performance.md, "TCAP and codec"). Here the
// message is written once, back to front, into one buffer: each TLV's
// content is written before its header, so every length is known when its
// header is written.
//
// The output is byte-identical to the asn1c encoder (encode_tc_message_asn1c,
// kept as the reference; tests/unit/tcap compares both on generated
// messages and every golden vector) and refuses the same messages.
#include <cstring>

#include "in/codec/tcap_message.h"

namespace cmr::in::codec {

namespace {

class rev_writer {
public:
  explicit rev_writer(std::size_t capacity) : buf_(capacity), pos_(capacity) {}

  [[nodiscard]] std::size_t end_mark() const { return buf_.size() - pos_; }
  [[nodiscard]] std::size_t since(std::size_t mark) const { return end_mark() - mark; }

  void byte(std::uint8_t b) {
    if (pos_ == 0) grow(1);
    buf_[--pos_] = b;
  }
  void raw(std::span<const std::uint8_t> s) {
    if (pos_ < s.size()) grow(s.size());
    pos_ -= s.size();
    if (!s.empty()) std::memcpy(buf_.data() + pos_, s.data(), s.size());
  }
  // Tag and DER length for content written since `mark`.
  void header(std::uint8_t tag, std::size_t mark) {
    std::size_t len = since(mark);
    if (len < 0x80) {
      byte(static_cast<std::uint8_t>(len));
    } else {
      std::uint8_t n = 0;
      while (len != 0) {
        byte(static_cast<std::uint8_t>(len));
        len >>= 8;
        ++n;
      }
      byte(static_cast<std::uint8_t>(0x80 | n));
    }
    byte(tag);
  }
  // DER INTEGER content: minimal two's complement.
  void integer(std::uint8_t tag, std::int64_t v) {
    const std::size_t m = end_mark();
    do {
      byte(static_cast<std::uint8_t>(v));
      v >>= 8;  // arithmetic: keeps the sign
    } while (!((v == 0 && (buf_[pos_] & 0x80) == 0) || (v == -1 && (buf_[pos_] & 0x80) != 0)));
    header(tag, m);
  }
  bytes take() && {
    buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(pos_));
    return std::move(buf_);
  }

private:
  void grow(std::size_t need) {
    const std::size_t used = buf_.size() - pos_;
    const std::size_t cap = std::max(buf_.size() * 2, used + need + 64);
    bytes n(cap);
    std::memcpy(n.data() + cap - used, buf_.data() + pos_, used);
    buf_ = std::move(n);
    pos_ = cap - used;
  }
  bytes buf_;
  std::size_t pos_;
};

// Base-128 subidentifier, written back to front.
void subidentifier(rev_writer& w, std::uint64_t v) {
  w.byte(static_cast<std::uint8_t>(v & 0x7f));
  v >>= 7;
  while (v != 0) {
    w.byte(static_cast<std::uint8_t>(0x80 | (v & 0x7f)));
    v >>= 7;
  }
}

// The OBJECT IDENTIFIER TLV; false for what asn1c's set_arcs refuses.
bool object_identifier(rev_writer& w, const oid& o) {
  if (o.size() < 2 || o.size() > 32 || o[0] > 2 || (o[0] < 2 && o[1] >= 39)) return false;
  const std::size_t m = w.end_mark();
  for (std::size_t i = o.size() - 1; i >= 2; --i) subidentifier(w, o[i]);
  subidentifier(w, std::uint64_t{o[0]} * 40 + o[1]);
  w.header(0x06, m);
  return true;
}

void protocol_version(rev_writer& w, bool present) {
  if (!present) return;
  static const std::uint8_t v1[] = {0x80, 0x02, 0x07, 0x80};
  w.raw(v1);
}

bool dialogue(rev_writer& w, const dialogue_portion& d) {
  const std::size_t portion = w.end_mark();
  const std::size_t external = w.end_mark();
  const std::size_t single = w.end_mark();
  const std::size_t pdu = w.end_mark();
  switch (d.kind) {
    case dialogue_portion::pdu::aarq:
    case dialogue_portion::pdu::audt: {
      const std::size_t acn = w.end_mark();
      if (!object_identifier(w, d.ac_name)) return false;
      w.header(0xa1, acn);
      protocol_version(w, d.protocol_version);
      w.header(0x60, pdu);  // [APPLICATION 0]: AARQ, and AUDT in its own PDU type
      break;
    }
    case dialogue_portion::pdu::aare: {
      const std::size_t diag = w.end_mark();
      const std::size_t inner = w.end_mark();
      w.integer(0x02, d.diagnostic);
      w.header(d.diagnostic_from_provider ? 0xa2 : 0xa1, inner);
      w.header(0xa3, diag);
      const std::size_t res = w.end_mark();
      w.integer(0x02, d.result);
      w.header(0xa2, res);
      const std::size_t acn = w.end_mark();
      if (!object_identifier(w, d.ac_name)) return false;
      w.header(0xa1, acn);
      protocol_version(w, d.protocol_version);
      w.header(0x61, pdu);
      break;
    }
    case dialogue_portion::pdu::abrt:
      w.integer(0x80, d.abort_source);
      w.header(0x64, pdu);
      break;
  }
  w.header(0xa0, single);
  if (!object_identifier(
          w, d.kind == dialogue_portion::pdu::audt ? uni_dialogue_as_id : dialogue_as_id)) {
    return false;
  }
  w.header(0x28, external);
  w.header(0x6b, portion);
  return true;
}

bool code(rev_writer& w, const tc_code& c) {
  if (c.global) return object_identifier(w, *c.global);
  w.integer(0x02, c.local);
  return true;
}

void parameter(rev_writer& w, const std::optional<bytes>& p) {
  if (p) w.raw(*p);
}

bool component(rev_writer& w, const tc_component& c) {
  const std::size_t m = w.end_mark();
  using k = tc_component::kind;
  switch (c.type) {
    case k::invoke:
      parameter(w, c.parameter);
      if (!code(w, c.code)) return false;
      if (c.linked_id) w.integer(0x80, *c.linked_id);
      w.integer(0x02, c.invoke_id);
      w.header(0xa1, m);
      return true;
    case k::return_result_last:
    case k::return_result_not_last:
      if (c.has_result) {
        // The result SEQUENCE requires a parameter; an empty one cannot be sent.
        if (!c.parameter || c.parameter->empty()) return false;
        const std::size_t seq = w.end_mark();
        w.raw(*c.parameter);
        if (!code(w, c.code)) return false;
        w.header(0x30, seq);
      }
      w.integer(0x02, c.invoke_id);
      w.header(c.type == k::return_result_last ? 0xa2 : 0xa7, m);
      return true;
    case k::return_error:
      parameter(w, c.parameter);
      if (!code(w, c.code)) return false;
      w.integer(0x02, c.invoke_id);
      w.header(0xa3, m);
      return true;
    case k::reject:
      w.integer(static_cast<std::uint8_t>(0x80 | static_cast<std::uint8_t>(c.problem)),
                c.problem_code);
      if (c.invoke_id_derivable) {
        w.integer(0x02, c.invoke_id);
      } else {
        w.byte(0x00);
        w.byte(0x05);
      }
      w.header(0xa4, m);
      return true;
  }
  return false;
}

bool components(rev_writer& w, const std::vector<tc_component>& cs) {
  if (cs.empty()) return true;
  // No check of SIZE (1..64): asn1c's encoder does not enforce it either.
  const std::size_t m = w.end_mark();
  for (std::size_t i = cs.size(); i-- > 0;) {
    if (!component(w, cs[i])) return false;
  }
  w.header(0x6c, m);
  return true;
}

bool tid(rev_writer& w, std::uint8_t tag, const bytes& t) {
  if (t.empty() || t.size() > 4) return false;
  const std::size_t m = w.end_mark();
  w.raw(t);
  w.header(tag, m);
  return true;
}

std::size_t estimate(const tc_message& m) {
  std::size_t n = 96;
  for (const auto& c : m.components) n += 16 + (c.parameter ? c.parameter->size() : 0);
  return n;
}

}  // namespace

bytes encode_tc_message(const tc_message& m) {
  rev_writer w(estimate(m));
  const std::size_t all = w.end_mark();
  bool ok = true;
  switch (m.type) {
    case tc_type::unidirectional:
      if (m.components.empty()) return {};
      ok = components(w, m.components) && (!m.dialogue || dialogue(w, *m.dialogue));
      w.header(0x61, all);
      break;
    case tc_type::begin:
      ok = components(w, m.components) && (!m.dialogue || dialogue(w, *m.dialogue)) &&
           tid(w, 0x48, m.otid);
      w.header(0x62, all);
      break;
    case tc_type::end:
      ok = components(w, m.components) && (!m.dialogue || dialogue(w, *m.dialogue)) &&
           tid(w, 0x49, m.dtid);
      w.header(0x64, all);
      break;
    case tc_type::continue_:
      ok = components(w, m.components) && (!m.dialogue || dialogue(w, *m.dialogue)) &&
           tid(w, 0x49, m.dtid) && tid(w, 0x48, m.otid);
      w.header(0x65, all);
      break;
    case tc_type::abort:
      if (m.p_abort && m.dialogue) return {};
      if (m.p_abort) {
        const auto cause = static_cast<std::uint8_t>(*m.p_abort);
        if (cause > 127) return {};  // TC-P-AbortCause (0..127)
        w.integer(0x4a, cause);
      } else if (m.dialogue) {
        ok = dialogue(w, *m.dialogue);
      }
      ok = ok && tid(w, 0x49, m.dtid);
      w.header(0x67, all);
      break;
  }
  if (!ok) return {};
  return std::move(w).take();
}

}  // namespace cmr::in::codec
