#include "store/log.h"

#include <array>
#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <mutex>

namespace cmr {
namespace {

std::atomic<log_level> g_stderr_level{log_level::notice};
std::mutex g_stderr_mutex;

bool stderr_enabled(log_cat, log_level level) {
  return level >= g_stderr_level.load(std::memory_order_relaxed);
}

void stderr_write(log_cat cat, log_level level, const char* file, int line,
                  std::string_view msg) {
  static constexpr std::array<const char*, 9> names = {
      "", "DEBUG", "", "INFO", "", "NOTICE", "", "ERROR", "FATAL"};
  const std::lock_guard lock(g_stderr_mutex);
  std::fprintf(stderr, "%s %s %s:%d %.*s\n", log_cat_name(cat),
               names[static_cast<std::size_t>(level)], file, line, static_cast<int>(msg.size()),
               msg.data());
}

log_backend g_backend{stderr_enabled, stderr_write};

}  // namespace

void set_log_backend(const log_backend& backend) { g_backend = backend; }

void set_stderr_log_level(log_level min_level) { g_stderr_level = min_level; }

bool log_enabled(log_cat cat, log_level level) { return g_backend.enabled(cat, level); }

void log_printf(log_cat cat, log_level level, const char* file, int line, const char* fmt, ...) {
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
  g_backend.write(cat, level, base, line, std::string_view(buf, len));
}

const char* log_cat_name(log_cat cat) {
  static constexpr std::array<const char*, static_cast<std::size_t>(log_cat::count_)> names = {
      "DMAIN", "DSTORE", "DDECIDE", "DSIGTRAN", "DTCAP", "DCAP",
      "DSCP",  "DIP",    "DSIP",    "DMEDIA",   "DMGMT", "DSSF"};
  const auto i = static_cast<std::size_t>(cat);
  return i < names.size() ? names[i] : "DUNKNOWN";
}

}  // namespace cmr
