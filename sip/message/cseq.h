// CSeq (RFC 3261 20.16): a 32-bit sequence number below 2^31 and a method.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cmr::sip {

struct cseq {
  std::uint32_t number = 0;
  std::string method;
  [[nodiscard]] std::string to_string() const { return std::to_string(number) + " " + method; }
};

std::optional<cseq> parse_cseq(std::string_view value);

// RAck (RFC 3262 7.2): response-num CSeq-num method.
struct rack {
  std::uint32_t rseq = 0;
  std::uint32_t cseq_number = 0;
  std::string method;
  [[nodiscard]] std::string to_string() const;
};

std::optional<rack> parse_rack(std::string_view value);
// RSeq: 1..2^32-1.
std::optional<std::uint32_t> parse_rseq(std::string_view value);

}  // namespace cmr::sip
