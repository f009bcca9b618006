#include "store/time_zone.h"

#include <gtest/gtest.h>

TEST(time_zone_smoke, utc) {
  auto z = cmr::store::time_zone::parse_fixed("UTC");
  ASSERT_TRUE(z);
}
