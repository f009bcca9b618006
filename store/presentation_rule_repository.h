// Presentation rules (Tables 16-23): per subscriber and service, the ordered
// preference settings with their rules and items, and the two default lists.
// Written and read as a whole, like the PresentationRule operation does.
#pragma once

#include <string_view>

#include "store/db.h"
#include "store/model.h"
#include "store/statement.h"

namespace cmr::store {

class presentation_rule_repository {
public:
  explicit presentation_rule_repository(db& conn);

  // Replaces the whole rule set of (rule.subscriber_id, rule.svc) in one
  // transaction. not_found for an unknown subscriber, resource or box;
  // constraint for a negative priority.
  store_result<void> replace(const presentation_rule& rule);
  // The rows of `rule` appended for a subscriber+service that has none:
  // replace() after clearing, and bulk_loader. The caller holds the
  // connection's lock inside a transaction.
  store_result<void> insert_rows(const presentation_rule& rule);
  // The stored rule set in the order it was written (empty when none);
  // not_found for an unknown subscriber.
  store_result<presentation_rule> get(std::string_view subscriber_id, service svc);
  store_result<void> remove(std::string_view subscriber_id, service svc);

  enum class stmt : std::size_t {
    subscriber_exists,
    delete_settings,
    delete_defaults,
    insert_setting,
    insert_rule,
    insert_item,
    insert_default,
    select_settings,
    select_defaults,
    count_
  };

private:
  store_result<void> clear(std::string_view subscriber_id, service svc);
  store_result<void> require_subscriber(std::string_view subscriber_id);

  db& db_;
  statement_set st_;
};

}  // namespace cmr::store
