#include "store/resource_repository.h"

#include <array>

#include "store/sql_util.h"
#include "store/transaction.h"

namespace cmr::store {
namespace {

using stmt = resource_repository::stmt;

#define CMR_RESOURCE_COLUMNS                                                              \
  "id, name, author, language, media_type, format, price, provider_id, content_provider, " \
  "originator, copyright_owner, expires_at, status, announcement_id, alerting_pattern"

constexpr std::array<const char*, static_cast<std::size_t>(stmt::count_)> k_sql = {
    "INSERT INTO resource (" CMR_RESOURCE_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    "SELECT " CMR_RESOURCE_COLUMNS " FROM resource WHERE id = ?1",
    "SELECT " CMR_RESOURCE_COLUMNS " FROM resource WHERE announcement_id = ?1",
    "UPDATE resource SET name = ?2, author = ?3, language = ?4, media_type = ?5, format = ?6, "
    "price = ?7, provider_id = ?8, content_provider = ?9, originator = ?10, "
    "copyright_owner = ?11, expires_at = ?12, status = ?13, "
    "announcement_id = CASE WHEN ?14 = 0 THEN announcement_id ELSE ?14 END, "
    "alerting_pattern = ?15 WHERE id = ?1",
    "DELETE FROM resource WHERE id = ?1",
    "SELECT " CMR_RESOURCE_COLUMNS
    " FROM resource WHERE (?1 IS NULL OR media_type = ?1) AND (?2 IS NULL OR status = ?2) AND "
    "(?3 IS NULL OR provider_id = ?3) ORDER BY id LIMIT ?4 OFFSET ?5",
    "SELECT count(*) FROM resource",
    "SELECT coalesce(max(announcement_id), 0) + 1 FROM resource",
    "SELECT 1 FROM box WHERE id = ?1",
};

void bind_fields(bound_statement& q, const resource& r) {
  q.text(1, r.id)
      .text(2, r.name)
      .text(3, r.author)
      .text(4, r.language)
      .integer(5, static_cast<std::int64_t>(r.type))
      .text(6, r.format)
      .opt_integer(7, r.price)
      .text(8, r.provider_id)
      .text(9, r.content_provider)
      .opt_integer(10, r.origin)
      .text(11, r.copyright_owner);
  sql::bind_opt_time(q, 12, r.expires_at);
  q.integer(13, static_cast<std::int64_t>(r.status))
      .integer(14, r.announcement_id)
      .opt_integer(15, r.alerting_pattern);
}

}  // namespace

const char* resource_columns() { return CMR_RESOURCE_COLUMNS; }

resource read_resource(const bound_statement& q) {
  resource r;
  r.id = q.col_text(0);
  r.name = q.col_text(1);
  r.author = q.col_text(2);
  r.language = q.col_text(3);
  r.type = static_cast<media_type>(q.col_int(4));
  r.format = q.col_text(5);
  r.price = q.col_opt<money_e4>(6);
  r.provider_id = q.col_text(7);
  r.content_provider = q.col_text(8);
  r.origin = q.col_opt<originator>(9);
  r.copyright_owner = q.col_text(10);
  r.expires_at = sql::col_opt_time(q, 11);
  r.status = static_cast<resource_status>(q.col_int(12));
  r.announcement_id = q.col_int(13);
  r.alerting_pattern = q.col_opt<std::uint8_t>(14);
  return r;
}

resource_repository::resource_repository(db& conn) : db_(conn), st_(conn, k_sql) {}

store_result<resource> resource_repository::create(const resource& r) {
  return in_transaction(db_, [&]() -> store_result<resource> {
    {
      // Boxes and resources share one id namespace: a rule item or library
      // entry must never be ambiguous.
      auto q = st_.use(stmt::box_exists);
      q.text(1, r.id);
      auto row = q.step();
      if (!row) return cmr::unexpected<error>{row.error()};
      if (*row) return fail(error::code::already_exists, "id " + r.id + " is used by a box");
    }
    resource stored = r;
    if (stored.announcement_id == 0) {
      auto q = st_.use(stmt::next_announcement);
      CMR_STORE_TRY(q.step());
      stored.announcement_id = q.col_int(0);
    }
    auto q = st_.use(stmt::insert);
    bind_fields(q, stored);
    if (auto res = q.run(); !res) {
      auto e = res.error();
      if (e.what == error::code::already_exists)
        e.message = "resource " + r.id + " or announcement id " +
                    std::to_string(stored.announcement_id) + " exists";
      return cmr::unexpected<error>{e};
    }
    db_.touch_resource(stored.id);
    return stored;
  });
}

store_result<resource> resource_repository::get(std::string_view id) {
  auto lk = db_.lock();
  auto q = st_.use(stmt::select);
  q.text(1, id);
  auto row = q.step();
  if (!row) return cmr::unexpected<error>{row.error()};
  if (!*row) return fail(error::code::not_found, "no resource " + std::string(id));
  return read_resource(q);
}

store_result<resource> resource_repository::find_by_announcement(std::int64_t announcement_id) {
  auto lk = db_.lock();
  auto q = st_.use(stmt::select_by_announcement);
  q.integer(1, announcement_id);
  auto row = q.step();
  if (!row) return cmr::unexpected<error>{row.error()};
  if (!*row)
    return fail(error::code::not_found,
                "no resource with announcement id " + std::to_string(announcement_id));
  return read_resource(q);
}

store_result<void> resource_repository::update(const resource& r) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::update);
    bind_fields(q, r);
    CMR_STORE_TRY(q.run());
    if (db_.changes() == 0) return fail(error::code::not_found, "no resource " + r.id);
    db_.touch_resource(r.id);
    return ok;
  });
}

store_result<void> resource_repository::remove(std::string_view id) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::remove);
    q.text(1, id);
    CMR_STORE_TRY(q.run());
    if (db_.changes() == 0) return fail(error::code::not_found, "no resource " + std::string(id));
    db_.touch_resource(id);
    // The cascade reaches libraries, boxes and rules of any number of
    // subscribers; deleting a resource is rare, so drop every snapshot.
    db_.touch_all_subscribers();
    return ok;
  });
}

store_result<std::vector<resource>> resource_repository::list(const resource_filter& f) {
  auto lk = db_.lock();
  auto q = st_.use(stmt::list);
  q.opt_integer(1, f.type).opt_integer(2, f.status).text_or_null(3, f.provider_id);
  q.integer(4, f.limit).integer(5, f.offset);
  std::vector<resource> out;
  CMR_STORE_TRY(q.each([&](const bound_statement& row) { out.push_back(read_resource(row)); }));
  return out;
}

store_result<std::int64_t> resource_repository::count() {
  auto lk = db_.lock();
  auto q = st_.use(stmt::count);
  CMR_STORE_TRY(q.step());
  return q.col_int(0);
}

}  // namespace cmr::store
