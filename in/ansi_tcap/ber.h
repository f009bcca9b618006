// The few BER primitives the ANSI TCAP codec needs: one TLV at a time with
// single-octet tags (every tag T1.114 defines is one octet), definite
// lengths of at most two length octets, every length checked against the
// enclosing buffer. Element contents it does not interpret (parameter sets,
// EXTERNALs) are skipped by their outer length: no recursion anywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace cmr::in::ansi_tcap::ber {

using span = std::span<const std::uint8_t>;

struct tlv {
  std::uint8_t tag = 0;
  span value;
  span whole;  // tag + length + value
};

enum class status : std::uint8_t { ok, end, bad };

// Reads the TLV at in[pos] and advances pos past it. `end` when pos is at
// the end of `in`; `bad` (pos unchanged) for a multi-octet tag, an
// indefinite or over-long length, or a length past the end of `in`.
status next(span in, std::size_t& pos, tlv& out);

// Reads `in` as exactly one TLV (nothing before or after).
std::optional<tlv> single(span in);

// Unsigned big-endian value of 1..4 octets.
std::optional<std::uint32_t> to_u32(span v);
// Two's-complement BER INTEGER of 1..4 octets.
std::optional<std::int32_t> to_i32(span v);
// OBJECT IDENTIFIER contents (arcs up to 32 bits, at most 32 arcs).
std::optional<std::vector<std::uint32_t>> to_oid(span v);

void put_length(std::vector<std::uint8_t>& out, std::size_t n);
void put(std::vector<std::uint8_t>& out, std::uint8_t tag, span value);
void put_u32(std::vector<std::uint8_t>& out, std::uint8_t tag, std::uint32_t v, std::size_t octets);
void put_i32(std::vector<std::uint8_t>& out, std::uint8_t tag, std::int32_t v);
// False when the OID cannot be encoded (fewer than 2 arcs, bad first arcs).
bool put_oid(std::vector<std::uint8_t>& out, std::uint8_t tag,
             const std::vector<std::uint32_t>& arcs);

}  // namespace cmr::in::ansi_tcap::ber
