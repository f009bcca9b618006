#include "store/db.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/log.h"

namespace cmr::store {
namespace {

std::string parent_dir(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

error::code code_of(int rc) {
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      switch (rc) {
        case SQLITE_CONSTRAINT_PRIMARYKEY:
        case SQLITE_CONSTRAINT_UNIQUE:
          return error::code::already_exists;
        case SQLITE_CONSTRAINT_FOREIGNKEY:
          return error::code::not_found;
        default:
          return error::code::constraint;
      }
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return error::code::busy;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return error::code::read_only;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return error::code::corrupt;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
      return error::code::io;
    default:
      return error::code::internal;
  }
}

cmr::unexpected<error> refuse(error::code c, const std::string& path, const std::string& cause) {
  std::string msg = "cannot open database '" + path + "': " + cause;
  CMR_LOG(store, error, "%s", msg.c_str());
  return fail(c, std::move(msg));
}

}  // namespace

const char* to_string(error::code c) {
  switch (c) {
    case error::code::not_found: return "not found";
    case error::code::already_exists: return "already exists";
    case error::code::constraint: return "constraint violated";
    case error::code::busy: return "busy";
    case error::code::read_only: return "read-only";
    case error::code::corrupt: return "corrupt";
    case error::code::io: return "I/O error";
    case error::code::internal: return "internal error";
    case error::code::credit_limit: return "credit limit exceeded";
  }
  return "?";
}

db::db(std::string path, sqlite3* handle, int lock_fd)
    : path_(std::move(path)), db_(handle), lock_fd_(lock_fd) {}

db::~db() {
  // Every statement_set finalizes its statements before this runs (owners
  // are destroyed first); close_v2 would defer the close otherwise.
  sqlite3_close_v2(db_);
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

store_result<std::unique_ptr<db>> db::open(const std::string& path, const db_options& opt) {
  if (path.empty()) return refuse(error::code::io, path, "empty path");
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && errno != ENOENT)
    return refuse(errno == EACCES ? error::code::read_only : error::code::io, path,
                  std::string("cannot reach the file: ") + std::strerror(errno));
  if (exists && !S_ISREG(st.st_mode)) return refuse(error::code::io, path, "not a regular file");
  if (!exists && opt.reader) return refuse(error::code::not_found, path, "no such file");

  int lock_fd = -1;
  if (!opt.reader) {
    const std::string dir = parent_dir(path);
    if (exists && ::access(path.c_str(), R_OK | W_OK) != 0)
      return refuse(error::code::read_only, path,
                    std::string("file is not readable and writable: ") + std::strerror(errno));
    if (::access(dir.c_str(), W_OK) != 0)
      return refuse(error::code::read_only, path,
                    "directory '" + dir + "' is not writable (WAL mode creates -wal and -shm files "
                    "there): " + std::strerror(errno));
    // The lock file is what makes a second server fail fast with a clear
    // message instead of waiting on SQLite's busy handler at every write.
    const std::string lock_path = path + ".lock";
    lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd < 0)
      return refuse(error::code::read_only, path,
                    "cannot create files in directory '" + dir + "' (" + lock_path +
                        "): " + std::strerror(errno));
    if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
      const int e = errno;
      ::close(lock_fd);
      return refuse(error::code::busy, path,
                    e == EWOULDBLOCK ? "in use by another process (" + lock_path + " is locked)"
                                     : std::string("cannot lock ") + lock_path + ": " +
                                           std::strerror(e));
    }
  }

  // Never SQLITE_OPEN_CREATE on an existing path: a file that vanished or was
  // replaced in between must not be silently recreated.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (!exists) flags |= SQLITE_OPEN_CREATE;
  sqlite3* handle = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  std::unique_ptr<db> conn(new db(path, handle, lock_fd));
  if (rc != SQLITE_OK)
    return refuse(code_of(rc), path, handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc));
  sqlite3_extended_result_codes(handle, 1);
  if (!opt.reader && sqlite3_db_readonly(handle, "main") == 1)
    return refuse(error::code::read_only, path, "the file can only be opened read-only");
  if (auto r = conn->configure(opt); !r) return refuse(r.error().what, path, r.error().message);
  return conn;
}

