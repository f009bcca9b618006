#include "store/time_zone_cache.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>

#include "store/log.h"

namespace cmr::store {

time_zone_cache::time_zone_cache(std::string zoneinfo_dir) : dir_(std::move(zoneinfo_dir)) {}

time_zone_cache& time_zone_cache::global() {
  static time_zone_cache cache([] {
    const char* env = std::getenv("TZDIR");  // NOLINT(concurrency-mt-unsafe): read once
    return std::string(env != nullptr && *env != '\0' ? env : "/usr/share/zoneinfo");
  }());
  return cache;
}

bool time_zone_cache::valid_iana_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '/' || name.back() == '/') return false;
  std::size_t comp_start = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '/') {
      const std::string_view comp = name.substr(comp_start, i - comp_start);
      if (comp.empty() || comp == "." || comp == "..") return false;
      comp_start = i + 1;
      continue;
    }
    const char c = name[i];
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '+' || c == '.';
    if (!ok) return false;
  }
  return true;
}

result<time_zone, std::string> time_zone_cache::load(std::string_view name) const {
  if (name.substr(0, 3) == "UTC" && (name.size() == 3 || name[3] == '+' || name[3] == '-'))
    return time_zone::parse_fixed(name);
  if (!valid_iana_name(name)) return unexpected{"bad time zone name \"" + std::string(name) + "\""};
  const std::string path = dir_ + "/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) return unexpected{"unknown time zone \"" + std::string(name) + "\""};
  // Real TZif files are a few kB; the limit only guards against odd paths.
  constexpr std::size_t max_size = 1 << 20;
  std::string data;
  char buf[4096];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    data.append(buf, static_cast<std::size_t>(in.gcount()));
    if (data.size() > max_size) break;
  }
  if (data.size() > max_size) return unexpected{"time zone \"" + std::string(name) + "\": too large"};
  return time_zone::from_tzif(std::string(name), data);
}

result<const time_zone*, std::string> time_zone_cache::find(std::string_view name) {
  {
    std::shared_lock lock(mutex_);
    const auto it = zones_.find(name);
    if (it != zones_.end()) {
      if (it->second.zone) return it->second.zone.get();
      return unexpected{it->second.error};
    }
  }
  // Load outside the lock: two threads may both read the file once, the
  // first insert wins.
  auto loaded = load(name);
  std::unique_lock lock(mutex_);
  auto it = zones_.find(name);
  if (it == zones_.end()) {
    entry e;
    if (loaded) {
      e.zone = std::make_unique<const time_zone>(std::move(loaded).value());
    } else {
      e.error = loaded.error();
      CMR_LOG(store, notice, "%s", e.error.c_str());
      if (unknown_ >= max_unknown) return unexpected{e.error};
      ++unknown_;
    }
    it = zones_.emplace(std::string(name), std::move(e)).first;
  }
  if (it->second.zone) return it->second.zone.get();
  return unexpected{it->second.error};
}

}  // namespace cmr::store
