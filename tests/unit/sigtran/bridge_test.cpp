// The bridge under load and at its edges. Run under ThreadSanitizer
// (-DCMR_SANITIZE=thread): the counters below are plain ints touched by one
// thread each, so any missing happens-before edge in the bridge shows up.
// Nothing here measures time with sleeps; waits are bounded by futures.
#include "sigtran/bridge.h"

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "sigtran/osmo_timer.h"

namespace cmr::sigtran {
namespace {

using namespace std::chrono_literals;
constexpr auto bound = 60s;  // a hang guard, not a measurement

// An io_context running on `n` threads for the lifetime of the fixture.
class asio_threads {
public:
  explicit asio_threads(int n = 1) : guard_(boost::asio::make_work_guard(io)) {
    for (int i = 0; i < n; ++i) threads_.emplace_back([this] { io.run(); });
  }
  ~asio_threads() {
    guard_.reset();
    io.stop();
    for (auto& t : threads_) t.join();
  }
  asio_threads(const asio_threads&) = delete;
  asio_threads& operator=(const asio_threads&) = delete;
  boost::asio::io_context io;

private:
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::vector<std::thread> threads_;
};

// 100k round trips: an osmo-side counter and an asio-side counter advance in
// lock step, each only on its own side.
struct ping_pong {
  ping_pong(bridge& b, int n) : br(b), limit(n) {}
  bridge& br;
  int limit;
  int osmo_count = 0;  // osmo thread only
  int asio_count = 0;  // asio thread only
  bool wrong_thread = false;
  std::promise<void> done;

