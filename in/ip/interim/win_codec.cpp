// INTERIM, until branch i12-ansi41-codec delivers in/ansi41: the part of the
// WIN operations API (in/ansi41/win_operations.h) the intelligent
// peripheral and its tests use, so that the WIN role builds and runs now.
// in/ip/CMakeLists.txt compiles this file only while in/ansi41 has no
// sources; the codec's own implementation replaces it whole (values here:
// the opcodes of tests/golden/ansi, X.S0004-550 parameter identifiers).
// Framing is checked (definite lengths inside their parent, nothing after
// the SET); unknown parameters are skipped.
#include <cstddef>
#include <optional>

#include "in/ansi41/win_operations.h"
#include "in/ansi_tcap/ansi_tcap_message.h"

namespace cmr::in::ansi41 {

namespace {

using ansi_tcap::private_error;
using ansi_tcap::private_op;

// Parameter identifiers: context-specific, IMPLICIT.
constexpr std::uint32_t tag_destination_digits = 87;
constexpr std::uint32_t tag_preferred_language = 147;
constexpr std::uint32_t tag_private_specialized_resource = 265;
constexpr std::uint32_t tag_specialized_resource = 274;
constexpr std::uint32_t tag_announcement_list = 130;  // constructed
constexpr std::uint32_t tag_announcement_code = 76;
constexpr std::uint32_t tag_digits = 4;

struct tlv {
  std::uint32_t number = 0;
  bool constructed = false;
  std::span<const std::uint8_t> value;
};

// Reads one context-specific TLV at `pos`; nullopt on a framing error.
std::optional<tlv> read_tlv(std::span<const std::uint8_t> in, std::size_t& pos) {
  if (pos >= in.size()) return std::nullopt;
  const std::uint8_t first = in[pos++];
  tlv t;
  t.constructed = (first & 0x20) != 0;
  if ((first & 0x1f) != 0x1f) {
    t.number = first & 0x1f;
  } else {
    std::uint32_t n = 0;
    for (int i = 0;; ++i) {
      if (pos >= in.size() || i > 3) return std::nullopt;
      const std::uint8_t b = in[pos++];
      n = n << 7 | (b & 0x7f);
      if ((b & 0x80) == 0) break;
    }
    t.number = n;
  }
  if (pos >= in.size()) return std::nullopt;
  std::size_t len = in[pos++];
  if (len & 0x80) {
    const std::size_t octets = len & 0x7f;
    if (octets == 0 || octets > 2) return std::nullopt;  // no indefinite length
    len = 0;
    for (std::size_t i = 0; i < octets; ++i) {
      if (pos >= in.size()) return std::nullopt;
      len = len << 8 | in[pos++];
    }
  }
  if (len > in.size() - pos) return std::nullopt;
  t.value = in.subspan(pos, len);
  pos += len;
  return t;
}

void put_length(bytes& out, std::size_t n) {
  if (n < 128) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else if (n < 256) {
    out.push_back(0x81);
    out.push_back(static_cast<std::uint8_t>(n));
  } else {
    out.push_back(0x82);
    out.push_back(static_cast<std::uint8_t>(n >> 8));
    out.push_back(static_cast<std::uint8_t>(n));
  }
}

void put(bytes& out, std::uint32_t number, bool constructed, const bytes& value) {
  const std::uint8_t cls = constructed ? 0xa0 : 0x80;
  if (number < 31) {
    out.push_back(static_cast<std::uint8_t>(cls | number));
  } else {
    out.push_back(static_cast<std::uint8_t>(cls | 0x1f));
    std::uint8_t groups[5];
    int n = 0;
    for (std::uint32_t v = number; v != 0 || n == 0; v >>= 7) groups[n++] = v & 0x7f;
    while (n-- > 0) out.push_back(static_cast<std::uint8_t>(groups[n] | (n > 0 ? 0x80 : 0)));
  }
  put_length(out, value.size());
  out.insert(out.end(), value.begin(), value.end());
}

bytes set_of(const bytes& params) {
  bytes out{0xf2};
  put_length(out, params.size());
  out.insert(out.end(), params.begin(), params.end());
  return out;
}

decode_error malformed(std::string detail) {
  return {decode_error::kind::malformed, {}, std::move(detail)};
}

// The SET's content, framing checked.
decoded<std::span<const std::uint8_t>> open_set(std::span<const std::uint8_t> in) {
  if (in.size() < 2 || in[0] != 0xf2) return unexpected{malformed("not a parameter SET")};
  std::size_t len = in[1];
  std::size_t pos = 2;
  if (len & 0x80) {
    const std::size_t octets = len & 0x7f;
    if (octets == 0 || octets > 2 || in.size() < 2 + octets)
      return unexpected{malformed("SET length")};
    len = 0;
    for (std::size_t i = 0; i < octets; ++i) len = len << 8 | in[pos++];
  }
  if (in.size() - pos != len) return unexpected{malformed("SET length does not match")};
  return in.subspan(pos);
}

bytes encode_digits(const digits& d) {
  bytes v{static_cast<std::uint8_t>(d.type),
          static_cast<std::uint8_t>((d.international ? 1 : 0) | (d.nature_other & 0xfe)),
          static_cast<std::uint8_t>(d.numbering_plan << 4 | 1),  // BCD
          static_cast<std::uint8_t>(d.value.size())};
  auto nibble = [](char c) -> std::uint8_t {
    if (c == '*') return 0xb;
    if (c == '#') return 0xc;
    return static_cast<std::uint8_t>(c - '0');
  };
  for (std::size_t i = 0; i < d.value.size(); i += 2) {
    std::uint8_t b = nibble(d.value[i]);
    b |= static_cast<std::uint8_t>((i + 1 < d.value.size() ? nibble(d.value[i + 1]) : 0) << 4);
    v.push_back(b);
  }
  return v;
}

std::optional<digits> decode_digits(std::span<const std::uint8_t> v) {
  if (v.size() < 4) return std::nullopt;
  digits d;
  d.type = static_cast<digits::kind>(v[0]);
  d.international = (v[1] & 1) != 0;
  d.nature_other = v[1] & 0xfe;
  d.numbering_plan = v[2] >> 4;
  const std::size_t count = v[3];
  if ((v[2] & 0x0f) != 1 || v.size() - 4 < (count + 1) / 2) return std::nullopt;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint8_t b = v[4 + i / 2];
    const std::uint8_t n = i % 2 == 0 ? (b & 0x0f) : (b >> 4);
    if (n <= 9) d.value.push_back(static_cast<char>('0' + n));
    else if (n == 0xb) d.value.push_back('*');
    else if (n == 0xc) d.value.push_back('#');
    else return std::nullopt;
  }
  return d;
}

}  // namespace

