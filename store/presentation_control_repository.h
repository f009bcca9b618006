// CMR-6 PresentationControl: a subscriber's own keys during the ringback
// (copy, skip, stop) and event rules (forwarded call, network
// announcement), spec 5.7. A subscriber without a row has the system's
// (the "presentation-control" config node). One row per subscriber,
// deleted with it.
#pragma once

#include <optional>
#include <string_view>

#include "common/ringback_control.h"
#include "store/db.h"
#include "store/statement.h"

namespace cmr::store {

// The five columns (k_columns order) from `first` on, from_subscriber set.
ringback::controls controls_from_columns(const bound_statement& q, int first);

class presentation_control_repository {
public:
  explicit presentation_control_repository(db& conn);

  // The subscriber's settings (from_subscriber set), nullopt when it has
  // none; not_found for an unknown subscriber.
  store_result<std::optional<ringback::controls>> get(std::string_view subscriber_id);
  // Inserts or replaces. not_found for an unknown subscriber, constraint for
  // keys ringback::valid_keys refuses.
  store_result<void> set(std::string_view subscriber_id, const ringback::controls& c);
  // Back to the system's settings (nothing to remove is fine); not_found
  // for an unknown subscriber.
  store_result<void> remove(std::string_view subscriber_id);

  enum class stmt : std::size_t { subscriber_exists, upsert, select, remove, count_ };
  // Column order of the repository's and the snapshot loader's queries.
  static constexpr const char* k_columns = "copy_keys, skip_keys, stop_keys, forwarded_call, network_announcement";

private:
  store_result<void> require_subscriber(std::string_view subscriber_id);

  db& db_;
  statement_set st_;
};

}  // namespace cmr::store
