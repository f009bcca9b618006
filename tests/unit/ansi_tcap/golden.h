// The ANSI TCAP golden vectors (tests/golden/ansi/*.hex, checked by tshark
// in the "wire" test), read from the source tree.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "in/codec/codec_types.h"

namespace cmr::in::ansi_tcap::test {

inline const std::vector<std::string> k_golden_names{
    "ansi_query_with_perm",
    "ansi_query_without_perm",
    "ansi_conversation_with_perm",
    "ansi_conversation_without_perm",
    "ansi_response",
    "ansi_unidirectional",
    "ansi_national_op",
    "ansi_abort_p_abort",
    "ansi_abort_user",
};

inline codec::bytes golden(const std::string& name) {
  std::ifstream f(std::string(CMR_SOURCE_DIR) + "/tests/golden/ansi/" + name + ".hex");
  codec::bytes out;
  std::string line;
  while (std::getline(f, line)) {
    line = line.substr(0, line.find('#'));
    std::istringstream in(line);
    std::string tok;
    while (in >> tok) out.push_back(static_cast<std::uint8_t>(std::stoul(tok, nullptr, 16)));
  }
  return out;
}

}  // namespace cmr::in::ansi_tcap::test
