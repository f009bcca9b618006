// The armed-event table of a call (tools/cmr-ssf/armed_events.h): RRBE
// entries arm, re-arm and (transparent) disarm per event and leg; an event
// matches its t- or o- variant on its leg (abandon and disconnect on any
// leg, an entry without a leg on every leg) and is reported once.
#include "tools/cmr-ssf/armed_events.h"

#include <gtest/gtest.h>

namespace cmr::tools::ssf {
namespace {

using codec::event_type_bcsm;
using codec::monitor_mode;

codec::bcsm_event entry(event_type_bcsm e, monitor_mode m, std::uint8_t leg = 0,
                        std::optional<std::uint16_t> timer = std::nullopt) {
  codec::bcsm_event b;
  b.event = e;
  b.mode = m;
  if (leg != 0) b.leg = codec::leg_id{true, leg};
  b.application_timer = timer;
  return b;
}

TEST(armed_events, ArmFindAndTakeOnce) {
  armed_events a;
  a.arm(entry(event_type_bcsm::t_answer, monitor_mode::interrupted, 2));
  a.arm(entry(event_type_bcsm::o_no_answer, monitor_mode::notify_and_continue, 2, 20));
  EXPECT_EQ(a.size(), 2U);
  const auto* na = a.find(event_class::no_answer, 2);
  ASSERT_NE(na, nullptr);
  EXPECT_EQ(na->event, event_type_bcsm::o_no_answer);
  EXPECT_EQ(na->application_timer, std::optional<std::uint16_t>(20));
  EXPECT_EQ(a.find(event_class::answer, 3), nullptr) << "armed for leg 2 only";
  const auto hit = a.take(event_class::answer, 2);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->mode, monitor_mode::interrupted);
  EXPECT_FALSE(a.take(event_class::answer, 2).has_value()) << "reported once";
  EXPECT_EQ(a.size(), 1U);
}

TEST(armed_events, RearmReplacesAndTransparentDisarms) {
  armed_events a;
  a.arm(entry(event_type_bcsm::t_busy, monitor_mode::interrupted, 2));
  a.arm(entry(event_type_bcsm::t_busy, monitor_mode::notify_and_continue, 2));
  EXPECT_EQ(a.size(), 1U);
  EXPECT_EQ(a.find(event_class::busy, 2)->mode, monitor_mode::notify_and_continue);
  a.arm(entry(event_type_bcsm::t_busy, monitor_mode::transparent, 3));  // other leg: nothing
  EXPECT_EQ(a.size(), 1U);
  a.arm(entry(event_type_bcsm::t_busy, monitor_mode::transparent, 2));
  EXPECT_EQ(a.size(), 0U);
  EXPECT_EQ(a.find(event_class::busy, 2), nullptr);
}

TEST(armed_events, AbandonAndDisconnectMatchAnyLegAndNoLegMatchesEveryLeg) {
  armed_events a;
  a.arm(entry(event_type_bcsm::t_abandon, monitor_mode::notify_and_continue, 1));
  a.arm(entry(event_type_bcsm::o_disconnect, monitor_mode::notify_and_continue, 2));
  a.arm(entry(event_type_bcsm::t_answer, monitor_mode::interrupted));  // no leg
  EXPECT_NE(a.find(event_class::abandon, 2), nullptr);
  EXPECT_NE(a.find(event_class::disconnect, 1), nullptr);
  EXPECT_NE(a.find(event_class::answer, 3), nullptr);
  EXPECT_EQ(a.find(event_class::busy, 2), nullptr);
}

TEST(armed_events, CapacityIsBoundedAndNamesAreTheTraces) {
  armed_events a;
  for (std::uint8_t leg = 1; leg <= 20; ++leg)
    a.arm(entry(event_type_bcsm::t_answer, monitor_mode::interrupted, leg));
  EXPECT_EQ(a.size(), 10U);
  EXPECT_STREQ(to_string(event_class::no_answer), "no answer");
  EXPECT_STREQ(to_string(event_class::disconnect), "disconnect");
}

}  // namespace
}  // namespace cmr::tools::ssf
