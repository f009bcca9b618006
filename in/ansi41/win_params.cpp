#include "in/ansi41/win_params.h"

#include <utility>

namespace cmr::in::ansi41 {

namespace {
// BCD nibble <-> character, as Wireshark's ANSI MAP Dgt_tbcd: 0-9, then
// 0xB/0xC ("code 11/12", never produced here), 0xD '*', 0xE '#'.
int bcd_nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c == '*') return 0xd;
  if (c == '#') return 0xe;
  return -1;
}
char bcd_char(unsigned n) {
  if (n <= 9) return static_cast<char>('0' + n);
  if (n == 0xd) return '*';
  if (n == 0xe) return '#';
  return 0;
}
}  // namespace

bool digits::valid() const {
  if (value.size() > 255) return false;
  for (char c : value)
    if (bcd_nibble(c) < 0) return false;
  return true;
}

namespace param {

result<set_view, decode_error> set_view::open(ber::span set) {
  auto malformed = [](std::string detail) {
    return unexpected{decode_error{decode_error::kind::malformed, "", std::move(detail)}};
  };
  std::size_t pos = 0;
  ber::element outer;
  if (ber::next(set, pos, outer) != ber::status::ok) return malformed("bad parameter set framing");
  if (pos != set.size()) return malformed("data after the parameter set");
  if (outer.cls != ber::cls_private || !outer.is_constructed || outer.number != 18)
    return malformed("not a SET [PRIVATE 18]");
  set_view v;
  std::size_t p = 0;
  for (;;) {
    ber::element e;
    const auto st = ber::next(outer.value, p, e);
    if (st == ber::status::end) break;
    if (st == ber::status::bad) return malformed("bad parameter framing");
    v.elems_.push_back(e);
  }
  return v;
}

const ber::element* set_view::find(std::uint32_t number) const {
  for (const auto& e : elems_)
    if (e.cls == ber::cls_context && e.number == number) return &e;
  return nullptr;
}

decode_error missing(const id& p) {
  return decode_error{decode_error::kind::missing, p.name, "mandatory parameter absent"};
}
decode_error bad_value(const id& p, std::string detail) {
  return decode_error{decode_error::kind::bad_value, p.name, std::move(detail)};
}

bool read_digits(ber::span v, digits& out) {
  if (v.size() < 4) return false;
  digits d;
  d.type = static_cast<digits::kind>(v[0]);
  d.international = (v[1] & 0x01) != 0;
  d.nature_other = static_cast<std::uint8_t>(v[1] & 0xfe);
  d.numbering_plan = static_cast<std::uint8_t>(v[2] >> 4);
  const unsigned encoding = v[2] & 0x0fU;
  const std::size_t count = v[3];
  const ber::span body = v.subspan(4);
  if (encoding == 1) {  // BCD
    if (body.size() != (count + 1) / 2) return false;
    for (std::size_t i = 0; i < count; ++i) {
      const unsigned n = (i % 2 == 0) ? (body[i / 2] & 0x0fU) : (body[i / 2] >> 4);
      const char c = bcd_char(n);
      if (c == 0) return false;
      d.value.push_back(c);
    }
    if (count % 2 == 1) {
      const unsigned filler = body.back() >> 4;
      if (filler != 0 && filler != 0xf) return false;
    }
  } else if (encoding == 2) {  // IA5
    if (body.size() != count) return false;
    for (auto b : body) {
      const char c = static_cast<char>(b);
      if (bcd_nibble(c) < 0) return false;
      d.value.push_back(c);
    }
  } else {
    return false;
  }
  out = std::move(d);
  return true;
}

bool read_billing_id(ber::span v, billing_id& out) {
  // MarketID (2), switch number (1), ID number (3), segment counter (1);
  // octets beyond are an extension this node ignores.
  if (v.size() < 7) return false;
  out.mscid = static_cast<std::uint32_t>(v[0]) << 16 | static_cast<std::uint32_t>(v[1]) << 8 | v[2];
  out.id_number =
      static_cast<std::uint32_t>(v[3]) << 16 | static_cast<std::uint32_t>(v[4]) << 8 | v[5];
  out.segment = v[6];
  return true;
}

bool read_mscid(ber::span v, std::uint32_t& out) {
  if (v.size() < 3) return false;
  out = static_cast<std::uint32_t>(v[0]) << 16 | static_cast<std::uint32_t>(v[1]) << 8 | v[2];
  return true;
}

bool read_octet(ber::span v, std::uint8_t& out) {
  if (v.empty()) return false;
  out = v[0];
  return true;
}

bool read_enumerated(ber::span v, std::uint8_t& out) {
  // One octet (X.S0004 sends 1-255 as one octet; read it unsigned), or the
  // minimal BER form 00 xx of a value 128-255.
  if (v.size() == 1) {
    out = v[0];
    return true;
  }
  if (v.size() == 2 && v[0] == 0 && (v[1] & 0x80) != 0) {
    out = v[1];
    return true;
  }
  return false;
}

bool read_integer(ber::span v, std::int32_t& out) {
  if (v.empty() || v.size() > 4) return false;
  std::uint32_t r = (v[0] & 0x80) ? 0xffffffffU : 0U;
  for (auto b : v) r = (r << 8) | b;
  out = static_cast<std::int32_t>(r);
  return true;
}

bool read_bytes(ber::span v, bytes& out) {
  if (v.empty()) return false;
  out.assign(v.begin(), v.end());
  return true;
}

bool read_min(ber::span v, std::string& out) {
  if (v.size() != 5) return false;
  std::string s;
  for (auto b : v) {
    const unsigned lo = b & 0x0fU, hi = b >> 4;
    if (lo > 9 || hi > 9) return false;
    s.push_back(static_cast<char>('0' + lo));
    s.push_back(static_cast<char>('0' + hi));
  }
  out = std::move(s);
  return true;
}

bool read_u32(ber::span v, std::uint32_t& out) {
  if (v.size() != 4) return false;
  out = static_cast<std::uint32_t>(v[0]) << 24 | static_cast<std::uint32_t>(v[1]) << 16 |
        static_cast<std::uint32_t>(v[2]) << 8 | v[3];
  return true;
}

bool read_i16(ber::span v, std::int16_t& out) {
  if (v.size() != 2) return false;
  out = static_cast<std::int16_t>(static_cast<std::uint16_t>(v[0] << 8 | v[1]));
  return true;
}

bool read_win_capability(ber::span v, win_capability& out) {
  win_capability w;
  std::size_t pos = 0;
  for (;;) {
    ber::element e;
    const auto st = ber::next(v, pos, e);
    if (st == ber::status::end) break;
    if (st == ber::status::bad) return false;
    if (e.cls != ber::cls_context || e.is_constructed) continue;
    bytes b;
    if (e.number == trigger_capability.number && !w.trigger_capability) {
      if (!read_bytes(e.value, b)) return false;
      w.trigger_capability = std::move(b);
    } else if (e.number == win_operations_capability.number && !w.operations_capability) {
      if (!read_bytes(e.value, b)) return false;
      w.operations_capability = std::move(b);
    }
  }
  out = std::move(w);
  return true;
}

bool read_announcement_list(ber::span v, std::vector<announcement_code>& out) {
  std::vector<announcement_code> list;
  std::size_t pos = 0;
  for (;;) {
    ber::element e;
    const auto st = ber::next(v, pos, e);
    if (st == ber::status::end) break;
    if (st == ber::status::bad) return false;
    if (e.cls != ber::cls_context || e.number != announcement_code_p.number) continue;
    // Tone, class, standard announcement, custom announcement (optional);
    // octets beyond the fourth are ignored.
    if (e.is_constructed || e.value.size() < 3 || list.size() == 10) return false;
    announcement_code a;
    a.tone = e.value[0];
    a.cls = e.value[1];
    a.standard = e.value[2];
    if (e.value.size() >= 4) a.custom = e.value[3];
    list.push_back(a);
  }
  if (list.empty()) return false;
  out = std::move(list);
  return true;
}

bool read_termination_destination(ber::span v, digits& out) {
  // TerminationList: SET OF CHOICE; the first PSTNTermination or
  // IntersystemTermination gives the DestinationDigits (LocalTermination
  // has none and is skipped).
  std::size_t pos = 0;
  for (;;) {
    ber::element e;
    const auto st = ber::next(v, pos, e);
    if (st != ber::status::ok) return false;
    if (e.cls != ber::cls_context || !e.is_constructed ||
        (e.number != pstn_termination.number && e.number != intersystem_termination.number))
      continue;
    std::size_t p = 0;
    for (;;) {
      ber::element d;
      if (ber::next(e.value, p, d) != ber::status::ok) return false;
      if (d.cls == ber::cls_context && !d.is_constructed && d.number == destination_digits.number)
        return read_digits(d.value, out);
    }
  }
}

namespace {
std::uint8_t bits(const id& p) {
  return static_cast<std::uint8_t>(ber::cls_context | (p.constructed ? ber::constructed : 0));
}
}  // namespace

void put_bytes(bytes& out, const id& p, ber::span v) {
  ber::put(out, bits(p), p.number, v);
}

void put_digits(bytes& out, const id& p, const digits& d) {
  const std::size_t count = d.value.size() > 255 ? 255 : d.value.size();
  bytes v{static_cast<std::uint8_t>(d.type),
          static_cast<std::uint8_t>((d.international ? 0x01 : 0x00) | (d.nature_other & 0xfe)),
          static_cast<std::uint8_t>((d.numbering_plan & 0x0f) << 4 | 0x01),
          static_cast<std::uint8_t>(count)};
  for (std::size_t i = 0; i < count; i += 2) {
    // A character the BCD table lacks becomes 0xA (spare), which every
    // reader refuses: callers check digits::valid() first.
    const int lo = bcd_nibble(d.value[i]);
    const int hi = i + 1 < count ? bcd_nibble(d.value[i + 1]) : 0;  // filler 0000
    v.push_back(static_cast<std::uint8_t>((hi < 0 ? 0xa : hi) << 4 | (lo < 0 ? 0xa : lo)));
  }
  put_bytes(out, p, v);
}

void put_billing_id(bytes& out, const billing_id& b) {
  const std::uint8_t v[7] = {static_cast<std::uint8_t>(b.mscid >> 16),
                             static_cast<std::uint8_t>(b.mscid >> 8),
                             static_cast<std::uint8_t>(b.mscid),
                             static_cast<std::uint8_t>(b.id_number >> 16),
                             static_cast<std::uint8_t>(b.id_number >> 8),
                             static_cast<std::uint8_t>(b.id_number),
                             b.segment};
  put_bytes(out, billing_id_p, v);
}

void put_mscid(bytes& out, std::uint32_t mscid) {
  const std::uint8_t v[3] = {static_cast<std::uint8_t>(mscid >> 16),
                             static_cast<std::uint8_t>(mscid >> 8),
                             static_cast<std::uint8_t>(mscid)};
  put_bytes(out, mscid_p, v);
}

void put_octet(bytes& out, const id& p, std::uint8_t v) {
  const std::uint8_t b[1] = {v};
  put_bytes(out, p, b);
}

void put_enumerated(bytes& out, const id& p, std::uint8_t v) {
  bytes b;
  ber::put_integer(b, v);
  put_bytes(out, p, b);
}

void put_integer(bytes& out, const id& p, std::int32_t v) {
  bytes b;
  ber::put_integer(b, v);
  put_bytes(out, p, b);
}

void put_min(bytes& out, const std::string& min) {
  std::uint8_t v[5] = {};
  for (std::size_t i = 0; i < 10 && i < min.size(); ++i) {
    const char c = min[i];
    const unsigned n = (c >= '0' && c <= '9') ? static_cast<unsigned>(c - '0') : 0U;
    v[i / 2] = static_cast<std::uint8_t>(v[i / 2] | (i % 2 == 0 ? n : n << 4));
  }
  put_bytes(out, min_p, v);
}

void put_u32(bytes& out, const id& p, std::uint32_t v) {
  const std::uint8_t b[4] = {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
                             static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
  put_bytes(out, p, b);
}

void put_i16(bytes& out, const id& p, std::int16_t v) {
  const auto u = static_cast<std::uint16_t>(v);
  const std::uint8_t b[2] = {static_cast<std::uint8_t>(u >> 8), static_cast<std::uint8_t>(u)};
  put_bytes(out, p, b);
}

void put_win_capability(bytes& out, const win_capability& w) {
  bytes inner;
  if (w.trigger_capability) put_bytes(inner, trigger_capability, *w.trigger_capability);
  if (w.operations_capability)
    put_bytes(inner, win_operations_capability, *w.operations_capability);
  put_bytes(out, win_capability_p, inner);
}

void put_announcement_list(bytes& out, const std::vector<announcement_code>& list) {
  bytes inner;
  for (const auto& a : list) {
    bytes v{a.tone, a.cls, a.standard};
    if (a.custom) v.push_back(*a.custom);
    put_bytes(inner, announcement_code_p, v);
  }
  put_bytes(out, announcement_list, inner);
}

void put_termination_list(bytes& out, const digits& destination) {
  bytes pstn;
  put_digits(pstn, destination_digits, destination);
  bytes list;
  put_bytes(list, pstn_termination, pstn);
  put_bytes(out, termination_list, list);
}

bytes wrap_set(const bytes& params) {
  bytes out;
  ber::put(out, ber::cls_private | ber::constructed, 18, params);
  return out;
}

}  // namespace param
}  // namespace cmr::in::ansi41
