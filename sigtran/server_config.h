// The daemon's own configuration (the "cmr" VTY node), as plain C++ so every
// layer can read it without libosmo headers. The VTY commands fill it while
// the .cfg file is read (on the osmo thread); the composition root copies it
// out afterwards. Defaults are DESIGN.md section 11.
#pragma once

#include <cstdint>
#include <string>

namespace cmr {

struct server_config {
  // cmr / database PATH
  std::string database_path = "cmr.db";
  // cmr / database synchronous (normal|full): WAL with NORMAL by default.
  bool database_synchronous_full = false;
  // cmr / snapshot-cache-size N: subscriber snapshots kept in memory.
  std::uint64_t snapshot_cache_size = 200000;
  // cmr / io-threads N: threads running the Boost.Asio io_context.
  unsigned io_threads = 2;
  // cmr / demo-catalogue: seed the demo catalogue into an empty store.
  bool demo_catalogue = false;
  // cmr / system-default (cmrbt|cmrt) RESOURCE_ID; empty: none configured.
  std::string system_default_cmrbt;
  std::string system_default_cmrt;
};

}  // namespace cmr
