// config::number(): the value of an argument libosmovty range-checked. Found
// by fuzz_vty_config: libosmovty takes "+2" for <2-254> (strtoul), and
// number() gave 0, so "sccp-user ssn +2" bound SSN 0 and the written
// configuration ("sccp-user ssn 0") no longer read back.
#include <gtest/gtest.h>

#include <cstdint>

#include "common/config_node.h"

namespace cmr::config {
namespace {

TEST(config_number, takes_what_the_range_check_takes) {
  EXPECT_EQ(number<std::uint8_t>("146"), 146);
  EXPECT_EQ(number<std::uint8_t>("+2"), 2);
  EXPECT_EQ(number<std::uint8_t>("007"), 7);
  EXPECT_EQ(number<int>("-5"), -5);
  EXPECT_EQ(number<int>("+5"), 5);
  EXPECT_EQ(number<unsigned>("x"), 0u);
  std::uint32_t timer = 0;
  const auto cmd = assign("no-answer-timer <0-3600>", "doc\nseconds\n", timer);
  const std::string_view arg[] = {"+30"};
  ASSERT_TRUE(cmd.run(arg));
  EXPECT_EQ(timer, 30u);
}

}  // namespace
}  // namespace cmr::config
