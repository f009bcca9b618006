#include "sigtran/osmo_runtime.h"

#include "sigtran/ipa_client_lm.h"
#include "sigtran/osmo_headers.h"
#include "sigtran/osmo_log.h"
#include "sigtran/log.h"

namespace cmr::sigtran {
namespace {

// The running configuration the VTY edits; process lifetime like libosmovty.
server_config g_running;
void* g_root_ctx = nullptr;

}  // namespace

result<osmo_runtime_info, std::string> start_osmo_runtime(const osmo_runtime_options& options) {
  if (g_root_ctx != nullptr) return unexpected{std::string("osmo runtime already started")};
  g_root_ctx = talloc_named_const(nullptr, 0, options.app.name.c_str());
  msgb_talloc_ctx_init(g_root_ctx, 0);
  init_osmo_logging(g_root_ctx);
  vty::init(g_root_ctx, options.app, g_running);

  if (auto read = vty::read_config_file(options.config_file); !read)
    return unexpected{read.error()};
  CMR_LOG(main, info, "configuration read from %s", options.config_file.c_str());
  // Before the next select round connects the ASPs the config started.
  manage_ipa_clients();

  auto telnet = vty::start_telnet(g_root_ctx, options.default_vty_port);
  if (!telnet) return unexpected{telnet.error()};
  CMR_LOG(main, notice, "VTY telnet listening on %s:%u", telnet->host.c_str(),
          static_cast<unsigned>(telnet->port));
  return osmo_runtime_info{g_running, *telnet};
}

}  // namespace cmr::sigtran
