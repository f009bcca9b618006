// The "scp" config node as plain C++ (filled by sigtran/scp_vty_node.cpp,
// read by apps/cmr-server and in/scp). See docs/cs-delivery.md.
#pragma once

namespace cmr {

struct scp_settings {};

}  // namespace cmr
