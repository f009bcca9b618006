// mgmt/metrics_exposition.h: the Prometheus text format 0.0.4 as a parser
// reads it: valid names, one HELP and one TYPE per family before its
// samples, the group's instances as label values, escapes in HELP and label
// values, no repeated series, histograms with cumulative buckets ending in
// +Inf == _count and _sum in seconds; and the /metrics route.
#include "mgmt/metrics_exposition.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/counters.h"
#include "common/histogram.h"
#include "mgmt/http_route.h"

namespace cmr::mgmt {
namespace {

using namespace std::chrono_literals;

const counter_desc k_ctrs[] = {{"calls-in", "Calls in"}, {"calls-out", "Calls out"}};
const gauge_desc k_gauges[] = {{"live", "Live calls", "calls"}};
const counter_group_desc k_desc{"test-metrics", "Test \\ group\nsecond line", k_ctrs, k_gauges};

constexpr double k_bounds[] = {0.001, 0.01, 0.1};
const histogram_desc k_hist{"test-wait", "Wait under test", "seconds", k_bounds};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// The sample lines of one metric name: labels text -> value text.
std::map<std::string, std::string> samples(const std::string& text, const std::string& name) {
  std::map<std::string, std::string> out;
  for (const auto& l : lines_of(text)) {
    if (l.rfind(name, 0) != 0) continue;
    const auto rest = l.substr(name.size());
    if (!rest.empty() && rest[0] != '{' && rest[0] != ' ') continue;  // a longer name
    const auto sp = rest.rfind(' ');
    out[rest.substr(0, sp)] = rest.substr(sp + 1);
  }
  return out;
}

TEST(metrics_exposition, names_escapes_and_instances) {
  counter_group a{k_desc};           // index 0
  counter_group b{k_desc, 0, "as"};  // a named instance
  counter_group c{k_desc};           // index 0 again
  counter_group d{k_desc, 0, "we\"ird\\"};
  a.inc(0, 3);
  b.inc(0, 5);
  c.inc(1, 7);
  a.set(0, -2);
  const std::string text = metrics_text();

  EXPECT_NE(text.find("# HELP cmr_test_metrics_calls_in_total Test \\\\ group\\nsecond line: "
                      "Calls in\n# TYPE cmr_test_metrics_calls_in_total counter\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("# TYPE cmr_test_metrics_live gauge\n"), std::string::npos);
  EXPECT_NE(text.find("Live calls (calls)\n"), std::string::npos);
  auto in = samples(text, "cmr_test_metrics_calls_in_total");
  EXPECT_EQ(in["{index=\"0\"}"], "3");
  EXPECT_EQ(in["{index=\"as\"}"], "5");
  EXPECT_EQ(in["{index=\"0-2\"}"], "0");  // the second index 0: its own series
  EXPECT_EQ(in["{index=\"we\\\"ird\\\\\"}"], "0");
  EXPECT_EQ(samples(text, "cmr_test_metrics_calls_out_total")["{index=\"0-2\"}"], "7");
  EXPECT_EQ(samples(text, "cmr_test_metrics_live")["{index=\"0\"}"], "-2");
}

TEST(metrics_exposition, every_line_parses_and_families_are_unique) {
  counter_group a{k_desc};
  counter_group b{k_desc, 1};
  histogram h{k_hist, "path", "x"};
  h.observe(5ms);
  const std::string text = metrics_text();
  ASSERT_FALSE(text.empty());
  ASSERT_EQ(text.back(), '\n');
  const std::regex sample_re(
      R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*",?)*\})? (-?[0-9.e+-]+|\+Inf)$)");
  const std::regex meta_re(R"(^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$)");
  std::set<std::string> helps, types, series;
  std::string current;  // the family whose TYPE came last
  for (const auto& l : lines_of(text)) {
    std::smatch m;
    if (l.rfind("#", 0) == 0) {
      ASSERT_TRUE(std::regex_match(l, m, meta_re)) << l;
      auto& seen = m[1] == "HELP" ? helps : types;
      EXPECT_TRUE(seen.insert(m[2]).second) << "second " << m[1] << " for " << m[2];
      if (m[1] == "TYPE") {
        current = m[2];
        EXPECT_TRUE(m[3] == "counter" || m[3] == "gauge" || m[3] == "histogram") << l;
      }
      continue;
    }
    ASSERT_TRUE(std::regex_match(l, m, sample_re)) << l;
    const std::string name = m[1];
    // A sample follows its own family's TYPE (a histogram's have suffixes).
    EXPECT_TRUE(name == current || name == current + "_bucket" || name == current + "_sum" ||
                name == current + "_count")
        << name << " after TYPE " << current;
    EXPECT_TRUE(series.insert(name + std::string(m[2])).second) << "repeated series " << l;
  }
  EXPECT_EQ(helps, types);
  EXPECT_TRUE(types.count("cmr_build_info"));
  EXPECT_TRUE(types.count("process_start_time_seconds"));
}

TEST(metrics_exposition, histogram_buckets_are_cumulative_up_to_inf_and_count) {
  histogram h{k_hist, "path", "immediate"};
  h.observe(500us);
  h.observe(5ms);
  h.observe(5ms);
  h.observe(3s);
  const std::string text = metrics_text();
  EXPECT_NE(text.find("# TYPE cmr_test_wait_seconds histogram\n"), std::string::npos) << text;
  const auto b = samples(text, "cmr_test_wait_seconds_bucket");
  EXPECT_EQ(b.at("{path=\"immediate\",le=\"0.001\"}"), "1");
  EXPECT_EQ(b.at("{path=\"immediate\",le=\"0.01\"}"), "3");
  EXPECT_EQ(b.at("{path=\"immediate\",le=\"0.1\"}"), "3");
  EXPECT_EQ(b.at("{path=\"immediate\",le=\"+Inf\"}"), "4");
  EXPECT_EQ(samples(text, "cmr_test_wait_seconds_count").at("{path=\"immediate\"}"), "4");
  EXPECT_NEAR(std::stod(samples(text, "cmr_test_wait_seconds_sum").at("{path=\"immediate\"}")),
              3.0105, 1e-9);
  // Bucket lines come in ascending le order, so a reader sees them rise.
  const auto p1 = text.find("le=\"0.001\"}"), p2 = text.find("le=\"0.01\"}"),
             p3 = text.find("le=\"0.1\"}"), p4 = text.find("le=\"+Inf\"}");
  EXPECT_LT(p1, p2);
  EXPECT_LT(p2, p3);
  EXPECT_LT(p3, p4);
}

// "le" as the Prometheus client libraries print it (Go's 'g'): what a user
// writes into a query (le="0.0001") must match, Prometheus 2 compares text.
TEST(metrics_exposition, bucket_bounds_print_as_the_client_libraries_do) {
  constexpr double bounds[] = {0.00001, 0.000025, 0.0001, 0.00025, 1, 2.5, 30};
  const histogram_desc desc{"test-bounds", "Bounds", "seconds", bounds};
  histogram h{desc};
  const std::string text = metrics_text();
  for (const char* le : {"1e-05", "2.5e-05", "0.0001", "0.00025", "1", "2.5", "30", "+Inf"})
    EXPECT_NE(text.find("cmr_test_bounds_seconds_bucket{le=\"" + std::string(le) + "\"} 0\n"),
              std::string::npos)
        << le << "\n"
        << text.substr(text.find("cmr_test_bounds"));
}

TEST(metrics_exposition, build_info_and_start_time) {
  const std::string text = metrics_text();
  EXPECT_NE(text.find("cmr_build_info{version=\""), std::string::npos);
  const auto start = std::stod(samples(text, "process_start_time_seconds").at(""));
  const auto now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_LE(start, now);
  EXPECT_GT(start, now - 3600);  // this test binary started a moment ago
}

TEST(metrics_exposition, metric_names_and_escapes) {
  EXPECT_EQ(metric_name("sip-as-keys-copies"), "cmr_sip_as_keys_copies");
  EXPECT_EQ(metric_name("a.b c/d"), "cmr_a_b_c_d");
  EXPECT_EQ(escape_help("a\\b\nc\"d"), "a\\\\b\\nc\"d");  // '"' stays in HELP
  EXPECT_EQ(escape_label_value("a\\b\nc\"d"), "a\\\\b\\nc\\\"d");
}

TEST(metrics_exposition, route_of_metrics) {
  EXPECT_EQ(route_of("/metrics")->what, http_route::kind::metrics);
  EXPECT_EQ(route_of("/metrics?garbage&x=%zz")->what, http_route::kind::metrics);  // query ignored
  EXPECT_EQ(route_of("/metrics/")->what, http_route::kind::not_found);
  EXPECT_EQ(route_of("/Metrics")->what, http_route::kind::not_found);
  EXPECT_EQ(route_of("/cmr/1/metrics")->what, http_route::kind::cmr);  // an operation name
}

}  // namespace
}  // namespace cmr::mgmt
