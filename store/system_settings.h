// Key/value system settings (CMR-6 SystemSetting) with typed accessors for
// the ones the server itself reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/db.h"
#include "store/model.h"
#include "store/statement.h"

namespace cmr::store {

// Limits enforced by the management layer; absent settings take these values.
struct system_limits {
  std::optional<money_e4> credit_limit;  // default per-subscriber credit limit; none: unlimited
  std::int64_t session_ttl_seconds = 1800;
  std::int64_t max_library_entries = 1000;
  std::int64_t max_groups = 100;
  std::int64_t max_members_per_group = 1000;
};

class system_settings {
public:
  static constexpr const char* k_default_resource_cmrbt = "default_resource.cmrbt";
  static constexpr const char* k_default_resource_cmrt = "default_resource.cmrt";
  static constexpr const char* k_credit_limit = "limit.credit";  // read by add_charge too
  static constexpr const char* k_session_ttl = "limit.session_ttl";
  static constexpr const char* k_max_library = "limit.library_entries";
  static constexpr const char* k_max_groups = "limit.groups";
  static constexpr const char* k_max_members = "limit.members_per_group";

  explicit system_settings(db& conn);

  store_result<void> set(std::string_view key, std::string_view value);
  store_result<std::optional<std::string>> get(std::string_view key);
  store_result<void> remove(std::string_view key);  // not_found when absent
  store_result<std::vector<std::pair<std::string, std::string>>> list();  // by key

  // The resource presented when nothing of the owner's is usable; empty: none.
  store_result<std::string> system_default_resource(service svc);
  // not_found for an unknown resource; "" clears it.
  store_result<void> set_system_default_resource(service svc, std::string_view resource_id);

  // A setting read as an integer; `fallback` when absent, constraint when
  // present but not a number.
  store_result<std::int64_t> get_int(std::string_view key, std::int64_t fallback);
  store_result<system_limits> limits();

  enum class stmt : std::size_t { upsert, select, remove, list, resource_exists, count_ };

private:
  db& db_;
  statement_set st_;
};

}  // namespace cmr::store
