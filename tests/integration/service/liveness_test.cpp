// The watchdog's "are both sides fresh" rule (apps/cmr-server/liveness.h)
// on a manual clock: no sleeping.
#include "apps/cmr-server/liveness.h"

#include <gtest/gtest.h>

#include <chrono>

namespace cmr::app {
namespace {

using namespace std::chrono_literals;

struct fake_clock {
  liveness::clock_type::time_point t{std::chrono::hours(1)};
  liveness::now_fn fn() {
    return [this] { return t; };
  }
};

TEST(Liveness, BothSidesCheckingInAreFresh) {
  fake_clock c;
  liveness live(500ms, c.fn());
  const auto osmo = live.add_side("osmo thread");
  const auto asio = live.add_side("io threads");
  EXPECT_TRUE(live.all_fresh());  // start-up grace: one max age
  for (int i = 0; i < 10; ++i) {
    c.t += 250ms;
    live.check_in(osmo);
    live.check_in(asio);
    EXPECT_TRUE(live.all_fresh()) << i;
  }
  EXPECT_EQ(live.stale_sides(), "");
}

TEST(Liveness, OneWedgedSideStopsTheKeepAlivesAndRecoveryResumesThem) {
  fake_clock c;
  liveness live(500ms, c.fn());
  const auto osmo = live.add_side("osmo thread");
  const auto asio = live.add_side("io threads");
  // The osmo thread goes on checking in; the io threads stop.
  c.t += 250ms;
  live.check_in(osmo);
  live.check_in(asio);
  c.t += 250ms;
  live.check_in(osmo);
  c.t += 250ms;  // asio's last check-in is 500 ms old: still (just) fresh
  live.check_in(osmo);
  EXPECT_TRUE(live.all_fresh());
  c.t += 1ms;
  EXPECT_FALSE(live.all_fresh());
  EXPECT_EQ(live.stale_sides(), "io threads");
  c.t += 10s;
  EXPECT_EQ(live.stale_sides(), "osmo thread, io threads");
  // Both answer again.
  live.check_in(osmo);
  live.check_in(asio);
  EXPECT_TRUE(live.all_fresh());
}

TEST(Liveness, ASideThatNeverChecksInIsStaleAfterTheGrace) {
  fake_clock c;
  liveness live(1s, c.fn());
  const auto osmo = live.add_side("osmo thread");
  live.add_side("io threads");
  c.t += 900ms;
  live.check_in(osmo);
  EXPECT_TRUE(live.all_fresh());
  c.t += 200ms;
  live.check_in(osmo);
  EXPECT_FALSE(live.all_fresh());
  EXPECT_EQ(live.stale_sides(), "io threads");
}

}  // namespace
}  // namespace cmr::app
