#include "store/group_repository.h"

#include <array>
#include <string>

#include "store/transaction.h"

namespace cmr::store {
namespace {

using stmt = group_repository::stmt;

constexpr std::array<const char*, static_cast<std::size_t>(stmt::count_)> k_sql = {
    "INSERT INTO cmr_group (subscriber_id, group_id, name) VALUES (?1, ?2, ?3)",
    "SELECT coalesce(max(CAST(group_id AS INTEGER)), 0) + 1 FROM cmr_group WHERE "
    "subscriber_id = ?1",
    "SELECT subscriber_id, group_id, name FROM cmr_group WHERE subscriber_id = ?1 AND "
    "group_id = ?2",
    "UPDATE cmr_group SET name = ?3 WHERE subscriber_id = ?1 AND group_id = ?2",
    "DELETE FROM cmr_group WHERE subscriber_id = ?1 AND group_id = ?2",
    "SELECT subscriber_id, group_id, name FROM cmr_group WHERE subscriber_id = ?1 ORDER BY "
    "group_id",
    "INSERT INTO member (subscriber_id, group_id, member_id, nickname) VALUES (?1, ?2, ?3, ?4)",
    "UPDATE member SET nickname = ?4 WHERE subscriber_id = ?1 AND group_id = ?2 AND "
    "member_id = ?3",
    "DELETE FROM member WHERE subscriber_id = ?1 AND group_id = ?2 AND member_id = ?3",
    "SELECT member_id, nickname FROM member WHERE subscriber_id = ?1 AND group_id = ?2 ORDER BY "
    "member_id",
    "SELECT 1 FROM member WHERE subscriber_id = ?1 AND group_id = ?2 AND member_id = ?3",
};

std::string group_name(std::string_view sub, std::string_view gid) {
  return "group " + std::string(gid) + " of " + std::string(sub);
}

}  // namespace

group_repository::group_repository(db& conn) : db_(conn), st_(conn, k_sql) {}

store_result<group> group_repository::create_group(const group& g) {
  return in_transaction(db_, [&]() -> store_result<group> {
    group stored = g;
    if (stored.group_id.empty()) {
      auto q = st_.use(stmt::next_group_id);
      q.text(1, g.subscriber_id);
      CMR_STORE_TRY(q.step());
      stored.group_id = std::to_string(q.col_int(0));
    }
    auto q = st_.use(stmt::insert_group);
    q.text(1, stored.subscriber_id).text(2, stored.group_id).text(3, stored.name);
    if (auto r = q.run(); !r) {
      auto e = r.error();
      if (e.what == error::code::already_exists)
        e.message = group_name(stored.subscriber_id, stored.group_id) + " exists";
      if (e.what == error::code::not_found) e.message = "no subscriber " + stored.subscriber_id;
      return cmr::unexpected<error>{e};
    }
    db_.touch_subscriber(stored.subscriber_id);
    return stored;
  });
}

store_result<group> group_repository::get_group(std::string_view subscriber_id,
                                                std::string_view group_id) {
  auto lk = db_.lock();
  auto q = st_.use(stmt::select_group);
  q.text(1, subscriber_id).text(2, group_id);
  auto row = q.step();
  if (!row) return cmr::unexpected<error>{row.error()};
  if (!*row) return fail(error::code::not_found, "no " + group_name(subscriber_id, group_id));
  return group{q.col_text(0), q.col_text(1), q.col_text(2)};
}

store_result<void> group_repository::rename_group(std::string_view subscriber_id,
                                                  std::string_view group_id,
                                                  std::string_view name) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::rename_group);
    q.text(1, subscriber_id).text(2, group_id).text(3, name);
    CMR_STORE_TRY(q.run());
    if (db_.changes() == 0)
      return fail(error::code::not_found, "no " + group_name(subscriber_id, group_id));
    db_.touch_subscriber(subscriber_id);
    return ok;
  });
}

