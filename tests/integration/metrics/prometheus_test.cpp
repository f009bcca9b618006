// A real Prometheus (the Debian package's binary, its own process: the
// package's service plays no part) scrapes the real cmr-server's GET
// /metrics every second on 127.0.0.1 while one CS call (cmr-ssf over IPA,
// service key 101: CAMEL v3 alerting pattern, no bearer, the cheapest real
// call) moves the SCP's InitialDP counter and the IDP-to-answer and decision
// histograms. Prometheus' HTTP API must then show the counter at 1, the
// histogram's count at 1, the target "up" with no scrape error: the
// exposition parses in the program it is written for. One server, one
// Prometheus, well under 30 s.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>

#include "tests/common/free_port.h"
#include "tests/integration/server/server_process.h"
#include "tests/integration/sigtran/child_process.h"

namespace cmr::test {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;
using clock_type = std::chrono::steady_clock;

class prometheus_scrape : public ::testing::Test {
protected:
  void SetUp() override {
    if (run_shell("command -v prometheus >/dev/null 2>&1") != 0)
      GTEST_SKIP() << "prometheus missing (scripts/install-deps.sh installs it)";
    if (run_shell("command -v curl >/dev/null 2>&1") != 0) GTEST_SKIP() << "curl missing";
    ipa_port_ = free_port();
    ip_port_ = free_port();
    http_port_ = free_port();
    prom_port_ = free_port();
    srv_.write_file("cmr-server.cfg", demo_config(http_port_, ip_port_, ipa_port_));
    srv_.start({"-c", "cmr-server.cfg"});
    ASSERT_TRUE(srv_.wait_for_err("SCP service logic on SSN 146", 30s)) << srv_.err();
    ASSERT_TRUE(srv_.wait_for_err("management HTTP listening", 30s)) << srv_.err();

    const std::string cfg = srv_.write_file(
        "prometheus.yml",
        "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
        "scrape_configs:\n  - job_name: cmr\n    static_configs:\n      - targets: ['127.0.0.1:" +
            std::to_string(http_port_) + "']\n");
    prom_.emplace(
        std::vector<std::string>{
            "prometheus", "--config.file=" + cfg, "--storage.tsdb.path=" + srv_.dir() + "/tsdb",
            "--web.listen-address=127.0.0.1:" + std::to_string(prom_port_), "--log.level=warn"},
        srv_.dir() + "/prometheus.err");
  }

  void TearDown() override {
    if (prom_) {
      prom_->send_signal(SIGTERM);
      prom_->wait_exit(5s);
    }
  }

  // GET on Prometheus' HTTP API; the decoded JSON, null when it did not answer.
  json api(const std::string& path_and_query) {
    std::string out;
    if (run_shell(
            "curl -s -m 2 'http://127.0.0.1:" + std::to_string(prom_port_) + path_and_query + "'",
            &out) != 0)
      return nullptr;
    return json::parse(out, nullptr, false);
  }
  // The value of an instant query's only sample, "" when there is none yet.
  std::string query(const std::string& promql) {
    std::string q;  // percent-encoded: '+' and ' ' mean other things in a query
    for (const char ch : promql) {
      const auto c = static_cast<unsigned char>(ch);
      if (std::isalnum(c) != 0 || c == '_' || c == '.' || c == '-' || c == '~') {
        q += static_cast<char>(c);
      } else {
        char hex[4];
        std::snprintf(hex, sizeof hex, "%%%02X", c);
        q += hex;
      }
    }
    const json j = api("/api/v1/query?query=" + q);
    if (!j.is_object() || j.value("status", "") != "success") return "";
    const auto& r = j["data"]["result"];
    if (!r.is_array() || r.size() != 1) return "";
    return r[0]["value"][1].get<std::string>();
  }
  // Polls `promql` until it is `want` or `bound` passes; the last value seen.
  std::string wait_for(const std::string& promql, const std::string& want,
                       std::chrono::milliseconds bound) {
    const auto deadline = clock_type::now() + bound;
    std::string v;
    while (clock_type::now() < deadline) {
      v = query(promql);
      if (v == want) return v;
      std::this_thread::sleep_for(200ms);
    }
    return v;
  }

  server_process srv_;
  std::optional<child_process> prom_;
  unsigned short ipa_port_ = 0, ip_port_ = 0, http_port_ = 0, prom_port_ = 0;
};

TEST_F(prometheus_scrape, counter_and_histogram_moved_by_a_call_reach_prometheus) {
  // Scraped before the call: the series exists at 0, so the call's 1 is a change.
  ASSERT_EQ(wait_for("cmr_scp_idp_received_total{index=\"0\"}", "0", 15s), "0")
      << read_file(srv_.dir() + "/prometheus.err") << api("/api/v1/targets").dump();

  std::string ssf = slurp(std::string(CMR_SOURCE_DIR) + "/configs/ssf/cmr-ssf.cfg");
  ssf = std::regex_replace(ssf, std::regex("asp cmr-ssf 5000"),
                           "asp cmr-ssf " + std::to_string(ipa_port_));
  const std::string ssf_cfg = srv_.write_file("cmr-ssf.cfg", ssf);
  std::string out;
  const int rc = run_shell("timeout 30 " + std::string(CMR_SSF_BIN) + " -c " + ssf_cfg +
                               " --ip 127.0.0.1:" + std::to_string(ip_port_) +
                               " --protocol cap-v3 --service-key 101 2>" + srv_.dir() + "/ssf.err",
                           &out);
  ASSERT_EQ(rc, 0) << out << slurp(srv_.dir() + "/ssf.err");
  EXPECT_NE(out.find("outcome=continued"), std::string::npos) << out;

  EXPECT_EQ(wait_for("cmr_scp_idp_received_total{index=\"0\"}", "1", 10s), "1");
  // Same scrape, so no further wait: the histogram of that call.
  EXPECT_EQ(query("cmr_scp_idp_to_answer_seconds_count"), "1");
  EXPECT_EQ(query("cmr_scp_idp_to_answer_seconds_bucket{le=\"+Inf\"}"), "1");
  EXPECT_EQ(query("sum(cmr_decision_seconds_count)"), "1");
  // A quantile Prometheus computes from our buckets: a number, in seconds.
  const std::string p99 =
      query("histogram_quantile(0.99, sum by (le) (cmr_scp_idp_to_answer_seconds_bucket))");
  ASSERT_FALSE(p99.empty());
  EXPECT_GT(std::stod(p99), 0.0);
  EXPECT_LT(std::stod(p99), 5.0);

  EXPECT_EQ(query("up{job=\"cmr\"}"), "1");
  const json targets = api("/api/v1/targets");
  ASSERT_TRUE(targets.is_object()) << targets.dump();
  const auto& active = targets["data"]["activeTargets"];
  ASSERT_EQ(active.size(), 1U) << targets.dump();
  EXPECT_EQ(active[0].value("health", ""), "up") << targets.dump();
  EXPECT_EQ(active[0].value("lastError", "?"), "") << targets.dump();
  EXPECT_EQ(srv_.err().find(" ERROR "), std::string::npos) << srv_.err();
}

}  // namespace
}  // namespace cmr::test
