// "show cmr decision OWNER (cmrbt|cmrt) [OTHER_PARTY]" in the view and enable
// nodes: runs one ringing decision at the current time and prints its
// explanation (sigtran/decision_query.h).
#include <mutex>
#include <sstream>
#include <string>

#include "sigtran/decision_query.h"
#include "sigtran/osmo_headers.h"
#include "sigtran/vty_nodes.h"

namespace cmr::sigtran {
namespace {

std::mutex g_mutex;
decision_query g_query;

int show_decision(cmd_element*, struct vty* vty, int argc, const char* argv[]) {
  decision_query query;
  {
    const std::lock_guard lock(g_mutex);
    query = g_query;
  }
  if (!query) {
    vty_out(vty, "%% no decision engine running%s", VTY_NEWLINE);
    return CMD_WARNING;
  }
  const std::string text = query(argv[0], argv[1], argc > 2 ? argv[2] : "");
  // The explanation uses '\n'; the VTY wants its own newline.
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    vty_out(vty, "%s%s", line.c_str(), VTY_NEWLINE);
  return CMD_SUCCESS;
}

cmd_element g_show{};

}  // namespace

void set_decision_query(decision_query query) {
  const std::lock_guard lock(g_mutex);
  g_query = std::move(query);
}

void install_decision_vty() {
  g_show.string = "show cmr decision OWNER (cmrbt|cmrt) [OTHER_PARTY]";
  g_show.doc = SHOW_STR
      "CMR server\n"
      "Ringing decision for a call now, with its explanation\n"
      "Owner: the CMR subscriber whose settings apply (E.164 digits)\n"
      "Customized ringback (caller side)\n"
      "Customized ringtone (callee side)\n"
      "The other party (E.164 digits)\n";
  g_show.func = &show_decision;
  install_element_ve(&g_show);
}

}  // namespace cmr::sigtran
