// The transitions a state machine logs at debug (common/fsm.h: "prefix{STATE}:
// event -> NEXT"), captured as a golden trace: <dir>/<name>.trace under the
// source tree; CMR_REGEN_GOLDEN=1 rewrites the files. Only lines of the given
// categories that start with one of the given prefixes are kept; other lines
// at notice and above still go to stderr. One capture at a time (the backend
// is global).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/log.h"

namespace cmr::testing {

class fsm_trace {
public:
  // `dir`: relative to the source tree, e.g. "tests/unit/sip_as/golden".
  fsm_trace(const log_category& cat, std::string prefix, std::string dir)
      : fsm_trace({&cat}, {std::move(prefix)}, std::move(dir)) {}
  // Several layers' machines in one trace (a transaction and its
  // invocations); `transitions_only` false keeps every line of the prefixes
  // (what a layer sends outside any machine, e.g. an Abort to an unknown peer).
  fsm_trace(std::vector<const log_category*> cats, std::vector<std::string> prefixes,
            std::string dir, bool transitions_only = true)
      : prefixes_(std::move(prefixes)), dir_(std::move(dir)), transitions_only_(transitions_only) {
    for (const auto* c : cats) cats_.push_back(c->id());
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
  [[nodiscard]] bool traced(int cat) const {
    for (const int c : cats_)
      if (c == cat) return true;
    return false;
  }
  [[nodiscard]] bool kept(std::string_view msg) const {
    if (transitions_only_ && msg.find("}: ") == std::string_view::npos) return false;
    for (const auto& p : prefixes_)
      if (msg.starts_with(p)) return true;
    return false;
  }
  static bool enabled(int cat, log_level l) {
    return (active() != nullptr && active()->traced(cat)) || l >= log_level::notice;
  }
  static void write(int cat, log_level l, const char* file, int line, std::string_view msg) {
    auto* t = active();
    if (t != nullptr && t->traced(cat) && t->kept(msg)) {
      t->text.append(msg).append("\n");
      return;
    }
    if (l >= log_level::notice) stderr_log_backend().write(cat, l, file, line, msg);
  }

  std::vector<int> cats_;
  std::vector<std::string> prefixes_;
  std::string dir_;
  bool transitions_only_ = true;
};

}  // namespace cmr::testing
