// GET /metrics through the real server (docs/operations.md): the
// Prometheus content type, counters that move with a CMR request, the
// management request histogram, HEAD with GET's length and no body, 405 with
// Allow for other methods (and a log line), the query string ignored, the
// text clean for promtool's linter, "show cmr latency" on the VTY, "metrics
// off" (404) and "metrics token" (401 without it; the CMR tokens do not
// open it).
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "tests/integration/mgmt/mgmt_harness.h"

namespace cmr::test {
namespace {

constexpr const char* A = "491700000001";  // a demo subscriber

// The value of the sample `series` (name and labels, exactly), -1 when absent.
double value_of(const std::string& text, const std::string& series) {
  const auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

// The demo configuration logs at notice; refusals are info lines.
void log_mgmt_info(server_process& p) {
  vty_client vty(p.vty_port());
  for (const char* line :
       {"enable", "configure terminal", "log stderr", "logging level mgmt info", "end"})
    vty.command(line);
}

TEST(metrics_http, exposition_moves_with_requests_and_refuses_bad_methods) {
  mgmt_server srv;
  log_mgmt_info(srv.process());
  auto& http = srv.client();
  const auto first = http.send("GET", "/metrics", "", "");
  ASSERT_EQ(first.status, 200U) << first.body;
  EXPECT_EQ(first.content_type, "text/plain; version=0.0.4; charset=utf-8");
  // Every layer of the demo server, as families with their HELP.
  for (const char* needle :
       {"# TYPE cmr_scp_idp_received_total counter\n", "# TYPE cmr_scp_live_calls gauge\n",
        "cmr_tcap_tx_messages_total{index=\"146\"} ",
        "cmr_sip_transactions_requests_in_total{index=\"ip\"} ",
        "# HELP cmr_mgmt_requests_total Management interface: CMR requests: ",
        "# TYPE cmr_decision_seconds histogram\n",
        "# TYPE cmr_scp_idp_to_answer_seconds histogram\n",
        "cmr_mgmt_request_seconds_bucket{route=\"cmr\",le=\"+Inf\"} ", "cmr_build_info{version=\"",
        "process_start_time_seconds "})
    EXPECT_NE(first.body.find(needle), std::string::npos) << needle << " missing in:\n"
                                                          << first.body;
  // Prometheus' own linter (the prometheus package) reads it without a complaint.
  if (run_shell("command -v promtool >/dev/null 2>&1") == 0) {
    const std::string file = srv.process().write_file("metrics.txt", first.body);
    std::string lint;
    EXPECT_EQ(run_shell("promtool check metrics < " + file + " 2>&1", &lint), 0) << lint;
    EXPECT_EQ(lint, "");
  }
  const double requests = value_of(first.body, "cmr_mgmt_requests_total{index=\"0\"}");
  const double cmr_count = value_of(first.body, "cmr_mgmt_request_seconds_count{route=\"cmr\"}");
  ASSERT_GE(requests, 0) << first.body;

  const auto r = srv.call(wire_format::json, "GetResourceList",
                          message({{"SubscriberId", A}, {"ResourceListId", "000000"}}));
  ASSERT_EQ(r.code, 0) << r.http.body;
  const auto second = http.send("GET", "/metrics?garbage&%zz", "", "");  // the query is ignored
  ASSERT_EQ(second.status, 200U);
  EXPECT_EQ(value_of(second.body, "cmr_mgmt_requests_total{index=\"0\"}"), requests + 1);
  EXPECT_EQ(value_of(second.body, "cmr_mgmt_request_seconds_count{route=\"cmr\"}"), cmr_count + 1);
  // The scrape before this one was written, so it is counted too.
  EXPECT_GE(value_of(second.body, "cmr_mgmt_request_seconds_count{route=\"metrics\"}"), 1);
  EXPECT_GE(value_of(second.body, "cmr_decision_seconds_count{path=\"immediate\"}"), 0);
  EXPECT_GE(value_of(second.body, "cmr_decision_seconds_count{path=\"deferred\"}"), 0);

  const auto head = http.send("HEAD", "/metrics", "", "");
  EXPECT_EQ(head.status, 200U);
  EXPECT_TRUE(head.body.empty());
  EXPECT_GT(std::stoul(head.header("Content-Length")), 1000UL);

  for (const char* method : {"POST", "PUT", "DELETE"}) {
    const auto bad = http.send(method, "/metrics", "text/plain", "x");
    EXPECT_EQ(bad.status, 405U) << method;
    EXPECT_EQ(bad.header("Allow"), "GET, HEAD") << method;
  }
  EXPECT_TRUE(
      srv.process().wait_for_err("/metrics refused with HTTP 405: DELETE", std::chrono::seconds(5)))
      << srv.process().err();
  EXPECT_EQ(http.send("GET", "/metrics/extra", "", "").status, 404U);
  EXPECT_EQ(http.send("GET", "/metrics%zz", "", "").status, 400U);  // malformed target

  // The same histograms on the VTY.
  vty_client vty(srv.process().vty_port());
  ASSERT_TRUE(vty.connected());
  const std::string latency = vty.command("show cmr latency");
  EXPECT_TRUE(
      std::regex_search(latency, std::regex("\n  route=cmr  count [1-9][0-9]*  sum .* p99 ")))
      << latency;
  EXPECT_NE(latency.find("scp-idp-to-answer: SCP: trigger"), std::string::npos) << latency;
  EXPECT_NE(latency.find("\n  path=immediate  count "), std::string::npos) << latency;
  EXPECT_EQ(srv.process().err().find(" ERROR "), std::string::npos) << srv.process().err();
}

TEST(metrics_http, off_is_404_and_a_token_is_required_when_set) {
  {
    mgmt_server off(" metrics off");
    EXPECT_EQ(off.client().send("GET", "/metrics", "", "").status, 404U);
    vty_client vty(off.process().vty_port());
    vty.command("enable");
    const std::string running = vty.command("show running-config");
    EXPECT_NE(running.find("\n metrics off\n"), std::string::npos) << running;
  }
  mgmt_server locked(" metrics token scrape-secret-1");
  log_mgmt_info(locked.process());
  {
    vty_client vty(locked.process().vty_port());
    vty.command("enable");
    const std::string running = vty.command("show running-config");
    EXPECT_NE(running.find("\n metrics on\n metrics token scrape-secret-1\n"), std::string::npos)
        << running;
  }
  auto& http = locked.client();
  const auto none = http.send("GET", "/metrics", "", "");
  EXPECT_EQ(none.status, 401U);
  EXPECT_EQ(none.header("WWW-Authenticate"), "Bearer realm=\"metrics\"");
  EXPECT_EQ(http.send("GET", "/metrics", "", "", {{"Authorization", "Bearer demo-portal"}}).status,
            401U);  // a CMR token is not the metrics token
  EXPECT_EQ(
      http.send("GET", "/metrics", "", "", {{"Authorization", "Bearer scrape-secret-2"}}).status,
      401U);
  const auto ok =
      http.send("GET", "/metrics", "", "", {{"Authorization", "Bearer scrape-secret-1"}});
  EXPECT_EQ(ok.status, 200U);
  EXPECT_NE(ok.body.find("cmr_build_info"), std::string::npos);
  // ... nor does the metrics token open CMR requests.
  EXPECT_NE(locked
                .raw("GetResourceList", "application/json",
                     "{\"SubscriberId\":\"491700000001\",\"ResourceListId\":\"000000\"}",
                     "scrape-secret-1")
                .code,
            0);
  EXPECT_TRUE(locked.process().wait_for_err("/metrics refused with HTTP 401: wrong token",
                                            std::chrono::seconds(5)));
}

}  // namespace
}  // namespace cmr::test
