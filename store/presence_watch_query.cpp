#include "store/presence_watch_query.h"

#include <array>

namespace cmr::store {
namespace {

constexpr std::array<const char*, static_cast<std::size_t>(presence_watch_query::stmt::count_)>
    k_sql = {
        // Types 3 and 4: presentation_type::presence and ::location.
        "SELECT DISTINCT subscriber_id FROM preference_setting WHERE type IN (3, 4) "
        "ORDER BY subscriber_id",
};

}  // namespace

presence_watch_query::presence_watch_query(db& conn) : db_(conn), st_(conn, k_sql) {}

store_result<std::vector<std::string>> presence_watch_query::subscribers() {
  auto lk = db_.lock();
  std::vector<std::string> ids;
  auto q = st_.use(stmt::select_users);
  CMR_STORE_TRY(q.each([&](bound_statement& row) { ids.push_back(row.col_text(0)); }));
  return ids;
}

}  // namespace cmr::store
