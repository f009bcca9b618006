#include "mgmt/metrics_latency.h"

namespace cmr::mgmt {
namespace {

// 100 us (a cached read on loopback) to 10 s (a large upload, a write
// queued behind a slow fsync).
constexpr double k_bounds[] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                               0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
const histogram_desc k_desc{"mgmt-request",
                            "Management HTTP request read to its response written, by route",
                            "seconds", k_bounds};

}  // namespace

request_latency::request_latency()
    : cmr(k_desc, "route", "cmr"),
      content(k_desc, "route", "content"),
      metrics(k_desc, "route", "metrics"),
      other(k_desc, "route", "other") {}

histogram& request_latency::of(http_route::kind k) {
  switch (k) {
    case http_route::kind::cmr:
      return cmr;
    case http_route::kind::upload:
    case http_route::kind::download:
      return content;
    case http_route::kind::metrics:
      return metrics;
    case http_route::kind::not_found:
      break;
  }
  return other;
}

}  // namespace cmr::mgmt
