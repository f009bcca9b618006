// Logging facade used by every layer. The daemon routes it into libosmocore's
// logging (one category per layer, configured with the usual "log" VTY
// commands); without a backend it writes to stderr. Nothing here knows
// libosmocore, so layers below sigtran/ stay free of libosmo headers.
#pragma once

#include <cstdint>
#include <string_view>

namespace cmr {

// One category per layer (DESIGN.md section 2).
enum class log_cat : std::uint8_t {
  main,
  store,
  decide,
  sigtran,
  tcap,
  cap,
  scp,
  ip,
  sip,
  media,
  mgmt,
  ssf,
  count_
};

// Numerically equal to libosmocore's LOGL_* so the backend can pass them on.
enum class log_level : std::uint8_t { debug = 1, info = 3, notice = 5, error = 7, fatal = 8 };

struct log_backend {
  bool (*enabled)(log_cat, log_level) = nullptr;
  void (*write)(log_cat, log_level, const char* file, int line, std::string_view msg) = nullptr;
};

// Installs a backend; must happen before other threads log.
void set_log_backend(const log_backend& backend);
// Default backend: stderr, threshold below.
void set_stderr_log_level(log_level min_level);

bool log_enabled(log_cat cat, log_level level);
void log_printf(log_cat cat, log_level level, const char* file, int line, const char* fmt, ...)
    __attribute__((format(printf, 5, 6)));

const char* log_cat_name(log_cat cat);

}  // namespace cmr

// LOGP-like macro: the format arguments are evaluated only when enabled.
#define CMR_LOG(cat, level, ...)                                                      \
  do {                                                                                \
    if (::cmr::log_enabled(::cmr::log_cat::cat, ::cmr::log_level::level))           \
      ::cmr::log_printf(::cmr::log_cat::cat, ::cmr::log_level::level, __FILE__, __LINE__, \
                        __VA_ARGS__);                                                 \
  } while (0)
