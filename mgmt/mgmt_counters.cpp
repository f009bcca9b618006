#include "mgmt/mgmt_counters.h"

namespace cmr::mgmt {
namespace {

const counter_desc k_requests[] = {
    {"requests", "CMR requests received (CMR-1/5/6/7 over HTTP)"},
    {"unknown-operation", "Requests for an unknown operation (HTTP 404)"},
    {"unsupported-type", "Requests with an unsupported Content-Type (HTTP 415)"},
    {"succeeded", "Requests answered with StatusCode 0"},
    {"refused", "Requests answered with a CMR error StatusCode (1xxxx, 2xxxx)"},
    {"general-errors", "Requests answered with StatusCode 99999 (write queue full included)"},
    {"cache-hits", "Read requests answered from the response cache"},
    {"busy", "Requests refused because the write queue was full (HTTP 503)"},
};
const counter_group_desc k_requests_desc{"mgmt", "Management interface: CMR requests", k_requests};

const counter_desc k_http[] = {
    {"refused-connections", "Connections refused at max-connections (HTTP 503)"},
    {"refused-per-address", "Connections refused at max-connections-per-address (HTTP 503)"},
};
const counter_group_desc k_http_desc{"mgmt-http", "Management interface: HTTP connections", k_http};

const counter_desc k_writer[] = {
    {"requests", "Write requests run by the group-commit writer"},
    {"transactions", "Batches committed (or attempted)"},
    {"failed-commits", "Batches whose COMMIT failed"},
    {"refused", "Write requests refused: queue full"},
};
const gauge_desc k_writer_gauges[] = {{"waiting", "Write requests queued", "requests"}};
const counter_group_desc k_writer_desc{"mgmt-writer", "Management interface: group-commit writer",
                                       k_writer, k_writer_gauges};

}  // namespace

mgmt_counters::mgmt_counters() : group(k_requests_desc) {}
mgmt_http_counters::mgmt_http_counters() : group(k_http_desc) {}
mgmt_writer_counters::mgmt_writer_counters() : group(k_writer_desc) {}

}  // namespace cmr::mgmt
