// T1.114.3 tags and the small rules both halves of the codec share.
// Internal to in/ansi_tcap.
#pragma once

#include <cstddef>
#include <cstdint>

#include "in/ansi_tcap/ansi_tcap_message.h"

namespace cmr::in::ansi_tcap::tags {

inline constexpr std::uint8_t tag_tid = 0xc7;
inline constexpr std::uint8_t tag_dialogue = 0xf9;
inline constexpr std::uint8_t tag_components = 0xe8;
inline constexpr std::uint8_t tag_p_abort = 0xd7;
inline constexpr std::uint8_t tag_user_abort_c = 0xf8;
inline constexpr std::uint8_t tag_user_abort_p = 0xd8;
inline constexpr std::uint8_t tag_component_ids = 0xcf;
inline constexpr std::uint8_t tag_op_national = 0xd0;
inline constexpr std::uint8_t tag_op_private = 0xd1;
inline constexpr std::uint8_t tag_err_national = 0xd3;
inline constexpr std::uint8_t tag_err_private = 0xd4;
inline constexpr std::uint8_t tag_problem = 0xd5;
inline constexpr std::uint8_t tag_param_set = 0xf2;
inline constexpr std::uint8_t tag_param_seq_private = 0xf0;  // reject only
inline constexpr std::uint8_t tag_param_seq = 0x30;
inline constexpr std::uint8_t tag_version = 0xda;
inline constexpr std::uint8_t tag_int_ac = 0xdb;
inline constexpr std::uint8_t tag_oid_ac = 0xdc;
inline constexpr std::uint8_t tag_user_info = 0xfd;

inline std::size_t tid_octets(package p) {
  if (p == package::unidirectional) return 0;
  return is_conversation(p) ? 8 : 4;
}

inline bool is_parameter_tag(std::uint8_t t) {
  return t == tag_param_set || t == tag_param_seq;
}

}  // namespace cmr::in::ansi_tcap::tags
