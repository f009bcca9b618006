// User-interaction arguments: ConnectToResource, EstablishTemporaryConnection,
// AssistRequestInstructions, PlayAnnouncement, SpecializedResourceReport,
// DisconnectForwardConnectionWithArgument, ResetTimer, Cancel.
#include <IN-AssistRequestInstructionsArg.h>
#include <IN-CancelArg.h>
#include <IN-ConnectToResourceArg.h>
#include <IN-DisconnectForwardConnectionWithArgumentArg.h>
#include <IN-EstablishTemporaryConnectionArg.h>
#include <IN-EstablishTemporaryConnectionArgV2.h>
#include <IN-NullArg.h>
#include <IN-PlayAnnouncementArg.h>
#include <IN-ResetTimerArg.h>
#include <IN-ServiceInteractionIndicatorsTwo.h>
#include <IN-SpecializedResourceReportArgV4.h>
#include <IN-VariablePart.h>

#include "in/codec/asn1_support.h"
#include "in/codec/information_to_send.h"
#include "in/codec/operations_codec.h"

namespace cmr::in::codec {

using namespace detail;

namespace {

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

bool is_v4(protocol_variant v) { return v == protocol_variant::cap_v4; }

}  // namespace

// --- ConnectToResource ----------------------------------------------------------------

decode_result<connect_to_resource> decode_connect_to_resource(protocol_variant v, in_bytes in) {
  auto d = decode_as<IN_ConnectToResourceArg_t>(&asn_DEF_IN_ConnectToResourceArg, in);
  if (!d) return cmr::unexpected{d.error()};
  const auto& x = *d.value();
  connect_to_resource a;
  const auto& r = x.resourceAddress;
  switch (r.present) {
    case IN_ConnectToResourceArg__resourceAddress_PR_ipRoutingAddress:
      a.ip_routing_address = to_bytes(r.choice.ipRoutingAddress);
      break;
    case IN_ConnectToResourceArg__resourceAddress_PR_none:
      break;
    case IN_ConnectToResourceArg__resourceAddress_PR_legID:
    case IN_ConnectToResourceArg__resourceAddress_PR_both: {
      if (is_cap(v)) return cmr::unexpected{not_supported("ConnectToResource legID", v)};
      leg_id l;
      bool both = r.present == IN_ConnectToResourceArg__resourceAddress_PR_both;
      if (!leg_from_asn(both ? r.choice.both.legID : r.choice.legID, l)) {
        return cmr::unexpected{bad_value("legID")};
      }
      a.leg = l;
      if (both) a.ip_routing_address = to_bytes(r.choice.both.ipRoutingAddress);
      break;
    }
    default:
      return cmr::unexpected{bad_value("resourceAddress")};
  }
  if (!extensions_from_asn(x.extensions, a.ext)) return cmr::unexpected{bad_value("extensions")};
  if (is_cap(v)) {
    a.bothway_through_connection = sii2_bothway(x.serviceInteractionIndicatorsTwo);
    if (is_v4(v)) a.call_segment = opt_long<std::uint8_t>(x.callSegmentID);
  } else {
    a.service_interaction_indicators = opt_bytes(x.serviceInteractionIndicators);
  }
  return a;
}

bytes encode_connect_to_resource(protocol_variant v, const connect_to_resource& a) {
  asn_owned<IN_ConnectToResourceArg_t> x(&asn_DEF_IN_ConnectToResourceArg);
  auto& r = x->resourceAddress;
  if (a.leg) {
    if (is_cap(v)) return {};
    if (a.ip_routing_address) {
      r.present = IN_ConnectToResourceArg__resourceAddress_PR_both;
      set_bytes(r.choice.both.ipRoutingAddress, *a.ip_routing_address);
      leg_to_asn(*a.leg, r.choice.both.legID);
    } else {
      r.present = IN_ConnectToResourceArg__resourceAddress_PR_legID;
      leg_to_asn(*a.leg, r.choice.legID);
    }
  } else if (a.ip_routing_address) {
    r.present = IN_ConnectToResourceArg__resourceAddress_PR_ipRoutingAddress;
    set_bytes(r.choice.ipRoutingAddress, *a.ip_routing_address);
  } else {
    r.present = IN_ConnectToResourceArg__resourceAddress_PR_none;
  }
  x->extensions = extensions_to_asn(a.ext);
  if (is_cap(v)) {
    x->serviceInteractionIndicatorsTwo = new_sii2(a.bothway_through_connection);
    if (is_v4(v)) x->callSegmentID = new_long(a.call_segment);
  } else {
    x->serviceInteractionIndicators = new_bytes(a.service_interaction_indicators);
  }
  return der_encode_value(&asn_DEF_IN_ConnectToResourceArg, x.get());
}

// --- EstablishTemporaryConnection --------------------------------------------------------

decode_result<establish_temporary_connection> decode_establish_temporary_connection(
    protocol_variant v, in_bytes in) {
  establish_temporary_connection a;
  if (v == protocol_variant::cap_v2) {
    auto d = decode_as<IN_EstablishTemporaryConnectionArgV2_t>(
        &asn_DEF_IN_EstablishTemporaryConnectionArgV2, in);
    if (!d) return cmr::unexpected{d.error()};
    const auto& x = *d.value();
    a.assisting_ssp_ip_routing_address = to_bytes(x.assistingSSPIPRoutingAddress);
    a.correlation_id = opt_bytes(x.correlationID);
    a.scf_id = opt_bytes(x.scfID);
    if (!extensions_from_asn(x.extensions, a.ext)) return cmr::unexpected{bad_value("extensions")};
    a.bothway_through_connection = sii2_bothway(x.serviceInteractionIndicatorsTwo);
    return a;
  }
  auto d = decode_as<IN_EstablishTemporaryConnectionArg_t>(
      &asn_DEF_IN_EstablishTemporaryConnectionArg, in);
  if (!d) return cmr::unexpected{d.error()};
  const auto& x = *d.value();
  a.assisting_ssp_ip_routing_address = to_bytes(x.assistingSSPIPRoutingAddress);
  a.correlation_id = opt_bytes(x.correlationID);
  a.scf_id = opt_bytes(x.scfID);
  if (!extensions_from_asn(x.extensions, a.ext)) return cmr::unexpected{bad_value("extensions")};
  a.carrier = opt_bytes(x.carrier);
  if (is_cap(v)) {
    a.bothway_through_connection = sii2_bothway(x.serviceInteractionIndicatorsTwo);
    if (is_v4(v)) a.call_segment = opt_long<std::uint8_t>(x.callSegmentID);
  } else {
    if (x.partyToConnect != nullptr) {
      leg_id l;
      if (!leg_from_asn(*x.partyToConnect, l)) return cmr::unexpected{bad_value("legID")};
      a.party_to_connect = l;
    }
    a.service_interaction_indicators = opt_bytes(x.serviceInteractionIndicators);
  }
  return a;
}

bytes encode_establish_temporary_connection(protocol_variant v,
                                            const establish_temporary_connection& a) {
  if (v == protocol_variant::cap_v2) {
    asn_owned<IN_EstablishTemporaryConnectionArgV2_t> x(
        &asn_DEF_IN_EstablishTemporaryConnectionArgV2);
    set_bytes(x->assistingSSPIPRoutingAddress, a.assisting_ssp_ip_routing_address);
    x->correlationID = new_bytes(a.correlation_id);
    x->scfID = new_bytes(a.scf_id);
    x->extensions = extensions_to_asn(a.ext);
    x->serviceInteractionIndicatorsTwo = new_sii2(a.bothway_through_connection);
    return der_encode_value(&asn_DEF_IN_EstablishTemporaryConnectionArgV2, x.get());
  }
  asn_owned<IN_EstablishTemporaryConnectionArg_t> x(&asn_DEF_IN_EstablishTemporaryConnectionArg);
  set_bytes(x->assistingSSPIPRoutingAddress, a.assisting_ssp_ip_routing_address);
  x->correlationID = new_bytes(a.correlation_id);
  x->scfID = new_bytes(a.scf_id);
  x->extensions = extensions_to_asn(a.ext);
  x->carrier = new_bytes(a.carrier);
  if (is_cap(v)) {
    x->serviceInteractionIndicatorsTwo = new_sii2(a.bothway_through_connection);
    if (is_v4(v)) x->callSegmentID = new_long(a.call_segment);
  } else {
    x->partyToConnect = new_leg(a.party_to_connect);
    x->serviceInteractionIndicators = new_bytes(a.service_interaction_indicators);
  }
  return der_encode_value(&asn_DEF_IN_EstablishTemporaryConnectionArg, x.get());
}

// --- AssistRequestInstructions ----------------------------------------------------------

decode_result<assist_request_instructions> decode_assist_request_instructions(protocol_variant v,
                                                                              in_bytes in) {
  auto d = decode_as<IN_AssistRequestInstructionsArg_t>(&asn_DEF_IN_AssistRequestInstructionsArg,
                                                        in);
  if (!d) return cmr::unexpected{d.error()};
  const auto& x = *d.value();
  assist_request_instructions a;
  a.correlation_id = to_bytes(x.correlationID);
  a.ip_ssp_capabilities = opt_bytes(x.iPSSPCapabilities);
  if (is_cap(v) && !a.ip_ssp_capabilities) {
    return cmr::unexpected{bad_value("iPSSPCapabilities is mandatory in CAP")};
  }
  if (!is_cap(v)) a.ip_available = opt_bytes(x.iPAvailable);
  if (!extensions_from_asn(x.extensions, a.ext)) return cmr::unexpected{bad_value("extensions")};
  return a;
}

bytes encode_assist_request_instructions(protocol_variant v, const assist_request_instructions& a) {
  if (is_cap(v) && !a.ip_ssp_capabilities) return {};
  asn_owned<IN_AssistRequestInstructionsArg_t> x(&asn_DEF_IN_AssistRequestInstructionsArg);
  set_bytes(x->correlationID, a.correlation_id);
  if (!is_cap(v)) x->iPAvailable = new_bytes(a.ip_available);
  x->iPSSPCapabilities = new_bytes(a.ip_ssp_capabilities);
  x->extensions = extensions_to_asn(a.ext);
  return der_encode_value(&asn_DEF_IN_AssistRequestInstructionsArg, x.get());
}

namespace detail {

std::optional<decode_error> information_from_asn(protocol_variant v, const IN_InformationToSend& its,
                                                 play_announcement& a) {
  if (its.present == IN_InformationToSend_PR_inbandInfo) {
    const auto& ib = its.choice.inbandInfo;
    const auto& m = ib.messageID;
    switch (m.present) {
      case IN_MessageID_PR_elementaryMessageID:
        a.info = play_announcement::what::elementary;
        a.message_id = static_cast<std::uint32_t>(m.choice.elementaryMessageID);
        break;
      case IN_MessageID_PR_text:
        a.info = play_announcement::what::text;
        a.text.assign(reinterpret_cast<const char*>(m.choice.text.messageContent.buf),
                      static_cast<std::size_t>(m.choice.text.messageContent.size));
        a.text_attributes = opt_bytes(m.choice.text.attributes);
        break;
      case IN_MessageID_PR_elementaryMessageIDs:
        a.info = play_announcement::what::elementary_list;
        for (int i = 0; i < m.choice.elementaryMessageIDs.list.count; ++i) {
          a.message_ids.push_back(
              static_cast<std::uint32_t>(*m.choice.elementaryMessageIDs.list.array[i]));
        }
        break;
      case IN_MessageID_PR_variableMessage: {
        a.info = play_announcement::what::variable;
        const auto& vm = m.choice.variableMessage;
        a.message_id = static_cast<std::uint32_t>(vm.elementaryMessageID);
        for (int i = 0; i < vm.variableParts.list.count; ++i) {
          const IN_VariablePart_t& p = *vm.variableParts.list.array[i];
          variable_part vp;
          switch (p.present) {
            case IN_VariablePart_PR_integer:
              vp.type = variable_part::kind::integer;
              vp.integer = static_cast<std::uint32_t>(p.choice.integer);
              break;
            case IN_VariablePart_PR_number: vp.type = variable_part::kind::number; vp.octets = to_bytes(p.choice.number); break;
            case IN_VariablePart_PR_time: vp.type = variable_part::kind::time; vp.octets = to_bytes(p.choice.time); break;
            case IN_VariablePart_PR_date: vp.type = variable_part::kind::date; vp.octets = to_bytes(p.choice.date); break;
            case IN_VariablePart_PR_price: vp.type = variable_part::kind::price; vp.octets = to_bytes(p.choice.price); break;
            default: return bad_value("variablePart");
          }
          a.variable_parts.push_back(std::move(vp));
        }
        break;
      }
      default:
        return bad_value("messageID");
    }
    a.number_of_repetitions = opt_long<std::uint8_t>(ib.numberOfRepetitions);
    a.duration = opt_long<std::uint16_t>(ib.duration);
    a.interval = opt_long<std::uint16_t>(ib.interval);
  } else if (its.present == IN_InformationToSend_PR_tone) {
    a.info = play_announcement::what::tone;
    a.message_id = static_cast<std::uint32_t>(its.choice.tone.toneID);
    a.duration = opt_long<std::uint16_t>(its.choice.tone.duration);
  } else if (its.present == IN_InformationToSend_PR_displayInformation && !is_cap(v)) {
    a.info = play_announcement::what::display;
    a.text.assign(reinterpret_cast<const char*>(its.choice.displayInformation.buf),
                  static_cast<std::size_t>(its.choice.displayInformation.size));
  } else {
    return not_supported("informationToSend alternative", v);
  }
  return std::nullopt;
}

bool information_to_asn(protocol_variant v, const play_announcement& a, IN_InformationToSend& its) {
  using w = play_announcement::what;
  if (a.info == w::tone) {
    its.present = IN_InformationToSend_PR_tone;
    its.choice.tone.toneID = static_cast<long>(a.message_id);
    its.choice.tone.duration = new_long(a.duration);
  } else if (a.info == w::display) {
    if (is_cap(v)) return false;
    its.present = IN_InformationToSend_PR_displayInformation;
    OCTET_STRING_fromBuf(&its.choice.displayInformation, a.text.data(), static_cast<int>(a.text.size()));
  } else {
    its.present = IN_InformationToSend_PR_inbandInfo;
    auto& ib = its.choice.inbandInfo;
    auto& m = ib.messageID;
    switch (a.info) {
      case w::elementary:
        m.present = IN_MessageID_PR_elementaryMessageID;
        m.choice.elementaryMessageID = static_cast<long>(a.message_id);
        break;
      case w::text:
        m.present = IN_MessageID_PR_text;
        OCTET_STRING_fromBuf(&m.choice.text.messageContent, a.text.data(), static_cast<int>(a.text.size()));
        m.choice.text.attributes = new_bytes(a.text_attributes);
        break;
      case w::elementary_list:
        m.present = IN_MessageID_PR_elementaryMessageIDs;
        for (auto id : a.message_ids) {
          ASN_SEQUENCE_ADD(&m.choice.elementaryMessageIDs.list, new_value<long>(static_cast<long>(id)));
        }
        break;
      case w::variable:
        m.present = IN_MessageID_PR_variableMessage;
        m.choice.variableMessage.elementaryMessageID = static_cast<long>(a.message_id);
        for (const auto& vp : a.variable_parts) {
          auto* p = alloc<IN_VariablePart_t>();
          ASN_SEQUENCE_ADD(&m.choice.variableMessage.variableParts.list, p);
          switch (vp.type) {
            case variable_part::kind::integer: p->present = IN_VariablePart_PR_integer; p->choice.integer = static_cast<long>(vp.integer); break;
            case variable_part::kind::number: p->present = IN_VariablePart_PR_number; set_bytes(p->choice.number, vp.octets); break;
            case variable_part::kind::time: p->present = IN_VariablePart_PR_time; set_bytes(p->choice.time, vp.octets); break;
            case variable_part::kind::date: p->present = IN_VariablePart_PR_date; set_bytes(p->choice.date, vp.octets); break;
            case variable_part::kind::price: p->present = IN_VariablePart_PR_price; set_bytes(p->choice.price, vp.octets); break;
          }
        }
        break;
      default:
        return false;
    }
    ib.numberOfRepetitions = new_long(a.number_of_repetitions);
    ib.duration = new_long(a.duration);
    ib.interval = new_long(a.interval);
  }
  return true;
}

}  // namespace detail

// --- PlayAnnouncement -----------------------------------------------------------------------

decode_result<play_announcement> decode_play_announcement(protocol_variant v, in_bytes in) {
  auto d = decode_as<IN_PlayAnnouncementArg_t>(&asn_DEF_IN_PlayAnnouncementArg, in);
  if (!d) return cmr::unexpected{d.error()};
  const auto& x = *d.value();
  play_announcement a;
  if (auto err = information_from_asn(v, x.informationToSend, a)) return cmr::unexpected{std::move(*err)};
  if (x.disconnectFromIPForbidden != nullptr) a.disconnect_from_ip_forbidden = *x.disconnectFromIPForbidden != 0;
  if (x.requestAnnouncementCompleteNotification != nullptr) {
    a.request_announcement_complete = *x.requestAnnouncementCompleteNotification != 0;
  }
  if (!extensions_from_asn(x.extensions, a.ext)) return cmr::unexpected{bad_value("extensions")};
  if (is_v4(v)) {
    a.call_segment = opt_long<std::uint8_t>(x.callSegmentID);
    if (x.requestAnnouncementStartedNotification != nullptr) {
      a.request_announcement_started = *x.requestAnnouncementStartedNotification != 0;
    }
  }
  return a;
}

bytes encode_play_announcement(protocol_variant v, const play_announcement& a) {
  asn_owned<IN_PlayAnnouncementArg_t> x(&asn_DEF_IN_PlayAnnouncementArg);
  if (!information_to_asn(v, a, x->informationToSend)) return {};
  if (a.disconnect_from_ip_forbidden) x->disconnectFromIPForbidden = new_value<BOOLEAN_t>(*a.disconnect_from_ip_forbidden ? 0xff : 0);
  if (a.request_announcement_complete) {
    x->requestAnnouncementCompleteNotification = new_value<BOOLEAN_t>(*a.request_announcement_complete ? 0xff : 0);
  }
  x->extensions = extensions_to_asn(a.ext);
  if (is_v4(v)) {
    x->callSegmentID = new_long(a.call_segment);
    if (a.request_announcement_started) {
      x->requestAnnouncementStartedNotification = new_value<BOOLEAN_t>(*a.request_announcement_started ? 0xff : 0);
    }
  }
  return der_encode_value(&asn_DEF_IN_PlayAnnouncementArg, x.get());
}

// --- SpecializedResourceReport ------------------------------------------------------------

decode_result<specialized_resource_report> decode_specialized_resource_report(protocol_variant v,
                                                                              in_bytes in) {
  specialized_resource_report a;
  if (!is_v4(v)) {
    auto d = decode_as<IN_NullArg_t>(&asn_DEF_IN_NullArg, in);
    if (!d) return cmr::unexpected{d.error()};
    return a;
  }
  auto d = decode_as<IN_SpecializedResourceReportArgV4_t>(&asn_DEF_IN_SpecializedResourceReportArgV4, in);
  if (!d) return cmr::unexpected{d.error()};
  a.first_announcement_started =
      d.value()->present == IN_SpecializedResourceReportArgV4_PR_firstAnnouncementStarted;
  return a;
}

bytes encode_specialized_resource_report(protocol_variant v, const specialized_resource_report& a) {
  if (!is_v4(v)) {
    if (a.first_announcement_started) return {};
    return bytes{0x05, 0x00};  // NULL
  }
  asn_owned<IN_SpecializedResourceReportArgV4_t> x(&asn_DEF_IN_SpecializedResourceReportArgV4);
  x->present = a.first_announcement_started
                   ? IN_SpecializedResourceReportArgV4_PR_firstAnnouncementStarted
                   : IN_SpecializedResourceReportArgV4_PR_allAnnouncementsComplete;
  return der_encode_value(&asn_DEF_IN_SpecializedResourceReportArgV4, x.get());
}

// --- DisconnectForwardConnectionWithArgument (CAP v4) ----------------------------------------

decode_result<dfc_with_argument> decode_dfc_with_argument(protocol_variant v, in_bytes in) {
  if (!is_v4(v)) return cmr::unexpected{not_supported("DisconnectForwardConnectionWithArgument", v)};
  auto d = decode_as<IN_DisconnectForwardConnectionWithArgumentArg_t>(
      &asn_DEF_IN_DisconnectForwardConnectionWithArgumentArg, in);
  if (!d) return cmr::unexpected{d.error()};
  dfc_with_argument a;
  a.call_segment = opt_long<std::uint8_t>(d.value()->callSegmentID);
  if (!extensions_from_asn(d.value()->extensions, a.ext)) return cmr::unexpected{bad_value("extensions")};
  return a;
}

bytes encode_dfc_with_argument(protocol_variant v, const dfc_with_argument& a) {
  if (!is_v4(v)) return {};
  asn_owned<IN_DisconnectForwardConnectionWithArgumentArg_t> x(
      &asn_DEF_IN_DisconnectForwardConnectionWithArgumentArg);
  x->callSegmentID = new_long(a.call_segment);
  x->extensions = extensions_to_asn(a.ext);
  return der_encode_value(&asn_DEF_IN_DisconnectForwardConnectionWithArgumentArg, x.get());
}

// --- ResetTimer -----------------------------------------------------------------------------

decode_result<reset_timer> decode_reset_timer(protocol_variant v, in_bytes in) {
  auto d = decode_as<IN_ResetTimerArg_t>(&asn_DEF_IN_ResetTimerArg, in);
  if (!d) return cmr::unexpected{d.error()};
  const auto& x = *d.value();
  reset_timer a;
  a.timer_value = static_cast<std::uint32_t>(x.timervalue);
  a.timer_id_present = x.timerID != nullptr;
  if (!extensions_from_asn(x.extensions, a.ext)) return cmr::unexpected{bad_value("extensions")};
  if (is_v4(v)) a.call_segment = opt_long<std::uint8_t>(x.callSegmentID);
  return a;
}

bytes encode_reset_timer(protocol_variant v, const reset_timer& a) {
  asn_owned<IN_ResetTimerArg_t> x(&asn_DEF_IN_ResetTimerArg);
  if (a.timer_id_present) x->timerID = new_value<long>(0);
  x->timervalue = static_cast<long>(a.timer_value);
  x->extensions = extensions_to_asn(a.ext);
  if (is_v4(v)) x->callSegmentID = new_long(a.call_segment);
  return der_encode_value(&asn_DEF_IN_ResetTimerArg, x.get());
}

// --- Cancel ---------------------------------------------------------------------------------

decode_result<cancel_arg> decode_cancel(protocol_variant v, in_bytes in) {
  auto d = decode_as<IN_CancelArg_t>(&asn_DEF_IN_CancelArg, in);
  if (!d) return cmr::unexpected{d.error()};
  const auto& x = *d.value();
  cancel_arg a;
  switch (x.present) {
    case IN_CancelArg_PR_invokeID:
      a.kind = cancel_arg::what::invoke_id;
      a.invoke_id = static_cast<std::int8_t>(x.choice.invokeID);
      break;
    case IN_CancelArg_PR_allRequests:
      a.kind = cancel_arg::what::all_requests;
      break;
    case IN_CancelArg_PR_callSegmentToCancel: {
      if (!is_v4(v)) return cmr::unexpected{not_supported("callSegmentToCancel", v)};
      const auto& s = x.choice.callSegmentToCancel;
      a.kind = cancel_arg::what::call_segment;
      if (s.invokeID != nullptr) {
        a.segment_has_invoke_id = true;
        a.invoke_id = static_cast<std::int8_t>(*s.invokeID);
      }
      a.call_segment = opt_long<std::uint8_t>(s.callSegmentID);
      break;
    }
    default:
      return cmr::unexpected{bad_value("CancelArg")};
  }
  return a;
}

bytes encode_cancel(protocol_variant v, const cancel_arg& a) {
  asn_owned<IN_CancelArg_t> x(&asn_DEF_IN_CancelArg);
  switch (a.kind) {
    case cancel_arg::what::invoke_id:
      x->present = IN_CancelArg_PR_invokeID;
      x->choice.invokeID = a.invoke_id;
      break;
    case cancel_arg::what::all_requests:
      x->present = IN_CancelArg_PR_allRequests;
      break;
    case cancel_arg::what::call_segment:
      if (!is_v4(v)) return {};
      x->present = IN_CancelArg_PR_callSegmentToCancel;
      if (a.segment_has_invoke_id) x->choice.callSegmentToCancel.invokeID = new_value<long>(a.invoke_id);
      x->choice.callSegmentToCancel.callSegmentID = new_long(a.call_segment);
      break;
  }
  return der_encode_value(&asn_DEF_IN_CancelArg, x.get());
}

}  // namespace cmr::in::codec
