#include "apps/cmr-server/open_store.h"

#include "store/log.h"

namespace cmr::app {

// store/store.h (cmr::store::store::open with open_options{path,
// synchronous_full, snapshot_cache_capacity}, cmr::store::seed_demo_catalogue)
// is being written in parallel; until it lands this only reports what it
// would open, so the daemon starts without a store.
result<void, std::string> open_store(const server_config& config) {
  CMR_LOG(main, notice, "store %s (synchronous=%s, snapshot cache %llu%s): not wired yet",
          config.database_path.c_str(), config.database_synchronous_full ? "full" : "normal",
          static_cast<unsigned long long>(config.snapshot_cache_size),
          config.demo_catalogue ? ", demo catalogue" : "");
  return ok;
}

}  // namespace cmr::app
