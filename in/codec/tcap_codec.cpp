// TCAP message <-> tc_message. The dialogue portion's EXTERNAL carries the
// dialogue PDU as an open type; it is decoded in a second step according to
// the EXTERNAL's direct reference (structured or unidirectional dialogue).
#include <TC-Message.h>
#include <TC-DialoguePDU.h>
#include <TC-UniDialoguePDU.h>

#include "in/codec/asn1_support.h"
#include "in/codec/tcap_message.h"

namespace cmr::in::codec {

using detail::asn_owned;

namespace {

decode_error malformed(const char* what) { return {decode_error::kind::malformed, what}; }

bool version_from_asn(const BIT_STRING_t* bs) { return bs != nullptr; }

BIT_STRING_t* version_to_asn(bool present) {
  if (!present) return nullptr;
  // version1: one bit set, seven unused bits (03 02 07 80 on the wire).
  auto* bs = detail::alloc<BIT_STRING_t>();
  bs->buf = static_cast<std::uint8_t*>(std::calloc(1, 1));
  bs->buf[0] = 0x80;
  bs->size = 1;
  bs->bits_unused = 7;
  return bs;
}

std::optional<decode_error> dialogue_from_asn(const TC_External_t& ext, dialogue_portion& out) {
  if (ext.direct_reference == nullptr) return malformed("dialogue portion without direct reference");
  oid ref;
  if (!detail::oid_from_asn(*ext.direct_reference, ref)) return malformed("dialogue reference");
  if (ext.encoding.present != TC_External__encoding_PR_single_ASN1_type) {
    return malformed("dialogue portion is not single-ASN1-type");
  }
  std::span<const std::uint8_t> pdu(ext.encoding.choice.single_ASN1_type.buf,
                                    static_cast<std::size_t>(ext.encoding.choice.single_ASN1_type.size));
  if (ref == uni_dialogue_as_id) {
    auto d = detail::decode_as<TC_UniDialoguePDU_t>(&asn_DEF_TC_UniDialoguePDU, pdu);
    if (!d) return d.error();
    const TC_AUDT_apdu_t& a = d.value()->choice.unidialoguePDU;
    out.kind = dialogue_portion::pdu::audt;
    out.protocol_version = version_from_asn(a.protocol_version);
    if (!detail::oid_from_asn(a.application_context_name, out.ac_name)) return malformed("AC name");
    out.had_user_information = a.user_information != nullptr;
    return std::nullopt;
  }
  if (ref != dialogue_as_id) {
    return decode_error{decode_error::kind::not_supported, "dialogue " + oid_to_string(ref)};
  }
  auto d = detail::decode_as<TC_DialoguePDU_t>(&asn_DEF_TC_DialoguePDU, pdu);
  if (!d) return d.error();
  const TC_DialoguePDU_t& p = *d.value();
  switch (p.present) {
    case TC_DialoguePDU_PR_dialogueRequest: {
      const auto& a = p.choice.dialogueRequest;
      out.kind = dialogue_portion::pdu::aarq;
      out.protocol_version = version_from_asn(a.protocol_version);
      if (!detail::oid_from_asn(a.application_context_name, out.ac_name)) return malformed("AC name");
      out.had_user_information = a.user_information != nullptr;
      return std::nullopt;
    }
    case TC_DialoguePDU_PR_dialogueResponse: {
      const auto& a = p.choice.dialogueResponse;
      out.kind = dialogue_portion::pdu::aare;
      out.protocol_version = version_from_asn(a.protocol_version);
      if (!detail::oid_from_asn(a.application_context_name, out.ac_name)) return malformed("AC name");
      if (a.result < 0 || a.result > 1) return detail::bad_value("AARE result");
      out.result = static_cast<std::uint8_t>(a.result);
      long diag = 0;
      if (a.result_source_diagnostic.present ==
          TC_Associate_source_diagnostic_PR_dialogue_service_user) {
        diag = a.result_source_diagnostic.choice.dialogue_service_user;
      } else if (a.result_source_diagnostic.present ==
                 TC_Associate_source_diagnostic_PR_dialogue_service_provider) {
        out.diagnostic_from_provider = true;
        diag = a.result_source_diagnostic.choice.dialogue_service_provider;
      } else {
        return malformed("AARE diagnostic");
      }
      if (diag < 0 || diag > 255) return detail::bad_value("AARE diagnostic");
      out.diagnostic = static_cast<std::uint8_t>(diag);
      out.had_user_information = a.user_information != nullptr;
      return std::nullopt;
    }
    case TC_DialoguePDU_PR_dialogueAbort: {
      const auto& a = p.choice.dialogueAbort;
      out.kind = dialogue_portion::pdu::abrt;
      if (a.abort_source < 0 || a.abort_source > 1) return detail::bad_value("abort source");
      out.abort_source = static_cast<std::uint8_t>(a.abort_source);
      out.had_user_information = a.user_information != nullptr;
      return std::nullopt;
    }
    default:
      return malformed("dialogue PDU");
  }
}

bool dialogue_to_asn(const dialogue_portion& in, TC_External_t& ext) {
  bytes pdu;
  if (in.kind == dialogue_portion::pdu::audt) {
    asn_owned<TC_UniDialoguePDU_t> d(&asn_DEF_TC_UniDialoguePDU);
    d->present = TC_UniDialoguePDU_PR_unidialoguePDU;
    auto& a = d->choice.unidialoguePDU;
    a.protocol_version = version_to_asn(in.protocol_version);
    if (!detail::oid_to_asn(in.ac_name, a.application_context_name)) return false;
    pdu = detail::der_encode_value(&asn_DEF_TC_UniDialoguePDU, d.get());
  } else {
    asn_owned<TC_DialoguePDU_t> d(&asn_DEF_TC_DialoguePDU);
    switch (in.kind) {
      case dialogue_portion::pdu::aarq: {
        d->present = TC_DialoguePDU_PR_dialogueRequest;
        auto& a = d->choice.dialogueRequest;
        a.protocol_version = version_to_asn(in.protocol_version);
        if (!detail::oid_to_asn(in.ac_name, a.application_context_name)) return false;
        break;
      }
      case dialogue_portion::pdu::aare: {
        d->present = TC_DialoguePDU_PR_dialogueResponse;
        auto& a = d->choice.dialogueResponse;
        a.protocol_version = version_to_asn(in.protocol_version);
        if (!detail::oid_to_asn(in.ac_name, a.application_context_name)) return false;
        a.result = in.result;
        if (in.diagnostic_from_provider) {
          a.result_source_diagnostic.present =
              TC_Associate_source_diagnostic_PR_dialogue_service_provider;
          a.result_source_diagnostic.choice.dialogue_service_provider = in.diagnostic;
        } else {
          a.result_source_diagnostic.present =
              TC_Associate_source_diagnostic_PR_dialogue_service_user;
          a.result_source_diagnostic.choice.dialogue_service_user = in.diagnostic;
        }
        break;
      }
      case dialogue_portion::pdu::abrt:
        d->present = TC_DialoguePDU_PR_dialogueAbort;
        d->choice.dialogueAbort.abort_source = in.abort_source;
        break;
      case dialogue_portion::pdu::audt:
        return false;
    }
    pdu = detail::der_encode_value(&asn_DEF_TC_DialoguePDU, d.get());
  }
  if (pdu.empty()) return false;
  ext.direct_reference = detail::alloc<OBJECT_IDENTIFIER_t>();
  if (!detail::oid_to_asn(in.kind == dialogue_portion::pdu::audt ? uni_dialogue_as_id
                                                                 : dialogue_as_id,
                          *ext.direct_reference)) {
    return false;
  }
  ext.encoding.present = TC_External__encoding_PR_single_ASN1_type;
  detail::set_any(ext.encoding.choice.single_ASN1_type, pdu);
  return true;
}

std::optional<decode_error> code_from_asn(const TC_Code_t& in, tc_code& out) {
  if (in.present == TC_Code_PR_local) {
    if (in.choice.local < INT32_MIN || in.choice.local > INT32_MAX) return detail::bad_value("code");
    out.local = static_cast<std::int32_t>(in.choice.local);
    return std::nullopt;
  }
  if (in.present == TC_Code_PR_global) {
    oid o;
    if (!detail::oid_from_asn(in.choice.global, o)) return malformed("global code");
    out.global = std::move(o);
    return std::nullopt;
  }
  return malformed("code");
}

bool code_to_asn(const tc_code& in, TC_Code_t& out) {
  if (in.global) {
    out.present = TC_Code_PR_global;
    return detail::oid_to_asn(*in.global, out.choice.global);
  }
  out.present = TC_Code_PR_local;
  out.choice.local = in.local;
  return true;
}

std::int8_t to_id(long v) { return static_cast<std::int8_t>(v); }

std::optional<decode_error> result_from_asn(const TC_ReturnResult_t& r, tc_component& c) {
  c.invoke_id = to_id(r.invokeID);
  if (r.result != nullptr) {
    c.has_result = true;
    if (auto e = code_from_asn(r.result->opcode, c.code)) return e;
    c.parameter = detail::any_bytes(r.result->parameter);
  }
  return std::nullopt;
}

std::optional<decode_error> component_from_asn(const TC_Component_t& in, tc_component& c) {
  switch (in.present) {
    case TC_Component_PR_invoke: {
      const auto& i = in.choice.invoke;
      c.type = tc_component::kind::invoke;
      c.invoke_id = to_id(i.invokeID);
      if (i.linkedID != nullptr) c.linked_id = to_id(*i.linkedID);
      if (auto e = code_from_asn(i.opcode, c.code)) return e;
      if (i.parameter != nullptr) c.parameter = detail::any_bytes(*i.parameter);
      return std::nullopt;
    }
    case TC_Component_PR_returnResultLast:
      c.type = tc_component::kind::return_result_last;
      return result_from_asn(in.choice.returnResultLast, c);
    case TC_Component_PR_returnResultNotLast:
      c.type = tc_component::kind::return_result_not_last;
      return result_from_asn(in.choice.returnResultNotLast, c);
    case TC_Component_PR_returnError: {
      const auto& r = in.choice.returnError;
      c.type = tc_component::kind::return_error;
      c.invoke_id = to_id(r.invokeID);
      if (auto e = code_from_asn(r.errorCode, c.code)) return e;
      if (r.parameter != nullptr) c.parameter = detail::any_bytes(*r.parameter);
      return std::nullopt;
    }
    case TC_Component_PR_reject: {
      const auto& r = in.choice.reject;
      c.type = tc_component::kind::reject;
      if (r.invokeID.present == TC_Reject__invokeID_PR_derivable) {
        c.invoke_id = to_id(r.invokeID.choice.derivable);
      } else {
        c.invoke_id_derivable = false;
      }
      long code = 0;
      switch (r.problem.present) {
        case TC_Reject__problem_PR_generalProblem:
          c.problem = tc_component::problem_type::general;
          code = r.problem.choice.generalProblem;
          break;
        case TC_Reject__problem_PR_invokeProblem:
          c.problem = tc_component::problem_type::invoke;
          code = r.problem.choice.invokeProblem;
          break;
        case TC_Reject__problem_PR_returnResultProblem:
          c.problem = tc_component::problem_type::return_result;
          code = r.problem.choice.returnResultProblem;
          break;
        case TC_Reject__problem_PR_returnErrorProblem:
          c.problem = tc_component::problem_type::return_error;
          code = r.problem.choice.returnErrorProblem;
          break;
        default:
          return malformed("reject problem");
      }
      if (code < 0 || code > 255) return detail::bad_value("reject problem code");
      c.problem_code = static_cast<std::uint8_t>(code);
      return std::nullopt;
    }
    default:
      return malformed("component");
  }
}

bool result_to_asn(const tc_component& c, TC_ReturnResult_t& r) {
  r.invokeID = c.invoke_id;
  if (!c.has_result) return true;
  r.result = detail::alloc<TC_ReturnResult::TC_ReturnResult__result>();
  if (!code_to_asn(c.code, r.result->opcode)) return false;
  // The result SEQUENCE requires a parameter; an empty one cannot be sent.
  if (!c.parameter || c.parameter->empty()) return false;
  detail::set_any(r.result->parameter, *c.parameter);
  return true;
}

bool component_to_asn(const tc_component& c, TC_Component_t& out) {
  switch (c.type) {
    case tc_component::kind::invoke: {
      out.present = TC_Component_PR_invoke;
      auto& i = out.choice.invoke;
      i.invokeID = c.invoke_id;
      if (c.linked_id) i.linkedID = detail::new_value<long>(*c.linked_id);
      if (!code_to_asn(c.code, i.opcode)) return false;
      i.parameter = detail::new_any(c.parameter);
      return true;
    }
    case tc_component::kind::return_result_last:
      out.present = TC_Component_PR_returnResultLast;
      return result_to_asn(c, out.choice.returnResultLast);
    case tc_component::kind::return_result_not_last:
      out.present = TC_Component_PR_returnResultNotLast;
      return result_to_asn(c, out.choice.returnResultNotLast);
    case tc_component::kind::return_error: {
      out.present = TC_Component_PR_returnError;
      auto& r = out.choice.returnError;
      r.invokeID = c.invoke_id;
      if (!code_to_asn(c.code, r.errorCode)) return false;
      r.parameter = detail::new_any(c.parameter);
      return true;
    }
    case tc_component::kind::reject: {
      out.present = TC_Component_PR_reject;
      auto& r = out.choice.reject;
      if (c.invoke_id_derivable) {
        r.invokeID.present = TC_Reject__invokeID_PR_derivable;
        r.invokeID.choice.derivable = c.invoke_id;
      } else {
        r.invokeID.present = TC_Reject__invokeID_PR_not_derivable;
      }
      switch (c.problem) {
        case tc_component::problem_type::general:
          r.problem.present = TC_Reject__problem_PR_generalProblem;
          r.problem.choice.generalProblem = c.problem_code;
          break;
        case tc_component::problem_type::invoke:
          r.problem.present = TC_Reject__problem_PR_invokeProblem;
          r.problem.choice.invokeProblem = c.problem_code;
          break;
        case tc_component::problem_type::return_result:
          r.problem.present = TC_Reject__problem_PR_returnResultProblem;
          r.problem.choice.returnResultProblem = c.problem_code;
          break;
        case tc_component::problem_type::return_error:
          r.problem.present = TC_Reject__problem_PR_returnErrorProblem;
          r.problem.choice.returnErrorProblem = c.problem_code;
          break;
      }
      return true;
    }
  }
  return false;
}

std::optional<decode_error> components_from_asn(const TC_ComponentPortion_t* in,
                                                std::vector<tc_component>& out) {
  if (in == nullptr) return std::nullopt;
  out.reserve(static_cast<std::size_t>(in->list.count));
  for (int i = 0; i < in->list.count; ++i) {
    tc_component c;
    if (auto e = component_from_asn(*in->list.array[i], c)) return e;
    out.push_back(std::move(c));
  }
  return std::nullopt;
}

TC_ComponentPortion_t* components_to_asn(const std::vector<tc_component>& in, bool& ok) {
  if (in.empty()) return nullptr;
  auto* cp = detail::alloc<TC_ComponentPortion_t>();
  for (const auto& c : in) {
    auto* ac = detail::alloc<TC_Component_t>();
    // Added before filling so that it is freed with the message on failure.
    ASN_SEQUENCE_ADD(&cp->list, ac);
    if (!component_to_asn(c, *ac)) ok = false;
  }
  return cp;
}

std::optional<decode_error> tid_from_asn(const OCTET_STRING_t& in, bytes& out) {
  if (in.size < 1 || in.size > 4) return detail::bad_value("transaction ID length");
  out = detail::to_bytes(in);
  return std::nullopt;
}

std::optional<decode_error> opt_dialogue(const TC_DialoguePortion_t* in,
                                         std::optional<dialogue_portion>& out) {
  if (in == nullptr) return std::nullopt;
  dialogue_portion d;
  if (auto e = dialogue_from_asn(*in, d)) return e;
  out = std::move(d);
  return std::nullopt;
}

TC_DialoguePortion_t* new_dialogue(const std::optional<dialogue_portion>& in, bool& ok) {
  if (!in) return nullptr;
  auto* d = detail::alloc<TC_DialoguePortion_t>();
  if (!dialogue_to_asn(*in, *d)) ok = false;
  return d;
}

}  // namespace

decode_result<tc_message> decode_tc_message_asn1c(std::span<const std::uint8_t> in) {
  auto d = detail::decode_as<TC_Message_t>(&asn_DEF_TC_Message, in);
  if (!d) return cmr::unexpected{d.error()};
  const TC_Message_t& m = *d.value();
  tc_message out;
  std::optional<decode_error> err;
  switch (m.present) {
    case TC_Message_PR_unidirectional: {
      const auto& u = m.choice.unidirectional;
      out.type = tc_type::unidirectional;
      err = opt_dialogue(u.dialoguePortion, out.dialogue);
      if (!err) err = components_from_asn(&u.components, out.components);
      break;
    }
    case TC_Message_PR_begin: {
      const auto& b = m.choice.begin;
      out.type = tc_type::begin;
      err = tid_from_asn(b.otid, out.otid);
      if (!err) err = opt_dialogue(b.dialoguePortion, out.dialogue);
      if (!err) err = components_from_asn(b.components, out.components);
      break;
    }
    case TC_Message_PR_end: {
      const auto& e = m.choice.end;
      out.type = tc_type::end;
      err = tid_from_asn(e.dtid, out.dtid);
      if (!err) err = opt_dialogue(e.dialoguePortion, out.dialogue);
      if (!err) err = components_from_asn(e.components, out.components);
      break;
    }
    case TC_Message_PR_continue: {
      const auto& c = m.choice.Continue;
      out.type = tc_type::continue_;
      err = tid_from_asn(c.otid, out.otid);
      if (!err) err = tid_from_asn(c.dtid, out.dtid);
      if (!err) err = opt_dialogue(c.dialoguePortion, out.dialogue);
      if (!err) err = components_from_asn(c.components, out.components);
      break;
    }
    case TC_Message_PR_abort: {
      const auto& a = m.choice.abort;
      out.type = tc_type::abort;
      err = tid_from_asn(a.dtid, out.dtid);
      if (!err && a.reason != nullptr) {
        if (a.reason->present == TC_Abort__reason_PR_p_abortCause) {
          out.p_abort = static_cast<p_abort_cause>(a.reason->choice.p_abortCause);
        } else if (a.reason->present == TC_Abort__reason_PR_u_abortCause) {
          dialogue_portion dp;
          err = dialogue_from_asn(a.reason->choice.u_abortCause, dp);
          out.dialogue = std::move(dp);
        } else {
          err = malformed("abort reason");
        }
      }
      break;
    }
    default:
      err = decode_error{decode_error::kind::not_supported, "TCAP message type"};
  }
  if (err) return cmr::unexpected{std::move(*err)};
  return out;
}

bytes encode_tc_message_asn1c(const tc_message& m) {
  asn_owned<TC_Message_t> msg(&asn_DEF_TC_Message);
  bool ok = true;
  auto set_tid = [&ok](const bytes& tid, OCTET_STRING_t& os) {
    if (tid.empty() || tid.size() > 4) ok = false;
    detail::set_bytes(os, tid);
  };
  switch (m.type) {
    case tc_type::unidirectional: {
      msg->present = TC_Message_PR_unidirectional;
      auto& u = msg->choice.unidirectional;
      u.dialoguePortion = new_dialogue(m.dialogue, ok);
      if (m.components.empty()) return {};
      for (const auto& c : m.components) {
        auto* ac = detail::alloc<TC_Component_t>();
        ASN_SEQUENCE_ADD(&u.components.list, ac);
        if (!component_to_asn(c, *ac)) ok = false;
      }
      break;
    }
    case tc_type::begin: {
      msg->present = TC_Message_PR_begin;
      auto& b = msg->choice.begin;
      set_tid(m.otid, b.otid);
      b.dialoguePortion = new_dialogue(m.dialogue, ok);
      b.components = components_to_asn(m.components, ok);
      break;
    }
    case tc_type::end: {
      msg->present = TC_Message_PR_end;
      auto& e = msg->choice.end;
      set_tid(m.dtid, e.dtid);
      e.dialoguePortion = new_dialogue(m.dialogue, ok);
      e.components = components_to_asn(m.components, ok);
      break;
    }
    case tc_type::continue_: {
      msg->present = TC_Message_PR_continue;
      auto& c = msg->choice.Continue;
      set_tid(m.otid, c.otid);
      set_tid(m.dtid, c.dtid);
      c.dialoguePortion = new_dialogue(m.dialogue, ok);
      c.components = components_to_asn(m.components, ok);
      break;
    }
    case tc_type::abort: {
      msg->present = TC_Message_PR_abort;
      auto& a = msg->choice.abort;
      set_tid(m.dtid, a.dtid);
      if (m.p_abort && m.dialogue) return {};
      if (m.p_abort) {
        a.reason = detail::alloc<TC_Abort::TC_Abort__reason>();
        a.reason->present = TC_Abort__reason_PR_p_abortCause;
        a.reason->choice.p_abortCause = static_cast<long>(*m.p_abort);
      } else if (m.dialogue) {
        a.reason = detail::alloc<TC_Abort::TC_Abort__reason>();
        a.reason->present = TC_Abort__reason_PR_u_abortCause;
        if (!dialogue_to_asn(*m.dialogue, a.reason->choice.u_abortCause)) ok = false;
      }
      break;
    }
  }
  if (!ok) return {};
  return detail::der_encode_value(&asn_DEF_TC_Message, msg.get());
}

bytes tid_from_u32(std::uint32_t v) {
  return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
          static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

std::uint32_t tid_to_u32(std::span<const std::uint8_t> tid) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < tid.size() && i < 4; ++i) v = (v << 8) | tid[i];
  return v;
}

}  // namespace cmr::in::codec
