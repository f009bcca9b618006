// Tariff rules managed by the service provider (CMR-6 TariffRule).
#pragma once

#include <string_view>
#include <vector>

#include "store/db.h"
#include "store/model.h"
#include "store/statement.h"

namespace cmr::store {

class tariff_repository {
public:
  explicit tariff_repository(db& conn);

  // constraint when both a price and a discount are given.
  store_result<void> create(const tariff_rule& t);
  store_result<tariff_rule> get(std::string_view id);
  store_result<void> update(const tariff_rule& t);
  store_result<void> remove(std::string_view id);
  store_result<std::vector<tariff_rule>> list();  // by id

  enum class stmt : std::size_t { insert, select, update, remove, list, count_ };

private:
  db& db_;
  statement_set st_;
};

}  // namespace cmr::store
