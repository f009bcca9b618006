#include "store/content_repository.h"

#include <array>
#include <string>

#include "store/transaction.h"

namespace cmr::store {
namespace {

using stmt = content_repository::stmt;

constexpr std::array<const char*, static_cast<std::size_t>(stmt::count_)> k_sql = {
    "INSERT INTO resource_content (resource_id, kind, path, size, sha256, content_type) VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (resource_id, kind) DO UPDATE SET path = excluded.path, "
    "size = excluded.size, sha256 = excluded.sha256, content_type = excluded.content_type",
    "SELECT resource_id, kind, path, size, sha256, content_type FROM resource_content WHERE "
    "resource_id = ?1 AND kind = ?2",
    "SELECT resource_id, kind, path, size, sha256, content_type FROM resource_content WHERE "
    "resource_id = ?1 ORDER BY kind",
    "DELETE FROM resource_content WHERE resource_id = ?1 AND kind = ?2",
};

resource_content read_content(const bound_statement& q) {
  return resource_content{q.col_text(0), q.col_text(1), q.col_text(2),
                          q.col_int(3),  q.col_text(4), q.col_text(5)};
}

}  // namespace

content_repository::content_repository(db& conn) : db_(conn), st_(conn, k_sql) {}

store_result<void> content_repository::put(const resource_content& c) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::upsert);
    q.text(1, c.resource_id)
        .text(2, c.kind)
        .text(3, c.path)
        .integer(4, c.size)
        .text(5, c.sha256)
        .text(6, c.content_type);
    CMR_STORE_TRY(q.run());
    db_.touch_resource(c.resource_id);
    return ok;
  });
}

store_result<resource_content> content_repository::get(std::string_view resource_id,
                                                       std::string_view kind) {
  auto lk = db_.lock();
  auto q = st_.use(stmt::select);
  q.text(1, resource_id).text(2, kind);
  auto row = q.step();
  if (!row) return cmr::unexpected<error>{row.error()};
  if (!*row)
    return fail(error::code::not_found,
                "no " + std::string(kind) + " content for resource " + std::string(resource_id));
  return read_content(q);
}

store_result<std::vector<resource_content>> content_repository::list(
    std::string_view resource_id) {
  auto lk = db_.lock();
  auto q = st_.use(stmt::list);
  q.text(1, resource_id);
  std::vector<resource_content> out;
  CMR_STORE_TRY(q.each([&](const bound_statement& row) { out.push_back(read_content(row)); }));
  return out;
}

store_result<void> content_repository::remove(std::string_view resource_id,
                                              std::string_view kind) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::remove);
    q.text(1, resource_id).text(2, kind);
    CMR_STORE_TRY(q.run());
    if (db_.changes() == 0)
      return fail(error::code::not_found,
                  "no " + std::string(kind) + " content for resource " + std::string(resource_id));
    db_.touch_resource(resource_id);
    return ok;
  });
}

}  // namespace cmr::store
