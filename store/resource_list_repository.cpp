#include "store/resource_list_repository.h"

#include <array>
#include <string>

#include "store/resource_repository.h"
#include "store/transaction.h"

namespace cmr::store {
namespace {

using stmt = resource_list_repository::stmt;

constexpr std::array<const char*, static_cast<std::size_t>(stmt::count_)> k_sql = {
    "INSERT INTO resource_list (id, name, category) VALUES (?1, ?2, ?3)",
    "SELECT id, name, category FROM resource_list WHERE id = ?1",
    "UPDATE resource_list SET name = ?2, category = ?3 WHERE id = ?1",
    "DELETE FROM resource_list WHERE id = ?1",
    "SELECT id, name, category FROM resource_list ORDER BY id",
    "SELECT id, name, category FROM resource_list WHERE category = ?1 ORDER BY id",
    "SELECT resource_id FROM resource_list_member WHERE list_id = ?1 ORDER BY position",
    "DELETE FROM resource_list_member WHERE list_id = ?1",
    "INSERT INTO resource_list_member (list_id, position, resource_id) VALUES (?1, ?2, ?3)",
    "INSERT INTO resource_list_member (list_id, position, resource_id) SELECT ?1, "
    "coalesce(max(position), -1) + 1, ?2 FROM resource_list_member WHERE list_id = ?1",
    "DELETE FROM resource_list_member WHERE list_id = ?1 AND resource_id = ?2",
    "SELECT r.id, r.name, r.author, r.language, r.media_type, r.format, r.price, r.provider_id, "
    "r.content_provider, r.originator, r.copyright_owner, r.expires_at, r.status, "
    "r.announcement_id, r.alerting_pattern FROM resource_list_member m JOIN resource r ON "
    "r.id = m.resource_id WHERE m.list_id = ?1 ORDER BY m.position",
};

error unknown_list(std::string_view id) {
  return error{error::code::not_found, "no resource list " + std::string(id)};
}

}  // namespace

resource_list_repository::resource_list_repository(db& conn) : db_(conn), st_(conn, k_sql) {}

store_result<void> resource_list_repository::write_members(const resource_list& l) {
  {
    auto q = st_.use(stmt::clear_members);
    q.text(1, l.id);
    CMR_STORE_TRY(q.run());
  }
  std::int64_t pos = 0;
  for (const auto& rid : l.resource_ids) {
    auto q = st_.use(stmt::insert_member);
    q.text(1, l.id).integer(2, pos++).text(3, rid);
    if (auto r = q.run(); !r) {
      auto e = r.error();
      if (e.what == error::code::not_found) e.message = "no resource " + rid;
      if (e.what == error::code::already_exists) e.message = "resource " + rid + " listed twice";
      return cmr::unexpected<error>{e};
    }
  }
  return ok;
}

store_result<void> resource_list_repository::create(const resource_list& l) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::insert);
    q.text(1, l.id).text(2, l.name).opt_integer(3, l.category);
    if (auto r = q.run(); !r) {
      auto e = r.error();
      if (e.what == error::code::already_exists) e.message = "resource list " + l.id + " exists";
      return cmr::unexpected<error>{e};
    }
    return write_members(l);
  });
}

store_result<void> resource_list_repository::load_members(resource_list& l) {
  auto q = st_.use(stmt::members);
  q.text(1, l.id);
  return q.each([&](const bound_statement& row) { l.resource_ids.push_back(row.col_text(0)); });
}

store_result<resource_list> resource_list_repository::get(std::string_view id) {
  auto lk = db_.lock();
  resource_list l;
  {
    auto q = st_.use(stmt::select);
    q.text(1, id);
    auto row = q.step();
    if (!row) return cmr::unexpected<error>{row.error()};
    if (!*row) return cmr::unexpected<error>{unknown_list(id)};
    l.id = q.col_text(0);
    l.name = q.col_text(1);
    l.category = q.col_opt<std::uint32_t>(2);
  }
  CMR_STORE_TRY(load_members(l));
  return l;
}

store_result<void> resource_list_repository::update(const resource_list& l) {
  return in_transaction(db_, [&]() -> store_result<void> {
    {
      auto q = st_.use(stmt::update);
      q.text(1, l.id).text(2, l.name).opt_integer(3, l.category);
      CMR_STORE_TRY(q.run());
      if (db_.changes() == 0) return cmr::unexpected<error>{unknown_list(l.id)};
    }
    return write_members(l);
  });
}

store_result<void> resource_list_repository::remove(std::string_view id) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::remove);
    q.text(1, id);
    CMR_STORE_TRY(q.run());
    if (db_.changes() == 0) return cmr::unexpected<error>{unknown_list(id)};
    return ok;
  });
}

store_result<std::vector<resource_list>> resource_list_repository::read_lists(bound_statement& q) {
  std::vector<resource_list> out;
  CMR_STORE_TRY(q.each([&](const bound_statement& row) {
    resource_list l;
    l.id = row.col_text(0);
    l.name = row.col_text(1);
    l.category = row.col_opt<std::uint32_t>(2);
    out.push_back(std::move(l));
  }));
  return out;
}

store_result<std::vector<resource_list>> resource_list_repository::list(std::uint32_t category) {
  auto lk = db_.lock();
  std::vector<resource_list> out;
  if (category == 0) {
    auto q = st_.use(stmt::list_all);
    auto r = read_lists(q);
    if (!r) return r;
    out = std::move(*r);
  } else {
    auto q = st_.use(stmt::list_category);
    q.integer(1, category);
    auto r = read_lists(q);
    if (!r) return r;
    out = std::move(*r);
  }
  for (auto& l : out) CMR_STORE_TRY(load_members(l));
  return out;
}

store_result<void> resource_list_repository::add_member(std::string_view list_id,
                                                        std::string_view resource_id) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::append_member);
    q.text(1, list_id).text(2, resource_id);
    if (auto r = q.run(); !r) {
      auto e = r.error();
      if (e.what == error::code::not_found)
        e.message = "no resource list " + std::string(list_id) + " or resource " +
                    std::string(resource_id);
      return cmr::unexpected<error>{e};
    }
    return ok;
  });
}

store_result<void> resource_list_repository::remove_member(std::string_view list_id,
                                                           std::string_view resource_id) {
  return in_transaction(db_, [&]() -> store_result<void> {
    auto q = st_.use(stmt::remove_member);
    q.text(1, list_id).text(2, resource_id);
    CMR_STORE_TRY(q.run());
    if (db_.changes() == 0)
      return fail(error::code::not_found, "resource " + std::string(resource_id) +
                                              " is not in list " + std::string(list_id));
    return ok;
  });
}

store_result<std::vector<resource>> resource_list_repository::resources_of(
    std::string_view list_id) {
  auto lk = db_.lock();
  {
    auto q = st_.use(stmt::select);
    q.text(1, list_id);
    auto row = q.step();
    if (!row) return cmr::unexpected<error>{row.error()};
    if (!*row) return cmr::unexpected<error>{unknown_list(list_id)};
  }
  auto q = st_.use(stmt::member_resources);
  q.text(1, list_id);
  std::vector<resource> out;
  CMR_STORE_TRY(q.each([&](const bound_statement& row) { out.push_back(read_resource(row)); }));
  return out;
}

}  // namespace cmr::store
