// Golden vectors: every file under tests/golden decodes, re-encodes byte for
// byte, and matches what the builders in golden_vectors.cpp produce.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "arg_dispatch.h"
#include "golden_vectors.h"

namespace cmr::in::codec::test {
namespace {

std::string golden_dir() { return std::string(CMR_SOURCE_DIR) + "/tests/golden/"; }

std::string read_file(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

arg_kind kind_of(const tc_component& c) {
  switch (c.type) {
    case tc_component::kind::invoke: return arg_kind::invoke;
    case tc_component::kind::return_error: return arg_kind::error;
    default: return arg_kind::result;
  }
}

TEST(Golden, FilesDecodeAndReencodeByteIdentical) {
  const bool regen = std::getenv("CMR_REGEN_GOLDEN") != nullptr;
  auto vectors = golden_vectors();
  ASSERT_GE(vectors.size(), 60u);
  for (const auto& g : vectors) {
    SCOPED_TRACE(g.name);
    bytes built = encode_tc_message(g.msg);
    ASSERT_FALSE(built.empty());
    const std::string hex_path = golden_dir() + g.name + ".hex";
    if (regen) {
      std::ofstream(hex_path) << "# " << g.name << " (" << to_string(g.variant) << ")\n"
                              << to_hex(built);
      std::ofstream ex(golden_dir() + g.name + ".expect");
      ex << (is_cap(g.variant) ? "ssn 146\n" : "ssn 241\n");
      for (const auto& [field, value] : g.expect) ex << field << ' ' << value << '\n';
    }
    bytes file = from_hex(read_file(hex_path));
    ASSERT_EQ(file, built) << "regenerate with CMR_REGEN_GOLDEN=1";

    auto decoded = decode_tc_message(file);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().detail;
    EXPECT_EQ(decoded.value(), g.msg);
    EXPECT_EQ(encode_tc_message(decoded.value()), file);

    for (const auto& c : decoded.value().components) {
      if (!c.parameter || c.type == tc_component::kind::reject) continue;
      if (c.code.local == opcode::activity_test) continue;
      auto again = reencode(g.variant, kind_of(c), c.code.local, *c.parameter);
      ASSERT_TRUE(again.has_value()) << "argument of code " << c.code.local << " did not decode";
      EXPECT_EQ(*again, *c.parameter) << "argument of code " << c.code.local;
    }
  }
}

TEST(Golden, InitialDpFieldsSurviveTheRoundTrip) {
  for (const auto& g : golden_vectors()) {
    if (g.name != "tc_begin_aarq_idp") continue;
    auto m = decode_tc_message(encode_tc_message(g.msg));
    ASSERT_TRUE(m.has_value());
    ASSERT_EQ(m->components.size(), 1u);
    auto idp = decode_initial_dp(protocol_variant::cap_v4, *m->components[0].parameter);
    ASSERT_TRUE(idp.has_value());
    EXPECT_EQ(idp->service_key, 100u);
    auto called = decode_q763_number(q763_kind::called, *idp->called_party_number);
    ASSERT_TRUE(called.has_value());
    EXPECT_EQ(called->digits, "4930123456");
    EXPECT_EQ(called->nature, 4);
    ASSERT_TRUE(idp->msc_address.has_value());
    EXPECT_EQ(idp->msc_address->digits, "491720000001");
    ASSERT_TRUE(idp->location.has_value());
    EXPECT_EQ(idp->location->vlr_number->digits, "491720000001");
    EXPECT_EQ(idp->event_type, event_type_bcsm::term_attempt_authorized);
    ASSERT_EQ(idp->ext.size(), 1u);
    EXPECT_EQ(m->dialogue->ac_name, ac::cap_v4_gsmssf_scf_generic);
  }
}

}  // namespace
}  // namespace cmr::in::codec::test