store_result<void> group_repository::remove_group(std::string_view subscriber_id,
                                                  std::string_view group_id) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::remove_group);
    q.text(1, subscriber_id).text(2, group_id);
    CMR_STORE_TRY(q.run());
    if (db_.changes() == 0)
      return fail(error::code::not_found, "no " + group_name(subscriber_id, group_id));
    db_.touch_subscriber(subscriber_id);
    return ok;
  });
}

store_result<std::vector<group>> group_repository::list_groups(std::string_view subscriber_id) {
  auto lk = db_.lock();
  auto q = st_.use(stmt::list_groups);
  q.text(1, subscriber_id);
  std::vector<group> out;
  CMR_STORE_TRY(q.each([&](const bound_statement& row) {
    out.push_back(group{row.col_text(0), row.col_text(1), row.col_text(2)});
  }));
  return out;
}

store_result<void> group_repository::require_group(std::string_view subscriber_id,
                                                   std::string_view group_id) {
  auto q = st_.use(stmt::select_group);
  q.text(1, subscriber_id).text(2, group_id);
  auto row = q.step();
  if (!row) return cmr::unexpected<error>{row.error()};
  if (!*row) return fail(error::code::not_found, "no " + group_name(subscriber_id, group_id));
  return ok;
}

store_result<void> group_repository::add_member(std::string_view subscriber_id,
                                                std::string_view group_id, const member& m) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::insert_member);
    q.text(1, subscriber_id).text(2, group_id).text(3, m.member_id).text(4, m.nickname);
    if (auto r = q.run(); !r) {
      auto e = r.error();
      if (e.what == error::code::already_exists)
        e.message = "member " + m.member_id + " of " + group_name(subscriber_id, group_id) +
                    " exists";
      if (e.what == error::code::not_found) e.message = "no " + group_name(subscriber_id, group_id);
      return cmr::unexpected<error>{e};
    }
    db_.touch_subscriber(subscriber_id);
    return ok;
  });
}

store_result<void> group_repository::update_member(std::string_view subscriber_id,
                                                   std::string_view group_id, const member& m) {
  return in_transaction(db_, [&]() -> store_result<void> {
    CMR_STORE_TRY(require_group(subscriber_id, group_id));
    auto q = st_.use(stmt::update_member);
    q.text(1, subscriber_id).text(2, group_id).text(3, m.member_id).text(4, m.nickname);
    CMR_STORE_TRY(q.run());
    if (db_.changes() == 0)
      return fail(error::code::not_found,
                  "no member " + m.member_id + " in " + group_name(subscriber_id, group_id));
    db_.touch_subscriber(subscriber_id);
    return ok;
  });
}

store_result<void> group_repository::remove_member(std::string_view subscriber_id,
                                                   std::string_view group_id,
                                                   std::string_view member_id) {
  return in_transaction(db_, [&]() -> store_result<void> {
    CMR_STORE_TRY(require_group(subscriber_id, group_id));
    auto q = st_.use(stmt::remove_member);
    q.text(1, subscriber_id).text(2, group_id).text(3, member_id);
    CMR_STORE_TRY(q.run());
    if (db_.changes() == 0)
      return fail(error::code::not_found, "no member " + std::string(member_id) + " in " +
                                              group_name(subscriber_id, group_id));
    db_.touch_subscriber(subscriber_id);
    return ok;
  });
}

store_result<std::vector<member>> group_repository::list_members(std::string_view subscriber_id,
                                                                 std::string_view group_id) {
  auto lk = db_.lock();
  CMR_STORE_TRY(require_group(subscriber_id, group_id));
  auto q = st_.use(stmt::list_members);
  q.text(1, subscriber_id).text(2, group_id);
  std::vector<member> out;
  CMR_STORE_TRY(q.each([&](const bound_statement& row) {
    out.push_back(member{row.col_text(0), row.col_text(1)});
  }));
  return out;
}

store_result<bool> group_repository::is_member(std::string_view subscriber_id,
                                               std::string_view group_id,
                                               std::string_view member_id) {
  auto lk = db_.lock();
  auto q = st_.use(stmt::is_member);
  q.text(1, subscriber_id).text(2, group_id).text(3, member_id);
  return q.step();
}

}  // namespace cmr::store
