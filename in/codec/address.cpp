#include "in/codec/address.h"

namespace cmr::in::codec {

namespace {
// BCD/TBCD nibble values: 0-9 digits, then the code points both ISUP and MAP
// use for the over-decadic digits.
int nibble_of(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  switch (c) {
    case '*': case 'b': case 'B': return 0xb;
    case '#': case 'c': case 'C': return 0xc;
    case 'a': case 'A': return 0xa;
    case 'd': case 'D': return 0xd;
    case 'e': case 'E': return 0xe;
    case 'f': case 'F': return 0xf;
    default: return -1;
  }
}
const char digit_chars[] = "0123456789abcdef";
}  // namespace

bool pack_bcd(const std::string& digits, bytes& out, bool filler_f) {
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    int lo = nibble_of(digits[i]);
    int hi = i + 1 < digits.size() ? nibble_of(digits[i + 1]) : (filler_f ? 0xf : 0);
    if (lo < 0 || hi < 0) return false;
    out.push_back(static_cast<std::uint8_t>(lo | (hi << 4)));
  }
  return true;
}

std::string unpack_bcd(std::span<const std::uint8_t> in, bool odd) {
  std::string s;
  s.reserve(in.size() * 2);
  for (std::size_t i = 0; i < in.size(); ++i) {
    s += digit_chars[in[i] & 0x0f];
    bool last = i + 1 == in.size();
    if (last && odd) break;
    s += digit_chars[in[i] >> 4];
  }
  return s;
}

std::optional<isdn_address> decode_isdn_address(std::span<const std::uint8_t> in) {
  if (in.empty() || in.size() > 20) return std::nullopt;
  isdn_address a;
  a.nature = static_cast<std::uint8_t>((in[0] >> 4) & 0x07);
  a.plan = static_cast<std::uint8_t>(in[0] & 0x0f);
  auto rest = in.subspan(1);
  // TBCD: a trailing 0xF nibble is filler, not a digit.
  bool odd = !rest.empty() && (rest.back() >> 4) == 0x0f;
  a.digits = unpack_bcd(rest, odd);
  return a;
}

bytes encode_isdn_address(const isdn_address& a) {
  bytes out{static_cast<std::uint8_t>(0x80 | ((a.nature & 0x07) << 4) | (a.plan & 0x0f))};
  if (!pack_bcd(a.digits, out, true)) return {};
  return out;
}

std::optional<q763_number> decode_q763_number(q763_kind kind, std::span<const std::uint8_t> in) {
  std::size_t header = kind == q763_kind::generic ? 3 : 2;
  if (in.size() < header || in.size() > header + 16) return std::nullopt;
  q763_number n;
  std::size_t o = 0;
  if (kind == q763_kind::generic) n.qualifier = in[o++];
  bool odd = (in[o] & 0x80) != 0;
  n.nature = static_cast<std::uint8_t>(in[o] & 0x7f);
  ++o;
  n.inn_or_ni = (in[o] & 0x80) != 0;
  n.plan = static_cast<std::uint8_t>((in[o] >> 4) & 0x07);
  if (kind != q763_kind::called) {
    n.presentation = static_cast<std::uint8_t>((in[o] >> 2) & 0x03);
    n.screening = static_cast<std::uint8_t>(in[o] & 0x03);
  }
  ++o;
  auto digits = in.subspan(o);
  if (digits.empty() && odd) return std::nullopt;
  n.digits = unpack_bcd(digits, odd);
  return n;
}

bytes encode_q763_number(q763_kind kind, const q763_number& n) {
  bytes out;
  if (kind == q763_kind::generic) out.push_back(n.qualifier);
  bool odd = n.digits.size() % 2 != 0;
  out.push_back(static_cast<std::uint8_t>((odd ? 0x80 : 0) | (n.nature & 0x7f)));
  auto o2 = static_cast<std::uint8_t>((n.inn_or_ni ? 0x80 : 0) | ((n.plan & 0x07) << 4));
  if (kind != q763_kind::called) {
    o2 = static_cast<std::uint8_t>(o2 | ((n.presentation & 0x03) << 2) | (n.screening & 0x03));
  }
  out.push_back(o2);
  if (!pack_bcd(n.digits, out, false)) return {};
  return out;
}

}  // namespace cmr::in::codec
