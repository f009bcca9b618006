#include "apps/cmr-server/open_store.h"

#include "common/log.h"
#include "store/demo_catalogue.h"

namespace cmr::app {

result<std::unique_ptr<store::store>, std::string> open_store(const store::store_settings& config) {
  const std::string& path = config.open.path;
  auto opened = store::store::open(config.open);
  if (!opened) return unexpected{"cannot open store " + path + ": " + opened.error().message};
  std::unique_ptr<store::store> s = std::move(*opened);
  CMR_LOG(main, notice, "store %s open (synchronous=%s, snapshot cache %llu)", path.c_str(),
          config.open.synchronous_full ? "full" : "normal",
          static_cast<unsigned long long>(config.open.snapshot_cache_capacity));
  if (config.demo_catalogue) {
    if (auto seeded = store::seed_demo_catalogue(*s); !seeded)
      return unexpected{"cannot seed the demo catalogue into " + path + ": " +
                        seeded.error().message};
    CMR_LOG(main, notice, "demo catalogue present in %s", path.c_str());
  }
  return s;
}

}  // namespace cmr::app