store_result<void> db::configure(const db_options& opt) {
  // Short timeout for the checks: a writer elsewhere is reported, not waited for.
  sqlite3_busy_timeout(db_, 200);
  // Reading the schema reads page 1 and the schema table: enough to tell a
  // database from anything else without scanning a multi-GB file.
  auto tables = query_int("SELECT count(*) FROM sqlite_master");
  if (!tables) return fail(tables.error().what, tables.error().message);
  if (opt.known_schema_version > 0) {
    // Decided before the first write (switching to WAL rewrites the header):
    // a database we cannot handle must stay byte for byte as it was.
    auto version = query_int("PRAGMA user_version");
    if (!version) return fail(version.error().what, version.error().message);
    if (*version > opt.known_schema_version)
      return fail(error::code::corrupt,
                  "schema version " + std::to_string(*version) +
                      " is newer than this program knows (" +
                      std::to_string(opt.known_schema_version) + "); use a newer cmr-server");
    if (*version == 0 && *tables > 0)
      return fail(error::code::corrupt,
                  "has tables but no schema version: not a CMR database, refusing to touch it");
  }
  if (!opt.reader) {
    // Touch each table's root page too: cheap, and catches a damaged b-tree
    // root before we write anything. Deeper damage is integrity_check()'s job.
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, "SELECT name FROM sqlite_master WHERE type='table'", -1, &s,
                           nullptr) != SQLITE_OK)
      return fail(error::code::corrupt, sqlite3_errmsg(db_));
    std::vector<std::string> names;
    while (sqlite3_step(s) == SQLITE_ROW)
      names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
    sqlite3_finalize(s);
    for (const auto& n : names) {
      // SELECT * so the planner reads the table itself, not a covering index.
      std::string probe = "SELECT * FROM \"" + n + "\" LIMIT 1";
      if (auto r = exec(probe.c_str()); !r) return r;
    }
    if (auto r = exec("BEGIN IMMEDIATE"); !r) {
      if (r.error().what == error::code::busy)
        return fail(error::code::busy, "locked: another connection holds a write transaction");
      return r;
    }
    if (auto r = exec("ROLLBACK"); !r) return r;
  }
  std::string mode_sql = "PRAGMA journal_mode=WAL";
  if (!opt.reader) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, mode_sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
      return cmr::unexpected<error>{make_error(sqlite3_errcode(db_), "journal_mode")};
    const int rc = sqlite3_step(s);
    std::string mode =
        rc == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(s, 0)) : "";
    sqlite3_finalize(s);
    if (mode != "wal") return fail(error::code::io, "cannot switch to WAL mode (got '" + mode + "')");
  }
  if (auto r = exec(opt.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
      !r)
    return r;
  if (auto r = exec("PRAGMA foreign_keys=ON"); !r) return r;
  // 64 MB page cache: the hot subscriber pages stay in memory.
  if (auto r = exec("PRAGMA cache_size=-65536"); !r) return r;
  if (opt.reader)
    if (auto r = exec("PRAGMA query_only=ON"); !r) return r;
  sqlite3_busy_timeout(db_, static_cast<int>(opt.busy_timeout.count()));
  return ok;
}

error db::make_error(int rc, std::string_view context) const {
  std::string msg(context);
  msg += ": ";
  msg += sqlite3_errmsg(db_);
  return error{code_of(rc), std::move(msg)};
}

store_result<void> db::exec(const char* sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return ok;
  std::string msg = std::string(sql).substr(0, 60) + ": " + (err ? err : sqlite3_errstr(rc));
  sqlite3_free(err);
  return fail(code_of(sqlite3_extended_errcode(db_)), std::move(msg));
}

store_result<std::int64_t> db::query_int(const char* sql) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql, -1, &s, nullptr);
  if (rc != SQLITE_OK) return cmr::unexpected<error>{make_error(sqlite3_extended_errcode(db_), sql)};
  rc = sqlite3_step(s);
  std::int64_t v = 0;
  if (rc == SQLITE_ROW) v = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return cmr::unexpected<error>{make_error(sqlite3_extended_errcode(db_), sql)};
  return v;
}

store_result<std::vector<std::string>> db::integrity_check() {
  auto lk = lock();
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, "PRAGMA integrity_check", -1, &s, nullptr) != SQLITE_OK)
    return cmr::unexpected<error>{make_error(sqlite3_extended_errcode(db_), "integrity_check")};
  std::vector<std::string> lines;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW)
    lines.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE)
    return cmr::unexpected<error>{make_error(sqlite3_extended_errcode(db_), "integrity_check")};
  return lines;
}

void db::touch_subscriber(std::string_view id) {
  touched_subscribers_.emplace(id);
  if (depth_ == 0) flush_changes();
}

void db::touch_all_subscribers() {
  touched_all_ = true;
  if (depth_ == 0) flush_changes();
}

void db::touch_resource(std::string_view id) {
  touched_resources_.emplace(id);
  if (depth_ == 0) flush_changes();
}

void db::flush_changes() {
  if (listener_) {
    if (touched_all_)
      listener_->all_subscribers_changed();
    else
      for (const auto& id : touched_subscribers_) listener_->subscriber_changed(id);
    for (const auto& id : touched_resources_) listener_->resource_changed(id);
  }
  touched_subscribers_.clear();
  touched_resources_.clear();
  touched_all_ = false;
}

store_result<void> db::begin_level() {
  if (depth_ == 0) {
    if (auto r = exec("BEGIN IMMEDIATE"); !r) return r;
  } else {
    if (auto r = exec("SAVEPOINT nested"); !r) return r;
  }
  ++depth_;
  return ok;
}

store_result<void> db::commit_level() {
  if (depth_ == 1) {
    if (auto r = exec("COMMIT"); !r) return r;
    depth_ = 0;
    flush_changes();
    return ok;
  }
  if (auto r = exec("RELEASE nested"); !r) return r;
  --depth_;
  return ok;
}

void db::rollback_level() {
  if (depth_ == 1) {
    // ROLLBACK fails only when SQLite already rolled back (e.g. after
    // SQLITE_FULL); either way no transaction is open afterwards.
    (void)exec("ROLLBACK");
    depth_ = 0;
    // Nothing changed, but invalidating is always safe and keeps the rule
    // "every write path invalidates" simple to check.
    flush_changes();
    return;
  }
  (void)exec("ROLLBACK TO nested");
  (void)exec("RELEASE nested");
  --depth_;
}

void db::note_prepare_error(error e) {
  CMR_LOG(store, error, "%s", e.message.c_str());
  prepare_errors_.push_back(std::move(e));
}

}  // namespace cmr::store
