#include "common/log.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <vector>

namespace cmr {
namespace {

// Filled during static initialisation only (single-threaded), read after.
std::vector<const log_category*>& registry() {
  static std::vector<const log_category*> r;
  return r;
}

std::atomic<log_level> g_stderr_level{log_level::notice};
std::mutex g_stderr_mutex;

bool stderr_enabled(int, log_level level) {
  return level >= g_stderr_level.load(std::memory_order_relaxed);
}

void stderr_write(int cat, log_level level, const char* file, int line, std::string_view msg) {
  static constexpr std::array<const char*, 9> names = {"",       "DEBUG", "",      "INFO", "",
                                                       "NOTICE", "",      "ERROR", "FATAL"};
  const auto cats = log_categories();
  const char* cat_name = cat >= 0 && static_cast<std::size_t>(cat) < cats.size()
                             ? cats[static_cast<std::size_t>(cat)]->name()
                             : "DUNKNOWN";
  const std::lock_guard lock(g_stderr_mutex);
  std::fprintf(stderr, "%s %s %s:%d %.*s\n", cat_name, names[static_cast<std::size_t>(level)], file,
               line, static_cast<int>(msg.size()), msg.data());
}

log_backend g_backend{stderr_enabled, stderr_write};

}  // namespace

const log_category log_main{"DMAIN", "Main program: start-up, configuration, shutdown",
                            "\033[1;37m"};

log_category::log_category(const char* name, const char* description, const char* color)
    : name_(name), description_(description), color_(color) {
  auto& r = registry();
  id_ = static_cast<int>(r.size());
  r.push_back(this);
}

std::span<const log_category* const> log_categories() {
  return registry();
}

void set_log_backend(const log_backend& backend) {
  g_backend = backend;
}

log_backend stderr_log_backend() { return {stderr_enabled, stderr_write}; }

void set_stderr_log_level(log_level min_level) {
  g_stderr_level = min_level;
}

bool log_enabled(const log_category& cat, log_level level) {
  return g_backend.enabled(cat.id(), level);
}

void log_printf(const log_category& cat, log_level level, const char* file, int line,
                const char* fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  const int n = std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  const auto len = std::min(static_cast<std::size_t>(n), sizeof buf - 1);
  // Strip the directory part: log lines name the file only, as LOGP does.
  const char* base = file;
  for (const char* p = file; *p != '\0'; ++p)
    if (*p == '/') base = p + 1;
  g_backend.write(cat.id(), level, base, line, std::string_view(buf, len));
}

}  // namespace cmr
