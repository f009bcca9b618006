#include "apps/cmr-server/server.h"

#include <csignal>
#include <exception>

#include "apps/cmr-server/open_store.h"
#include "cmr/version.h"
#include "sigtran/osmo_runtime.h"
#include "store/log.h"

namespace cmr::app {

server::server(server_options options)
    : options_(std::move(options)), signals_(io_, SIGINT, SIGTERM), bridge_(io_) {}

server::~server() { shutdown(); }

result<void, std::string> server::start() {
  bridge_.start();
  sigtran::osmo_runtime_options osmo;
  osmo.app = {"cmr-server", k_version,
              "Customized Multimedia Ringing server\r\nLicense: see the project README\r\n"};
  osmo.config_file = options_.config_file;
  auto runtime = bridge_.call_on_osmo([&osmo] { return sigtran::start_osmo_runtime(osmo); });
  if (!runtime) return unexpected{runtime.error()};
  config_ = runtime->config;

  auto opened = open_store(config_);
  if (!opened) return unexpected{opened.error()};
  store_ = std::move(*opened);

  CMR_LOG(main, notice, "cmr-server %s started (%u io threads)", k_version, config_.io_threads);
  return ok;
}

int server::run() {
  signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    CMR_LOG(main, notice, "signal %d: shutting down", signo);
    io_.stop();
  });
  // The io threads start only now, after start-up, so nothing runs on Asio
  // before the configuration is known.
  for (unsigned i = 0; i < config_.io_threads; ++i) io_threads_.emplace_back([this] { io_.run(); });
  for (auto& t : io_threads_) t.join();
  io_threads_.clear();
  shutdown();
  CMR_LOG(main, notice, "cmr-server stopped");
  return 0;
}

void server::shutdown() {
  io_.stop();
  for (auto& t : io_threads_) t.join();
  io_threads_.clear();
  // libosmo work may still post to Asio until here, harmlessly dropped.
  bridge_.stop();
  // Nothing runs any more that could use the store.
  store_.reset();
}

}  // namespace cmr::app
