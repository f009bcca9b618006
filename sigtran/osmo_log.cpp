#include "sigtran/osmo_log.h"

#include <cstddef>
#include <vector>

#include "sigtran/log.h"
#include "sigtran/osmo_headers.h"

namespace cmr::sigtran {
namespace {

// One libosmocore category per registered cmr::log_category, same index, same
// name, so the stderr fallback and libosmocore print the same names.
std::vector<log_info_cat> g_cats;
log_info g_info{};

bool osmo_enabled(int cat, log_level level) {
  return log_check_level(cat, static_cast<unsigned>(level)) != 0;
}

void osmo_write(int cat, log_level level, const char* file, int line, std::string_view msg) {
  logp2(cat, static_cast<unsigned>(level), file, line, 0, "%.*s\n", static_cast<int>(msg.size()),
        msg.data());
}

}  // namespace

void init_osmo_logging(void* talloc_ctx) {
  const auto cats = log_categories();
  g_cats.assign(cats.size(), log_info_cat{});
  for (std::size_t i = 0; i < cats.size(); ++i) {
    g_cats[i] = log_info_cat{
        .name = cats[i]->name(),
        .color = cats[i]->color(),
        .description = cats[i]->description(),
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

bool reopen_log_targets() { return log_targets_reopen() == 0; }

}  // namespace cmr::sigtran
