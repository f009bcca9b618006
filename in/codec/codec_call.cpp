// Call-control arguments: InitialDP, RequestReportBCSMEvent, EventReportBCSM,
// Connect, ContinueWithArgument, ReleaseCall.
#include <IN-ConnectArg.h>
#include <IN-ContinueWithArgumentArg.h>
#include <IN-EventReportBCSMArg.h>
#include <IN-InitialDPArg.h>
#include <IN-LegOrCallSegment.h>
#include <IN-ReleaseCallArg.h>
#include <IN-RequestReportBCSMEventArg.h>

#include "in/codec/asn1_support.h"
#include "in/codec/operations_codec.h"

namespace cmr::in::codec {

using namespace detail;

namespace {

std::optional<std::uint8_t> octet(const OCTET_STRING_t* os) {
  if (os == nullptr || os->size != 1) return std::nullopt;
  return os->buf[0];
}

OCTET_STRING_t* new_octet(const std::optional<std::uint8_t>& v) {
  if (!v) return nullptr;
  return new_bytes(bytes{*v});
}

IN_ServiceInteractionIndicatorsTwo_t* new_sii2(const std::optional<std::uint8_t>& bothway) {
  if (!bothway) return nullptr;
  auto* s = alloc<IN_ServiceInteractionIndicatorsTwo_t>();
  s->bothwayThroughConnectionInd = new_value<long>(*bothway);
  return s;
}

std::optional<std::uint8_t> sii2_bothway(const IN_ServiceInteractionIndicatorsTwo_t* s) {
  if (s == nullptr) return std::nullopt;
  return opt_long<std::uint8_t>(s->bothwayThroughConnectionInd);
}

IN_MiscCallInfo_t* new_misc(const std::optional<misc_call_info>& m) {
  if (!m) return nullptr;
  auto* p = alloc<IN_MiscCallInfo_t>();
  p->messageType = m->notification ? 1 : 0;
  p->dpAssignment = new_long(m->dp_assignment);
  return p;
}

std::optional<misc_call_info> misc_from(const IN_MiscCallInfo_t* p) {
  if (p == nullptr) return std::nullopt;
  return misc_call_info{p->messageType == 1, opt_long<std::uint8_t>(p->dpAssignment)};
}

}  // namespace

// --- InitialDP -----------------------------------------------------------------------

decode_result<initial_dp> decode_initial_dp(protocol_variant v, in_bytes in) {
  auto d = decode_as<IN_InitialDPArg_t>(&asn_DEF_IN_InitialDPArg, in);
  if (!d) return cmr::unexpected{d.error()};
  const IN_InitialDPArg_t& x = *d.value();
  initial_dp a;
  a.service_key = static_cast<std::uint32_t>(x.serviceKey);
  a.called_party_number = opt_bytes(x.calledPartyNumber);
  a.calling_party_number = opt_bytes(x.callingPartyNumber);
  a.calling_partys_category = octet(x.callingPartysCategory);
  a.cg_encountered = opt_long<std::uint8_t>(x.cGEncountered);
  a.ip_ssp_capabilities = opt_bytes(x.iPSSPCapabilities);
  a.location_number = opt_bytes(x.locationNumber);
  a.original_called_party_id = opt_bytes(x.originalCalledPartyID);
  if (!extensions_from_asn(x.extensions, a.ext)) return cmr::unexpected{bad_value("extensions")};
  a.cause = opt_bytes(x.cause);
  a.high_layer_compatibility = opt_bytes(x.highLayerCompatibility);
  a.additional_calling_party_number = opt_bytes(x.additionalCallingPartyNumber);
  if (x.bearerCapability != nullptr) {
    if (x.bearerCapability->present == IN_BearerCapability_PR_bearerCap) {
      a.bearer_capability = to_bytes(x.bearerCapability->choice.bearerCap);
    } else if (x.bearerCapability->present == IN_BearerCapability_PR_tmr && !is_cap(v)) {
      a.bearer_tmr = x.bearerCapability->choice.tmr.buf[0];
    }
  }
  if (x.eventTypeBCSM != nullptr) a.event_type = static_cast<event_type_bcsm>(*x.eventTypeBCSM);
  a.redirecting_party_id = opt_bytes(x.redirectingPartyID);
  a.redirection_information = opt_bytes(x.redirectionInformation);
  if (is_cap(v)) {
    a.imsi = opt_bytes(x.iMSI);
    if (const auto* li = x.locationInformation) {
      location_information l;
      l.age = opt_long<std::int32_t>(li->ageOfLocationInformation);
      l.geographical_information = opt_bytes(li->geographicalInformation);
      if (li->vlr_number != nullptr) l.vlr_number = decode_isdn_address(to_bytes(*li->vlr_number));
      l.location_number = opt_bytes(li->locationNumber);
      if (const auto* c = li->cellGlobalIdOrServiceAreaIdOrLAI) {
        if (c->present ==
            IN_LocationInformation__cellGlobalIdOrServiceAreaIdOrLAI_PR_cellGlobalIdOrServiceAreaIdFixedLength) {
          l.cell_global_id = to_bytes(c->choice.cellGlobalIdOrServiceAreaIdFixedLength);
        } else if (c->present ==
                   IN_LocationInformation__cellGlobalIdOrServiceAreaIdOrLAI_PR_laiFixedLength) {
          l.lai = to_bytes(c->choice.laiFixedLength);
        }
      }
      a.location = std::move(l);
    }
    a.call_reference_number = opt_bytes(x.callReferenceNumber);
    if (x.mscAddress != nullptr) {
      a.msc_address = decode_isdn_address(to_bytes(*x.mscAddress));
      if (!a.msc_address) return cmr::unexpected{bad_value("mscAddress")};
    }
    a.called_party_bcd_number = opt_bytes(x.calledPartyBCDNumber);
    a.time_and_timezone = opt_bytes(x.timeAndTimezone);
    a.call_forwarding_ss_pending = x.callForwardingSS_Pending != nullptr;
  } else {
    a.dialled_digits = opt_bytes(x.dialledDigits);
    a.ip_available = opt_bytes(x.iPAvailable);
    a.misc_call_info_ = misc_from(x.miscCallInfo);
    a.service_profile_identifier = opt_bytes(x.serviceProfileIdentifier);
    a.terminal_type = opt_long<std::uint8_t>(x.terminalType);
    a.trigger_type = opt_long<std::uint8_t>(x.triggerType);
    a.service_interaction_indicators = opt_bytes(x.serviceInteractionIndicators);
    a.forward_call_indicators = opt_bytes(x.forwardCallIndicators);
  }
  return a;
}

bytes encode_initial_dp(protocol_variant v, const initial_dp& a) {
  asn_owned<IN_InitialDPArg_t> x(&asn_DEF_IN_InitialDPArg);
  x->serviceKey = static_cast<long>(a.service_key);
  x->calledPartyNumber = new_bytes(a.called_party_number);
  x->callingPartyNumber = new_bytes(a.calling_party_number);
  x->callingPartysCategory = new_octet(a.calling_partys_category);
  x->cGEncountered = new_long(a.cg_encountered);
  x->iPSSPCapabilities = new_bytes(a.ip_ssp_capabilities);
  x->locationNumber = new_bytes(a.location_number);
  x->originalCalledPartyID = new_bytes(a.original_called_party_id);
  x->extensions = extensions_to_asn(a.ext);
  x->cause = new_bytes(a.cause);
  x->highLayerCompatibility = new_bytes(a.high_layer_compatibility);
  x->additionalCallingPartyNumber = new_bytes(a.additional_calling_party_number);
  if (a.bearer_capability) {
    x->bearerCapability = alloc<IN_BearerCapability_t>();
    x->bearerCapability->present = IN_BearerCapability_PR_bearerCap;
    set_bytes(x->bearerCapability->choice.bearerCap, *a.bearer_capability);
  } else if (a.bearer_tmr && !is_cap(v)) {
    x->bearerCapability = alloc<IN_BearerCapability_t>();
    x->bearerCapability->present = IN_BearerCapability_PR_tmr;
    set_bytes(x->bearerCapability->choice.tmr, bytes{*a.bearer_tmr});
  }
  x->eventTypeBCSM = new_long(a.event_type);
  x->redirectingPartyID = new_bytes(a.redirecting_party_id);
  x->redirectionInformation = new_bytes(a.redirection_information);
  if (is_cap(v)) {
    x->iMSI = new_bytes(a.imsi);
    if (a.location) {
      const auto& l = *a.location;
      auto* li = alloc<IN_LocationInformation_t>();
      x->locationInformation = li;
      li->ageOfLocationInformation = new_long(l.age);
      li->geographicalInformation = new_bytes(l.geographical_information);
      if (l.vlr_number) li->vlr_number = new_bytes(encode_isdn_address(*l.vlr_number));
      li->locationNumber = new_bytes(l.location_number);
      if (l.cell_global_id || l.lai) {
        auto* c = alloc<IN_LocationInformation::IN_LocationInformation__cellGlobalIdOrServiceAreaIdOrLAI>();
        li->cellGlobalIdOrServiceAreaIdOrLAI = c;
        if (l.cell_global_id) {
          c->present =
              IN_LocationInformation__cellGlobalIdOrServiceAreaIdOrLAI_PR_cellGlobalIdOrServiceAreaIdFixedLength;
          set_bytes(c->choice.cellGlobalIdOrServiceAreaIdFixedLength, *l.cell_global_id);
        } else {
          c->present = IN_LocationInformation__cellGlobalIdOrServiceAreaIdOrLAI_PR_laiFixedLength;
          set_bytes(c->choice.laiFixedLength, *l.lai);
        }
      }
    }
    x->callReferenceNumber = new_bytes(a.call_reference_number);
    if (a.msc_address) x->mscAddress = new_bytes(encode_isdn_address(*a.msc_address));
    x->calledPartyBCDNumber = new_bytes(a.called_party_bcd_number);
    x->timeAndTimezone = new_bytes(a.time_and_timezone);
    x->callForwardingSS_Pending = new_null(a.call_forwarding_ss_pending);
  } else {
    x->dialledDigits = new_bytes(a.dialled_digits);
    x->iPAvailable = new_bytes(a.ip_available);
    x->miscCallInfo = new_misc(a.misc_call_info_);
    x->serviceProfileIdentifier = new_bytes(a.service_profile_identifier);
    x->terminalType = new_long(a.terminal_type);
    x->triggerType = new_long(a.trigger_type);
    x->serviceInteractionIndicators = new_bytes(a.service_interaction_indicators);
    x->forwardCallIndicators = new_bytes(a.forward_call_indicators);
  }
  return der_encode_value(&asn_DEF_IN_InitialDPArg, x.get());
}

// --- RequestReportBCSMEvent ------------------------------------------------------------

decode_result<request_report_bcsm_event> decode_request_report_bcsm_event(protocol_variant v,
                                                                          in_bytes in) {
  auto d = decode_as<IN_RequestReportBCSMEventArg_t>(&asn_DEF_IN_RequestReportBCSMEventArg, in);
  if (!d) return cmr::unexpected{d.error()};
  const auto& x = *d.value();
  request_report_bcsm_event a;
  for (int i = 0; i < x.bcsmEvents.list.count; ++i) {
    const IN_BCSMEvent_t& e = *x.bcsmEvents.list.array[i];
    bcsm_event b;
    b.event = static_cast<event_type_bcsm>(e.eventTypeBCSM);
    b.mode = static_cast<monitor_mode>(e.monitorMode);
    if (e.legID != nullptr) {
      leg_id l;
      if (!leg_from_asn(*e.legID, l)) return cmr::unexpected{bad_value("legID")};
      b.leg = l;
    }
    if (const auto* c = e.dpSpecificCriteria) {
      if (c->present == IN_DpSpecificCriteria_PR_applicationTimer) {
        b.application_timer = static_cast<std::uint16_t>(c->choice.applicationTimer);
      } else if (c->present == IN_DpSpecificCriteria_PR_numberOfDigits && !is_cap(v)) {
        b.number_of_digits = static_cast<std::uint8_t>(c->choice.numberOfDigits);
      }
    }
    b.automatic_rearm = v == protocol_variant::cap_v4 && e.automaticRearm != nullptr;
    a.events.push_back(b);
  }
  if (!is_cap(v)) a.correlation_id = opt_bytes(x.bcsmEventCorrelationID);
  if (!extensions_from_asn(x.extensions, a.ext)) return cmr::unexpected{bad_value("extensions")};
  return a;
}

bytes encode_request_report_bcsm_event(protocol_variant v, const request_report_bcsm_event& a) {
  asn_owned<IN_RequestReportBCSMEventArg_t> x(&asn_DEF_IN_RequestReportBCSMEventArg);
  for (const auto& b : a.events) {
    auto* e = alloc<IN_BCSMEvent_t>();
    ASN_SEQUENCE_ADD(&x->bcsmEvents.list, e);
    e->eventTypeBCSM = static_cast<long>(b.event);
    e->monitorMode = static_cast<long>(b.mode);
    e->legID = new_leg(b.leg);
    if (b.application_timer) {
      e->dpSpecificCriteria = alloc<IN_DpSpecificCriteria_t>();
      e->dpSpecificCriteria->present = IN_DpSpecificCriteria_PR_applicationTimer;
      e->dpSpecificCriteria->choice.applicationTimer = *b.application_timer;
    } else if (b.number_of_digits && !is_cap(v)) {
      e->dpSpecificCriteria = alloc<IN_DpSpecificCriteria_t>();
      e->dpSpecificCriteria->present = IN_DpSpecificCriteria_PR_numberOfDigits;
      e->dpSpecificCriteria->choice.numberOfDigits = *b.number_of_digits;
    }
    e->automaticRearm = new_null(b.automatic_rearm && v == protocol_variant::cap_v4);
  }
  if (!is_cap(v)) x->bcsmEventCorrelationID = new_bytes(a.correlation_id);
  x->extensions = extensions_to_asn(a.ext);
  return der_encode_value(&asn_DEF_IN_RequestReportBCSMEventArg, x.get());
}

// --- EventReportBCSM --------------------------------------------------------------------

decode_result<event_report_bcsm> decode_event_report_bcsm(protocol_variant v, in_bytes in) {
  auto d = decode_as<IN_EventReportBCSMArg_t>(&asn_DEF_IN_EventReportBCSMArg, in);
  if (!d) return cmr::unexpected{d.error()};
  const auto& x = *d.value();
  event_report_bcsm a;
  a.event = static_cast<event_type_bcsm>(x.eventTypeBCSM);
  if (!is_cap(v)) a.correlation_id = opt_bytes(x.bcsmEventCorrelationID);
  if (const auto* s = x.eventSpecificInformationBCSM) {
    event_specific_info i;
    const auto& c = s->choice;
    switch (s->present) {
      case IN_EventSpecificInformationBCSM_PR_collectedInfoSpecificInfo: i.alternative = 0; i.cause = opt_bytes(c.collectedInfoSpecificInfo.cause); break;
      case IN_EventSpecificInformationBCSM_PR_analyzedInfoSpecificInfo: i.alternative = 1; i.cause = opt_bytes(c.analyzedInfoSpecificInfo.cause); break;
      case IN_EventSpecificInformationBCSM_PR_routeSelectFailureSpecificInfo: i.alternative = 2; i.cause = opt_bytes(c.routeSelectFailureSpecificInfo.cause); break;
      case IN_EventSpecificInformationBCSM_PR_oCalledPartyBusySpecificInfo: i.alternative = 3; i.cause = opt_bytes(c.oCalledPartyBusySpecificInfo.cause); break;
      case IN_EventSpecificInformationBCSM_PR_oNoAnswerSpecificInfo: i.alternative = 4; break;
      case IN_EventSpecificInformationBCSM_PR_oAnswerSpecificInfo:
      case IN_EventSpecificInformationBCSM_PR_tAnswerSpecificInfo: {
        bool o = s->present == IN_EventSpecificInformationBCSM_PR_oAnswerSpecificInfo;
        const IN_AnswerInfo_t& ai = o ? c.oAnswerSpecificInfo : c.tAnswerSpecificInfo;
        i.alternative = o ? 5 : 10;
        i.destination_address = opt_bytes(ai.destinationAddress);
        i.or_call = ai.or_Call != nullptr;
        i.forwarded_call = ai.forwardedCall != nullptr;
        break;
      }
      case IN_EventSpecificInformationBCSM_PR_oMidCallSpecificInfo: i.alternative = 6; break;
      case IN_EventSpecificInformationBCSM_PR_oDisconnectSpecificInfo: i.alternative = 7; i.cause = opt_bytes(c.oDisconnectSpecificInfo.cause); break;
      case IN_EventSpecificInformationBCSM_PR_tBusySpecificInfo: {
        const auto& b = c.tBusySpecificInfo;
        i.alternative = 8;
        i.cause = opt_bytes(b.busyCause);
        i.call_forwarded = b.callForwarded != nullptr;
        i.route_not_permitted = b.routeNotPermitted != nullptr;
        i.forwarding_destination = opt_bytes(b.forwardingDestinationNumber);
        break;
      }
      case IN_EventSpecificInformationBCSM_PR_tNoAnswerSpecificInfo:
        i.alternative = 9;
        i.call_forwarded = c.tNoAnswerSpecificInfo.callForwarded != nullptr;
        i.forwarding_destination = opt_bytes(c.tNoAnswerSpecificInfo.forwardingDestinationNumber);
        break;
      case IN_EventSpecificInformationBCSM_PR_tMidCallSpecificInfo: i.alternative = 11; break;
      case IN_EventSpecificInformationBCSM_PR_tDisconnectSpecificInfo: i.alternative = 12; i.cause = opt_bytes(c.tDisconnectSpecificInfo.cause); break;
      case IN_EventSpecificInformationBCSM_PR_oTermSeizedSpecificInfo: i.alternative = 13; break;
      case IN_EventSpecificInformationBCSM_PR_callAcceptedSpecificInfo: i.alternative = 20; break;
      case IN_EventSpecificInformationBCSM_PR_oAbandonSpecificInfo:
        i.alternative = 21;
        i.route_not_permitted = c.oAbandonSpecificInfo.routeNotPermitted != nullptr;
        break;
      default:
        // An alternative from a later release: the report stands without it.
        i.alternative = 255;
    }
    if (i.alternative != 255) a.info = std::move(i);
  }
  if (x.legID != nullptr) {
    leg_id l;
    if (!leg_from_asn(*x.legID, l)) return cmr::unexpected{bad_value("legID")};
    a.leg = l;
  }
  a.misc = misc_from(x.miscCallInfo);
  if (!extensions_from_asn(x.extensions, a.ext)) return cmr::unexpected{bad_value("extensions")};
  return a;
}

bytes encode_event_report_bcsm(protocol_variant v, const event_report_bcsm& a) {
  asn_owned<IN_EventReportBCSMArg_t> x(&asn_DEF_IN_EventReportBCSMArg);
  x->eventTypeBCSM = static_cast<long>(a.event);
  if (!is_cap(v)) x->bcsmEventCorrelationID = new_bytes(a.correlation_id);
  if (a.info) {
    const auto& i = *a.info;
    auto* s = alloc<IN_EventSpecificInformationBCSM_t>();
    x->eventSpecificInformationBCSM = s;
    auto& c = s->choice;
    auto answer = [&i](IN_AnswerInfo_t& ai) {
      ai.destinationAddress = new_bytes(i.destination_address);
      ai.or_Call = new_null(i.or_call);
      ai.forwardedCall = new_null(i.forwarded_call);
    };
    switch (i.alternative) {
      case 0: s->present = IN_EventSpecificInformationBCSM_PR_collectedInfoSpecificInfo; c.collectedInfoSpecificInfo.cause = new_bytes(i.cause); break;
      case 1: s->present = IN_EventSpecificInformationBCSM_PR_analyzedInfoSpecificInfo; c.analyzedInfoSpecificInfo.cause = new_bytes(i.cause); break;
      case 2: s->present = IN_EventSpecificInformationBCSM_PR_routeSelectFailureSpecificInfo; c.routeSelectFailureSpecificInfo.cause = new_bytes(i.cause); break;
      case 3: s->present = IN_EventSpecificInformationBCSM_PR_oCalledPartyBusySpecificInfo; c.oCalledPartyBusySpecificInfo.cause = new_bytes(i.cause); break;
      case 4: s->present = IN_EventSpecificInformationBCSM_PR_oNoAnswerSpecificInfo; break;
      case 5: s->present = IN_EventSpecificInformationBCSM_PR_oAnswerSpecificInfo; answer(c.oAnswerSpecificInfo); break;
      case 6: s->present = IN_EventSpecificInformationBCSM_PR_oMidCallSpecificInfo; break;
      case 7: s->present = IN_EventSpecificInformationBCSM_PR_oDisconnectSpecificInfo; c.oDisconnectSpecificInfo.cause = new_bytes(i.cause); break;
      case 8:
        s->present = IN_EventSpecificInformationBCSM_PR_tBusySpecificInfo;
        c.tBusySpecificInfo.busyCause = new_bytes(i.cause);
        c.tBusySpecificInfo.callForwarded = new_null(i.call_forwarded);
        c.tBusySpecificInfo.routeNotPermitted = new_null(i.route_not_permitted);
        c.tBusySpecificInfo.forwardingDestinationNumber = new_bytes(i.forwarding_destination);
        break;
      case 9:
        s->present = IN_EventSpecificInformationBCSM_PR_tNoAnswerSpecificInfo;
        c.tNoAnswerSpecificInfo.callForwarded = new_null(i.call_forwarded);
        c.tNoAnswerSpecificInfo.forwardingDestinationNumber = new_bytes(i.forwarding_destination);
        break;
      case 10: s->present = IN_EventSpecificInformationBCSM_PR_tAnswerSpecificInfo; answer(c.tAnswerSpecificInfo); break;
      case 11: s->present = IN_EventSpecificInformationBCSM_PR_tMidCallSpecificInfo; break;
      case 12: s->present = IN_EventSpecificInformationBCSM_PR_tDisconnectSpecificInfo; c.tDisconnectSpecificInfo.cause = new_bytes(i.cause); break;
      case 13: s->present = IN_EventSpecificInformationBCSM_PR_oTermSeizedSpecificInfo; break;
      case 20: s->present = IN_EventSpecificInformationBCSM_PR_callAcceptedSpecificInfo; break;
      case 21:
        s->present = IN_EventSpecificInformationBCSM_PR_oAbandonSpecificInfo;
        c.oAbandonSpecificInfo.routeNotPermitted = new_null(i.route_not_permitted);
        break;
      default:
        return {};
    }
  }
  x->legID = new_leg(a.leg);
  x->miscCallInfo = new_misc(a.misc);
  x->extensions = extensions_to_asn(a.ext);
  return der_encode_value(&asn_DEF_IN_EventReportBCSMArg, x.get());
}

// --- Connect ------------------------------------------------------------------------------

decode_result<connect_arg> decode_connect(protocol_variant v, in_bytes in) {
  auto d = decode_as<IN_ConnectArg_t>(&asn_DEF_IN_ConnectArg, in);
  if (!d) return cmr::unexpected{d.error()};
  const auto& x = *d.value();
  connect_arg a;
  for (int i = 0; i < x.destinationRoutingAddress.list.count; ++i) {
    a.destination_routing_address.push_back(to_bytes(*x.destinationRoutingAddress.list.array[i]));
  }
  if (is_cap(v) && a.destination_routing_address.size() != 1) {
    return cmr::unexpected{bad_value("CAP destinationRoutingAddress holds exactly one number")};
  }
  a.alerting_pattern = opt_bytes(x.alertingPattern);
  a.original_called_party_id = opt_bytes(x.originalCalledPartyID);
  if (!extensions_from_asn(x.extensions, a.ext)) return cmr::unexpected{bad_value("extensions")};
  a.carrier = opt_bytes(x.carrier);
  a.calling_partys_category = octet(x.callingPartysCategory);
  a.redirecting_party_id = opt_bytes(x.redirectingPartyID);
  a.redirection_information = opt_bytes(x.redirectionInformation);
  if (is_cap(v)) {
    if (x.genericNumbers != nullptr) {
      for (int i = 0; i < x.genericNumbers->list.count; ++i) {
        a.generic_numbers.push_back(to_bytes(*x.genericNumbers->list.array[i]));
      }
    }
    a.bothway_through_connection = sii2_bothway(x.serviceInteractionIndicatorsTwo);
    if (x.legToBeConnected != nullptr && v == protocol_variant::cap_v4) {
      leg_id l;
      if (!leg_from_asn(*x.legToBeConnected, l)) return cmr::unexpected{bad_value("legID")};
      a.leg_to_be_connected = l;
    }
    a.cug_interlock = opt_bytes(x.cug_Interlock);
    a.cug_outgoing_access = x.cug_OutgoingAccess != nullptr;
    a.suppression_of_announcement = x.suppressionOfAnnouncement != nullptr;
    a.o_csi_applicable = x.oCSIApplicable != nullptr;
  } else {
    a.correlation_id = opt_bytes(x.correlationID);
    a.scf_id = opt_bytes(x.scfID);
    a.service_interaction_indicators = opt_bytes(x.serviceInteractionIndicators);
    a.calling_party_number = opt_bytes(x.callingPartyNumber);
  }
  return a;
}

bytes encode_connect(protocol_variant v, const connect_arg& a) {
  if (a.destination_routing_address.empty()) return {};
  if (is_cap(v) && a.destination_routing_address.size() != 1) return {};
  asn_owned<IN_ConnectArg_t> x(&asn_DEF_IN_ConnectArg);
  for (const auto& n : a.destination_routing_address) {
    auto* os = alloc<OCTET_STRING_t>();
    set_bytes(*os, n);
    ASN_SEQUENCE_ADD(&x->destinationRoutingAddress.list, os);
  }
  x->alertingPattern = new_bytes(a.alerting_pattern);
  x->originalCalledPartyID = new_bytes(a.original_called_party_id);
  x->extensions = extensions_to_asn(a.ext);
  x->carrier = new_bytes(a.carrier);
  x->callingPartysCategory = new_octet(a.calling_partys_category);
  x->redirectingPartyID = new_bytes(a.redirecting_party_id);
  x->redirectionInformation = new_bytes(a.redirection_information);
  if (is_cap(v)) {
    if (!a.generic_numbers.empty()) {
      x->genericNumbers = alloc<IN_ConnectArg::IN_ConnectArg__genericNumbers>();
      for (const auto& g : a.generic_numbers) {
        auto* os = alloc<OCTET_STRING_t>();
        set_bytes(*os, g);
        ASN_SET_ADD(&x->genericNumbers->list, os);
      }
    }
    x->serviceInteractionIndicatorsTwo = new_sii2(a.bothway_through_connection);
    if (v == protocol_variant::cap_v4) x->legToBeConnected = new_leg(a.leg_to_be_connected);
    x->cug_Interlock = new_bytes(a.cug_interlock);
    x->cug_OutgoingAccess = new_null(a.cug_outgoing_access);
    x->suppressionOfAnnouncement = new_null(a.suppression_of_announcement);
    x->oCSIApplicable = new_null(a.o_csi_applicable);
  } else {
    x->correlationID = new_bytes(a.correlation_id);
    x->scfID = new_bytes(a.scf_id);
    x->serviceInteractionIndicators = new_bytes(a.service_interaction_indicators);
    x->callingPartyNumber = new_bytes(a.calling_party_number);
  }
  return der_encode_value(&asn_DEF_IN_ConnectArg, x.get());
}

// --- ContinueWithArgument (CAP v3, v4) ------------------------------------------------------

decode_result<continue_with_argument> decode_continue_with_argument(protocol_variant v,
                                                                    in_bytes in) {
  if (v != protocol_variant::cap_v3 && v != protocol_variant::cap_v4) {
    return cmr::unexpected{not_supported("ContinueWithArgument", v)};
  }
  auto d = decode_as<IN_ContinueWithArgumentArg_t>(&asn_DEF_IN_ContinueWithArgumentArg, in);
  if (!d) return cmr::unexpected{d.error()};
  const auto& x = *d.value();
  continue_with_argument a;
  a.alerting_pattern = opt_bytes(x.alertingPattern);
  if (!extensions_from_asn(x.extensions, a.ext)) return cmr::unexpected{bad_value("extensions")};
  a.calling_partys_category = octet(x.callingPartysCategory);
  a.suppression_of_announcement = x.suppressionOfAnnouncement != nullptr;
  a.suppress_o_csi = x.suppress_O_CSI != nullptr;
  if (const auto* e = x.continueWithArgumentArgExtension; e != nullptr && e->legOrCallSegment) {
    if (e->legOrCallSegment->present == IN_LegOrCallSegment_PR_legID) {
      leg_id l;
      if (!leg_from_asn(e->legOrCallSegment->choice.legID, l)) {
        return cmr::unexpected{bad_value("legID")};
      }
      a.leg = l;
    } else if (e->legOrCallSegment->present == IN_LegOrCallSegment_PR_callSegmentID) {
      a.call_segment = static_cast<std::uint8_t>(e->legOrCallSegment->choice.callSegmentID);
    }
  }
  return a;
}

bytes encode_continue_with_argument(protocol_variant v, const continue_with_argument& a) {
  if (v != protocol_variant::cap_v3 && v != protocol_variant::cap_v4) return {};
  asn_owned<IN_ContinueWithArgumentArg_t> x(&asn_DEF_IN_ContinueWithArgumentArg);
  x->alertingPattern = new_bytes(a.alerting_pattern);
  x->extensions = extensions_to_asn(a.ext);
  x->callingPartysCategory = new_octet(a.calling_partys_category);
  x->suppressionOfAnnouncement = new_null(a.suppression_of_announcement);
  x->suppress_O_CSI = new_null(a.suppress_o_csi);
  if (v == protocol_variant::cap_v4 && (a.leg || a.call_segment)) {
    auto* e = alloc<IN_ContinueWithArgumentArg::IN_ContinueWithArgumentArg__continueWithArgumentArgExtension>();
    x->continueWithArgumentArgExtension = e;
    e->legOrCallSegment = alloc<IN_LegOrCallSegment_t>();
    if (a.leg) {
      e->legOrCallSegment->present = IN_LegOrCallSegment_PR_legID;
      leg_to_asn(*a.leg, e->legOrCallSegment->choice.legID);
    } else {
      e->legOrCallSegment->present = IN_LegOrCallSegment_PR_callSegmentID;
      e->legOrCallSegment->choice.callSegmentID = *a.call_segment;
    }
  }
  return der_encode_value(&asn_DEF_IN_ContinueWithArgumentArg, x.get());
}

// --- ReleaseCall ---------------------------------------------------------------------------

decode_result<release_call> decode_release_call(protocol_variant v, in_bytes in) {
  auto d = decode_as<IN_ReleaseCallArg_t>(&asn_DEF_IN_ReleaseCallArg, in);
  if (!d) return cmr::unexpected{d.error()};
  const auto& x = *d.value();
  release_call a;
  if (x.present == IN_ReleaseCallArg_PR_allCallSegments) {
    a.cause = to_bytes(x.choice.allCallSegments);
  } else if (x.present == IN_ReleaseCallArg_PR_allCallSegmentsWithExtension &&
             v == protocol_variant::cap_v4) {
    a.with_extension = true;
    a.cause = to_bytes(x.choice.allCallSegmentsWithExtension.allCallSegments);
    if (!extensions_from_asn(x.choice.allCallSegmentsWithExtension.extensions, a.ext)) {
      return cmr::unexpected{bad_value("extensions")};
    }
  } else {
    return cmr::unexpected{not_supported("ReleaseCall with extension", v)};
  }
  return a;
}

bytes encode_release_call(protocol_variant v, const release_call& a) {
  asn_owned<IN_ReleaseCallArg_t> x(&asn_DEF_IN_ReleaseCallArg);
  if (a.with_extension) {
    if (v != protocol_variant::cap_v4) return {};
    x->present = IN_ReleaseCallArg_PR_allCallSegmentsWithExtension;
    set_bytes(x->choice.allCallSegmentsWithExtension.allCallSegments, a.cause);
    x->choice.allCallSegmentsWithExtension.extensions = extensions_to_asn(a.ext);
  } else {
    x->present = IN_ReleaseCallArg_PR_allCallSegments;
    set_bytes(x->choice.allCallSegments, a.cause);
  }
  return der_encode_value(&asn_DEF_IN_ReleaseCallArg, x.get());
}

}  // namespace cmr::in::codec
