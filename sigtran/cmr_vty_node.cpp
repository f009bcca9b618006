// The "cmr" config node: store and runtime settings of the daemon.
//
//   cmr
//    database cmr.db
//    database synchronous normal
//    snapshot-cache-size 200000
//    io-threads 2
//    demo-catalogue
//    system-default cmrbt RESOURCE_ID
#include <cinttypes>
#include <cstdlib>
#include <cstring>

#include "sigtran/vty_node.h"
#include "sigtran/vty_nodes.h"

namespace cmr::sigtran {
namespace {

server_config* g_cfg = nullptr;  // the running configuration; osmo thread only

std::string& default_slot(const char* service) {
  return std::strcmp(service, "cmrbt") == 0 ? g_cfg->system_default_cmrbt
                                            : g_cfg->system_default_cmrt;
}

int write_cmr(struct vty* vty) {
  const server_config& c = *g_cfg;
  vty_out(vty, "cmr%s", VTY_NEWLINE);
  vty_out(vty, " database %s%s", c.database_path.c_str(), VTY_NEWLINE);
  vty_out(vty, " database synchronous %s%s", c.database_synchronous_full ? "full" : "normal",
          VTY_NEWLINE);
  vty_out(vty, " snapshot-cache-size %" PRIu64 "%s", c.snapshot_cache_size, VTY_NEWLINE);
  vty_out(vty, " io-threads %u%s", c.io_threads, VTY_NEWLINE);
  vty_out(vty, " %sdemo-catalogue%s", c.demo_catalogue ? "" : "no ", VTY_NEWLINE);
  if (!c.system_default_cmrbt.empty())
    vty_out(vty, " system-default cmrbt %s%s", c.system_default_cmrbt.c_str(), VTY_NEWLINE);
  if (!c.system_default_cmrt.empty())
    vty_out(vty, " system-default cmrt %s%s", c.system_default_cmrt.c_str(), VTY_NEWLINE);
  vty_out(vty, "!%s", VTY_NEWLINE);
  return CMD_SUCCESS;
}

int cfg_database(cmd_element*, struct vty* vty, int, const char* argv[]) {
  // "database synchronous" without a mode would otherwise become a file name.
  if (std::strcmp(argv[0], "synchronous") == 0)
    return vty_reject(vty, "database synchronous needs 'normal' or 'full'");
  g_cfg->database_path = argv[0];
  return CMD_SUCCESS;
}

int cfg_database_synchronous(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->database_synchronous_full = std::strcmp(argv[0], "full") == 0;
  return CMD_SUCCESS;
}

int cfg_snapshot_cache_size(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->snapshot_cache_size = std::strtoull(argv[0], nullptr, 10);  // range checked by the parser
  return CMD_SUCCESS;
}

int cfg_io_threads(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->io_threads = static_cast<unsigned>(std::strtoul(argv[0], nullptr, 10));
  return CMD_SUCCESS;
}

int cfg_demo_catalogue(cmd_element*, struct vty*, int, const char*[]) {
  g_cfg->demo_catalogue = true;
  return CMD_SUCCESS;
}

int cfg_no_demo_catalogue(cmd_element*, struct vty*, int, const char*[]) {
  g_cfg->demo_catalogue = false;
  return CMD_SUCCESS;
}

int cfg_system_default(cmd_element*, struct vty* vty, int, const char* argv[]) {
  if (std::strlen(argv[1]) > 64) return vty_reject(vty, "resource id longer than 64 characters");
  default_slot(argv[0]) = argv[1];
  return CMD_SUCCESS;
}

int cfg_no_system_default(cmd_element*, struct vty*, int, const char* argv[]) {
  default_slot(argv[0]).clear();
  return CMD_SUCCESS;
}

#define SYNC_DOC "SQLite synchronous mode of the WAL store\n"
#define SVC_DOC "Ringback (caller side)\nRingtone (callee side)\n"

}  // namespace

void install_cmr_vty_node(server_config& cfg) {
  g_cfg = &cfg;
  vty_node node(cmr_node, "cmr", "Configure the CMR server: store and threads\n",
                "%s(config-cmr)# ", &write_cmr);
  node.add("database PATH", "Subscriber and resource store\nSQLite database file (created when missing)\n",
           &cfg_database)
      .add("database synchronous (normal|full)",
           "Subscriber and resource store\n" SYNC_DOC
           "synchronous=NORMAL: fast; an OS crash or power loss may lose the last commits\n"
           "synchronous=FULL: every acknowledged write survives an OS crash or power loss\n",
           &cfg_database_synchronous)
      .add("snapshot-cache-size <0-100000000>",
           "Subscriber snapshots cached in memory for the decision engine\n"
           "Number of subscribers (0: no cache)\n",
           &cfg_snapshot_cache_size)
      .add("io-threads <1-64>",
           "Threads running the Boost.Asio io_context (takes effect at start)\nNumber of threads\n",
           &cfg_io_threads)
      .add("demo-catalogue", "Seed the demo catalogue into an empty store at start\n",
           &cfg_demo_catalogue)
      .add("no demo-catalogue", NO_STR "Seed the demo catalogue into an empty store at start\n",
           &cfg_no_demo_catalogue)
      .add("system-default (cmrbt|cmrt) RESOURCE_ID",
           "System default resource, used when a subscriber's settings give none\n" SVC_DOC
           "ResourceId\n",
           &cfg_system_default)
      .add("no system-default (cmrbt|cmrt)",
           NO_STR "System default resource, used when a subscriber's settings give none\n" SVC_DOC,
           &cfg_no_system_default);
  node.install();
}

}  // namespace cmr::sigtran
