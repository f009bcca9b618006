// Fast inserts for provisioning and benchmarks: the same rows the
// repositories write, with prepared statements and no per-call savepoint or
// cache bookkeeping. Use inside a transaction (store::begin()) and commit in
// large batches; the caches are flushed when the batch commits.
#pragma once

#include <span>

#include "store/db.h"
#include "store/model.h"
#include "store/presentation_rule_repository.h"
#include "store/statement.h"

namespace cmr::store {

class bulk_loader {
public:
  // Presentation rules are written by the repository's own insert path.
  bulk_loader(db& conn, presentation_rule_repository& rules);

  // Each fails like the matching repository call; the caller's transaction
  // should then be rolled back (a failed call may have written part).
  store_result<void> add_subscriber(const subscriber& s);
  store_result<void> add_group(const group& g, std::span<const member> members);
  store_result<void> add_library_entry(const library_entry& e);
  // For a subscriber+service without rules yet.
  store_result<void> add_presentation_rule(const presentation_rule& rule);

  enum class stmt : std::size_t {
    subscriber,
    group,
    member,
    library,
    count_
  };

private:
  store_result<void> require_transaction() const;

  db& db_;
  presentation_rule_repository& rules_;
  statement_set st_;
};

}  // namespace cmr::store
