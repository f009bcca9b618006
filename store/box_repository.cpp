#include "store/box_repository.h"

#include <array>
#include <string>

#include "store/transaction.h"

namespace cmr::store {
namespace {

using stmt = box_repository::stmt;

constexpr std::array<const char*, static_cast<std::size_t>(stmt::count_)> k_sql = {
    "INSERT INTO box (id, owner_id, name, play_mode) VALUES (?1, ?2, ?3, ?4)",
    "SELECT id, owner_id, name, play_mode FROM box WHERE id = ?1",
    "UPDATE box SET name = ?2, play_mode = ?3 WHERE id = ?1",
    "DELETE FROM box WHERE id = ?1",
    "SELECT id, owner_id, name, play_mode FROM box WHERE owner_id = ?1 ORDER BY id",
    "SELECT resource_id FROM box_item WHERE box_id = ?1 ORDER BY position",
    "DELETE FROM box_item WHERE box_id = ?1",
    "INSERT INTO box_item (box_id, position, resource_id) VALUES (?1, ?2, ?3)",
    "SELECT 1 FROM resource WHERE id = ?1",
    "SELECT owner_id FROM box WHERE id = ?1 "
    "UNION SELECT subscriber_id FROM library WHERE box_id = ?1 "
    "UNION SELECT s.subscriber_id FROM preference_rule_item i "
    "JOIN preference_rule r ON r.id = i.rule_id "
    "JOIN preference_setting s ON s.id = r.setting_id WHERE i.box_id = ?1 "
    "UNION SELECT subscriber_id FROM default_resource WHERE box_id = ?1",
};

resource_box read_box(const bound_statement& q) {
  resource_box b;
  b.id = q.col_text(0);
  b.owner_id = q.col_text(1);
  b.name = q.col_text(2);
  b.mode = static_cast<play_mode>(q.col_int(3));
  return b;
}

error unknown_box(std::string_view id) {
  return error{error::code::not_found, "no box " + std::string(id)};
}

}  // namespace

box_repository::box_repository(db& conn) : db_(conn), st_(conn, k_sql) {}

store_result<void> box_repository::write_items(const resource_box& b) {
  {
    auto q = st_.use(stmt::clear_items);
    q.text(1, b.id);
    CMR_STORE_TRY(q.run());
  }
  std::int64_t pos = 0;
  for (const auto& rid : b.resource_ids) {
    auto q = st_.use(stmt::insert_item);
    q.text(1, b.id).integer(2, pos++).text(3, rid);
    if (auto r = q.run(); !r) {
      auto e = r.error();
      if (e.what == error::code::not_found) e.message = "no resource " + rid;
      return cmr::unexpected<error>{e};
    }
  }
  return ok;
}

store_result<void> box_repository::load_items(resource_box& b) {
  auto q = st_.use(stmt::items);
  q.text(1, b.id);
  return q.each([&](const bound_statement& row) { b.resource_ids.push_back(row.col_text(0)); });
}

store_result<void> box_repository::touch_users(std::string_view id) {
  auto q = st_.use(stmt::users);
  q.text(1, id);
  return q.each([&](const bound_statement& row) { db_.touch_subscriber(row.col_text(0)); });
}

store_result<void> box_repository::create(const resource_box& b) {
  return in_transaction(db_, [&]() -> store_result<void> {
    {
      auto q = st_.use(stmt::resource_exists);
      q.text(1, b.id);
      auto row = q.step();
      if (!row) return cmr::unexpected<error>{row.error()};
      if (*row) return fail(error::code::already_exists, "id " + b.id + " is used by a resource");
    }
    auto q = st_.use(stmt::insert);
    q.text(1, b.id).text(2, b.owner_id).text(3, b.name).integer(4, static_cast<std::int64_t>(b.mode));
    if (auto r = q.run(); !r) {
      auto e = r.error();
      if (e.what == error::code::already_exists) e.message = "box " + b.id + " exists";
      if (e.what == error::code::not_found) e.message = "no subscriber " + b.owner_id;
      return cmr::unexpected<error>{e};
    }
    CMR_STORE_TRY(write_items(b));
    db_.touch_subscriber(b.owner_id);
    return ok;
  });
}

store_result<resource_box> box_repository::get(std::string_view id) {
  auto lk = db_.lock();
  resource_box b;
  {
    auto q = st_.use(stmt::select);
    q.text(1, id);
    auto row = q.step();
    if (!row) return cmr::unexpected<error>{row.error()};
    if (!*row) return cmr::unexpected<error>{unknown_box(id)};
    b = read_box(q);
  }
  CMR_STORE_TRY(load_items(b));
  return b;
}

store_result<void> box_repository::update(const resource_box& b) {
  return in_transaction(db_, [&]() -> store_result<void> {
    {
      auto q = st_.use(stmt::update);
      q.text(1, b.id).text(2, b.name).integer(3, static_cast<std::int64_t>(b.mode));
      CMR_STORE_TRY(q.run());
      if (db_.changes() == 0) return cmr::unexpected<error>{unknown_box(b.id)};
    }
    CMR_STORE_TRY(write_items(b));
    return touch_users(b.id);
  });
}

store_result<void> box_repository::remove(std::string_view id) {
  return in_transaction(db_, [&]() -> store_result<void> {
    CMR_STORE_TRY(touch_users(id));  // before the cascade removes the references
    auto q = st_.use(stmt::remove);
    q.text(1, id);
    CMR_STORE_TRY(q.run());
    if (db_.changes() == 0) return cmr::unexpected<error>{unknown_box(id)};
    return ok;
  });
}

store_result<std::vector<resource_box>> box_repository::list_by_owner(std::string_view owner_id) {
  auto lk = db_.lock();
  std::vector<resource_box> out;
  {
    auto q = st_.use(stmt::list_by_owner);
    q.text(1, owner_id);
    CMR_STORE_TRY(q.each([&](const bound_statement& row) { out.push_back(read_box(row)); }));
  }
  for (auto& b : out) CMR_STORE_TRY(load_items(b));
  return out;
}

}  // namespace cmr::store
