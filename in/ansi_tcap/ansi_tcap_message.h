// ANSI TCAP (T1.114) packages as plain values, and their codec.
//
// Hand-written BER (see README.md for why not asn1c): definite lengths only,
// single-octet tags at every level this codec reads, no recursion (the
// parameter SET/SEQUENCE, the dialogue portion's user information and the
// user abort information are kept as raw TLVs after their framing is
// checked), every length checked against what encloses it. Any input gives
// a value or a clean error; nothing reads past the buffer.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "in/codec/codec_types.h"

namespace cmr::in::ansi_tcap {

using codec::bytes;
using codec::oid;

// Package types (T1.114 PackageType) with their first octet.
enum class package : std::uint8_t {
  unidirectional = 0xe1,
  query_with_permission = 0xe2,
  query_without_permission = 0xe3,
  response = 0xe4,
  conversation_with_permission = 0xe5,
  conversation_without_permission = 0xe6,
  abort = 0xf6,
};
const char* to_string(package p);
bool is_query(package p);
bool is_conversation(package p);
bool grants_permission(package p);  // query/conversation "with permission"

// P-Abort-cause.
enum class p_abort_cause : std::uint8_t {
  unrecognized_package_type = 1,
  incorrect_transaction_portion = 2,
  badly_structured_transaction_portion = 3,
  unassigned_responding_transaction_id = 4,
  permission_to_release_problem = 5,
  resource_unavailable = 6,
  unrecognized_dialogue_portion_id = 7,
  badly_structured_dialogue_portion = 8,
  missing_dialogue_portion = 9,
  inconsistent_dialogue_portion = 10,
};
const char* to_string(p_abort_cause c);

// Operation and error codes: national [PRIVATE 16/19] or private
// [PRIVATE 17/20]. An operation code is two octets (family, specifier;
// ANSI-41 uses private family 9), an error code one octet.
struct op_code {
  bool is_private = true;
  std::uint16_t value = 0;  // operation: family << 8 | specifier; error: the octet
  bool operator==(const op_code&) const = default;
};

// The codes as one int32, the form the shared TC-user primitives carry
// (component_ind::code, invoke_req::opcode, operation_table): bit 16 set for
// private, the octets below. ANSI-41 AnalyzedInformation: private_op(9, 0x40).
constexpr std::int32_t pack(op_code c) {
  return (c.is_private ? 0x10000 : 0) | static_cast<std::int32_t>(c.value);
}
constexpr op_code unpack(std::int32_t v) {
  return op_code{(v & 0x10000) != 0, static_cast<std::uint16_t>(v & 0xffff)};
}
constexpr std::int32_t private_op(std::uint8_t family, std::uint8_t specifier) {
  return pack({true, static_cast<std::uint16_t>(family << 8 | specifier)});
}
constexpr std::int32_t national_op(std::uint8_t family, std::uint8_t specifier) {
  return pack({false, static_cast<std::uint16_t>(family << 8 | specifier)});
}
constexpr std::int32_t private_error(std::uint8_t code) {
  return pack({true, code});
}
constexpr std::int32_t national_error(std::uint8_t code) {
  return pack({false, code});
}

// Reject problem codes (T1.114 Problem: type << 8 | specifier).
namespace problem {
inline constexpr std::uint16_t unrecognized_component_type = 0x0101;
inline constexpr std::uint16_t incorrect_component_portion = 0x0102;
inline constexpr std::uint16_t badly_structured_component_portion = 0x0103;
inline constexpr std::uint16_t incorrect_component_coding = 0x0104;
inline constexpr std::uint16_t invoke_duplicate_invocation = 0x0201;
inline constexpr std::uint16_t invoke_unrecognized_operation = 0x0202;
inline constexpr std::uint16_t invoke_incorrect_parameter = 0x0203;
inline constexpr std::uint16_t invoke_unrecognized_correlation_id = 0x0204;
inline constexpr std::uint16_t result_unrecognized_correlation_id = 0x0301;
inline constexpr std::uint16_t result_unexpected = 0x0302;
inline constexpr std::uint16_t result_incorrect_parameter = 0x0303;
inline constexpr std::uint16_t error_unrecognized_correlation_id = 0x0401;
inline constexpr std::uint16_t error_unexpected_return_error = 0x0402;
inline constexpr std::uint16_t error_unrecognized_error = 0x0403;
inline constexpr std::uint16_t error_unexpected_error = 0x0404;
inline constexpr std::uint16_t error_incorrect_parameter = 0x0405;
}  // namespace problem

// The optional dialogue portion [PRIVATE 25]. Version and application
// context are read; user information, security context and confidentiality
// are kept verbatim (their TLVs, framing checked) and re-sent as they came.
struct dialogue_portion {
  std::optional<std::uint8_t> protocol_version;
  std::optional<std::int32_t> integer_ac;
  std::optional<oid> object_ac;
  bytes rest;  // the remaining elements' TLVs, in order
  bool operator==(const dialogue_portion&) const = default;
};

struct component {
  enum class kind : std::uint8_t {
    invoke_last = 0xe9,
    return_result_last = 0xea,
    return_error = 0xeb,
    reject = 0xec,
    invoke_not_last = 0xed,
    return_result_not_last = 0xee,
  };
  kind type = kind::invoke_last;
  // Component IDs [PRIVATE 15]: an invoke carries none, its invoke ID, or
  // invoke ID + correlation ID; a result or error its correlation ID; a
  // reject one or none (not derivable).
  std::optional<std::uint8_t> invoke_id;
  std::optional<std::uint8_t> correlation_id;
  op_code operation;  // invoke
  op_code error;      // return error
  // The parameter TLV, raw: SET [PRIVATE 18] (F2) or SEQUENCE (30); a
  // reject's is the empty set or sequence (F2 00 / F0 00 / 30 00).
  std::optional<bytes> parameter;
  std::uint16_t problem = 0;  // reject
  bool operator==(const component&) const = default;
};

struct message {
  package type = package::query_with_permission;
  std::uint32_t originating_tid = 0;  // query, conversation: the sender's own
  std::uint32_t responding_tid = 0;   // conversation, response, abort: the receiver's
  std::optional<dialogue_portion> dialogue;
  bool has_component_portion = true;  // the component sequence is present
  std::vector<component> components;
  // Abort: a P-Abort cause, or the user's abort information TLV (F8 ...),
  // or neither.
  std::optional<p_abort_cause> abort_cause;
  std::optional<bytes> user_abort_info;
  bool operator==(const message&) const = default;
};

// A component that did not decode, and what a Reject for it says.
struct bad_component {
  std::uint16_t problem = problem::incorrect_component_coding;
  std::optional<std::uint8_t> component_id;  // the invoke/correlation ID when readable
};

struct salvaged_component {
  std::optional<component> ok;
  bad_component bad;  // when !ok
};

// A package whose transaction portion (package tag, transaction ID,
// dialogue portion, component framing) is fine; components decoded one by
// one (`message.components` stays empty here).
struct parsed_package {
  message msg;
  std::vector<salvaged_component> components;
};

// A package that is not usable: what could be read of it, for the Abort.
struct package_error {
  std::uint8_t tag = 0;
  std::optional<std::uint32_t> originating_tid;
  std::optional<std::uint32_t> responding_tid;
  p_abort_cause cause = p_abort_cause::badly_structured_transaction_portion;
  std::string detail;
};

using parse_result = cmr::result<parsed_package, package_error>;

// The transaction layer's entry point: faulty components do not fail the
// package.
parse_result parse_package(std::span<const std::uint8_t> in);

// Strict: any faulty component fails the whole message.
codec::decode_result<message> decode_message(std::span<const std::uint8_t> in);

// Empty when the message cannot be encoded (a parameter that is not one
// SET/SEQUENCE TLV, a unidirectional package without invokes, an abort with
// both a cause and user information, an opcode/error out of range).
bytes encode_message(const message& m);

}  // namespace cmr::in::ansi_tcap
