#include "in/codec/codec_types.h"

#include "in/codec/protocol_constants.h"

namespace cmr::in::codec {

std::string oid_to_string(const oid& o) {
  std::string s;
  for (std::size_t i = 0; i < o.size(); ++i) {
    if (i != 0) s += '.';
    s += std::to_string(o[i]);
  }
  return s;
}

const char* to_string(protocol_variant v) {
  switch (v) {
    case protocol_variant::cap_v2: return "CAP v2";
    case protocol_variant::cap_v3: return "CAP v3";
    case protocol_variant::cap_v4: return "CAP v4";
    case protocol_variant::inap_cs1: return "INAP CS-1";
  }
  return "?";
}

std::optional<ac_info> classify_ac(const oid& name) {
  struct entry {
    const oid* name;
    ac_info info;
  };
  using pv = protocol_variant;
  static const entry table[] = {
      {&ac::cap_v2_gsmssf_to_gsmscf, {pv::cap_v2, ac_role::ssf_to_scf}},
      {&ac::cap_v2_assist_gsmssf_to_gsmscf, {pv::cap_v2, ac_role::assist_handoff}},
      {&ac::cap_v2_gsmsrf_to_gsmscf, {pv::cap_v2, ac_role::srf_to_scf}},
      {&ac::cap_v3_gsmssf_scf_generic, {pv::cap_v3, ac_role::ssf_to_scf}},
      {&ac::cap_v3_gsmssf_scf_assist_handoff, {pv::cap_v3, ac_role::assist_handoff}},
      {&ac::cap_v3_gsmsrf_gsmscf, {pv::cap_v3, ac_role::srf_to_scf}},
      {&ac::cap_v4_gsmssf_scf_generic, {pv::cap_v4, ac_role::ssf_to_scf}},
      {&ac::cap_v4_gsmssf_scf_assist_handoff, {pv::cap_v4, ac_role::assist_handoff}},
      {&ac::cap_v4_scf_gsmssf_generic, {pv::cap_v4, ac_role::scf_to_ssf}},
      {&ac::cap_v4_gsmsrf_gsmscf, {pv::cap_v4, ac_role::srf_to_scf}},
      {&ac::inap_cs1_ssp_to_scp, {pv::inap_cs1, ac_role::ssf_to_scf}},
      {&ac::inap_cs1_assist_handoff_ssp_to_scp, {pv::inap_cs1, ac_role::assist_handoff}},
      {&ac::inap_cs1_ip_to_scp, {pv::inap_cs1, ac_role::srf_to_scf}},
  };
  for (const auto& e : table) {
    if (*e.name == name) return e.info;
  }
  return std::nullopt;
}

}  // namespace cmr::in::codec