  void on_osmo() {
    if (!br.on_osmo_thread()) wrong_thread = true;
    ++osmo_count;
    br.post_to_asio([this] { on_asio(); });
  }
  void on_asio() {
    if (br.on_osmo_thread()) wrong_thread = true;
    ++asio_count;
    if (asio_count == limit) {
      done.set_value();
      return;
    }
    br.run_on_osmo([this] { on_osmo(); });
  }
};

TEST(bridge, hundred_thousand_ping_pongs) {
  asio_threads asio;
  bridge br(asio.io);
  br.start();
  ping_pong pp(br, 100000);
  auto finished = pp.done.get_future();
  ASSERT_TRUE(br.run_on_osmo([&pp] { pp.on_osmo(); }));
  ASSERT_EQ(finished.wait_for(bound), std::future_status::ready);
  // The last hop ran on asio after the last osmo step; read both via the
  // osmo thread to get a happens-before edge for osmo_count.
  const int osmo_count = br.call_on_osmo([&pp] { return pp.osmo_count; });
  EXPECT_EQ(osmo_count, 100000);
  EXPECT_EQ(pp.asio_count, 100000);
  EXPECT_FALSE(pp.wrong_thread);
  br.stop();
}

TEST(bridge, osmo_timer_fires_on_osmo_thread_and_posts_to_asio) {
  asio_threads asio;
  bridge br(asio.io);
  br.start();
  std::promise<bool> fired;
  auto result = fired.get_future();
  std::unique_ptr<osmo_timer> timer;  // created, fired and destroyed on the osmo thread
  int expiries = 0;                   // osmo thread only
  br.run_on_osmo([&] {
    timer = std::make_unique<osmo_timer>([&] {
      ++expiries;
      if (expiries < 3) {
        timer->schedule(1ms);  // rescheduling from its own callback works
        return;
      }
      const bool on_osmo = br.on_osmo_thread();
      br.post_to_asio([&fired, on_osmo, &br] { fired.set_value(on_osmo && !br.on_osmo_thread()); });
    });
    timer->schedule(1ms);
  });
  ASSERT_EQ(result.wait_for(bound), std::future_status::ready);
  EXPECT_TRUE(result.get());
  EXPECT_EQ(br.call_on_osmo([&] { return expiries; }), 3);
  br.call_on_osmo([&] { timer.reset(); });
  br.stop();
}

TEST(bridge, order_per_producer_is_kept_both_ways) {
  constexpr int producers = 4;
  constexpr int per_producer = 20000;
  asio_threads asio(2);
  bridge br(asio.io);
  br.start();

  std::vector<int> next(producers, 0);  // osmo thread only
  bool out_of_order = false;            // osmo thread only
  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p) {
    threads.emplace_back([&, p] {
      for (int i = 0; i < per_producer; ++i)
        br.run_on_osmo([&, p, i] {
          const auto slot = static_cast<std::size_t>(p);
          if (next[slot] != i) out_of_order = true;
          next[slot] = i + 1;
        });
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_FALSE(br.call_on_osmo([&] { return out_of_order; }));
  EXPECT_EQ(br.call_on_osmo([&] { return next; }), std::vector<int>(producers, per_producer));

  // osmo -> asio through a strand on a two-thread io_context.
  auto strand = boost::asio::make_strand(asio.io);
  int expected = 0;  // strand only
  bool strand_disorder = false;
  std::promise<void> done;
  br.run_on_osmo([&] {
    for (int i = 0; i < per_producer; ++i)
      bridge::post_to_asio(strand, [&, i] {
        if (expected != i) strand_disorder = true;
        expected = i + 1;
        if (expected == per_producer) done.set_value();
      });
  });
  ASSERT_EQ(done.get_future().wait_for(bound), std::future_status::ready);
  EXPECT_FALSE(strand_disorder);
  br.stop();
}

TEST(bridge, stop_with_work_in_flight_runs_nothing_afterwards) {
  asio_threads asio;
  auto token = std::make_shared<int>(0);
  std::atomic<bool> stopped{false};
  std::atomic<bool> ran_after_stop{false};
  std::atomic<int> ran{0};
  {
    bridge br(asio.io);
    br.start();
    std::atomic<bool> go{true};
    std::vector<std::thread> producers;
    for (int p = 0; p < 3; ++p)
      producers.emplace_back([&, token] {
        while (go.load()) {
          const bool queued = br.run_on_osmo([&, token] {
            if (stopped.load()) ran_after_stop = true;
            ++ran;
          });
          if (!queued) break;  // stopped: further posts are refused
        }
      });
    // Let some work run, then stop while the producers still push.
    while (ran.load() < 1000) std::this_thread::yield();
    br.stop();
    stopped = true;
    EXPECT_FALSE(br.run_on_osmo([] {}));
    go = false;
    for (auto& t : producers) t.join();
  }
  EXPECT_FALSE(ran_after_stop.load());
  // Every queued task was destroyed (on the osmo thread or by a refused post).
  EXPECT_EQ(token.use_count(), 1);
}

TEST(bridge, start_stop_repeatedly) {
  asio_threads asio;
  bridge br(asio.io);
  for (int round = 0; round < 50; ++round) {
    br.start();
    br.start();  // idempotent
    EXPECT_TRUE(br.running());
    const auto id = br.call_on_osmo([] { return std::this_thread::get_id(); });
    EXPECT_NE(id, std::this_thread::get_id());
    // libosmocore per-thread state is fresh in every round: a timer works.
    std::promise<void> fired;
    br.run_on_osmo([&] {
      auto t = std::make_shared<std::unique_ptr<osmo_timer>>();
      *t = std::make_unique<osmo_timer>([&fired, t] {
        fired.set_value();
        t->reset();  // last reference to the timer itself goes on the osmo thread
      });
      (*t)->schedule(0us);
    });
    ASSERT_EQ(fired.get_future().wait_for(bound), std::future_status::ready);
    br.stop();
    br.stop();  // idempotent
    EXPECT_FALSE(br.running());
    EXPECT_FALSE(br.run_on_osmo([] {}));
  }
}

TEST(bridge, stop_from_a_task_on_the_osmo_thread) {
  asio_threads asio;
  bridge br(asio.io);
  br.start();
  std::atomic<bool> later_ran{false};
  br.run_on_osmo([&br] { br.stop(); });
  br.run_on_osmo([&later_ran] { later_ran = true; });  // may or may not be queued
  br.stop();                                          // joins
  EXPECT_FALSE(later_ran.load());
  EXPECT_FALSE(br.running());
  br.start();  // and it can start again
  EXPECT_EQ(br.call_on_osmo([] { return 42; }), 42);
}

TEST(bridge, call_on_osmo_rethrows_and_refuses_when_stopped) {
  asio_threads asio;
  bridge br(asio.io);
  EXPECT_THROW(br.call_on_osmo([] { return 1; }), std::runtime_error);
  br.start();
  EXPECT_THROW(br.call_on_osmo([]() -> int { throw std::invalid_argument("bad"); }),
               std::invalid_argument);
  // Nested: call_on_osmo from the osmo thread runs inline instead of deadlocking.
  EXPECT_EQ(br.call_on_osmo([&br] { return br.call_on_osmo([] { return 7; }); }), 7);
  // A throwing fire-and-forget task does not take the thread down.
  br.run_on_osmo([] { throw std::runtime_error("ignored"); });
  EXPECT_EQ(br.call_on_osmo([] { return 8; }), 8);
}

// Turn hooks: what a turn collects leaves in one post at its end (the
// received-message batching of sccp_binding). Tasks queued together run in
// one turn, so one hook call sees all of them; hooks may remove themselves
// and others; removed hooks never run again.
TEST(bridge, turn_hook_sees_a_burst_and_posts_it_once) {
  asio_threads asio;
  bridge br(asio.io);
  br.start();
  std::vector<int> collected;   // osmo thread only
  std::vector<int> batches;     // osmo thread only: size of each posted batch
  std::promise<std::vector<int>> delivered;
  int asio_total = 0;           // asio thread only
  std::vector<int> asio_seen;   // asio thread only
  constexpr int burst = 500;
  const auto hook = br.call_on_osmo([&] {
    return br.add_turn_hook([&] {
      if (collected.empty()) return;
      batches.push_back(static_cast<int>(collected.size()));
      br.post_to_asio([&, batch = std::move(collected)] {
        for (const int v : batch) asio_seen.push_back(v);
        asio_total += static_cast<int>(batch.size());
        if (asio_total == burst) delivered.set_value(asio_seen);
      });
      collected.clear();
    });
  });
  EXPECT_NE(hook, 0U);
  // The whole burst is queued before the osmo thread can look at it.
  br.run_on_osmo([&] {
    for (int i = 0; i < burst; ++i) br.run_on_osmo([&collected, i] { collected.push_back(i); });
  });
  auto f = delivered.get_future();
  ASSERT_EQ(f.wait_for(bound), std::future_status::ready);
  const auto seen = f.get();
  ASSERT_EQ(seen.size(), static_cast<std::size_t>(burst));
  for (int i = 0; i < burst; ++i) EXPECT_EQ(seen[static_cast<std::size_t>(i)], i);
  const auto b = br.call_on_osmo([&] { return batches; });
  EXPECT_EQ(b.size(), 1U) << "a burst queued at once is handed over in one post";

  // A hook removing itself runs once; one removed by an earlier hook of the
  // same turn does not run at all. A turn lasts while work keeps arriving, so
  // a third hook counts turn ends and says when two have passed.
  int self_runs = 0;    // osmo thread only
  int victim_runs = 0;  // osmo thread only
  int probe_runs = 0;   // osmo thread only
  std::uint64_t self_id = 0, victim_id = 0, probe_id = 0;
  std::promise<void> two_turns;
  br.call_on_osmo([&] {
    br.remove_turn_hook(hook);
    self_id = br.add_turn_hook([&] {
      ++self_runs;
      br.remove_turn_hook(self_id);
      br.remove_turn_hook(victim_id);
    });
    victim_id = br.add_turn_hook([&] { ++victim_runs; });
    probe_id = br.add_turn_hook([&] {
      if (++probe_runs < 2) {
        br.run_on_osmo([] {});  // make sure another turn comes
        return;
      }
      br.remove_turn_hook(probe_id);
      two_turns.set_value();
    });
  });
  ASSERT_EQ(two_turns.get_future().wait_for(bound), std::future_status::ready);
  EXPECT_EQ(br.call_on_osmo([&] { return self_runs; }), 1);
  EXPECT_EQ(br.call_on_osmo([&] { return victim_runs; }), 0);
  br.stop();
}

TEST(bridge, destruction_in_any_order) {
  {  // never started
    boost::asio::io_context io;
    bridge br(io);
  }
  {  // destroyed while running, io_context never run: posted asio work is dropped with it
    auto token = std::make_shared<int>(0);
    {
      boost::asio::io_context io;
      {
        bridge br(io);
        br.start();
        br.call_on_osmo([&br, token] { br.post_to_asio([token] {}); });
      }
    }
    EXPECT_EQ(token.use_count(), 1);
  }
  {  // io_context stopped first, then the bridge
    auto asio = std::make_unique<asio_threads>();
    bridge br(asio->io);
    br.start();
    asio.reset();
    br.run_on_osmo([] {});
  }
}

}  // namespace
}  // namespace cmr::sigtran
