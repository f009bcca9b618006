// Random TCAP messages covering every message type, dialogue PDU, component
// type, code form and integer width (and now and then an invalid one), for the
// differential tests of the hand-written encoder and decoder against asn1c.
#pragma once

#include <random>

#include "in/codec/protocol_constants.h"
#include "in/codec/tcap_message.h"

namespace cmr::in::codec::test {

inline std::uint32_t R(std::mt19937& g) {
  return static_cast<std::uint32_t>(g());
}

inline oid random_oid(std::mt19937& rng) {
  oid o{static_cast<std::uint32_t>(R(rng) % 3)};
  o.push_back(o[0] < 2 ? R(rng) % 39 : R(rng) % 100000);
  const auto n = R(rng) % 8;
  for (unsigned i = 0; i < n; ++i) {
    o.push_back(R(rng) % 2 == 0 ? R(rng) % 128 : static_cast<std::uint32_t>(R(rng)));
  }
  return o;
}

inline std::int32_t random_int(std::mt19937& rng) {
  switch (R(rng) % 4) {
    case 0:
      return static_cast<std::int32_t>(R(rng) % 256) - 128;
    case 1:
      return static_cast<std::int32_t>(R(rng) % 65536) - 32768;
    case 2:
      return static_cast<std::int32_t>(R(rng));
    default:
      return static_cast<std::int32_t>(R(rng) % 130);
  }
}

inline bytes random_param(std::mt19937& rng) {
  const std::size_t n = R(rng) % 4 == 0 ? 130 + R(rng) % 300 : R(rng) % 40;
  // Primitive OCTET STRING: random content is still valid BER. Built with
  // push_back only: GCC 12 at -O2 reports a false -Warray-bounds for
  // vector::insert of an initializer_list into a one-element vector.
  bytes b;
  b.reserve(4 + n);
  b.push_back(0x04);
  if (n < 128) {
    b.push_back(static_cast<std::uint8_t>(n));
  } else {
    b.push_back(0x82);
    b.push_back(static_cast<std::uint8_t>(n >> 8));
    b.push_back(static_cast<std::uint8_t>(n));
  }
  for (std::size_t i = 0; i < n; ++i) b.push_back(static_cast<std::uint8_t>(R(rng)));
  return b;
}

inline tc_component random_component(std::mt19937& rng) {
  tc_component c;
  c.type = static_cast<tc_component::kind>(R(rng) % 5);
  c.invoke_id = static_cast<std::int8_t>(R(rng));
  if (R(rng) % 5 == 0) c.code.global = random_oid(rng);
  c.code.local = random_int(rng);
  switch (c.type) {
    case tc_component::kind::invoke:
      if (R(rng) % 2 == 0) c.linked_id = static_cast<std::int8_t>(R(rng));
      if (R(rng) % 3 != 0) c.parameter = random_param(rng);
      break;
    case tc_component::kind::return_result_last:
    case tc_component::kind::return_result_not_last:
      c.has_result = R(rng) % 3 != 0;
      if (c.has_result) c.parameter = random_param(rng);
      break;
    case tc_component::kind::return_error:
      if (R(rng) % 2 == 0) c.parameter = random_param(rng);
      break;
    case tc_component::kind::reject:
      c.invoke_id_derivable = R(rng) % 4 != 0;
      c.problem = static_cast<tc_component::problem_type>(R(rng) % 4);
      c.problem_code = static_cast<std::uint8_t>(R(rng) % 256);
      break;
  }
  return c;
}

inline bytes random_tid(std::mt19937& rng) {
  bytes t(1 + R(rng) % 4);
  for (auto& b : t) b = static_cast<std::uint8_t>(R(rng));
  if (R(rng) % 50 == 0) t.resize(R(rng) % 2 == 0 ? 0 : 5);  // invalid: both must refuse
  return t;
}

inline tc_message random_message(std::mt19937& rng) {
  tc_message m;
  m.type = static_cast<tc_type>(R(rng) % 5);
  m.otid = random_tid(rng);
  m.dtid = random_tid(rng);
  if (R(rng) % 2 == 0) {
    dialogue_portion d;
    d.kind = static_cast<dialogue_portion::pdu>(R(rng) % 4);
    d.ac_name = R(rng) % 2 == 0 ? ac::cap_v4_gsmssf_scf_generic : random_oid(rng);
    d.protocol_version = R(rng) % 3 != 0;
    d.result = static_cast<std::uint8_t>(R(rng) % 2);
    d.diagnostic_from_provider = R(rng) % 2 == 0;
    d.diagnostic = static_cast<std::uint8_t>(R(rng) % 256);
    d.abort_source = static_cast<std::uint8_t>(R(rng) % 2);
    m.dialogue = d;
  }
  if (m.type == tc_type::abort && R(rng) % 2 == 0) {
    m.p_abort = static_cast<p_abort_cause>(R(rng) % 5);
    if (R(rng) % 4 != 0) m.dialogue.reset();
  }
  if (m.type != tc_type::abort) {
    const std::size_t n = R(rng) % 10 == 0 ? 66 : R(rng) % 5;
    for (std::size_t i = 0; i < n; ++i) m.components.push_back(random_component(rng));
  }
  return m;
}

}  // namespace cmr::in::codec::test
