#include "apps/cmr-server/server.h"

#include <boost/asio/post.hpp>
#include <csignal>
#include <exception>

#include "apps/cmr-server/open_store.h"
#include "cmr/version.h"
#include "sigtran/osmo_runtime.h"
#include "sigtran/ss7_stack.h"
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
  // SIGTRAN: SCCP users on the cs7 instance (sigtran/ss7_stack.h).
  if (auto s = start_sigtran(); !s) return s;

  auto opened = open_store(config_);
  if (!opened) return unexpected{opened.error()};
  store_ = std::move(*opened);
  if (auto m = start_mgmt(); !m) return m;

  CMR_LOG(main, notice, "cmr-server %s started (%u io threads)", k_version, config_.io_threads);
  return ok;
}

result<void, std::string> server::start_mgmt() {
  mgmt::http_options o;
  o.address = config_.mgmt_address;
  o.port = config_.mgmt_port;
  o.max_body = config_.mgmt_max_body;
  o.max_header = config_.mgmt_max_header;
  o.read_timeout_s = config_.mgmt_read_timeout_s;
  o.max_connections = config_.mgmt_max_connections;
  o.upload_workers = config_.mgmt_upload_workers;
  o.handlers.password_iterations = config_.mgmt_password_iterations;
  o.handlers.session_lifetime_s = config_.mgmt_session_lifetime_s;
  for (const auto& t : config_.mgmt_tokens) {
    mgmt::access_token a;
    a.secret = t.secret;
    a.who = t.role == "provider" ? mgmt::role_provider
            : t.role == "application" ? mgmt::role_application
                                      : mgmt::role_portal;
    a.provider_id = t.provider_id;
    o.tokens.push_back(std::move(a));
  }
  url_signer_ = std::make_unique<media::url_signer>(config_.mgmt_download_secret);
  media::content_config cc;
  cc.root = config_.mgmt_content_directory;
  content_ = std::make_unique<media::content_service>(*store_, cc);
  downloads_ = std::make_unique<media::download_service>(*store_, *url_signer_, clock_);
  o.handlers.remove_content = [content = content_.get()](std::string_view id) {
    if (auto r = content->remove_content(id); !r)
      CMR_LOG(mgmt, error, "content of %.*s not removed: %s", static_cast<int>(id.size()), id.data(),
              r.error().message.c_str());
  };
  mgmt::dispatcher_options dopt;
  dopt.readers = config_.mgmt_readers;
  dopt.writer.max_batch = config_.mgmt_write_batch;
  dopt.writer.max_queue = config_.mgmt_write_queue;
  // Answers are encoded on the io threads, not on the writer.
  dopt.writer.complete_on = [this](std::function<void()> f) { boost::asio::post(io_, std::move(f)); };
  try {
    mgmt_ = std::make_unique<mgmt::dispatcher>(*store_, clock_, o.tokens, o.handlers, std::move(dopt));
  } catch (const std::exception& e) {
    return unexpected{std::string(e.what())};
  }
  mgmt_http_ = std::make_unique<mgmt::http_server>(io_, *mgmt_, o,
                                                   mgmt::content_services{content_.get(), downloads_.get()});
  auto port = mgmt_http_->start();
  if (!port) return unexpected{port.error()};
  return ok;
}

// --- SIGTRAN ---------------------------------------------------------------
// The SS7 stack of the "cs7 instance" and "sigtran" nodes: client ASPs (e.g.
// towards osmo-stp) and/or the stand-alone IPA listener, one SCCP user per
// configured SSN. in/tcap attaches its receivers with
// ss7_->attach(ssn, strand, handler) and sends through the returned service.
result<void, std::string> server::start_sigtran() {
  ss7_ = std::make_unique<sigtran::ss7_stack>(bridge_, sigtran::ss7_stack_options::from(config_));
  return ss7_->start();
}
// --- end SIGTRAN -----------------------------------------------------------

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
  if (ss7_) ss7_->stop();  // SIGTRAN: unbind the SCCP users while the osmo thread runs
  bridge_.stop();
  // No io thread runs any more: the HTTP server and the dispatcher go, then
  // the store they used.
  mgmt_http_.reset();
  mgmt_.reset();
  downloads_.reset();
  content_.reset();
  store_.reset();
}

}  // namespace cmr::app
