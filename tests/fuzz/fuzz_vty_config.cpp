// Fuzz target: the configuration file reader, as cmr-server reads its .cfg:
// libosmovty's reader (vty_read_config_filep) with the daemon's own nodes
// installed the way sigtran/vty_config.cpp installs them (server_nodes():
// cmr, mgmt, sigtran, sip, scp, ip, presence-watcher, presentation-control)
// and their handlers filling the typed configuration. libosmovty's logging
// nodes and libosmo-sigtran's cs7 nodes are not installed: their commands
// open files and sockets ("log file", "listen m3ua"), which a fuzzer must not
// do; such lines are refused as unknown commands here.
//
// Asserts that a file the reader accepts writes back (the nodes' write(), as
// "show running-config" and "write file" do) to text that reads back without
// error and writes the same text again.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "apps/cmr-server/server_nodes.h"
#include "common/log.h"
#include "fuzz_check.h"
#include "sigtran/vty_node.h"

// LeakSanitizer (asan preset, libFuzzer build): one 96-byte talloc block of
// the one-time VTY set-up is never freed (libosmovty keeps its contexts for
// the process lifetime), reported at exit through uninstrumented libtalloc.
extern "C" const char* __lsan_default_suppressions() { return "leak:libtalloc.so\n"; }

namespace {

using cmr::app::running_config;
using cmr::app::server_config;

class text_writer final : public cmr::config::writer {
public:
  std::string text;

private:
  void emit(std::string_view line) override {
    text += line;
    text += '\n';
  }
};

int go_parent(struct vty* vty) {
  vty->node = CONFIG_NODE;
  vty->index = nullptr;
  return 0;
}

const std::vector<cmr::config::node>& nodes() {
  static const std::vector<cmr::config::node> n = [] {
    cmr::set_stderr_log_level(cmr::log_level::fatal);
    static vty_app_info info{};
    info.name = "cmr-fuzz";
    info.version = "0";
    info.tall_ctx = talloc_named_const(nullptr, 0, "fuzz_vty_config");
    info.go_parent_cb = &go_parent;
    vty_init(&info);
    auto list = cmr::app::server_nodes(running_config());
    for (const auto& node : list)
      if (!cmr::sigtran::install_config_node(node)) std::abort();
    return list;
  }();
  return n;
}

// 0 when every line was taken.
int read_text(const std::string& text) {
  running_config() = server_config{};
  (void)cmr::sigtran::take_file_reject_message();
  if (text.empty()) return 0;
  FILE* f = fmemopen(const_cast<char*>(text.data()), text.size(), "r");
  if (f == nullptr) std::abort();
  const int rc = vty_read_config_filep(f, nullptr);
  std::fclose(f);
  return rc;
}

std::string written() {
  text_writer w;
  for (const auto& n : nodes())
    if (n.write) n.write(w);
  return w.text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)nodes();
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (read_text(text) != 0) return 0;
  const std::string once = written();
  const int rc = read_text(once);
  if (rc != 0) std::fprintf(stderr, "written configuration refused (%s):\n%s", cmr::sigtran::take_file_reject_message().c_str(), once.c_str());
  CMR_FUZZ_CHECK(rc == 0);
  const std::string twice = written();
  if (twice != once) std::fprintf(stderr, "written configuration changed:\n%s---\n%s", once.c_str(), twice.c_str());
  CMR_FUZZ_CHECK(twice == once);
  return 0;
}
