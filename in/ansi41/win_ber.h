// The BER the ANSI-41 parameter SET needs beyond in/ansi_tcap/ber.h: X.S0004
// parameter identifiers are context-specific tags up to [401], so multi-octet
// tags (9F 82 17 is TriggerType [279]). One TLV at a time, definite lengths of
// at most two length octets (the whole TCAP message fits in a UDT), every
// length checked against the enclosing buffer, no recursion: a constructed
// parameter is read by calling next() again on its value.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace cmr::in::ansi41::ber {

using span = std::span<const std::uint8_t>;

inline constexpr std::uint8_t cls_context = 0x80;
inline constexpr std::uint8_t cls_private = 0xc0;
inline constexpr std::uint8_t constructed = 0x20;

struct element {
  std::uint8_t cls = 0;  // 0x00 universal, 0x40 application, 0x80 context, 0xc0 private
  bool is_constructed = false;
  std::uint32_t number = 0;  // the tag number ([279] -> 279)
  span value;
};

enum class status : std::uint8_t { ok, end, bad };

// Reads the element at in[pos] and advances pos past it. `end` when pos is
// at the end of `in`; `bad` (pos unchanged) for a non-minimal or over-long
// (more than 3 octets) tag number, an indefinite or over-long length, or a
// length past the end of `in`.
status next(span in, std::size_t& pos, element& out);

// Identifier octets of a tag: cls | (constructed ? 0x20 : 0) and the number.
void put_tag(std::vector<std::uint8_t>& out, std::uint8_t cls_bits, std::uint32_t number);
void put_length(std::vector<std::uint8_t>& out, std::size_t n);
void put(std::vector<std::uint8_t>& out, std::uint8_t cls_bits, std::uint32_t number, span value);

// BER INTEGER / ENUMERATED contents: minimal two's complement.
void put_integer(std::vector<std::uint8_t>& out, std::int64_t v);

}  // namespace cmr::in::ansi41::ber
