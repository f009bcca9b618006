// AssistRequestInstructions from an assisting IP (docs/cs-delivery.md
// sections 3 and 4): the correlationID names a call waiting after
// EstablishTemporaryConnection, on any layer of the service. Unknown id:
// TC-END [ReturnError unexpectedDataValue].
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/scp/call_procedure.h"
#include "in/scp/scp_service.h"
#include "in/scp/log.h"

namespace cmr::in::scp {

void scp_service::assist_request(scp_endpoint& ep, const tcap::dialogue_ind& ind,
                                 codec::protocol_variant v, const tcap::component_ind& comp) {
  ++counters_.assist_requests;
  auto& layer = ep.layer();
  const std::int8_t invoke_id = comp.invoke_id.value_or(0);
  static const codec::bytes no_argument;
  auto ari =
      codec::decode_assist_request_instructions(v, comp.parameter ? *comp.parameter : no_argument);
  if (!ari) {
    CMR_LOG(scp, notice, "dialogue 0x%08x: AssistRequestInstructions undecodable", ind.id);
    (void)layer.u_reject(ind.id, invoke_id,
                         tcap::reject_problem::of(tcap::invoke_problem::mistyped_parameter));
    if (!layer.end(ind.id)) (void)layer.u_abort(ind.id);
    return;
  }
  const std::string digits = assist_registry::decode_correlation(ari->correlation_id);
  std::optional<std::uint64_t> id;
  if (!digits.empty()) id = assists_.find(digits);
  // An IP that sends its whole routing number: the correlation id is its tail.
  if (!id && digits.size() > 8) id = assists_.find(digits.substr(digits.size() - 8));
  call* c = nullptr;
  if (id) {
    if (auto it = calls_.find(*id); it != calls_.end() && !it->second->finished)
      c = it->second.get();
  }
  if (c == nullptr || !c->proc || !c->proc->on_assist_request(ep, ind.id, v, invoke_id)) {
    ++counters_.assist_unknown_correlation;
    CMR_LOG(scp, notice,
            "dialogue 0x%08x: AssistRequestInstructions for unknown correlation id '%s'", ind.id,
            digits.c_str());
    (void)layer.u_error(ind.id, invoke_id, codec::error_code::unexpected_data_value);
    if (!layer.end(ind.id)) (void)layer.u_abort(ind.id);
    return;
  }
  CMR_LOG(scp, info, "call %llu: assisting IP asked for instructions (correlation %s)",
          static_cast<unsigned long long>(c->id), digits.c_str());
}

}  // namespace cmr::in::scp
