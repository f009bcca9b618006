// CAP v4 call party handling (InitiateCallAttempt and its result, MoveLeg,
// DisconnectLeg) and the error parameters.
#include <IN-CancelFailedParam.h>
#include <IN-DisconnectLegArg.h>
#include <IN-InitiateCallAttemptArg.h>
#include <IN-InitiateCallAttemptRes.h>
#include <IN-MoveLegArg.h>
#include <IN-RequestedInfoErrorParam.h>
#include <IN-SystemFailureParam.h>
#include <IN-TaskRefusedParam.h>

#include "in/codec/asn1_support.h"
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"

namespace cmr::in::codec {

using namespace detail;

namespace {

bool is_v4(protocol_variant v) { return v == protocol_variant::cap_v4; }

// BIT STRING kept as its content octets: unused-bits count, then the bits.
std::optional<bytes> bits_from(const BIT_STRING_t* b) {
  if (b == nullptr) return std::nullopt;
  bytes out{static_cast<std::uint8_t>(b->bits_unused)};
  if (b->buf != nullptr) out.insert(out.end(), b->buf, b->buf + b->size);
  return out;
}

BIT_STRING_t* new_bits(const std::optional<bytes>& v) {
  if (!v || v->empty()) return nullptr;
  auto* b = alloc<BIT_STRING_t>();
  OCTET_STRING_fromBuf(reinterpret_cast<OCTET_STRING_t*>(b),
                       reinterpret_cast<const char*>(v->data() + 1), static_cast<int>(v->size() - 1));
  b->bits_unused = (*v)[0] & 0x07;
  return b;
}

}  // namespace

decode_result<initiate_call_attempt> decode_initiate_call_attempt(protocol_variant v, in_bytes in) {
  if (!is_v4(v)) return cmr::unexpected{not_supported("InitiateCallAttempt", v)};
  auto d = decode_as<IN_InitiateCallAttemptArg_t>(&asn_DEF_IN_InitiateCallAttemptArg, in);
  if (!d) return cmr::unexpected{d.error()};
  const auto& x = *d.value();
  if (x.destinationRoutingAddress.list.count != 1) {
    return cmr::unexpected{bad_value("destinationRoutingAddress holds exactly one number")};
  }
  initiate_call_attempt a;
  a.destination_routing_address = to_bytes(*x.destinationRoutingAddress.list.array[0]);
  if (!extensions_from_asn(x.extensions, a.ext)) return cmr::unexpected{bad_value("extensions")};
  if (x.legToBeCreated != nullptr) {
    leg_id l;
    if (!leg_from_asn(*x.legToBeCreated, l)) return cmr::unexpected{bad_value("legID")};
    a.leg_to_be_created = l;
  }
  a.new_call_segment = opt_long<std::uint8_t>(x.newCallSegment);
  a.calling_party_number = opt_bytes(x.callingPartyNumber);
  a.call_reference_number = opt_bytes(x.callReferenceNumber);
  if (x.gsmSCFAddress != nullptr) {
    a.gsm_scf_address = decode_isdn_address(to_bytes(*x.gsmSCFAddress));
    if (!a.gsm_scf_address) return cmr::unexpected{bad_value("gsmSCFAddress")};
  }
  a.suppress_t_csi = x.suppress_T_CSI != nullptr;
  return a;
}

bytes encode_initiate_call_attempt(protocol_variant v, const initiate_call_attempt& a) {
  if (!is_v4(v)) return {};
  asn_owned<IN_InitiateCallAttemptArg_t> x(&asn_DEF_IN_InitiateCallAttemptArg);
  auto* os = alloc<OCTET_STRING_t>();
  set_bytes(*os, a.destination_routing_address);
  ASN_SEQUENCE_ADD(&x->destinationRoutingAddress.list, os);
  x->extensions = extensions_to_asn(a.ext);
  x->legToBeCreated = new_leg(a.leg_to_be_created);
  x->newCallSegment = new_long(a.new_call_segment);
  x->callingPartyNumber = new_bytes(a.calling_party_number);
  x->callReferenceNumber = new_bytes(a.call_reference_number);
  if (a.gsm_scf_address) x->gsmSCFAddress = new_bytes(encode_isdn_address(*a.gsm_scf_address));
  x->suppress_T_CSI = new_null(a.suppress_t_csi);
  return der_encode_value(&asn_DEF_IN_InitiateCallAttemptArg, x.get());
}

decode_result<initiate_call_attempt_result> decode_initiate_call_attempt_result(protocol_variant v,
                                                                                in_bytes in) {
  if (!is_v4(v)) return cmr::unexpected{not_supported("InitiateCallAttempt", v)};
  auto d = decode_as<IN_InitiateCallAttemptRes_t>(&asn_DEF_IN_InitiateCallAttemptRes, in);
  if (!d) return cmr::unexpected{d.error()};
  const auto& x = *d.value();
  initiate_call_attempt_result a;
  a.supported_camel_phases = bits_from(x.supportedCamelPhases);
  a.offered_camel4_functionalities = bits_from(x.offeredCamel4Functionalities);
  if (!extensions_from_asn(x.extensions, a.ext)) return cmr::unexpected{bad_value("extensions")};
  a.release_call_arg_extension_allowed = x.releaseCallArgExtensionAllowed != nullptr;
  return a;
}

bytes encode_initiate_call_attempt_result(protocol_variant v,
                                          const initiate_call_attempt_result& a) {
  if (!is_v4(v)) return {};
  asn_owned<IN_InitiateCallAttemptRes_t> x(&asn_DEF_IN_InitiateCallAttemptRes);
  x->supportedCamelPhases = new_bits(a.supported_camel_phases);
  x->offeredCamel4Functionalities = new_bits(a.offered_camel4_functionalities);
  x->extensions = extensions_to_asn(a.ext);
  x->releaseCallArgExtensionAllowed = new_null(a.release_call_arg_extension_allowed);
  return der_encode_value(&asn_DEF_IN_InitiateCallAttemptRes, x.get());
}

decode_result<move_leg> decode_move_leg(protocol_variant v, in_bytes in) {
  if (!is_v4(v)) return cmr::unexpected{not_supported("MoveLeg", v)};
  auto d = decode_as<IN_MoveLegArg_t>(&asn_DEF_IN_MoveLegArg, in);
  if (!d) return cmr::unexpected{d.error()};
  move_leg a;
  if (!leg_from_asn(d.value()->legIDToMove, a.leg)) return cmr::unexpected{bad_value("legID")};
  if (!extensions_from_asn(d.value()->extensions, a.ext)) return cmr::unexpected{bad_value("extensions")};
  return a;
}

bytes encode_move_leg(protocol_variant v, const move_leg& a) {
  if (!is_v4(v)) return {};
  asn_owned<IN_MoveLegArg_t> x(&asn_DEF_IN_MoveLegArg);
  leg_to_asn(a.leg, x->legIDToMove);
  x->extensions = extensions_to_asn(a.ext);
  return der_encode_value(&asn_DEF_IN_MoveLegArg, x.get());
}

decode_result<disconnect_leg> decode_disconnect_leg(protocol_variant v, in_bytes in) {
  if (!is_v4(v)) return cmr::unexpected{not_supported("DisconnectLeg", v)};
  auto d = decode_as<IN_DisconnectLegArg_t>(&asn_DEF_IN_DisconnectLegArg, in);
  if (!d) return cmr::unexpected{d.error()};
  disconnect_leg a;
  if (!leg_from_asn(d.value()->legToBeReleased, a.leg)) return cmr::unexpected{bad_value("legID")};
  a.release_cause = opt_bytes(d.value()->releaseCause);
  if (!extensions_from_asn(d.value()->extensions, a.ext)) return cmr::unexpected{bad_value("extensions")};
  return a;
}

bytes encode_disconnect_leg(protocol_variant v, const disconnect_leg& a) {
  if (!is_v4(v)) return {};
  asn_owned<IN_DisconnectLegArg_t> x(&asn_DEF_IN_DisconnectLegArg);
  leg_to_asn(a.leg, x->legToBeReleased);
  x->releaseCause = new_bytes(a.release_cause);
  x->extensions = extensions_to_asn(a.ext);
  return der_encode_value(&asn_DEF_IN_DisconnectLegArg, x.get());
}

// --- Error parameters ----------------------------------------------------------------------

decode_result<cancel_failed> decode_cancel_failed(protocol_variant /*v*/, in_bytes in) {
  auto d = decode_as<IN_CancelFailedParam_t>(&asn_DEF_IN_CancelFailedParam, in);
  if (!d) return cmr::unexpected{d.error()};
  return cancel_failed{static_cast<std::uint8_t>(d.value()->problem),
                       static_cast<std::int8_t>(d.value()->operation)};
}

bytes encode_cancel_failed(protocol_variant /*v*/, const cancel_failed& a) {
  asn_owned<IN_CancelFailedParam_t> x(&asn_DEF_IN_CancelFailedParam);
  x->problem = a.problem;
  x->operation = a.operation;
  return der_encode_value(&asn_DEF_IN_CancelFailedParam, x.get());
}

namespace {
asn_TYPE_descriptor_t* error_type(std::int32_t error) {
  switch (error) {
    case error_code::requested_info_error: return &asn_DEF_IN_RequestedInfoErrorParam;
    case error_code::system_failure: return &asn_DEF_IN_SystemFailureParam;
    case error_code::task_refused: return &asn_DEF_IN_TaskRefusedParam;
    default: return nullptr;
  }
}
}  // namespace

decode_result<enumerated_error> decode_error_parameter(protocol_variant v, std::int32_t error,
                                                       in_bytes in) {
  asn_TYPE_descriptor_t* def = error_type(error);
  if (def == nullptr) return cmr::unexpected{not_supported("error parameter", v)};
  auto d = decode_as<long>(def, in);
  if (!d) return cmr::unexpected{d.error()};
  long value = *d.value();
  if (value < 0 || value > 255) return cmr::unexpected{bad_value("error parameter")};
  return enumerated_error{static_cast<std::uint8_t>(value)};
}

bytes encode_error_parameter(protocol_variant /*v*/, std::int32_t error, const enumerated_error& a) {
  asn_TYPE_descriptor_t* def = error_type(error);
  if (def == nullptr) return {};
  long value = a.value;
  return der_encode_value(def, &value);
}

}  // namespace cmr::in::codec
