// TCAP (Q.773) messages as plain values, and their codec.
//
// decode_tc_message accepts BER (indefinite lengths included) and never
// crashes or loops on any input; encode_tc_message writes definite-length DER
// as asn1c's der_encode gives. Component arguments stay raw bytes: the CAP /
// INAP layer decodes them by operation code (in/codec/operations_codec.h).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "in/codec/codec_types.h"

namespace cmr::in::codec {

// Dialogue-as-id of structured dialogues and of unidirectional ones.
inline const oid dialogue_as_id{0, 0, 17, 773, 1, 1, 1};
inline const oid uni_dialogue_as_id{0, 0, 17, 773, 1, 2, 1};

enum class tc_type : std::uint8_t { unidirectional, begin, end, continue_, abort };

// Q.773 P-AbortCause.
enum class p_abort_cause : std::uint8_t {
  unrecognized_message_type = 0,
  unrecognized_transaction_id = 1,
  badly_formatted_transaction_portion = 2,
  incorrect_transaction_portion = 3,
  resource_limitation = 4,
};

struct dialogue_portion {
  enum class pdu : std::uint8_t { aarq, aare, abrt, audt };
  pdu kind = pdu::aarq;
  oid ac_name;                        // AARQ, AARE, AUDT
  bool protocol_version = true;       // send the version1 bit string (all AARQ/AARE seen carry it)
  // AARE
  std::uint8_t result = 0;            // 0 accepted, 1 reject-permanent
  bool diagnostic_from_provider = false;  // dialogue-service-provider vs -user
  std::uint8_t diagnostic = 0;        // user: 0 null, 1 no-reason-given, 2 AC-name-not-supported
                                      // provider: 0 null, 1 no-reason-given, 2 no-common-dialogue-portion
  // ABRT
  std::uint8_t abort_source = 0;      // 0 dialogue-service-user, 1 dialogue-service-provider
  // User information is not used by CAP/INAP; on decode it is skipped and
  // only its presence is reported, encode never sends it.
  bool had_user_information = false;
  bool operator==(const dialogue_portion&) const = default;
};

// Operation or error code: local integer (all of CAP/INAP) or global OID.
struct tc_code {
  std::int32_t local = 0;
  std::optional<oid> global;
  bool operator==(const tc_code&) const = default;
};

struct tc_component {
  enum class kind : std::uint8_t {
    invoke,
    return_result_last,
    return_result_not_last,
    return_error,
    reject,
  };
  enum class problem_type : std::uint8_t { general, invoke, return_result, return_error };

  kind type = kind::invoke;
  std::int8_t invoke_id = 0;
  bool invoke_id_derivable = true;      // reject only: false = not-derivable (NULL)
  std::optional<std::int8_t> linked_id; // invoke only
  tc_code code;                         // invoke: opcode; result: opcode; error: error code
  bool has_result = false;              // return result: the result SEQUENCE is present
  std::optional<bytes> parameter;       // complete TLV of the argument/result/error parameter
  problem_type problem = problem_type::general;  // reject only
  std::uint8_t problem_code = 0;                 // reject only (Q.773 problem values)
  bool operator==(const tc_component&) const = default;
};

struct tc_message {
  tc_type type = tc_type::begin;
  bytes otid;  // 1..4 octets; begin, continue
  bytes dtid;  // 1..4 octets; end, continue, abort
  std::optional<dialogue_portion> dialogue;  // for abort: the U-ABORT dialogue portion
  std::optional<p_abort_cause> p_abort;      // abort only
  std::vector<tc_component> components;
  bool operator==(const tc_message&) const = default;
};

decode_result<tc_message> decode_tc_message(std::span<const std::uint8_t> in);
// The asn1c decoder alone: decode_tc_message reads well-formed definite-length
// messages itself (tcap_decoder.cpp) and passes everything else here. Kept
// public as the reference for differential tests.
decode_result<tc_message> decode_tc_message_asn1c(std::span<const std::uint8_t> in);

// Returns the encoding, or an empty vector when the message cannot be
// encoded (a transaction ID outside 1..4 octets, an abort with both causes,
// a unidirectional message without components).
bytes encode_tc_message(const tc_message& m);
// The same through asn1c's der_encode: the reference the hand-written
// encoder (tcap_encoder.cpp) is checked against; slower, not for use on the
// message path.
bytes encode_tc_message_asn1c(const tc_message& m);

// Transaction IDs are usually 4 octets; these convert to/from a number.
bytes tid_from_u32(std::uint32_t v);
std::uint32_t tid_to_u32(std::span<const std::uint8_t> tid);

}  // namespace cmr::in::codec
