// The "ip" config node (docs/cs-delivery.md). Placeholder until its
// commands are written: installs nothing yet.
#include "sigtran/vty_node.h"
#include "sigtran/vty_nodes.h"

namespace cmr::sigtran {

void install_ip_vty_node(server_config& /*cfg*/) {}

}  // namespace cmr::sigtran
