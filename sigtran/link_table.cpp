#include "sigtran/link_table.h"

#include <algorithm>
#include <bit>

namespace cmr::sigtran {

void link_table::update(link_snapshot s) {
  const std::lock_guard lock(mu_);
  s_ = std::move(s);
}

link_snapshot link_table::snapshot() const {
  const std::lock_guard lock(mu_);
  return s_;
}

std::vector<link_row> link_table::links() const {
  const std::lock_guard lock(mu_);
  return s_.links;
}

bool link_table::reachable(std::uint32_t dpc) const {
  const std::lock_guard lock(mu_);
  return reachable_in(s_, dpc);
}

bool reachable_in(const link_snapshot& s, std::uint32_t dpc) {
  if (std::find(s.local_pcs.begin(), s.local_pcs.end(), dpc) != s.local_pcs.end()) return true;
  // libosmo-sigtran takes the route with the longest mask that matches.
  const route_row* best = nullptr;
  for (const auto& r : s.routes) {
    if ((dpc & r.mask) != (r.pc & r.mask)) continue;
    if (best == nullptr || std::popcount(r.mask) > std::popcount(best->mask)) best = &r;
  }
  return best != nullptr && best->active;
}

}  // namespace cmr::sigtran
