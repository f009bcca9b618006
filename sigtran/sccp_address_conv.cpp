#include "sigtran/sccp_address_conv.h"

#include <algorithm>
#include <cstring>

#include "sigtran/osmo_headers.h"

namespace cmr::sigtran {

void to_osmo(const sccp_address& in, osmo_sccp_addr& out) {
  out = osmo_sccp_addr{};
  out.ri = in.route_on_gt ? OSMO_SCCP_RI_GT : OSMO_SCCP_RI_SSN_PC;
  if (in.point_code) {
    out.presence |= OSMO_SCCP_ADDR_T_PC;
    out.pc = *in.point_code;
  }
  if (in.ssn) {
    out.presence |= OSMO_SCCP_ADDR_T_SSN;
    out.ssn = *in.ssn;
  }
  if (!in.gt_digits.empty()) {
    out.presence |= OSMO_SCCP_ADDR_T_GT;
    out.gt.gti = OSMO_SCCP_GTI_TT_NPL_ENC_NAI;
    out.gt.tt = in.gt_translation_type;
    out.gt.npi = in.gt_numbering_plan;
    out.gt.nai = in.gt_nature_of_address;
    const std::size_t n = std::min(in.gt_digits.size(), sizeof out.gt.digits - 1);
    std::memcpy(out.gt.digits, in.gt_digits.data(), n);
    out.gt.digits[n] = '\0';
  }
}

sccp_address from_osmo(const osmo_sccp_addr& in) {
  sccp_address a;
  a.route_on_gt = in.ri == OSMO_SCCP_RI_GT;
  if ((in.presence & OSMO_SCCP_ADDR_T_PC) != 0) a.point_code = in.pc;
  if ((in.presence & OSMO_SCCP_ADDR_T_SSN) != 0 && in.ssn <= 0xff)
    a.ssn = static_cast<std::uint8_t>(in.ssn);
  if ((in.presence & OSMO_SCCP_ADDR_T_GT) != 0) {
    a.gt_digits.assign(in.gt.digits, strnlen(in.gt.digits, sizeof in.gt.digits));
    // Fields the GTI does not carry keep sccp_address's defaults.
    switch (in.gt.gti) {
      case OSMO_SCCP_GTI_NAI_ONLY:
        a.gt_nature_of_address = static_cast<std::uint8_t>(in.gt.nai);
        break;
      case OSMO_SCCP_GTI_TT_ONLY:
        a.gt_translation_type = in.gt.tt;
        break;
      case OSMO_SCCP_GTI_TT_NPL_ENC:
        a.gt_translation_type = in.gt.tt;
        a.gt_numbering_plan = static_cast<std::uint8_t>(in.gt.npi);
        break;
      case OSMO_SCCP_GTI_TT_NPL_ENC_NAI:
        a.gt_translation_type = in.gt.tt;
        a.gt_numbering_plan = static_cast<std::uint8_t>(in.gt.npi);
        a.gt_nature_of_address = static_cast<std::uint8_t>(in.gt.nai);
        break;
      default:
        break;
    }
  }
  return a;
}

std::string format_pc(std::uint32_t pc) {
  return std::to_string((pc >> 11) & 0x7) + "." + std::to_string((pc >> 3) & 0xff) + "." +
         std::to_string(pc & 0x7);
}

std::string to_string(const sccp_address& a) {
  std::string s = a.point_code ? format_pc(*a.point_code) : std::string("-");
  s += "/";
  s += a.ssn ? std::to_string(*a.ssn) : std::string("-");
  if (!a.gt_digits.empty()) {
    s += " gt=" + a.gt_digits + "(tt=" + std::to_string(a.gt_translation_type) +
         ",npi=" + std::to_string(a.gt_numbering_plan) +
         ",nai=" + std::to_string(a.gt_nature_of_address) + ")";
    if (a.route_on_gt) s += " route-on-gt";
  }
  return s;
}

}  // namespace cmr::sigtran
