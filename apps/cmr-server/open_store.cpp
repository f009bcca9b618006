#include "apps/cmr-server/open_store.h"

#include "store/demo_catalogue.h"
#include "common/log.h"

namespace cmr::app {

result<std::unique_ptr<store::store>, std::string> open_store(const server_config& config) {
  store::open_options options;
  options.path = config.database_path;
  options.synchronous_full = config.database_synchronous_full;
  options.snapshot_cache_capacity = static_cast<std::size_t>(config.snapshot_cache_size);
  auto opened = store::store::open(options);
  if (!opened)
    return unexpected{"cannot open store " + config.database_path + ": " + opened.error().message};
  std::unique_ptr<store::store> s = std::move(*opened);
  CMR_LOG(main, notice, "store %s open (synchronous=%s, snapshot cache %llu)",
          config.database_path.c_str(), config.database_synchronous_full ? "full" : "normal",
          static_cast<unsigned long long>(config.snapshot_cache_size));
  if (config.demo_catalogue) {
    if (auto seeded = store::seed_demo_catalogue(*s); !seeded)
      return unexpected{"cannot seed the demo catalogue into " + config.database_path + ": " +
                        seeded.error().message};
    CMR_LOG(main, notice, "demo catalogue present in %s", config.database_path.c_str());
  }
  return s;
}

}  // namespace cmr::app
