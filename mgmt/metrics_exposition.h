// GET /metrics on the management port: every counter group
// (common/counters.h) and latency histogram (common/histogram.h) in the
// Prometheus text exposition format 0.0.4, plus cmr_build_info and
// process_start_time_seconds. docs/operations.md has the naming
// rule; in short:
//
//   group "sip-transactions" (name "as"), counter "requests-in"
//     -> cmr_sip_transactions_requests_in_total{index="as"}
//   group "scp" (index 0), gauge "live-calls"  -> cmr_scp_live_calls{index="0"}
//   histogram "scp-idp-to-answer" (seconds)
//     -> cmr_scp_idp_to_answer_seconds_bucket{le="0.005"}, ..._sum, ..._count
//
// The instance label is "index" (the index or name statsd and "show
// rate-counters" print), not "instance": Prometheus sets "instance" to the
// scraped target and would rename ours to "exported_instance".
// One family per metric name: instances of a group share it, told apart
// by the label. Walks atomics under the registries' locks: no store, no
// wait, fine on an io thread.
#pragma once

#include <string>
#include <string_view>

namespace cmr::mgmt {

inline constexpr const char* k_metrics_content_type = "text/plain; version=0.0.4; charset=utf-8";

// A valid metric name from ours: "cmr_" + `name` with every character
// outside [a-zA-Z0-9_:] ('-' mostly) as '_'.
std::string metric_name(std::string_view name);
// The format's escapes: HELP text ('\\' and newline), label values ('\\',
// '"' and newline).
std::string escape_help(std::string_view text);
std::string escape_label_value(std::string_view text);

// The whole exposition, as of now.
std::string metrics_text();

}  // namespace cmr::mgmt
