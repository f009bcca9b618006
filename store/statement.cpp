#include "store/statement.h"

#include "store/db.h"

namespace cmr::store {

bound_statement::~bound_statement() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

void bound_statement::note(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

bound_statement& bound_statement::text(int i, std::string_view v) {
  // A null data pointer would bind SQL NULL; an empty string is not NULL.
  // nullptr as destructor is SQLITE_STATIC (the macro is an old-style cast).
  note(sqlite3_bind_text(s_, i, v.data() ? v.data() : "", static_cast<int>(v.size()), nullptr));
  return *this;
}

bound_statement& bound_statement::text_or_null(int i, std::string_view v) {
  return v.empty() ? null(i) : text(i, v);
}

bound_statement& bound_statement::integer(int i, std::int64_t v) {
  note(sqlite3_bind_int64(s_, i, v));
  return *this;
}

bound_statement& bound_statement::null(int i) {
  note(sqlite3_bind_null(s_, i));
  return *this;
}

store_result<bool> bound_statement::step() {
  if (s_ == nullptr) return fail(error::code::internal, "statement was not prepared");
  if (bind_rc_ != SQLITE_OK) return cmr::unexpected<error>{db_.make_error(bind_rc_, "bind")};
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return cmr::unexpected<error>{db_.make_error(sqlite3_extended_errcode(db_.handle()), "step")};
}

store_result<void> bound_statement::run() {
  for (;;) {
    auto r = step();
    if (!r) return cmr::unexpected<error>{r.error()};
    if (!*r) return ok;
  }
}

bool bound_statement::is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

std::int64_t bound_statement::col_int(int col) const { return sqlite3_column_int64(s_, col); }

std::string bound_statement::col_text(int col) const {
  const auto* p = sqlite3_column_text(s_, col);
  if (p == nullptr) return {};
  return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s_, col))};
}

statement_set::statement_set(db& conn, std::span<const char* const> sql) : db_(conn) {
  stmts_.reserve(sql.size());
  for (const char* text : sql) {
    sqlite3_stmt* s = nullptr;
    const int rc =
        sqlite3_prepare_v3(conn.handle(), text, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
    if (rc != SQLITE_OK)
      conn.note_prepare_error(conn.make_error(rc, std::string("prepare '") + text + "'"));
    stmts_.push_back(s);
  }
}

statement_set::~statement_set() {
  for (auto* s : stmts_) sqlite3_finalize(s);
}

}  // namespace cmr::store
