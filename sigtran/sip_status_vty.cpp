// "show cmr sip" in the view and enable nodes (sigtran/sip_status.h).
#include <mutex>
#include <sstream>
#include <string>

#include "sigtran/osmo_headers.h"
#include "sigtran/sip_status.h"

namespace cmr::sigtran {
namespace {

std::mutex g_mutex;
sip_status_query g_query;

int show_sip(cmd_element*, struct vty* vty, int, const char*[]) {
  sip_status_query query;
  {
    const std::lock_guard lock(g_mutex);
    query = g_query;
  }
  if (!query) {
    vty_out(vty, "%% SIP application server not running (no sip / next-hop)%s", VTY_NEWLINE);
    return CMD_WARNING;
  }
  std::istringstream lines(query());
  for (std::string line; std::getline(lines, line);)
    vty_out(vty, "%s%s", line.c_str(), VTY_NEWLINE);
  return CMD_SUCCESS;
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
