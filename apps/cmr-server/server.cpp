#include "apps/cmr-server/server.h"

#include <boost/asio/post.hpp>
#include <csignal>
#include <cerrno>
#include <cstring>
#include <exception>
#include <optional>

#include "apps/cmr-server/ip_runtime.h"
#include "apps/cmr-server/open_store.h"
#include "apps/cmr-server/scp_runtime.h"
#include "cmr/version.h"
#include "common/log.h"
#include "mgmt/log.h"
#include "sigtran/counter_mirror.h"
#include "sigtran/ctrl_interface.h"
#include "sigtran/osmo_runtime.h"
#include "sigtran/ss7_stack.h"
#include "sip/log.h"

namespace cmr::app {

server::server(server_options options)
    : options_(std::move(options)),
      signals_(io_, SIGINT, SIGTERM),
      bridge_(io_),
      status_(status()) {}

server::~server() {
  shutdown();
}

namespace {

sigtran::osmo_runtime_options osmo_options(const server_options& options, status_slots& status) {
  sigtran::osmo_runtime_options osmo;
  osmo.app = {"cmr-server", k_version,
              "Customized Multimedia Ringing server\r\nLicense: see the project README\r\n"};
  osmo.config_file = options.config_file;
  osmo.nodes = server_nodes(running_config());
  osmo.shows = server_show_commands(status);
  return osmo;
}

}  // namespace

int server::dump_vty_reference(std::FILE* out) {
  bridge_.start();
  auto osmo = osmo_options(options_, status_);
  auto dumped = bridge_.call_on_osmo([&osmo, out] { return sigtran::dump_vty_reference(osmo, out); });
  std::fflush(out);
  if (!dumped) {
    std::fprintf(stderr, "cmr-server: %s\n", dumped.error().c_str());
    return 1;
  }
  return 0;
}

result<void, std::string> server::start() {
  bridge_.start();
  auto osmo = osmo_options(options_, status_);
  auto runtime = bridge_.call_on_osmo(
      [this, &osmo]() -> result<std::optional<sigtran::ctrl_listen_address>, std::string> {
        auto r = sigtran::start_osmo_runtime(osmo);
        if (!r) return unexpected{r.error()};
        // The VTY edits the running configuration on this thread: copy it here.
        config_ = running_config();
        // CTRL once the file said where ("ctrl" node; sigtran/ctrl_interface.h).
        return sigtran::start_ctrl_interface(
            {config_.ctrl, sigtran::k_default_ctrl_port, std::string(k_version)});
      });
  if (!runtime) return unexpected{runtime.error()};
  if (const auto& ctrl = *runtime)
    CMR_LOG(main, notice, "CTRL interface listening on %s:%u", ctrl->host.c_str(),
            static_cast<unsigned>(ctrl->port));
  // SIGTRAN: SCCP users on the cs7 instance (sigtran/ss7_stack.h).
  if (auto s = start_sigtran(); !s) return s;

  // An "ip" node alone (no mgmt, sip, scp node): just the intelligent
  // peripheral runs (docs/configuration.md, "ip"). It only reads renditions
  // through its own reader connection (the writer lock stays with the SCP
  // server sharing the store).
  if (!config_.ip_alone()) {
    auto opened = open_store(config_.store);
    if (!opened) return unexpected{opened.error()};
    store_ = std::move(*opened);
    if (auto d = start_decisions(); !d) return d;
    if (auto m = start_mgmt(); !m) return m;
    if (auto sp = start_sip(); !sp) return sp;
    if (auto sc = start_scp(); !sc) return sc;
    if (auto pr = start_presence(); !pr) return pr;
  }
  if (auto i = start_ip(); !i) return i;
  // Every layer's counter group is in libosmocore ("show rate-counters")
  // from now on, not only after the mirror's next round.
  bridge_.call_on_osmo([this] {
    sigtran::sync_counter_mirror();
    // CTRL: the link states cmr.sigtran.* reads, the restart-only settings.
    if (ss7_) sigtran::set_ctrl_link_table(&ss7_->links());
    add_ctrl_settings(config_);
  });

  CMR_LOG(main, notice, "cmr-server %s started (%u io threads)", k_version, config_.io_threads);
  return ok;
}

result<void, std::string> server::start_mgmt() {
  mgmt::http_options o = config_.mgmt.http;
  url_signer_ = std::make_unique<media::url_signer>(config_.mgmt.download_secret);
  content_ = std::make_unique<media::content_service>(*store_, config_.mgmt.content);
  downloads_ = std::make_unique<media::download_service>(*store_, *url_signer_, clock_);
  o.handlers.remove_content = [content = content_.get()](std::string_view id) {
    if (auto r = content->remove_content(id); !r)
      CMR_LOG(mgmt, error, "content of %.*s not removed: %s", static_cast<int>(id.size()),
              id.data(), r.error().message.c_str());
  };
  // ResourceInfo/ContentURL: relative to the management server unless
  // "sip / content-url-base" is set; valid for "sip / url-lifetime".
  o.handlers.content_url = [this,
                            base = config_.sip.content_url_base.empty()
                                       ? std::string("/cmr/1/content/")
                                       : config_.sip.content_url_base,
                            lifetime = std::chrono::seconds(config_.sip.url_lifetime_s)](
                               store::store& db, std::string_view id) -> std::string {
    if (!db.contents().get(id, "original")) return {};
    const auto exp = std::chrono::time_point_cast<std::chrono::seconds>(
        std::chrono::system_clock::now() + lifetime);
    return url_signer_->make_url(base, id, exp);
  };
  o.handlers.presentation_defaults = config_.presentation.system;
  mgmt::dispatcher_options dopt = config_.mgmt.dispatch;
  // Answers are encoded on the io threads, not on the writer.
  dopt.writer.complete_on = [this](std::function<void()> f) {
    boost::asio::post(io_, std::move(f));
  };
  try {
    mgmt_ =
        std::make_unique<mgmt::dispatcher>(*store_, clock_, o.tokens, o.handlers, std::move(dopt));
  } catch (const std::exception& e) {
    return unexpected{std::string(e.what())};
  }
  copies_.attach(mgmt_.get());
  status_.ringback.set([this] { return ringback_status_text(config_.presentation, copies_); });
  mgmt_http_ = std::make_unique<mgmt::http_server>(
      io_, *mgmt_, o, mgmt::content_services{content_.get(), downloads_.get()});
  auto port = mgmt_http_->start();
  if (!port) return unexpected{port.error()};
  return ok;
}

// The one decision engine CS and SIP ask. The system default of a service is
// the configuration's "system-default" when set (the operator's word at
// start-up), else the stored SystemSetting. A configured resource that does
// not exist (yet) is logged, not fatal: the decision skips it like any
// unknown resource, and it may be created later over CMR-5.
result<void, std::string> server::start_decisions() {
  store::system_defaults defaults;
  for (const auto svc : {store::service::cmrbt, store::service::cmrt}) {
    const bool bt = svc == store::service::cmrbt;
    std::string id = config_.store.system_default.for_service(svc);
    if (id.empty()) {
      auto stored = store_->settings().system_default_resource(svc);
      if (!stored) return unexpected{"system default: " + stored.error().message};
      id = *stored;
    } else if (store_->resource_catalogue().find_resource(id) == nullptr) {
      CMR_LOG(main, error, "system-default %s %s: no such resource", bt ? "cmrbt" : "cmrt",
              id.c_str());
    }
    (bt ? defaults.cmrbt : defaults.cmrt) = std::move(id);
  }
  // Owners without CMR-6 PresentationControl: the "presentation-control" node's.
  defaults.controls = config_.presentation.system;
  defaults.controls.from_subscriber = false;
  decisions_ = std::make_unique<store::decision_engine>(
      store_->snapshots(), store_->resource_catalogue(), clock_, rotation_, std::move(defaults));
  // A call whose owner is not in memory waits for the store's threads, not
  // the strand or thread that serves every other call.
  decisions_->set_loader(&store_->snapshot_loader());
  status_.decision.set([engine = decisions_.get()](std::string_view owner, store::service svc,
                                                   std::string_view other) {
    return engine->decide(owner, svc, other, store::media_set::cs()).explain();
  });
  return ok;
}

// --- SIP ---------------------------------------------------------------------
// The CMR application server (sip/as): a B2BUA toward the configured next
// hop, asking the same decision engine as the CS side through the same
// decision port. It reads renditions through its own reader connection, on
// its own thread.
result<void, std::string> server::start_sip() {
  if (!config_.sip.has_next_hop) return ok;  // no "next-hop": SIP not started
  auto reader = store::store::open_reader(config_.store.open.path);
  if (!reader) return unexpected{"sip store reader: " + reader.error().message};
  sip_store_ = std::move(*reader);
  std::string base = config_.sip.content_url_base;
  if (base.empty()) {
    // With "mgmt / bind ... 0" set content-url-base: the chosen port is not known here.
    base = "http://" + config_.mgmt.http.address + ":" + std::to_string(config_.mgmt.http.port) +
           "/cmr/1/content/";
  }
  const auto lifetime = std::chrono::seconds(config_.sip.url_lifetime_s);
  sip_content_ = std::make_unique<sip::as::callback_content_source>(
      [this](const std::string& id,
             media::g711_law law) -> std::shared_ptr<const media::playout_rendition> {
        auto r = media::playout_rendition::load(sip_store_->contents(), id, law);
        if (!r) return nullptr;
        return std::make_shared<const media::playout_rendition>(std::move(*r));
      },
      [this, base, lifetime](const std::string& id) {
        const auto exp = std::chrono::time_point_cast<std::chrono::seconds>(
            std::chrono::system_clock::now() + lifetime);
        return url_signer_->make_url(base, id, exp);
      });
  // The decision port: an owner not in memory is loaded on the store's
  // threads and the call waits in DECIDING (sip/as/call_state.h); the SIP
  // thread goes on. The media set stays what the mode can carry (all types
  // for HTTP mode, audio for the RTP modes), not cs().
  sip_records_ =
      std::make_unique<cdr::charging_writer>(config_.sip.charging_records, log_sip);
  if (!sip_records_->ok())
    return unexpected{"sip charging-records " + config_.sip.charging_records + ": " +
                      std::strerror(errno)};
  sip_ = std::make_unique<sip::as::application_server>(config_.sip.server, decisions_.get(),
                                                       *sip_content_, sip_records_.get());
  // On-line copy and presentation control on the SIP modes (docs/sip.md).
  sip_->set_ringback(&copy_port(), &presentation());
  if (auto st = sip_->start(); !st) return st;
  CMR_LOG(main, notice, "SIP application server listening on UDP and TCP port %u",
          sip_->udp_endpoint().port);
  status_.sip.set([sip = sip_.get()] { return sip->status_text(); });
  return ok;
}
// --- end SIP -----------------------------------------------------------------

// --- SIGTRAN ---------------------------------------------------------------
// The SS7 stack of the "cs7 instance" and "sigtran" nodes: client ASPs (e.g.
// towards osmo-stp) and/or the stand-alone IPA listener, one SCCP user per
// configured SSN. in/tcap attaches its receivers with
// ss7_->attach(ssn, strand, handler) and sends through the returned service.
result<void, std::string> server::start_sigtran() {
  auto options = sigtran::ss7_stack_options::from(config_.sigtran);
  options.status = &status_.sigtran;  // "show cmr sigtran"
  ss7_ = std::make_unique<sigtran::ss7_stack>(bridge_, std::move(options));
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
  status_.decision.clear();
  status_.ip.clear();
  ip_.reset();  // CS delivery: its calls and dialogues end first
  status_.scp.clear();
  scp_.reset();
  status_.presence.clear();
  presence_.reset();  // its unsubscribes go out; before the write path it uses
  status_.sip.clear();
  sip_.reset();  // SIP: calls end, its thread joins, before the engine and store go
  sip_content_.reset();
  sip_store_.reset();
  mgmt_http_.reset();
  status_.ringback.clear();
  copies_.attach(nullptr);
  mgmt_.reset();
  downloads_.reset();
  content_.reset();
  // Loads still running call back into the engine: they end first.
  if (store_) store_->snapshot_loader().stop();
  decisions_.reset();
  store_.reset();
}

}  // namespace cmr::app
