#include "in/ansi_tcap/ber.h"

namespace cmr::in::ansi_tcap::ber {

status next(span in, std::size_t& pos, tlv& out) {
  if (pos >= in.size()) return status::end;
  std::size_t p = pos;
  const std::uint8_t tag = in[p++];
  if ((tag & 0x1f) == 0x1f) return status::bad;  // multi-octet tag: none in T1.114's framing
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
  out.tag = tag;
  out.value = in.subspan(p, len);
  out.whole = in.subspan(pos, p + len - pos);
  pos = p + len;
  return status::ok;
}

std::optional<tlv> single(span in) {
  std::size_t pos = 0;
  tlv t;
  if (next(in, pos, t) != status::ok || pos != in.size()) return std::nullopt;
  return t;
}

std::optional<std::uint32_t> to_u32(span v) {
  if (v.empty() || v.size() > 4) return std::nullopt;
  std::uint32_t r = 0;
  for (auto b : v) r = (r << 8) | b;
  return r;
}

std::optional<std::int32_t> to_i32(span v) {
  if (v.empty() || v.size() > 4) return std::nullopt;
  std::uint32_t r = (v[0] & 0x80) ? 0xffffffffU : 0U;
  for (auto b : v) r = (r << 8) | b;
  return static_cast<std::int32_t>(r);
}

std::optional<std::vector<std::uint32_t>> to_oid(span v) {
  if (v.empty()) return std::nullopt;
  std::vector<std::uint32_t> arcs;
  std::uint64_t cur = 0;
  std::size_t octets = 0;
  for (auto b : v) {
    if (octets == 0 && b == 0x80) return std::nullopt;  // non-minimal
    if (++octets > 5) return std::nullopt;
    cur = (cur << 7) | (b & 0x7f);
    if (b & 0x80) continue;
    if (cur > 0xffffffffULL) return std::nullopt;
    if (arcs.empty()) {
      const auto first = cur < 80 ? cur / 40 : 2;
      arcs.push_back(static_cast<std::uint32_t>(first));
      arcs.push_back(static_cast<std::uint32_t>(cur - first * 40));
    } else {
      arcs.push_back(static_cast<std::uint32_t>(cur));
    }
    if (arcs.size() > 32) return std::nullopt;
    cur = 0;
    octets = 0;
  }
  if (octets != 0) return std::nullopt;  // last arc unfinished
  return arcs;
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

void put(std::vector<std::uint8_t>& out, std::uint8_t tag, span value) {
  out.push_back(tag);
  put_length(out, value.size());
  out.insert(out.end(), value.begin(), value.end());
}

void put_u32(std::vector<std::uint8_t>& out, std::uint8_t tag, std::uint32_t v,
             std::size_t octets) {
  out.push_back(tag);
  put_length(out, octets);
  for (std::size_t i = octets; i-- > 0;) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void put_i32(std::vector<std::uint8_t>& out, std::uint8_t tag, std::int32_t v) {
  std::size_t n = 4;
  const auto u = static_cast<std::uint32_t>(v);
  // Drop leading octets that only repeat the sign.
  while (n > 1) {
    const std::uint32_t top9 = (u >> (8 * n - 9)) & 0x1ff;
    if (top9 != 0 && top9 != 0x1ff) break;
    --n;
  }
  put_u32(out, tag, u, n);
}

bool put_oid(std::vector<std::uint8_t>& out, std::uint8_t tag,
             const std::vector<std::uint32_t>& arcs) {
  if (arcs.size() < 2 || arcs.size() > 32 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40))
    return false;
  if (arcs[0] == 2 && arcs[1] > 0xffffffffU - 80) return false;
  std::vector<std::uint8_t> v;
  auto arc = [&v](std::uint32_t a) {
    std::uint8_t tmp[5];
    std::size_t n = 0;
    do {
      tmp[n++] = static_cast<std::uint8_t>(a & 0x7f);
      a >>= 7;
    } while (a != 0);
    while (n-- > 0) v.push_back(static_cast<std::uint8_t>(tmp[n] | (n ? 0x80 : 0)));
  };
  arc(arcs[0] * 40 + arcs[1]);
  for (std::size_t i = 2; i < arcs.size(); ++i) arc(arcs[i]);
  put(out, tag, v);
  return true;
}

}  // namespace cmr::in::ansi_tcap::ber
