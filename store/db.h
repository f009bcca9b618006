// One SQLite connection (RAII). The writer connection also owns the process
// lock (<path>.lock) so that two servers never share a database file, and the
// change tracking that invalidates cached snapshots after a commit.
//
// Opening never damages what is there: a path that does not exist becomes a
// new database; anything else that exists (another format, a damaged file, a
// file or directory we cannot write, a database locked by someone else) is
// refused with an error naming the path and the cause, before the first write.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "store/error.h"

namespace cmr::store {

struct db_options {
  bool synchronous_full = false;
  // A reader shares the writer's file: no process lock, no schema check
  // beyond what the writer did, query_only.
  bool reader = false;
  std::chrono::milliseconds busy_timeout{5000};
  // When > 0: refuse, before any write, a database of a newer schema version
  // or one with tables but no version (someone else's).
  int known_schema_version = 0;
};

// Told, after a commit, which cached data went stale.
class change_listener {
public:
  virtual ~change_listener() = default;
  virtual void subscriber_changed(const std::string& subscriber_id) = 0;
  virtual void all_subscribers_changed() = 0;
  virtual void resource_changed(const std::string& resource_id) = 0;
};

class db {
public:
  static store_result<std::unique_ptr<db>> open(const std::string& path, const db_options& opt);
  ~db();
  db(const db&) = delete;
  db& operator=(const db&) = delete;

  [[nodiscard]] sqlite3* handle() const { return db_; }
  [[nodiscard]] const std::string& path() const { return path_; }

  // Unprepared SQL: pragmas, DDL, savepoints. Not for the hot paths.
  store_result<void> exec(const char* sql);
  store_result<std::int64_t> query_int(const char* sql);
  // PRAGMA integrity_check: {"ok"} on a sound database. Scans everything.
  store_result<std::vector<std::string>> integrity_check();

  // The connection is shared by threads; statements are not, so every use
  // holds this (recursive: a repository call inside a caller's transaction).
  [[nodiscard]] std::unique_lock<std::recursive_mutex> lock() { return std::unique_lock(mutex_); }

  [[nodiscard]] error make_error(int rc, std::string_view context) const;
  [[nodiscard]] std::int64_t changes() const { return sqlite3_changes64(db_); }
  [[nodiscard]] std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

  // Change tracking: recorded while a transaction is open, reported to the
  // listener when the outermost transaction commits (a reader that loads the
  // old rows before the commit must not keep them).
  void set_listener(change_listener* l) { listener_ = l; }
  void touch_subscriber(std::string_view id);
  void touch_all_subscribers();
  void touch_resource(std::string_view id);

  // Used by transaction: depth 0 -> BEGIN IMMEDIATE, deeper -> SAVEPOINT.
  store_result<void> begin_level();
  store_result<void> commit_level();
  void rollback_level();
  [[nodiscard]] int depth() const { return depth_; }

  // Statement preparation failures are collected here so that one check at
  // start-up covers every repository.
  void note_prepare_error(error e);
  [[nodiscard]] const std::vector<error>& prepare_errors() const { return prepare_errors_; }

private:
  db(std::string path, sqlite3* handle, int lock_fd);
  store_result<void> configure(const db_options& opt);
  void flush_changes();

  std::string path_;
  sqlite3* db_ = nullptr;
  int lock_fd_ = -1;
  std::recursive_mutex mutex_;
  int depth_ = 0;
  change_listener* listener_ = nullptr;
  std::set<std::string> touched_subscribers_;
  std::set<std::string> touched_resources_;
  bool touched_all_ = false;
  std::vector<error> prepare_errors_;
};

}  // namespace cmr::store
