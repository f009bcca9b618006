// Loads each time zone once and shares it: the decision engine converts to
// the owner's local time on every call and must never re-read zone files.
// Zones are never evicted, so the returned pointers stay valid for the cache's
// lifetime. Unknown names are remembered too (up to a limit), so a subscriber
// with a bad zone does not cost a file open per call.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.h"
#include "store/time_zone.h"

namespace cmr::store {

class time_zone_cache {
public:
  explicit time_zone_cache(std::string zoneinfo_dir = "/usr/share/zoneinfo");

  // The zone named `name`: "UTC", "UTC+05:30", "UTC-03", or an IANA name
  // read from <zoneinfo_dir>/<name>. Thread-safe.
  result<const time_zone*, std::string> find(std::string_view name);

  // The process-wide cache over $TZDIR (or /usr/share/zoneinfo).
  static time_zone_cache& global();

  // Names that are syntactically acceptable as IANA zone names (no "..",
  // no absolute paths): checked before touching the file system.
  static bool valid_iana_name(std::string_view name);

private:
  struct entry {
    std::unique_ptr<const time_zone> zone;  // null: error below
    std::string error;
  };
  struct name_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  static constexpr std::size_t max_unknown = 4096;

  result<time_zone, std::string> load(std::string_view name) const;

  std::string dir_;
  std::shared_mutex mutex_;
  std::unordered_map<std::string, entry, name_hash, std::equal_to<>> zones_;
  std::size_t unknown_ = 0;
};

}  // namespace cmr::store
