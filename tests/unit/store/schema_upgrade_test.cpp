// A version 1 database (the released schema, kept as a fixture) upgraded by
// store::open must equal a fresh one, and keep its data.
#include <cctype>

#include "store/schema.h"
#include "store_test_util.h"

namespace cmr::store {
namespace {

// Collapses whitespace and drops it around punctuation: ALTER TABLE ADD
// COLUMN splices text into the stored CREATE statement with its own spacing.
std::string normalize(std::string sql) {
  std::string out;
  bool space = false;
  for (char c : sql) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    const bool punct = c == '(' || c == ')' || c == ',';
    if (space && !punct && !out.empty() && out.back() != '(' && out.back() != ',') out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::vector<std::string> rows(sqlite3* db, const std::string& sql) {
  std::vector<std::string> out;
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sql;
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(s); ++i) {
      const auto* t = sqlite3_column_text(s, i);
      row += (t ? reinterpret_cast<const char*>(t) : "NULL");
      row += '|';
    }
    out.push_back(row);
  }
  sqlite3_finalize(s);
  return out;
}

// sqlite_master (normalized) plus, per table, its columns, indexes (with
// their columns) and foreign keys.
std::vector<std::string> describe_schema(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::vector<std::string> out;
  for (const auto& r : rows(db, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY "
                                "type, name"))
    out.push_back(normalize(r));
  for (const auto& t : rows(db, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")) {
    const auto table = t.substr(0, t.size() - 1);
    for (const auto& pragma : {"table_info", "index_list", "foreign_key_list"})
      for (const auto& r : rows(db, std::string("PRAGMA ") + pragma + "('" + table + "')"))
        out.push_back(table + ":" + pragma + ":" + r);
    for (const auto& idx : rows(db, "SELECT name FROM pragma_index_list('" + table + "')")) {
      const auto name = idx.substr(0, idx.size() - 1);
      for (const auto& r : rows(db, "PRAGMA index_xinfo('" + name + "')"))
        out.push_back(name + ":xinfo:" + r);
    }
  }
  for (const auto& r : rows(db, "PRAGMA user_version")) out.push_back("user_version:" + r);
  sqlite3_close(db);
  return out;
}

TEST(SchemaUpgrade, Version1UpgradedEqualsFresh) {
  testing::temp_dir dir;
  const auto old_path = dir.file("v1.db");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(old_path.c_str(), &db), SQLITE_OK);
    const auto fixture = testing::read_file(std::string(CMR_SOURCE_DIR) +
                                            "/tests/unit/store/schema_v1.sql");
    ASSERT_FALSE(fixture.empty());
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db, fixture.c_str(), nullptr, nullptr, &err), SQLITE_OK)
        << (err ? err : "");
    ASSERT_EQ(testing::raw_exec(db,
                                "INSERT INTO subscriber (id, cmrbt, presence) VALUES ('4911', 1, 'busy');"
                                "INSERT INTO resource (id, name, media_type, announcement_id) "
                                "VALUES ('r1', 'Song', 1, 5);"
                                "INSERT INTO cmr_group VALUES ('4911', '1', 'Family');"
                                "INSERT INTO member VALUES ('4911', '1', '4922', 'Bob');"
                                "INSERT INTO library (subscriber_id, resource_id, subscribed_at, "
                                "origin) VALUES ('4911', 'r1', 100, 1);"),
              SQLITE_OK);
    sqlite3_close(db);
  }
  {
    auto s = testing::open_store(old_path);
    ASSERT_TRUE(s);
    auto sub = s->subscribers().get("4911");
    ASSERT_TRUE(sub);
    EXPECT_TRUE(sub->cmrbt);
    EXPECT_EQ(sub->presence, "busy");
    EXPECT_EQ(sub->charged, 0);
    EXPECT_FALSE(sub->credit_limit);
    EXPECT_EQ(s->resources().find_by_announcement(5)->id, "r1");
    EXPECT_EQ(s->groups().list_members("4911", "1")->front().nickname, "Bob");
    EXPECT_EQ(s->library().list("4911")->size(), 1U);
    // Version 2 features work on the upgraded file.
    ASSERT_TRUE(s->subscribers().add_charge({0, testing::at(1), "subscribe", "4911", "", "r1", 7, "t", ""}));
    EXPECT_EQ(*s->integrity_check(), std::vector<std::string>{"ok"});
    auto snap = s->snapshots().find_snapshot("4911");
    ASSERT_TRUE(snap);
    EXPECT_EQ(snap->groups().size(), 1U);
  }
  const auto fresh_path = dir.file("fresh.db");
  testing::open_store(fresh_path).reset();

  const auto upgraded = describe_schema(old_path);
  const auto fresh = describe_schema(fresh_path);
  EXPECT_GT(fresh.size(), 100U);
  ASSERT_EQ(upgraded.size(), fresh.size());
  for (std::size_t i = 0; i < fresh.size(); ++i) EXPECT_EQ(upgraded[i], fresh[i]);
}

TEST(SchemaUpgrade, FreshSchemaMatchesTheSourceText) {
  testing::temp_dir dir;
  const auto path = dir.file("fresh.db");
  testing::open_store(path).reset();
  // Every CREATE in current_schema_sql() made it into the database.
  const std::string sql = current_schema_sql();
  std::size_t creates = 0;
  for (auto p = sql.find("CREATE "); p != std::string::npos; p = sql.find("CREATE ", p + 1))
    ++creates;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(rows(db, "SELECT name FROM sqlite_master WHERE sql IS NOT NULL").size(), creates);
  sqlite3_close(db);
}

}  // namespace
}  // namespace cmr::store
