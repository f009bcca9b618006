#include "in/cap/correlation.h"

#include <span>

#include "in/codec/address.h"

namespace cmr::in::cap {

codec::bytes encode_generic_digits(const std::string& digits) {
  const bool odd = digits.size() % 2 != 0;
  codec::bytes out{static_cast<std::uint8_t>((odd ? 1U : 0U) << 5U)};
  if (!codec::pack_bcd(digits, out, false)) return {};
  return out;
}

std::string decode_correlation(const codec::bytes& in) {
  if (in.size() >= 2) {
    const unsigned scheme = in[0] >> 5U;
    if (scheme <= 1) {
      std::string d = codec::unpack_bcd(std::span<const std::uint8_t>(in).subspan(1), scheme == 1);
      if (!d.empty() && d.find_first_not_of("0123456789") == std::string::npos) return d;
    }
  }
  if (auto n = codec::decode_q763_number(codec::q763_kind::generic, in);
      n && !n->digits.empty() && n->digits.find_first_not_of("0123456789") == std::string::npos)
    return n->digits;
  return {};
}

}  // namespace cmr::in::cap
