// cmr-server: the CMR service node daemon. Everything beyond option parsing
// lives in server (the composition root).
#include <getopt.h>

#include <csignal>
#include <cstdio>
#include <exception>

#include "apps/cmr-server/server.h"
#include "cmr/version.h"

namespace {

void print_help(std::FILE* out) {
  std::fprintf(out,
               "Usage: cmr-server [OPTIONS]\n"
               "Customized Multimedia Ringing server (CS: CAP/INAP over SIGTRAN; SIP).\n\n"
               "  -c, --config-file FILE  Osmocom VTY configuration file (default: cmr-server.cfg)\n"
               "  -V, --version           Print the version and exit\n"
               "      --vty-ref-xml       Write the XML reference of every VTY node and command\n"
               "                          to stdout and exit (as every Osmocom program)\n"
               "  -h, --help              Print this help and exit\n\n"
               "Runs in the foreground; SIGTERM or SIGINT stop it cleanly.\n");
}

}  // namespace

int main(int argc, char** argv) {
  cmr::app::server_options options;
  bool vty_reference = false;
  static const option long_options[] = {
      {"config-file", required_argument, nullptr, 'c'},
      {"version", no_argument, nullptr, 'V'},
      {"help", no_argument, nullptr, 'h'},
      {"vty-ref-xml", no_argument, nullptr, 'X'},
      {nullptr, 0, nullptr, 0},
  };
  for (;;) {
    const int opt = getopt_long(argc, argv, "c:Vh", long_options, nullptr);
    if (opt == -1) break;
    switch (opt) {
      case 'c':
        options.config_file = optarg;
        break;
      case 'V':
        std::printf("cmr-server %s\n", cmr::k_version);
        return 0;
      case 'h':
        print_help(stdout);
        return 0;
      case 'X':
        vty_reference = true;
        break;
      default:
        print_help(stderr);
        return 2;
    }
  }
  if (optind < argc) {
    std::fprintf(stderr, "cmr-server: unexpected argument '%s'\n", argv[optind]);
    return 2;
  }

  // A VTY client closing its socket mid-write must not kill the daemon.
  std::signal(SIGPIPE, SIG_IGN);
  try {
    cmr::app::server srv(options);
    if (vty_reference) return srv.dump_vty_reference(stdout);
    if (auto started = srv.start(); !started) {
      std::fprintf(stderr, "cmr-server: %s\n", started.error().c_str());
      return 1;
    }
    return srv.run();
  } catch (const std::exception& e) {  // start-up failures only (threads, sockets)
    std::fprintf(stderr, "cmr-server: %s\n", e.what());
    return 1;
  }
}
