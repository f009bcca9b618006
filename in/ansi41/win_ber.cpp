#include "in/ansi41/win_ber.h"

namespace cmr::in::ansi41::ber {

status next(span in, std::size_t& pos, element& out) {
  if (pos >= in.size()) return status::end;
  std::size_t p = pos;
  const std::uint8_t first = in[p++];
  std::uint32_t number = first & 0x1fU;
  if (number == 0x1f) {
    // High tag number form: base 128, at most 3 octets (X.S0004 stays below
    // [16384]), no leading 0x80 octet, and only for numbers above 30.
    number = 0;
    std::size_t octets = 0;
    for (;;) {
      if (p >= in.size() || ++octets > 3) return status::bad;
      const std::uint8_t b = in[p++];
      if (octets == 1 && b == 0x80) return status::bad;
      number = (number << 7) | (b & 0x7fU);
      if ((b & 0x80) == 0) break;
    }
    if (number < 0x1f) return status::bad;
  }
  if (p >= in.size()) return status::bad;
  std::size_t len = in[p++];
  if (len & 0x80) {
    const std::size_t n = len & 0x7f;
    if (n == 0 || n > 2) return status::bad;  // indefinite, or longer than any UDT
    if (in.size() - p < n) return status::bad;
    len = 0;
    for (std::size_t i = 0; i < n; ++i) len = (len << 8) | in[p++];
  }
  if (in.size() - p < len) return status::bad;
  out.cls = static_cast<std::uint8_t>(first & 0xc0);
  out.is_constructed = (first & constructed) != 0;
  out.number = number;
  out.value = in.subspan(p, len);
  pos = p + len;
  return status::ok;
}

void put_tag(std::vector<std::uint8_t>& out, std::uint8_t cls_bits, std::uint32_t number) {
  if (number < 0x1f) {
    out.push_back(static_cast<std::uint8_t>(cls_bits | number));
    return;
  }
  out.push_back(static_cast<std::uint8_t>(cls_bits | 0x1f));
  std::uint8_t tmp[5];
  std::size_t n = 0;
  do {
    tmp[n++] = static_cast<std::uint8_t>(number & 0x7f);
    number >>= 7;
  } while (number != 0);
  while (n-- > 0) out.push_back(static_cast<std::uint8_t>(tmp[n] | (n ? 0x80 : 0)));
}

void put_length(std::vector<std::uint8_t>& out, std::size_t n) {
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else if (n < 0x100) {
    out.push_back(0x81);
    out.push_back(static_cast<std::uint8_t>(n));
  } else {
    out.push_back(0x82);
    out.push_back(static_cast<std::uint8_t>(n >> 8));
    out.push_back(static_cast<std::uint8_t>(n));
  }
}

void put(std::vector<std::uint8_t>& out, std::uint8_t cls_bits, std::uint32_t number, span value) {
  put_tag(out, cls_bits, number);
  put_length(out, value.size());
  out.insert(out.end(), value.begin(), value.end());
}

void put_integer(std::vector<std::uint8_t>& out, std::int64_t v) {
  const auto u = static_cast<std::uint64_t>(v);
  std::size_t n = 8;
  // Drop leading octets that only repeat the sign.
  while (n > 1) {
    const std::uint64_t top9 = (u >> (8 * n - 9)) & 0x1ffU;
    if (top9 != 0 && top9 != 0x1ffU) break;
    --n;
  }
  for (std::size_t i = n; i-- > 0;) out.push_back(static_cast<std::uint8_t>(u >> (8 * i)));
}

}  // namespace cmr::in::ansi41::ber
