// The "ip" config node as plain C++ (filled by sigtran/ip_vty_node.cpp, read
// by apps/cmr-server and in/ip). See docs/cs-delivery.md.
#pragma once

namespace cmr {

struct ip_settings {};

}  // namespace cmr
