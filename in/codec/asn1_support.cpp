#include "in/codec/asn1_support.h"

#include <IN-Extensions.h>
#include <IN-LegID.h>

#include <cstring>
#include <string>

namespace cmr::in::codec::detail {

namespace {

// Checks BER framing before asn1c sees the bytes: every TLV complete, every
// constructed value exactly filled by whole TLVs (or closed by an
// end-of-contents for the indefinite form), nesting bounded. asn1c 0.9.28
// can loop forever on some inconsistent framings (found by fuzzing: an
// indefinite explicit CHOICE inside a SEQUENCE whose definite length does not
// match); no well-formed input is rejected by this check.
constexpr int max_ber_depth = 24;

// Returns bytes consumed, or 0 on a framing error.
std::size_t walk_tlv(const std::uint8_t* p, std::size_t n, int depth) {
  if (depth > max_ber_depth || n < 2) return 0;
  std::size_t o = 0;
  // Tag 0 is the end-of-contents marker; it may only close an indefinite
  // length (handled by the caller), never stand as a value.
  if (p[0] == 0) return 0;
  const bool constructed = (p[o] & 0x20) != 0;
  if ((p[o++] & 0x1f) == 0x1f) {  // high tag number form
    int k = 0;
    while (o < n && (p[o] & 0x80) != 0) {
      if (++k > 4) return 0;
      ++o;
    }
    if (o >= n) return 0;
    ++o;
  }
  if (o >= n) return 0;
  const std::uint8_t l0 = p[o++];
  if (l0 == 0x80) {  // indefinite
    if (!constructed) return 0;
    while (true) {
      if (o + 2 > n) return 0;
      if (p[o] == 0 && p[o + 1] == 0) return o + 2;
      std::size_t used = walk_tlv(p + o, n - o, depth + 1);
      if (used == 0) return 0;
      o += used;
    }
  }
  std::size_t len = 0;
  if ((l0 & 0x80) != 0) {
    const int k = l0 & 0x7f;
    if (k > 3 || o + static_cast<std::size_t>(k) > n) return 0;
    for (int i = 0; i < k; ++i) len = (len << 8) | p[o++];
  } else {
    len = l0;
  }
  if (len > n - o) return 0;
  if (constructed) {
    std::size_t end = o + len;
    while (o < end) {
      std::size_t used = walk_tlv(p + o, end - o, depth + 1);
      if (used == 0) return 0;
      o += used;
    }
  }
  return o + (constructed ? 0 : len);
}

}  // namespace

bool ber_framing_ok(std::span<const std::uint8_t> in) {
  return !in.empty() && walk_tlv(in.data(), in.size(), 0) == in.size();
}

std::optional<decode_error> ber_decode_value(asn_TYPE_descriptor_t* def, void** out,
                                             std::span<const std::uint8_t> in) {
  if (in.size() > max_message_size) {
    return decode_error{decode_error::kind::too_large, std::to_string(in.size()) + " bytes"};
  }
  if (in.empty()) return decode_error{decode_error::kind::truncated, "empty"};
  if (!ber_framing_ok(in)) return decode_error{decode_error::kind::malformed, "BER framing"};
  // max_stack_size bounds the recursion asn1c may do on nested constructions,
  // so a deeply nested hostile value fails instead of exhausting the stack.
  asn_codec_ctx_t ctx{max_decoder_stack};
  asn_dec_rval_t rv = ber_decode(&ctx, def, out, in.data(), in.size());
  if (rv.code == RC_WMORE) return decode_error{decode_error::kind::truncated, def->name};
  if (rv.code != RC_OK) {
    return decode_error{decode_error::kind::malformed,
                        std::string(def->name) + " at " + std::to_string(rv.consumed)};
  }
  if (rv.consumed != in.size()) {
    return decode_error{decode_error::kind::trailing_data,
                        std::to_string(in.size() - rv.consumed) + " bytes after " + def->name};
  }
  char msg[128];
  std::size_t len = sizeof(msg);
  if (asn_check_constraints(def, *out, msg, &len) != 0) {
    return decode_error{decode_error::kind::bad_value, std::string(msg, len)};
  }
  return std::nullopt;
}

namespace {
int append_cb(const void* buf, std::size_t size, void* key) {
  auto* out = static_cast<bytes*>(key);
  const auto* p = static_cast<const std::uint8_t*>(buf);
  out->insert(out->end(), p, p + size);
  return 0;
}
}  // namespace

bytes der_encode_value(asn_TYPE_descriptor_t* def, const void* value) {
  char msg[128];
  std::size_t len = sizeof(msg);
  if (asn_check_constraints(def, value, msg, &len) != 0) return {};
  bytes out;
  out.reserve(128);
  // der_encode takes a non-const pointer but does not modify the value.
  asn_enc_rval_t rv = der_encode(def, const_cast<void*>(value), append_cb, &out);
  if (rv.encoded < 0) return {};
  return out;
}

bytes to_bytes(const OCTET_STRING_t& os) {
  if (os.buf == nullptr || os.size <= 0) return {};
  return bytes(os.buf, os.buf + os.size);
}

std::optional<bytes> opt_bytes(const OCTET_STRING_t* os) {
  if (os == nullptr) return std::nullopt;
  return to_bytes(*os);
}

void set_bytes(OCTET_STRING_t& os, std::span<const std::uint8_t> v) {
  // OCTET_STRING_fromBuf wants a char*; the bytes are copied.
  OCTET_STRING_fromBuf(&os, reinterpret_cast<const char*>(v.data()), static_cast<int>(v.size()));
}

OCTET_STRING_t* new_bytes(const std::optional<bytes>& v) {
  if (!v) return nullptr;
  auto* os = alloc<OCTET_STRING_t>();
  set_bytes(*os, *v);
  return os;
}

bytes any_bytes(const ANY_t& a) {
  if (a.buf == nullptr || a.size <= 0) return {};
  return bytes(a.buf, a.buf + a.size);
}

void set_any(ANY_t& a, std::span<const std::uint8_t> v) {
  OCTET_STRING_fromBuf(reinterpret_cast<OCTET_STRING_t*>(&a),
                       reinterpret_cast<const char*>(v.data()), static_cast<int>(v.size()));
}

ANY_t* new_any(const std::optional<bytes>& v) {
  if (!v) return nullptr;
  auto* a = alloc<ANY_t>();
  set_any(*a, *v);
  return a;
}

bool oid_from_asn(const OBJECT_IDENTIFIER_t& in, oid& out) {
  unsigned long arcs[32];
  int n = OBJECT_IDENTIFIER_get_arcs(&in, arcs, sizeof(arcs[0]), 32);
  if (n <= 0 || n > 32) return false;
  // asn1c's encoder refuses a second arc of 39 under arcs 0 and 1 (its
  // reading of X.690 8.19.4), so such an OID could not be sent back.
  if (n >= 2 && arcs[0] < 2 && arcs[1] >= 39) return false;
  out.clear();
  for (int i = 0; i < n; ++i) {
    if (arcs[i] > 0xffffffffUL) return false;
    out.push_back(static_cast<std::uint32_t>(arcs[i]));
  }
  return true;
}

bool oid_to_asn(const oid& in, OBJECT_IDENTIFIER_t& out) {
  if (in.size() < 2 || in.size() > 32) return false;
  unsigned long arcs[32];
  for (std::size_t i = 0; i < in.size(); ++i) arcs[i] = in[i];
  return OBJECT_IDENTIFIER_set_arcs(&out, arcs, sizeof(arcs[0]),
                                    static_cast<unsigned int>(in.size())) == 0;
}

bool extensions_from_asn(const IN_Extensions* in, extensions& out) {
  out.clear();
  if (in == nullptr) return true;
  for (int i = 0; i < in->list.count; ++i) {
    const IN_ExtensionField* f = in->list.array[i];
    extension_field e;
    if (f->type.present == IN_Code_PR_local) {
      e.local_type = f->type.choice.local;
    } else if (f->type.present == IN_Code_PR_global) {
      oid o;
      if (!oid_from_asn(f->type.choice.global, o)) return false;
      e.global_type = std::move(o);
    } else {
      return false;
    }
    if (f->criticality != nullptr) e.criticality = static_cast<std::uint8_t>(*f->criticality);
    e.value = any_bytes(f->value);
    out.push_back(std::move(e));
  }
  return true;
}

IN_Extensions* extensions_to_asn(const extensions& in) {
  if (in.empty()) return nullptr;
  auto* ext = alloc<IN_Extensions>();
  for (const auto& e : in) {
    auto* f = alloc<IN_ExtensionField>();
    if (e.global_type) {
      f->type.present = IN_Code_PR_global;
      oid_to_asn(*e.global_type, f->type.choice.global);
    } else {
      f->type.present = IN_Code_PR_local;
      f->type.choice.local = static_cast<long>(e.local_type);
    }
    if (e.criticality) f->criticality = new_value<long>(*e.criticality);
    set_any(f->value, e.value);
    ASN_SEQUENCE_ADD(&ext->list, f);
  }
  return ext;
}

bool leg_from_asn(const IN_LegID& in, leg_id& out) {
  const OCTET_STRING_t* os = nullptr;
  if (in.present == IN_LegID_PR_sendingSideID) {
    out.sending_side = true;
    os = &in.choice.sendingSideID;
  } else if (in.present == IN_LegID_PR_receivingSideID) {
    out.sending_side = false;
    os = &in.choice.receivingSideID;
  } else {
    return false;
  }
  if (os->size != 1) return false;
  out.leg = os->buf[0];
  return true;
}

void leg_to_asn(const leg_id& in, IN_LegID& out) {
  const std::uint8_t v[1] = {in.leg};
  if (in.sending_side) {
    out.present = IN_LegID_PR_sendingSideID;
    set_bytes(out.choice.sendingSideID, v);
  } else {
    out.present = IN_LegID_PR_receivingSideID;
    set_bytes(out.choice.receivingSideID, v);
  }
}

IN_LegID* new_leg(const std::optional<leg_id>& in) {
  if (!in) return nullptr;
  auto* l = alloc<IN_LegID>();
  leg_to_asn(*in, *l);
  return l;
}

decode_error bad_value(const char* what) { return {decode_error::kind::bad_value, what}; }

decode_error not_supported(const char* what, protocol_variant v) {
  return {decode_error::kind::not_supported, std::string(what) + " in " + to_string(v)};
}

}  // namespace cmr::in::codec::detail
