// The common layer: layer-registered log categories, text helpers, counters
// with descriptions, status slots, the manual timer service.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "common/counters.h"
#include "common/log.h"
#include "common/manual_timer_service.h"
#include "common/status_slot.h"
#include "common/text.h"

namespace cmr {

// A category of this test binary, registered like a layer's.
const log_category log_common_test{"DCOMMONTEST", "The common layer's test", ""};

namespace {

using namespace std::chrono_literals;

TEST(log_categories, layers_register_their_own_and_the_backend_sees_them) {
  const auto cats = log_categories();
  bool main_found = false, test_found = false;
  for (std::size_t i = 0; i < cats.size(); ++i) {
    EXPECT_EQ(cats[i]->id(), static_cast<int>(i));
    main_found = main_found || std::string(cats[i]->name()) == "DMAIN";
    test_found = test_found || cats[i] == &log_common_test;
  }
  EXPECT_TRUE(main_found);
  EXPECT_TRUE(test_found);

  static std::vector<std::string> seen;
  seen.clear();
  set_log_backend(
      {[](int cat, log_level l) { return cat == log_common_test.id() && l >= log_level::info; },
       [](int cat, log_level, const char* file, int, std::string_view msg) {
         seen.push_back(std::string(log_categories()[static_cast<std::size_t>(cat)]->name()) + " " +
                        file + " " + std::string(msg));
       }});
  CMR_LOG(common_test, info, "value %d", 42);
  CMR_LOG(common_test, debug, "not shown %d", 1);
  CMR_LOG(main, notice, "another category: not enabled");
  set_stderr_log_level(log_level::notice);
  set_log_backend({[](int, log_level) { return false; },
                   [](int, log_level, const char*, int, std::string_view) {}});
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0], "DCOMMONTEST common_test.cpp value 42");
}

TEST(text, case_folding_and_percent_escapes) {
  EXPECT_TRUE(text::iequals("Content-Type", "content-TYPE"));
  EXPECT_FALSE(text::iequals("abc", "abcd"));
  EXPECT_EQ(text::to_lower("AbC-1"), "abc-1");
  EXPECT_EQ(text::percent_decode("a%20b%2Fc%c3%a9"), std::optional<std::string>("a b/c\xc3\xa9"));
  EXPECT_EQ(text::percent_decode("%G1"), std::nullopt);
  EXPECT_EQ(text::percent_decode("abc%4"), std::nullopt);
  EXPECT_EQ(text::percent_decode("%"), std::nullopt);
  EXPECT_EQ(text::percent_encode("a b/c?\xc3\xa9~"), "a%20b%2Fc%3F%C3%A9~");
  EXPECT_EQ(text::percent_decode(text::percent_encode("x/y z")),
            std::optional<std::string>("x/y z"));
  EXPECT_EQ(text::parse_uint("007", 10), std::optional<std::uint64_t>(7));
  EXPECT_EQ(text::parse_uint("11", 10), std::nullopt);
  EXPECT_EQ(text::parse_uint("18446744073709551615", UINT64_MAX),
            std::optional<std::uint64_t>(UINT64_MAX));
  EXPECT_EQ(text::parse_uint("18446744073709551616", UINT64_MAX), std::nullopt);
  EXPECT_EQ(text::parse_uint("1a", 100), std::nullopt);
  EXPECT_EQ(text::parse_uint("", 100), std::nullopt);
}

const counter_desc k_ctrs[] = {{"calls", "Calls seen"}, {"errors", "Calls that failed"}};
const gauge_desc k_gauges[] = {{"live", "Calls now", "calls"}};
const counter_group_desc k_desc{"testgrp", "A test group", k_ctrs, k_gauges};

TEST(counters, groups_count_across_threads_and_are_in_the_registry) {
  const auto gen = counter_groups_generation();
  {
    counter_group g(k_desc, 7);
    EXPECT_NE(counter_groups_generation(), gen);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&g] {
        for (int i = 0; i < 10000; ++i) g.inc(0);
        g.inc(1, 2);
      });
    for (auto& t : threads) t.join();
    g.set(0, 5);
    g.add(0, -2);
    EXPECT_EQ(g.value(0), 40000U);
    EXPECT_EQ(g.value(1), 8U);
    EXPECT_EQ(g.gauge(0), 3);
    EXPECT_EQ(g.text(), "live 3\ncalls 40000\nerrors 8\n");
    int found = 0;
    for_each_counter_group([&](const counter_group& c) {
      if (&c == &g) {
        ++found;
        EXPECT_EQ(c.index(), 7U);
        EXPECT_STREQ(c.desc().prefix, "testgrp");
      }
    });
    EXPECT_EQ(found, 1);
  }
  int still = 0;
  for_each_counter_group([&](const counter_group& c) { still += &c.desc() == &k_desc; });
  EXPECT_EQ(still, 0);
  counter_group a(k_desc), b(k_desc);
  EXPECT_NE(a.serial(), b.serial());
}

TEST(status_slot, reads_the_installed_query_or_nothing) {
  status_slot s;
  EXPECT_EQ(s.read(), std::nullopt);
  s.set([] { return std::string("calls 1\n"); });
  EXPECT_EQ(s.read(), std::optional<std::string>("calls 1\n"));
  s.clear();
  EXPECT_EQ(s.read(), std::nullopt);
}

TEST(manual_timer_service, fires_in_deadline_order_when_advanced) {
  manual_timer_service t;
  std::vector<int> fired;
  t.start(20ms, [&] { fired.push_back(2); });
  const auto c = t.start(10ms, [&] { fired.push_back(99); });
  t.start(10ms, [&] {
    fired.push_back(1);
    t.start(5ms, [&] { fired.push_back(15); });  // falls within the same step
  });
  t.cancel(c);
  EXPECT_EQ(t.pending(), 2U);
  EXPECT_EQ(t.advance(30ms), 3U);
  EXPECT_EQ(fired, (std::vector<int>{1, 15, 2}));
  EXPECT_EQ(t.pending(), 0U);
}

}  // namespace
}  // namespace cmr
