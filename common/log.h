// Logging facade of every layer. Each layer registers its own category (a
// log_category object with static storage, defined in the layer, e.g.
// in/scp/scp_log.cpp) and logs with CMR_LOG(<short name>, <level>, ...): the
// macro names the category object cmr::log_<short name>, which the layer's
// log header declares. The daemon routes the facade into libosmocore's
// logging (sigtran/osmo_log.cpp: one libosmocore category per registered
// one, configured with the usual "log" VTY commands); without a backend it
// writes to stderr. Nothing here knows a layer or libosmocore.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace cmr {

// Numerically equal to libosmocore's LOGL_* so the backend can pass them on.
enum class log_level : std::uint8_t { debug = 1, info = 3, notice = 5, error = 7, fatal = 8 };

// One log category. Define it at namespace scope in the layer that owns it:
// construction registers it (static initialisation, before main(); the
// registry is complete when the backend is set up). The id is the
// category's index in log_categories().
class log_category {
public:
  log_category(const char* name, const char* description, const char* color);
  log_category(const log_category&) = delete;
  log_category& operator=(const log_category&) = delete;

  [[nodiscard]] int id() const { return id_; }
  [[nodiscard]] const char* name() const { return name_; }  // "DSCP"
  [[nodiscard]] const char* description() const { return description_; }
  [[nodiscard]] const char* color() const { return color_; }

private:
  const char* name_;
  const char* description_;
  const char* color_;
  int id_;
};

// Every registered category, in registration order (index == id()).
std::span<const log_category* const> log_categories();

struct log_backend {
  bool (*enabled)(int category, log_level) = nullptr;
  void (*write)(int category, log_level, const char* file, int line,
                std::string_view msg) = nullptr;
};

// Installs a backend; must happen before other threads log.
void set_log_backend(const log_backend& backend);
// The default backend (stderr), e.g. to go back to it after a test's own.
log_backend stderr_log_backend();
// Default backend: stderr, threshold below.
void set_stderr_log_level(log_level min_level);

bool log_enabled(const log_category& cat, log_level level);
void log_printf(const log_category& cat, log_level level, const char* file, int line,
                const char* fmt, ...) __attribute__((format(printf, 5, 6)));

// The program itself (start-up, configuration, shutdown): every program has it.
extern const log_category log_main;

}  // namespace cmr

// LOGP-like macro: the format arguments are evaluated only when enabled.
#define CMR_LOG(cat, level, ...)                                                       \
  do {                                                                                 \
    if (::cmr::log_enabled(::cmr::log_##cat, ::cmr::log_level::level))                 \
      ::cmr::log_printf(::cmr::log_##cat, ::cmr::log_level::level, __FILE__, __LINE__, \
                        __VA_ARGS__);                                                  \
  } while (0)
