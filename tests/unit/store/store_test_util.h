// Helpers shared by the store tests: a temporary directory removed at the
// end, whole-file reads for before/after comparisons, and small builders.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "store/store.h"
#include "tests/common/temp_dir.h"

namespace cmr::store::testing {

// Each suite's scratch directories carry its name.
class temp_dir : public cmr::testing::temp_dir {
public:
  temp_dir() : cmr::testing::temp_dir("cmr-store-test") {}
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A digest to compare files before/after without printing their bytes.
inline std::size_t file_digest(const std::string& path) {
  return std::hash<std::string>{}(read_file(path));
}

inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::unique_ptr<store> open_store(const std::string& path, std::size_t capacity = 1000) {
  open_options opt;
  opt.path = path;
  opt.snapshot_cache_capacity = capacity;
  auto s = store::open(opt);
  EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().message);
  return s ? std::move(*s) : nullptr;
}

inline timestamp at(std::int64_t unix_seconds) { return timestamp(std::chrono::seconds(unix_seconds)); }

inline subscriber make_subscriber(const std::string& id) {
  subscriber s;
  s.id = id;
  s.cmrbt = true;
  s.cmrt = true;
  return s;
}

inline resource make_resource(const std::string& id, std::int64_t announcement = 0) {
  resource r;
  r.id = id;
  r.name = "name of " + id;
  r.type = media_type::audio;
  r.format = "audio/wav";
  r.announcement_id = announcement;
  return r;
}

inline item_ref res(const std::string& id) { return {item_ref::kind::resource, id}; }
inline item_ref box(const std::string& id) { return {item_ref::kind::box, id}; }

// Runs one SQL statement on a separate raw connection (the test's "other
// process"); returns the SQLite result code.
inline int raw_exec(sqlite3* db, const char* sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

}  // namespace cmr::store::testing
