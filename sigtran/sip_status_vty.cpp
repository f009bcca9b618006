// "show cmr sip" in the view and enable nodes (sigtran/sip_status.h).
#include <mutex>
#include <string>

#include "sigtran/osmo_headers.h"
#include "sigtran/sip_status.h"
#include "sigtran/vty_node.h"

namespace cmr::sigtran {
namespace {

std::mutex g_mutex;
sip_status_query g_query;

int show_sip(cmd_element*, struct vty* vty, int, const char*[]) {
  return vty_print_status(vty, g_mutex, g_query,
                          "SIP application server not running (no sip / next-hop)");
}

cmd_element g_show{};

}  // namespace

void set_sip_status_query(sip_status_query query) {
  const std::lock_guard lock(g_mutex);
  g_query = std::move(query);
}

void install_sip_status_vty() {
  g_show.string = "show cmr sip";
  g_show.doc = SHOW_STR
      "CMR server\n"
      "SIP application server counters (calls, transactions, transports, RTP)\n";
  g_show.func = &show_sip;
  install_element_ve(&g_show);
}

}  // namespace cmr::sigtran
