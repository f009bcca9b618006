// Conversions between model values and SQL columns shared by the repositories.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "store/model.h"
#include "store/statement.h"

namespace cmr::store::sql {

inline std::int64_t from_time(timestamp t) { return t.time_since_epoch().count(); }
inline timestamp to_time(std::int64_t v) { return timestamp(std::chrono::seconds(v)); }

inline void bind_opt_time(bound_statement& s, int i, const std::optional<timestamp>& t) {
  if (t)
    s.integer(i, from_time(*t));
  else
    s.null(i);
}
inline std::optional<timestamp> col_opt_time(const bound_statement& s, int col) {
  if (s.is_null(col)) return std::nullopt;
  return to_time(s.col_int(col));
}

// An item_ref lives in two nullable columns (resource_id, box_id), exactly one set.
inline void bind_item(bound_statement& s, int resource_param, const item_ref& item) {
  if (item.what == item_ref::kind::resource) {
    s.text(resource_param, item.id).null(resource_param + 1);
  } else {
    s.null(resource_param).text(resource_param + 1, item.id);
  }
}
inline item_ref col_item(const bound_statement& s, int resource_col) {
  if (!s.is_null(resource_col)) return {item_ref::kind::resource, s.col_text(resource_col)};
  return {item_ref::kind::box, s.col_text(resource_col + 1)};
}

}  // namespace cmr::store::sql