namespace opcode {
std::int32_t instruction_request() { return private_op(9, 0x45); }
std::int32_t seize_resource() { return private_op(9, 0x49); }
std::int32_t srf_directive() { return private_op(9, 0x4a); }
}  // namespace opcode

const char* operation_name(std::int32_t op) {
  if (op == opcode::seize_resource()) return "SeizeResource";
  if (op == opcode::srf_directive()) return "SRFDirective";
  if (op == opcode::instruction_request()) return "InstructionRequest";
  return nullptr;
}

namespace error_code {
std::int32_t unrecognized_min() { return private_error(0x81); }
std::int32_t operation_sequence_problem() { return private_error(0x84); }
std::int32_t resource_shortage() { return private_error(0x85); }
std::int32_t operation_not_supported() { return private_error(0x86); }
std::int32_t parameter_error() { return private_error(0x88); }
std::int32_t system_failure() { return private_error(0x89); }
std::int32_t unrecognized_parameter_value() { return private_error(0x8a); }
std::int32_t missing_parameter() { return private_error(0x8c); }
}  // namespace error_code

bytes encode_empty() { return {0xf2, 0x00}; }

decoded<bool> decode_empty(std::span<const std::uint8_t> set) {
  auto body = open_set(set);
  if (!body) return unexpected{body.error()};
  std::size_t pos = 0;
  while (pos < body->size())
    if (!read_tlv(*body, pos)) return unexpected{malformed("parameter framing")};
  return true;
}

