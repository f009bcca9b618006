// Limits and addresses of the management HTTP server ("mgmt" VTY node).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mgmt/access_token.h"
#include "mgmt/operation.h"

namespace cmr::mgmt {

struct http_options {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (logged)
  std::uint32_t max_body = 64 * 1024;
  std::uint32_t max_header = 8 * 1024;
  // Whole request (headers and body) must arrive within this; also the
  // write limit for a client that stops reading.
  std::uint32_t read_timeout_s = 10;
  // The request line and headers must arrive within this, counted like
  // read_timeout_s from the start of the request (the accept, or the end of
  // the previous response: it is also the keep-alive idle limit). A client
  // trickling its headers is cut here, long before read_timeout_s. Never
  // more than read_timeout_s.
  std::uint32_t header_timeout_s = 5;
  std::uint32_t max_connections = 256;
  // Connections from one source address (beyond: 503 and close), so that
  // one client cannot take every one of max_connections.
  std::uint32_t max_connections_per_address = 64;
  // Threads that decode, resample and fsync content uploads (never an io
  // thread); 0: uploads run on the io thread (tests only).
  std::uint32_t upload_workers = 1;
  std::vector<access_token> tokens;
  handler_options handlers;
  // GET /metrics (Prometheus): served (on) or 404 (off); with a token, only
  // to "Authorization: Bearer <metrics_token>" (401 otherwise). The CMR
  // tokens do not open it, nor does this one open CMR requests.
  bool metrics = true;
  std::string metrics_token;
};

}  // namespace cmr::mgmt

namespace cmr::media {
class content_service;
class download_service;
}  // namespace cmr::media

namespace cmr::mgmt {

// The media services behind the content routes (owned by the composition
// root; null: the route answers 503).
struct content_services {
  media::content_service* upload = nullptr;
  const media::download_service* download = nullptr;
};

}  // namespace cmr::mgmt
