// The "mgmt" config node's typed configuration: the management HTTP server
// (CMR-1/5/6/7, content upload and downloads; docs/management.md "settings").
// The node (mgmt/mgmt_config_node.h) fills it; the composition root starts
// the dispatcher, the HTTP server and the content services with its parts.
#pragma once

#include <string>

#include "media/content_service.h"
#include "mgmt/dispatcher.h"
#include "mgmt/http_options.h"

namespace cmr::mgmt {

struct mgmt_settings {
  // mgmt / bind, max-body-size, max-header-size, read-timeout,
  // header-timeout, max-connections, max-connections-per-address,
  // upload-workers, token; session-lifetime and password-iterations
  // (http.handlers)
  http_options http;
  // mgmt / readers, write-batch, write-queue
  dispatcher_options dispatch;
  // mgmt / content-directory, content-limit, content-max-audio-seconds
  media::content_config content;
  // mgmt / download-secret SECRET: HMAC key of the signed download URLs
  // (empty: a random one, so URLs stop working at restart)
  std::string download_secret;
};

}  // namespace cmr::mgmt