bytes encode(const seize_resource& v) {
  bytes p;
  if (v.preferred_language) put(p, tag_preferred_language, false, {*v.preferred_language});
  if (v.private_specialized_resource)
    put(p, tag_private_specialized_resource, false, *v.private_specialized_resource);
  if (v.specialized_resource) put(p, tag_specialized_resource, false, *v.specialized_resource);
  return set_of(p);
}

decoded<seize_resource> decode_seize_resource(std::span<const std::uint8_t> set) {
  auto body = open_set(set);
  if (!body) return unexpected{body.error()};
  seize_resource r;
  std::size_t pos = 0;
  while (pos < body->size()) {
    const auto t = read_tlv(*body, pos);
    if (!t) return unexpected{malformed("parameter framing")};
    const bytes value(t->value.begin(), t->value.end());
    if (t->number == tag_preferred_language && !value.empty()) r.preferred_language = value[0];
    if (t->number == tag_private_specialized_resource) r.private_specialized_resource = value;
    if (t->number == tag_specialized_resource) r.specialized_resource = value;
  }
  return r;
}

bytes encode(const seize_resource_result& v) {
  bytes p;
  put(p, tag_destination_digits, false, encode_digits(v.destination));
  return set_of(p);
}

decoded<seize_resource_result> decode_seize_resource_result(std::span<const std::uint8_t> set) {
  auto body = open_set(set);
  if (!body) return unexpected{body.error()};
  std::optional<seize_resource_result> r;
  std::size_t pos = 0;
  while (pos < body->size()) {
    const auto t = read_tlv(*body, pos);
    if (!t) return unexpected{malformed("parameter framing")};
    if (t->number != tag_destination_digits) continue;
    auto d = decode_digits(t->value);
    if (!d) return unexpected{decode_error{decode_error::kind::bad_value, "DestinationDigits", "not BCD digits"}};
    r = seize_resource_result{*d};
  }
  if (!r) return unexpected{decode_error{decode_error::kind::missing, "DestinationDigits", "absent"}};
  return *r;
}

bytes encode(const srf_directive& v) {
  bytes list;
  for (const auto& a : v.announcements) {
    bytes code{a.tone, a.cls, a.standard};
    if (a.custom) code.push_back(*a.custom);
    put(list, tag_announcement_code, false, code);
  }
  bytes p;
  put(p, tag_announcement_list, true, list);
  return set_of(p);
}

decoded<srf_directive> decode_srf_directive(std::span<const std::uint8_t> set) {
  auto body = open_set(set);
  if (!body) return unexpected{body.error()};
  std::optional<srf_directive> r;
  std::size_t pos = 0;
  while (pos < body->size()) {
    const auto t = read_tlv(*body, pos);
    if (!t) return unexpected{malformed("parameter framing")};
    if (t->number != tag_announcement_list || !t->constructed) continue;
    srf_directive d;
    std::size_t in = 0;
    while (in < t->value.size()) {
      const auto c = read_tlv(t->value, in);
      if (!c) return unexpected{malformed("AnnouncementList framing")};
      if (c->number != tag_announcement_code) continue;
      if (c->value.size() < 3)
        return unexpected{decode_error{decode_error::kind::bad_value, "AnnouncementCode", "short"}};
      announcement_code a{c->value[0], c->value[1], c->value[2], std::nullopt};
      if (c->value.size() > 3) a.custom = c->value[3];
      d.announcements.push_back(a);
    }
    r = std::move(d);
  }
  if (!r) return unexpected{decode_error{decode_error::kind::missing, "AnnouncementList", "absent"}};
  return *r;
}

}  // namespace cmr::in::ansi41
