// The route-via-platform commands of the "scp" config node, through their
// handlers: the profile (cmrbt only), "platform-prefix" (digits only,
// written back). The sip node's: tests/unit/sip_as/platform_config_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "in/scp/scp_config_node.h"

namespace cmr::in::scp::test {
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

TEST(route_via_platform_config, ScpProfileAndPrefix) {
  scp_settings s;
  auto n = scp_config_node(s);
  EXPECT_EQ(s.platform_prefix, "49609");
  EXPECT_FALSE(s.any_route_via_platform());
  ASSERT_TRUE(run(n, "service-key", {"103", "cmrbt", "route-via-platform"}));
  ASSERT_EQ(s.service_keys.size(), 1U);
  EXPECT_EQ(s.service_keys[0].profile, scp_profile::route_via_platform);
  EXPECT_TRUE(s.any_route_via_platform());
  EXPECT_FALSE(run(n, "service-key", {"104", "cmrt", "route-via-platform"}));
  ASSERT_TRUE(run(n, "platform-prefix", {"1717"}));
  EXPECT_EQ(s.platform_prefix, "1717");
  EXPECT_FALSE(run(n, "platform-prefix", {"17a7"}));
  text_writer w;
  n.write(w);
  EXPECT_NE(w.text.find(" service-key 103 cmrbt route-via-platform\n"), std::string::npos)
      << w.text;
  EXPECT_NE(w.text.find(" platform-prefix 1717\n"), std::string::npos) << w.text;
}

}  // namespace
}  // namespace cmr::in::scp::test
