// The golden vectors: TCAP messages built from plain structs. The .hex files
// under tests/golden/ are these messages' encodings (regenerate with
// CMR_REGEN_GOLDEN=1 ./test_unit_codec --gtest_filter='Golden.*'); tshark
// checks each file independently (tests/wire/check_golden.py, label "wire")
// against the fields listed in the matching .expect file.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "in/codec/tcap_message.h"

namespace cmr::in::codec::test {

struct golden {
  std::string name;
  protocol_variant variant;
  tc_message msg;
  // tshark field name and the value it must show (at least once).
  std::vector<std::pair<std::string, std::string>> expect;
};

std::vector<golden> golden_vectors();

std::string to_hex(const bytes& b);
bytes from_hex(const std::string& s);

}  // namespace cmr::in::codec::test
