// The sip node's route-via-platform command, through its handler:
// "platform-prefix" (digits only, written back) and "no platform-prefix".
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sip/as/sip_config_node.h"

namespace cmr::sip::as::test {
namespace {

// Runs the node's command whose syntax starts with `word` with `a`.
config::outcome run(config::node& n, const std::string& word, std::vector<std::string_view> a) {
  for (auto& c : n.commands)
    if (c.syntax.rfind(word + " ", 0) == 0 || c.syntax == word) return c.run(a);
  ADD_FAILURE() << "no command " << word;
  return config::refuse("no command");
}

struct text_writer final : config::writer {
  std::string text;
  void emit(std::string_view t) override { (text += t) += '\n'; }
};

TEST(route_via_platform_config, SipPrefixAndNo) {
  sip_settings s;
  auto n = sip_config_node(s);
  EXPECT_EQ(s.server.as.platform_prefix, "49609");
  ASSERT_TRUE(run(n, "platform-prefix", {"1717"}));
  EXPECT_EQ(s.server.as.platform_prefix, "1717");
  EXPECT_FALSE(run(n, "platform-prefix", {"+1717"}));
  text_writer w;
  n.write(w);
  EXPECT_NE(w.text.find(" platform-prefix 1717\n"), std::string::npos) << w.text;
  ASSERT_TRUE(run(n, "no platform-prefix", {}));
  EXPECT_TRUE(s.server.as.platform_prefix.empty());
  text_writer w2;
  n.write(w2);
  EXPECT_NE(w2.text.find(" no platform-prefix\n"), std::string::npos) << w2.text;
}

}  // namespace
}  // namespace cmr::sip::as::test
