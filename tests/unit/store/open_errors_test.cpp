// Start-up: what opening does to files that are not a healthy, free CMR
// database. Each case must give a clear error and leave the bytes alone.
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <random>

#include "store/schema.h"
#include "store_test_util.h"

namespace cmr::store {
namespace {

using testing::file_digest;
using testing::read_file;
using testing::temp_dir;
using testing::write_file;

store_result<std::unique_ptr<store>> try_open(const std::string& path) {
  open_options opt;
  opt.path = path;
  return store::open(opt);
}

void expect_refused(const std::string& path, error::code code, const char* cause) {
  auto s = try_open(path);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().what, code) << s.error().message;
  EXPECT_NE(s.error().message.find(path), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find(cause), std::string::npos) << s.error().message;
}

TEST(StoreOpen, CreatesNewDatabaseAndReopens) {
  temp_dir dir;
  const auto path = dir.file("cmr.db");
  {
    auto s = testing::open_store(path);
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->subscribers().create(testing::make_subscriber("4911")));
  }
  auto s = testing::open_store(path);
  ASSERT_TRUE(s);
  EXPECT_TRUE(*s->subscribers().exists("4911"));
  EXPECT_EQ(*s->connection().query_int("PRAGMA user_version"), cmr::store::k_schema_version);
  EXPECT_EQ(*s->connection().query_int("PRAGMA foreign_keys"), 1);
  auto ic = s->integrity_check();
  ASSERT_TRUE(ic);
  EXPECT_EQ(*ic, std::vector<std::string>{"ok"});
}

TEST(StoreOpen, SecondStoreOnSameFileIsRefused) {
  temp_dir dir;
  const auto path = dir.file("cmr.db");
  auto first = testing::open_store(path);
  ASSERT_TRUE(first);
  const auto before = file_digest(path);
  expect_refused(path, error::code::busy, "in use by another process");
  EXPECT_EQ(file_digest(path), before);
  first.reset();
  EXPECT_TRUE(try_open(path).has_value());  // the lock went with the first store
}

TEST(StoreOpen, WriteTransactionOfAnotherConnectionIsRefused) {
  temp_dir dir;
  const auto path = dir.file("cmr.db");
  testing::open_store(path).reset();
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(testing::raw_exec(other, "BEGIN IMMEDIATE"), SQLITE_OK);
  ASSERT_EQ(testing::raw_exec(other, "INSERT INTO system_setting VALUES ('k', 'v')"), SQLITE_OK);
  const auto before = file_digest(path);
  expect_refused(path, error::code::busy, "write transaction");
  EXPECT_EQ(file_digest(path), before);
  testing::raw_exec(other, "ROLLBACK");
  sqlite3_close(other);
}

TEST(StoreOpen, RandomBytesAreNotADatabase) {
  temp_dir dir;
  const auto path = dir.file("cmr.db");
  std::string junk(64 * 1024, '\0');
  std::mt19937 rng(42);
  for (auto& c : junk) c = static_cast<char>(rng());
  write_file(path, junk);
  expect_refused(path, error::code::corrupt, "not a database");
  EXPECT_TRUE(read_file(path) == junk);
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
}

TEST(StoreOpen, GarbledTablePageIsCorrupt) {
  temp_dir dir;
  const auto path = dir.file("cmr.db");
  std::int64_t root = 0;
  std::int64_t page_size = 0;
  {
    auto s = testing::open_store(path);
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->subscribers().create(testing::make_subscriber("4911")));
    root = *s->connection().query_int("SELECT rootpage FROM sqlite_master WHERE name='resource'");
    page_size = *s->connection().query_int("PRAGMA page_size");
  }  // closing the last connection checkpoints the WAL into the file
  auto bytes = read_file(path);
  ASSERT_GT(static_cast<std::int64_t>(bytes.size()), root * page_size - 1);
  const auto offset = static_cast<std::size_t>((root - 1) * page_size);
  for (std::size_t i = 0; i < 64; ++i) bytes[offset + i] = static_cast<char>(0xA5);
  write_file(path, bytes);
  auto s = try_open(path);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().what, error::code::corrupt) << s.error().message;
  EXPECT_NE(s.error().message.find(path), std::string::npos);
  EXPECT_TRUE(read_file(path) == bytes);
}

TEST(StoreOpen, NewerSchemaVersionIsRefused) {
  temp_dir dir;
  const auto path = dir.file("cmr.db");
  testing::open_store(path).reset();
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(testing::raw_exec(other, "PRAGMA user_version=99"), SQLITE_OK);
  sqlite3_close(other);
  const auto before = file_digest(path);
  auto s = try_open(path);
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message.find("newer"), std::string::npos) << s.error().message;
  EXPECT_EQ(file_digest(path), before);
}

TEST(StoreOpen, ForeignDatabaseIsRefused) {
  temp_dir dir;
  const auto path = dir.file("other.db");
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(testing::raw_exec(other, "CREATE TABLE t(x); INSERT INTO t VALUES (1)"), SQLITE_OK);
  sqlite3_close(other);
  const auto before = file_digest(path);
  auto s = try_open(path);
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message.find("not a CMR database"), std::string::npos) << s.error().message;
  EXPECT_EQ(file_digest(path), before);
}

// Tests run as root, where chmod does not stop access. These paths fail for
// root too: a directory component that is a regular file (ENOTDIR), and an
// existing file in /proc, where no file (lock, -wal, -shm) can be created.
TEST(StoreOpen, PathThroughAFileIsRefused) {
  temp_dir dir;
  const auto file = dir.file("plain");
  write_file(file, "not a directory");
  expect_refused(file + "/cmr.db", error::code::io, "Not a directory");
  EXPECT_EQ(read_file(file), "not a directory");
}

TEST(StoreOpen, UnwritableDirectoryIsRefused) {
  const std::string path = "/proc/version";
  const auto before = file_digest(path);
  auto s = try_open(path);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().what, error::code::read_only) << s.error().message;
  EXPECT_NE(s.error().message.find("/proc"), std::string::npos) << s.error().message;
  EXPECT_EQ(file_digest(path), before);
}

TEST(StoreOpen, ChmodUnwritableFileIsRefusedForNonRoot) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores file modes (covered by the /proc case)";
  temp_dir dir;
  const auto path = dir.file("cmr.db");
  testing::open_store(path).reset();
  ASSERT_EQ(::chmod(path.c_str(), 0444), 0);
  const auto before = file_digest(path);
  expect_refused(path, error::code::read_only, "not readable and writable");
  EXPECT_EQ(file_digest(path), before);
  ASSERT_EQ(::chmod(dir.path().c_str(), 0555), 0);
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  expect_refused(path, error::code::read_only, "is not writable");
  ::chmod(dir.path().c_str(), 0755);
}

TEST(StoreOpen, DirectoryAsDatabaseIsRefused) {
  temp_dir dir;
  expect_refused(dir.path(), error::code::io, "not a regular file");
}

}  // namespace
}  // namespace cmr::store
