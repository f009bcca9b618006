// Management request time: from the request read (header and body) to its
// response written, one histogram per kind of route, because a content
// upload (decode, resample, fsync) and a cached CMR read differ by orders
// of magnitude. "show cmr latency" and /metrics show them as
// cmr_mgmt_request_seconds{route="cmr|content|metrics|other"}.
#pragma once

#include "common/histogram.h"
#include "mgmt/http_route.h"

namespace cmr::mgmt {

struct request_latency {
  request_latency();
  histogram cmr, content, metrics, other;
  histogram& of(http_route::kind k);
};

}  // namespace cmr::mgmt
