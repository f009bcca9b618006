// The transitions a state machine logs at debug (common/fsm.h: "prefix{STATE}:
// event -> NEXT"), captured as a golden trace: <dir>/<name>.trace under the
// source tree; CMR_REGEN_GOLDEN=1 rewrites the files. Only lines of the given
// category that start with the given prefix are kept; other lines at notice
// and above still go to stderr. One capture at a time (the backend is global).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "common/log.h"

namespace cmr::testing {

class fsm_trace {
public:
  // `dir`: relative to the source tree, e.g. "tests/unit/sip_as/golden".
  fsm_trace(const log_category& cat, std::string prefix, std::string dir)
      : cat_(cat.id()), prefix_(std::move(prefix)), dir_(std::move(dir)) {
    active() = this;
    set_log_backend({&enabled, &write});
  }
  ~fsm_trace() {
    active() = nullptr;
    set_log_backend(stderr_log_backend());
  }
  fsm_trace(const fsm_trace&) = delete;
  fsm_trace& operator=(const fsm_trace&) = delete;

  void expect(const std::string& name) const {
    const std::string path = std::string(CMR_SOURCE_DIR) + "/" + dir_ + "/" + name + ".trace";
    if (std::getenv("CMR_REGEN_GOLDEN") != nullptr) {  // NOLINT(concurrency-mt-unsafe)
      std::ofstream(path) << text;
      return;
    }
    std::ifstream in(path);
    std::stringstream want;
    want << in.rdbuf();
    EXPECT_EQ(text, want.str()) << "FSM trace differs from " << path;
  }
  void clear() { text.clear(); }

  std::string text;

private:
  static fsm_trace*& active() {
    static fsm_trace* t = nullptr;
    return t;
  }
  static bool enabled(int cat, log_level l) {
    return (active() != nullptr && cat == active()->cat_) || l >= log_level::notice;
  }
  static void write(int cat, log_level l, const char* file, int line, std::string_view msg) {
    auto* t = active();
    if (t != nullptr && cat == t->cat_ && msg.starts_with(t->prefix_) &&
        msg.find("}: ") != std::string_view::npos) {
      t->text.append(msg).append("\n");
      return;
    }
    if (l >= log_level::notice) stderr_log_backend().write(cat, l, file, line, msg);
  }

  int cat_;
  std::string prefix_;
  std::string dir_;
};

}  // namespace cmr::testing
