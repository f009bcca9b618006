// A bounds check in front of libosmo-sigtran 1.6's osmo_sccp_addr_parse().
//
// The library decodes every SCCP message the node receives (IPA or M3UA, in
// osmo_sccp_to_xua) and parses its called and calling party addresses with
// osmo_sccp_addr_parse(), which copies the global-title digits into the
// 32-character osmo_sccp_addr::gt.digits without checking their number and
// reads past the address when its length is shorter than the fields its
// address indicator announces. One UDT from any connected peer with a
// 20-octet global title overwrites the osmo thread's stack (found by
// tests/fuzz/fuzz_ipa_sccp; docs/fuzzing.md).
//
// The library calls the function through its PLT, so this definition in the
// program takes the place of the library's for every caller, the library's
// own decoder included. It refuses such addresses the way the library
// refuses other malformed ones (-EINVAL: the message is dropped) and hands
// every other address to the library's function, found with
// dlsym(RTLD_NEXT). sigtran/CMakeLists.txt makes every program that links
// cmr_sigtran take this object (the linker would not pull it in otherwise:
// nothing in the program calls it by name).
#include <dlfcn.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "sigtran/log.h"
#include "sigtran/osmo_headers.h"

namespace {

using parse_fn = int (*)(osmo_sccp_addr*, const std::uint8_t*, unsigned int);

// Q.713 3.4.1: the address indicator, then the point code (2 octets) and the
// SSN (1) when indicated, then the global title: its fixed part by GTI (ITU:
// 1 nature of address; 2 translation type; 3 TT + numbering plan/encoding;
// 4 TT + NP/encoding + NAI), then BCD digits. nullptr when the address fits
// gt.digits (or has no global title), otherwise why not.
const char* oversized(const std::uint8_t* addr, unsigned int len) {
  if (addr == nullptr || len < 1) return "empty";
  const std::uint8_t ai = addr[0];
  const unsigned pc = (ai & 0x01U) != 0 ? 2U : 0U;
  const unsigned ssn = (ai & 0x02U) != 0 ? 1U : 0U;
  const unsigned gti = (ai >> 2U) & 0x0fU;
  static constexpr unsigned gt_fixed[] = {0, 1, 1, 2, 3};
  const unsigned fixed = 1 + pc + ssn + (gti < 5 ? gt_fixed[gti] : 0U);
  if (len < fixed) return "shorter than its indicated fields";
  if (gti == 0 || gti >= 5) return nullptr;  // no digits, or refused by the library
  const std::uint8_t* gt = addr + 1 + pc + ssn;
  bool odd = false;
  if (gti == 1) {
    odd = (gt[0] & 0x80U) != 0;
  } else if (gti >= 3) {
    odd = (gt[1] & 0x0fU) == 1;
  }
  const unsigned octets = len - fixed;
  const unsigned digits = octets * 2 - (odd && octets > 0 ? 1U : 0U);
  if (digits > sizeof(osmo_sccp_gt::digits) - 1) return "global title too long";
  return nullptr;
}

}  // namespace

extern "C" int osmo_sccp_addr_parse(osmo_sccp_addr* out, const std::uint8_t* addr,
                                    unsigned int addrlen) {
  static const auto real = reinterpret_cast<parse_fn>(dlsym(RTLD_NEXT, "osmo_sccp_addr_parse"));
  if (const char* why = oversized(addr, addrlen)) {
    std::memset(out, 0, sizeof *out);
    CMR_LOG(sigtran, notice, "received SCCP address of %u octets refused: %s", addrlen, why);
    return -EINVAL;
  }
  if (real == nullptr) return -EINVAL;  // no libosmo-sigtran: cannot happen when linked
  return real(out, addr, addrlen);
}
