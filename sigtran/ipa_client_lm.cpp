#include "sigtran/ipa_client_lm.h"

#include <cstring>

#include "sigtran/osmo_headers.h"
#include "sigtran/osmo_list.h"

namespace cmr::sigtran {
namespace {

// Events and states are looked up by the names libosmo-sigtran gives them;
// its enums are private.
int ipa_client_lm(osmo_prim_hdr* oph, void* ctx) {
  if (OSMO_PRIM_HDR(oph) != OSMO_PRIM(OSMO_XLM_PRIM_M_SCTP_ESTABLISH, PRIM_OP_INDICATION)) return 0;
  auto* asp = static_cast<osmo_ss7_asp*>(ctx);
  osmo_fsm_inst* fi = asp->fi;
  if (fi == nullptr || std::strcmp(osmo_fsm_inst_state_name(fi), "ASP_DOWN") != 0) return 0;
  for (const value_string* e = fi->fsm->event_names; e != nullptr && e->str != nullptr; ++e) {
    if (std::strcmp(e->str, "M-ASP_UP.req") == 0) {
      osmo_fsm_inst_dispatch(fi, e->value, nullptr);
      break;
    }
  }
  return 0;
}

const osmo_xua_layer_manager k_ipa_client_lm{&ipa_client_lm};

void manage(osmo_ss7_instance* inst) {
  for_each_entry<osmo_ss7_asp>(&inst->asp_list, [](osmo_ss7_asp* asp) {
    if (!asp->cfg.is_server && asp->cfg.proto == OSMO_SS7_ASP_PROT_IPA && asp->lm == nullptr)
      asp->lm = &k_ipa_client_lm;
  });
}

}  // namespace

void manage_ipa_clients(osmo_ss7_instance* inst) {
  if (inst != nullptr) {
    manage(inst);
    return;
  }
  for_each_entry<osmo_ss7_instance>(&osmo_ss7_instances, [](osmo_ss7_instance* i) { manage(i); });
}

}  // namespace cmr::sigtran
