// Internal to in/codec: the bridge between asn1c's C runtime and the plain
// structs. Included only by in/codec/*.cpp (it pulls in asn1c headers).
#pragma once

#include <asn_application.h>
#include <BOOLEAN.h>
#include <NULL.h>
#include <NativeInteger.h>
#include <OBJECT_IDENTIFIER.h>
#include <OCTET_STRING.h>
#include <ANY.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <span>

#include "in/codec/codec_types.h"
#include "in/codec/operation_types.h"

struct IN_Extensions;
struct IN_LegID;

namespace cmr::in::codec::detail {

// Owns one asn1c value and frees it (with everything it points to) through
// its type descriptor.
template <typename T>
class asn_owned {
public:
  explicit asn_owned(asn_TYPE_descriptor_t* def)
      : def_(def), p_(static_cast<T*>(std::calloc(1, sizeof(T)))) {}
  asn_owned(asn_TYPE_descriptor_t* def, T* p) : def_(def), p_(p) {}
  asn_owned(const asn_owned&) = delete;
  asn_owned& operator=(const asn_owned&) = delete;
  asn_owned(asn_owned&& o) noexcept : def_(o.def_), p_(o.p_) { o.p_ = nullptr; }
  asn_owned& operator=(asn_owned&&) = delete;
  ~asn_owned() {
    if (p_ != nullptr) def_->free_struct(def_, p_, 0);
  }
  T* get() const { return p_; }
  T* operator->() const { return p_; }
  T& operator*() const { return *p_; }

private:
  asn_TYPE_descriptor_t* def_;
  T* p_;
};

// True when `in` is exactly one BER TLV with consistent nested framing.
bool ber_framing_ok(std::span<const std::uint8_t> in);

// BER-decodes exactly one value of `def` covering all of `in`, with the size
// and stack limits of codec_types.h, then checks the type's constraints.
std::optional<decode_error> ber_decode_value(asn_TYPE_descriptor_t* def, void** out,
                                             std::span<const std::uint8_t> in);

template <typename T>
decode_result<asn_owned<T>> decode_as(asn_TYPE_descriptor_t* def,
                                      std::span<const std::uint8_t> in) {
  void* raw = nullptr;
  auto err = ber_decode_value(def, &raw, in);
  asn_owned<T> owned(def, static_cast<T*>(raw));
  if (err) return cmr::unexpected{std::move(*err)};
  return owned;
}

// DER-encodes; empty on failure (constraint violation or unset CHOICE).
bytes der_encode_value(asn_TYPE_descriptor_t* def, const void* value);

// --- field helpers --------------------------------------------------------------
bytes to_bytes(const OCTET_STRING_t& os);
std::optional<bytes> opt_bytes(const OCTET_STRING_t* os);
void set_bytes(OCTET_STRING_t& os, std::span<const std::uint8_t> v);
OCTET_STRING_t* new_bytes(const std::optional<bytes>& v);
// ANY_t has OCTET_STRING_t's layout (asn1c's ANY.c relies on that too).
bytes any_bytes(const ANY_t& a);
void set_any(ANY_t& a, std::span<const std::uint8_t> v);
ANY_t* new_any(const std::optional<bytes>& v);
template <typename T>
T* new_value(T v) {
  T* p = static_cast<T*>(std::calloc(1, sizeof(T)));
  *p = v;
  return p;
}
inline NULL_t* new_null(bool present) { return present ? new_value<NULL_t>(0) : nullptr; }
template <typename T>
long* new_long(const std::optional<T>& v) {
  return v ? new_value<long>(static_cast<long>(*v)) : nullptr;
}
template <typename T>
std::optional<T> opt_long(const long* p) {
  if (p == nullptr) return std::nullopt;
  return static_cast<T>(*p);
}
template <typename T>
T* alloc() {
  return static_cast<T*>(std::calloc(1, sizeof(T)));
}

bool oid_from_asn(const OBJECT_IDENTIFIER_t& in, oid& out);
bool oid_to_asn(const oid& in, OBJECT_IDENTIFIER_t& out);

// Extensions and LegID appear in most arguments.
bool extensions_from_asn(const IN_Extensions* in, extensions& out);
IN_Extensions* extensions_to_asn(const extensions& in);
bool leg_from_asn(const IN_LegID& in, leg_id& out);
void leg_to_asn(const leg_id& in, IN_LegID& out);
IN_LegID* new_leg(const std::optional<leg_id>& in);

decode_error bad_value(const char* what);
decode_error not_supported(const char* what, protocol_variant v);

}  // namespace cmr::in::codec::detail
