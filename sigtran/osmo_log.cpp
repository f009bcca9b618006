#include "sigtran/osmo_log.h"

#include <array>
#include <cstddef>

#include "sigtran/osmo_headers.h"
#include "store/log.h"

namespace cmr::sigtran {
namespace {

constexpr auto cat_count = static_cast<std::size_t>(log_cat::count_);

struct cat_text {
  const char* color;
  const char* description;
};

// Indexed by cmr::log_cat; the names come from cmr::log_cat_name so the
// stderr fallback and libosmocore print the same category names.
constexpr std::array<cat_text, cat_count> cat_texts = {{
    {"\033[1;37m", "Main program: start-up, configuration, shutdown"},
    {"\033[1;36m", "SQLite store, schema migrations and repositories"},
    {"\033[0;36m", "Ringing decision engine"},
    {"\033[1;34m", "SIGTRAN: osmo thread, SS7 instance, SCCP user"},
    {"\033[0;34m", "TCAP dialogues"},
    {"\033[1;32m", "CAP and INAP operations"},
    {"\033[0;32m", "SCP service logic"},
    {"\033[1;33m", "Intelligent peripheral (gsmSRF)"},
    {"\033[1;35m", "SIP stack and application server"},
    {"\033[0;35m", "Media resources, RTP player, HTTP content"},
    {"\033[0;33m", "Management interfaces CMR-1/5/6/7"},
    {"\033[1;31m", "gsmSSF / MSC emulator (cmr-ssf)"},
}};

std::array<log_info_cat, cat_count> g_cats{};
log_info g_info{};

bool osmo_enabled(log_cat cat, log_level level) {
  return log_check_level(static_cast<int>(cat), static_cast<unsigned>(level)) != 0;
}

void osmo_write(log_cat cat, log_level level, const char* file, int line, std::string_view msg) {
  logp2(static_cast<int>(cat), static_cast<unsigned>(level), file, line, 0, "%.*s\n",
        static_cast<int>(msg.size()), msg.data());
}

}  // namespace

void init_osmo_logging(void* talloc_ctx) {
  for (std::size_t i = 0; i < cat_count; ++i) {
    g_cats[i] = log_info_cat{
        .name = log_cat_name(static_cast<log_cat>(i)),
        .color = cat_texts[i].color,
        .description = cat_texts[i].description,
        .loglevel = LOGL_NOTICE,  // quiet by default; "logging level ..." raises it
        .enabled = 1,
    };
  }
  g_info.cat = g_cats.data();
  g_info.num_cat = static_cast<unsigned>(g_cats.size());

  osmo_init_logging2(talloc_ctx, &g_info);
  // Asio threads log too: make libosmocore lock its target list and output.
  log_enable_multithread();
  set_log_backend(log_backend{osmo_enabled, osmo_write});
}

}  // namespace cmr::sigtran
