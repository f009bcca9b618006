// The production timer service on a real io_context: callbacks run from the
// executor (never inside start), cancelled timers never fire, pending()
// counts what is left. Short timers: no sleeping.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include "common/asio_timer_service.h"

namespace cmr {
namespace {

using namespace std::chrono_literals;

TEST(AsioTimerService, FiresInOrderAndHonoursCancel) {
  boost::asio::io_context io;
  asio_timer_service timers(boost::asio::make_strand(io));
  std::vector<int> fired;
  // 200 ms apart: deadlines stay in this order however long the starts take
  // on a loaded machine (1 ms was not enough under ASan and a busy box).
  timers.start(200ms, [&] { fired.push_back(2); });
  const auto cancelled = timers.start(0ms, [&] { fired.push_back(99); });
  timers.start(0ms, [&] { fired.push_back(1); });
  EXPECT_TRUE(fired.empty());  // never from inside start()
  EXPECT_EQ(timers.pending(), 3U);
  timers.cancel(cancelled);
  timers.cancel(cancelled);  // twice is harmless
  timers.cancel(12345);      // unknown too
  EXPECT_EQ(timers.pending(), 2U);
  io.run();
  EXPECT_EQ(fired, (std::vector<int>{1, 2}));
  EXPECT_EQ(timers.pending(), 0U);
}

TEST(AsioTimerService, CallbackMayStartAndCancelTimers) {
  boost::asio::io_context io;
  asio_timer_service timers(io.get_executor());
  int n = 0;
  timer_service::timer_id later = 0;
  timers.start(0ms, [&] {
    ++n;
    later = timers.start(0ms, [&] { n += 10; });
    const auto never = timers.start(1ms, [&] { n += 100; });
    timers.cancel(never);
  });
  io.run();
  EXPECT_EQ(n, 11);
  EXPECT_NE(later, 0U);
  EXPECT_EQ(timers.pending(), 0U);
}

TEST(AsioTimerService, DestroyedServiceCancelsItsTimers) {
  boost::asio::io_context io;
  int n = 0;
  {
    asio_timer_service timers(io.get_executor());
    timers.start(0ms, [&] { ++n; });
  }
  io.run();
  EXPECT_EQ(n, 0);
}

}  // namespace
}  // namespace cmr
