// Hand-made TCAP messages for the integration tests that play the SSF against
// the real SCP (tests/integration/scp, tests/integration/cs_faults): the
// sccp_peer carries them as hex, these build and parse them with the
// project's codec.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/codec/tcap_message.h"

namespace cmr::test {

// The sccp_peer's wire format: lower-case hex, two digits an octet.
inline std::string to_hex(const in::codec::bytes& b) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (auto c : b) {
    s += d[c >> 4U];
    s += d[c & 15U];
  }
  return s;
}
inline in::codec::bytes from_hex(const std::string& s) {
  in::codec::bytes b;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2)
    b.push_back(static_cast<std::uint8_t>(std::stoul(s.substr(i, 2), nullptr, 16)));
  return b;
}

// An Invoke; no argument (std::nullopt) tests a missing parameter.
inline in::codec::tc_component invoke(std::int8_t id, std::int32_t opcode,
                                      std::optional<in::codec::bytes> arg,
                                      std::optional<std::int8_t> linked = {}) {
  in::codec::tc_component c;
  c.invoke_id = id;
  c.code.local = opcode;
  c.linked_id = linked;
  c.parameter = std::move(arg);
  return c;
}

// An InitialDP at TDP 12 (terminating attempt authorised). The defaults are
// the demo configuration's subscribers: A (the owner) is called by B, who is
// in A's group "Family".
inline in::codec::initial_dp idp(std::uint32_t key, const std::string& owner = "491700000001",
                                 const std::string& calling = "491700000002") {
  using namespace in::codec;
  initial_dp i;
  i.service_key = key;
  i.called_party_number = encode_q763_number(q763_kind::called, {4, 1, false, 0, 0, 0, owner});
  i.calling_party_number = encode_q763_number(q763_kind::calling, {4, 1, false, 0, 3, 0, calling});
  i.event_type = event_type_bcsm::term_attempt_authorized;
  return i;
}

// TC-BEGIN with an AARQ for the given application context (CAP v2 unless told).
inline in::codec::tc_message begin_msg(
    in::codec::bytes otid, in::codec::tc_component c,
    const in::codec::oid& context = in::codec::ac::cap_v2_gsmssf_to_gsmscf) {
  in::codec::tc_message m;
  m.type = in::codec::tc_type::begin;
  m.otid = std::move(otid);
  in::codec::dialogue_portion dp;
  dp.kind = in::codec::dialogue_portion::pdu::aarq;
  dp.ac_name = context;
  m.dialogue = dp;
  m.components.push_back(std::move(c));
  return m;
}

// TC-CONTINUE (with our otid) or TC-END answering the SCP's last message.
inline in::codec::tc_message next_msg(in::codec::tc_type t, const in::codec::tc_message& from_scp,
                                      in::codec::bytes otid, in::codec::tc_component c) {
  in::codec::tc_message m;
  m.type = t;
  if (t == in::codec::tc_type::continue_) m.otid = std::move(otid);
  m.dtid = from_scp.otid;
  m.components.push_back(std::move(c));
  return m;
}

}  // namespace cmr::test
