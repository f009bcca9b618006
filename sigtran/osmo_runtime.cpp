#include "sigtran/osmo_runtime.h"

#include "sigtran/counter_mirror.h"
#include "sigtran/ipa_client_lm.h"
#include "sigtran/log.h"
#include "sigtran/osmo_headers.h"
#include "sigtran/osmo_log.h"

namespace cmr::sigtran {
namespace {

void* g_root_ctx = nullptr;  // process lifetime, like libosmo's own state

// talloc root, msgb context, logging, rate counters and stats reporters, the
// VTY with the program's nodes: what the daemon and its --vty-ref-xml share.
result<void, std::string> init_runtime(const osmo_runtime_options& options) {
  if (g_root_ctx != nullptr) return unexpected{std::string("osmo runtime already started")};
  g_root_ctx = talloc_named_const(nullptr, 0, options.app.name.c_str());
  msgb_talloc_ctx_init(g_root_ctx, 0);
  init_osmo_logging(g_root_ctx);
  // Rate counters and the stats reporters (statsd, log) as in every Osmocom
  // program; the VTY commands come with vty::init.
  rate_ctr_init(g_root_ctx);
  osmo_stats_init(g_root_ctx);
  return vty::init(g_root_ctx, options.app, options.nodes, options.shows);
}

}  // namespace

result<osmo_runtime_info, std::string> start_osmo_runtime(const osmo_runtime_options& options) {
  if (auto r = init_runtime(options); !r) return unexpected{r.error()};

  if (auto read = vty::read_config_file(options.config_file); !read)
    return unexpected{read.error()};
  CMR_LOG(main, info, "configuration read from %s", options.config_file.c_str());
  // Before the next select round connects the ASPs the config started.
  manage_ipa_clients();

  auto telnet = vty::start_telnet(g_root_ctx, options.default_vty_port);
  if (!telnet) return unexpected{telnet.error()};
  CMR_LOG(main, notice, "VTY telnet listening on %s:%u", telnet->host.c_str(),
          static_cast<unsigned>(telnet->port));
  // The layers' counters (common/counters.h) as rate counters and stat items.
  start_counter_mirror(g_root_ctx);
  return osmo_runtime_info{*telnet};
}

result<void, std::string> dump_vty_reference(const osmo_runtime_options& options, std::FILE* out) {
  if (auto r = init_runtime(options); !r) return unexpected{r.error()};
  if (vty_dump_xml_ref_mode(out, VTY_REF_GEN_MODE_DEFAULT) != 0)
    return unexpected{std::string("cannot write the VTY reference")};
  return ok;
}

result<ss7_stack_options, std::string> start_sigtran_client(bridge& br,
                                                            osmo_runtime_options options) {
  // Process lifetime, like the VTY that edits (osmo thread) and reads them.
  static sigtran_config running;
  static status_slot status;
  options.nodes = {sigtran_config_node(running)};
  options.shows = {sigtran_show_command(status)};
  return br.call_on_osmo([&options]() -> result<ss7_stack_options, std::string> {
    if (auto r = start_osmo_runtime(options); !r) return unexpected{r.error()};
    auto o = ss7_stack_options::from(running);
    o.status = &status;
    return o;
  });
}

}  // namespace cmr::sigtran
