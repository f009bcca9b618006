// The "sigtran" config node writes back what reading it produced. Found by
// fuzz_vty_config: "no sccp-user ssn 146" removed a default SSN, the written
// configuration ("show running-config", "write file") left it out, and
// reading that file bound SSN 146 again.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sigtran/sigtran_config.h"

// GCC 12 at -O2 takes the copy of sigtran_config's default SSN list (an
// initializer_list) for a read of uninitialised memory here.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace cmr::sigtran {
namespace {

config::outcome run(config::node& n, const std::string& syntax, std::vector<std::string_view> a) {
  for (auto& c : n.commands)
    if (c.syntax == syntax) return c.run(a);
  ADD_FAILURE() << "no command " << syntax;
  return config::refuse("no command");
}

struct text_writer final : config::writer {
  std::string text;
  void emit(std::string_view t) override { (text += t) += '\n'; }
};

TEST(sigtran_config_node, a_removed_default_ssn_is_written_as_its_removal) {
  sigtran_config c;
  auto n = sigtran_config_node(c);
  ASSERT_TRUE(run(n, "no sccp-user ssn <2-254>", {"146"}));
  ASSERT_TRUE(run(n, "sccp-user ssn <2-254>", {"12"}));
  ASSERT_EQ(c.ssns.size(), 2u);
  EXPECT_EQ(c.ssns[0], 12);
  EXPECT_EQ(c.ssns[1], 241);
  text_writer w;
  n.write(w);
  EXPECT_NE(w.text.find(" no sccp-user ssn 146\n"), std::string::npos) << w.text;
  EXPECT_EQ(w.text.find(" no sccp-user ssn 241\n"), std::string::npos) << w.text;

  // Reading the written lines onto the defaults gives the same SSNs.
  sigtran_config again;
  auto m = sigtran_config_node(again);
  ASSERT_TRUE(run(m, "no sccp-user ssn <2-254>", {"146"}));
  ASSERT_TRUE(run(m, "sccp-user ssn <2-254>", {"12"}));
  ASSERT_TRUE(run(m, "sccp-user ssn <2-254>", {"241"}));
  EXPECT_EQ(again.ssns, c.ssns);
}

}  // namespace
}  // namespace cmr::sigtran
