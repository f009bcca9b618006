// What the server keeps for the ip part while it runs (server_ip.cpp): the
// store reader the peripheral reads renditions through, and the node with
// its thread. Members go in reverse order: the node (and its thread) first.
#pragma once

#include <memory>

#include "in/ip/announcement_source.h"
#include "in/ip/ip_node.h"
#include "store/store.h"

namespace cmr::app {

struct ip_runtime {
  std::unique_ptr<store::store> reader;
  std::unique_ptr<in::ip::store_announcement_source> announcements;
  std::unique_ptr<in::ip::ip_node> node;
  ~ip_runtime() {
    if (node) node->stop();
  }
};

}  // namespace cmr::app
