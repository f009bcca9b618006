// Prepared statements, osmo-hlr style: each repository declares an enum of its
// statements and an array of their SQL texts; a statement_set prepares them
// once, and bound_statement hands one out for a single use, resetting and
// clearing its bindings when the use ends.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/error.h"

namespace cmr::store {

class db;

class bound_statement {
public:
  bound_statement(db& conn, sqlite3_stmt* s) : db_(conn), s_(s) {}
  ~bound_statement();
  bound_statement(const bound_statement&) = delete;
  bound_statement& operator=(const bound_statement&) = delete;

  // Parameters are 1-based, as in SQL (?1, ?2, ...). Text is bound without a
  // copy: the caller's string must live until the last step().
  bound_statement& text(int i, std::string_view v);
  bound_statement& text_or_null(int i, std::string_view v);  // "" -> NULL
  bound_statement& integer(int i, std::int64_t v);
  bound_statement& null(int i);
  template <class T>
  bound_statement& opt_integer(int i, const std::optional<T>& v) {
    return v ? integer(i, static_cast<std::int64_t>(*v)) : null(i);
  }

  // true: a row is available; false: done.
  store_result<bool> step();
  // Runs to completion; for statements that return no rows.
  store_result<void> run();
  // Calls f(*this) for every row.
  template <class F>
  store_result<void> each(F&& f) {
    for (;;) {
      auto r = step();
      if (!r) return cmr::unexpected<error>{r.error()};
      if (!*r) return ok;
      f(*this);
    }
  }

  [[nodiscard]] bool is_null(int col) const;
  [[nodiscard]] std::int64_t col_int(int col) const;
  [[nodiscard]] std::string col_text(int col) const;
  template <class T>
  [[nodiscard]] std::optional<T> col_opt(int col) const {
    if (is_null(col)) return std::nullopt;
    return static_cast<T>(col_int(col));
  }

private:
  void note(int rc);
  db& db_;
  sqlite3_stmt* s_;
  int bind_rc_ = SQLITE_OK;
};

class statement_set {
public:
  // Failures are recorded in conn.prepare_errors(); the SQL text is kept in
  // the error message so a typo names itself.
  statement_set(db& conn, std::span<const char* const> sql);
  ~statement_set();
  statement_set(const statement_set&) = delete;
  statement_set& operator=(const statement_set&) = delete;

  template <class E>
  bound_statement use(E which) {
    return bound_statement(db_, stmts_[static_cast<std::size_t>(which)]);
  }

private:
  db& db_;
  std::vector<sqlite3_stmt*> stmts_;
};

}  // namespace cmr::store
