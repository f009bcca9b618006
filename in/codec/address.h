// Number formats carried inside CAP/INAP arguments.
//
// - isdn_address: MAP ISDN-AddressString / AddressString (29.002): one octet
//   ext|nature of address|numbering plan, then TBCD digits (low nibble first,
//   0xF filler). Used for mscAddress, gsmSCFAddress, vlr-number, and with a
//   different octet-1 meaning (TS 24.008) for calledPartyBCDNumber.
// - q763_number: ISUP Called/Calling Party Number, Location Number, Generic
//   Number (Q.763 3.9/3.10): octet 1 odd/even + nature of address, octet 2
//   INN/NI + numbering plan (+ presentation/screening for calling numbers),
//   then BCD digits low nibble first.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "in/codec/codec_types.h"

namespace cmr::in::codec {

struct isdn_address {
  std::uint8_t nature = 1;  // 1 = international
  std::uint8_t plan = 1;    // 1 = ISDN/E.164
  std::string digits;       // 0-9 * # a b c
  bool operator==(const isdn_address&) const = default;
};

std::optional<isdn_address> decode_isdn_address(std::span<const std::uint8_t> in);
bytes encode_isdn_address(const isdn_address& a);

// Which ISUP number parameter: they differ only in octet 2's upper bits.
enum class q763_kind : std::uint8_t {
  called,    // bit 8 of octet 2: INN indicator
  calling,   // octet 2: NI, plan, presentation restriction, screening
  location,  // as calling
  generic,   // octet 1 is the number qualifier; octet 2 .. as calling
};

struct q763_number {
  std::uint8_t nature = 4;  // 3 national, 4 international
  std::uint8_t plan = 1;    // ISDN/E.164
  bool inn_or_ni = false;   // INN (called) or NI (calling/location/generic)
  std::uint8_t presentation = 0;  // calling/location/generic only
  std::uint8_t screening = 0;     // calling/location/generic only
  std::uint8_t qualifier = 0;     // generic only: number qualifier octet
  std::string digits;             // 0-9, b (*), c (#), e, f for ST/hex digits
  bool operator==(const q763_number&) const = default;
};

std::optional<q763_number> decode_q763_number(q763_kind kind, std::span<const std::uint8_t> in);
bytes encode_q763_number(q763_kind kind, const q763_number& n);

// Packs digits as BCD (low nibble first). Returns false on a character that
// has no nibble. Shared with tests.
bool pack_bcd(const std::string& digits, bytes& out, bool filler_f);
std::string unpack_bcd(std::span<const std::uint8_t> in, bool odd);

}  // namespace cmr::in::codec
