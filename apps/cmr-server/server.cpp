#include "apps/cmr-server/server.h"

#include <boost/asio/post.hpp>
#include <csignal>
#include <exception>

#include "apps/cmr-server/ip_runtime.h"
#include "apps/cmr-server/open_store.h"
#include "apps/cmr-server/scp_runtime.h"
#include "cmr/version.h"
#include "sigtran/decision_query.h"
#include "sigtran/sip_status.h"
#include "sigtran/osmo_runtime.h"
#include "sigtran/ss7_stack.h"
#include "common/log.h"
#include "mgmt/log.h"

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
  // An "ip" node alone (no mgmt, sip, scp node): just the intelligent
  // peripheral runs (docs/configuration.md, "ip").
  const auto ip = bridge_.call_on_osmo([] { return ip_node_presence(); });
  if (ip.entered) config_.ip.configured = true;
  // SIGTRAN: SCCP users on the cs7 instance (sigtran/ss7_stack.h).
  if (auto s = start_sigtran(); !s) return s;

  // Alone, the IP only reads renditions through its own reader connection
  // (the writer lock stays with the SCP server sharing the store).
  if (!ip.alone) {
    auto opened = open_store(config_);
    if (!opened) return unexpected{opened.error()};
    store_ = std::move(*opened);
    if (auto d = start_decisions(); !d) return d;
    if (auto m = start_mgmt(); !m) return m;
    if (auto sp = start_sip(); !sp) return sp;
    if (auto sc = start_scp(); !sc) return sc;
  }
  if (auto i = start_ip(); !i) return i;

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
  o.header_timeout_s = config_.mgmt_header_timeout_s;
  o.max_connections = config_.mgmt_max_connections;
  o.max_connections_per_address = config_.mgmt_max_connections_per_address;
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
  cc.limits.audio = config_.mgmt_content_limit_audio;
  cc.limits.video = config_.mgmt_content_limit_video;
  cc.limits.image = config_.mgmt_content_limit_image;
  cc.limits.text = config_.mgmt_content_limit_text;
  cc.limits.vcard = config_.mgmt_content_limit_vcard;
  cc.limits.max_audio_seconds = config_.mgmt_content_max_audio_seconds;
  content_ = std::make_unique<media::content_service>(*store_, cc);
  downloads_ = std::make_unique<media::download_service>(*store_, *url_signer_, clock_);
  o.handlers.remove_content = [content = content_.get()](std::string_view id) {
    if (auto r = content->remove_content(id); !r)
      CMR_LOG(mgmt, error, "content of %.*s not removed: %s", static_cast<int>(id.size()), id.data(),
              r.error().message.c_str());
  };
  // ResourceInfo/ContentURL: relative to the management server unless
  // "sip / content-url-base" is set; valid for "sip / url-lifetime".
  o.handlers.content_url = [this, base = config_.sip_content_url_base.empty()
                                             ? std::string("/cmr/1/content/")
                                             : config_.sip_content_url_base,
                            lifetime = std::chrono::seconds(config_.sip_url_lifetime_s)](
                               store::store& db, std::string_view id) -> std::string {
    if (!db.contents().get(id, "original")) return {};
    const auto exp = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now() + lifetime);
    return url_signer_->make_url(base, id, exp);
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

// The one decision engine CS and SIP ask. The system default of a service is
// the configuration's "system-default" when set (the operator's word at
// start-up), else the stored SystemSetting. A configured resource that does
// not exist (yet) is logged, not fatal: the decision skips it like any
// unknown resource, and it may be created later over CMR-5.
result<void, std::string> server::start_decisions() {
  store::system_defaults defaults;
  for (const auto svc : {store::service::cmrbt, store::service::cmrt}) {
    const bool bt = svc == store::service::cmrbt;
    std::string id = bt ? config_.system_default_cmrbt : config_.system_default_cmrt;
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
  decisions_ = std::make_unique<store::decision_engine>(
      store_->snapshots(), store_->resource_catalogue(), clock_, rotation_, std::move(defaults));
  // A call whose owner is not in memory waits for the store's threads, not
  // the strand or thread that serves every other call.
  decisions_->set_loader(&store_->snapshot_loader());
  sigtran::set_decision_query([engine = decisions_.get()](std::string_view owner,
                                                          std::string_view svc,
                                                          std::string_view other) {
    const auto d = engine->decide(owner, svc == "cmrt" ? store::service::cmrt : store::service::cmrbt,
                                  other, store::media_set::cs());
    return d.explain();
  });
  return ok;
}

// --- SIP ---------------------------------------------------------------------
// The CMR application server (sip/as): a B2BUA toward the configured next
// hop, asking the same decision engine as the CS side. It reads renditions
// through its own reader connection, on its own thread.
namespace {
template <typename E>
E parse_enum(const std::string& s, std::initializer_list<std::pair<const char*, E>> table, E dflt) {
  for (const auto& [name, value] : table)
    if (s == name) return value;
  return dflt;
}
}  // namespace

result<void, std::string> server::start_sip() {
  if (config_.sip_next_hop_address.empty()) return ok;  // no "next-hop": SIP not started
  using sip::as::delivery_mode;
  using sip::as::identity_source;
  sip::as::server_options o;
  o.address = config_.sip_address;
  o.port = config_.sip_port;
  o.rtp = {config_.sip_rtp_first, config_.sip_rtp_last};
  boost::system::error_code ec;
  o.as.next_hop = {boost::asio::ip::make_address(config_.sip_next_hop_address, ec),
                   config_.sip_next_hop_port,
                   config_.sip_next_hop_tcp ? sip::transport_kind::tcp : sip::transport_kind::udp};
  if (ec) return unexpected{"sip next-hop: " + ec.message()};
  o.as.media_address = boost::asio::ip::make_address(config_.sip_media_address, ec);
  if (ec) return unexpected{"sip media-address: " + ec.message()};
  const std::initializer_list<std::pair<const char*, delivery_mode>> modes = {
      {"http", delivery_mode::http},
      {"application-server", delivery_mode::application_server},
      {"gateway", delivery_mode::gateway},
      {"off", delivery_mode::off}};
  o.as.cmrbt_mode = parse_enum(config_.sip_cmrbt_mode, modes, delivery_mode::http);
  o.as.cmrt_mode = parse_enum(config_.sip_cmrt_mode, modes, delivery_mode::http);
  const std::initializer_list<std::pair<const char*, identity_source>> ids = {
      {"request-uri", identity_source::request_uri},
      {"to", identity_source::to},
      {"p-asserted-identity", identity_source::p_asserted_identity},
      {"from", identity_source::from}};
  o.as.owner = parse_enum(config_.sip_owner, ids, identity_source::request_uri);
  o.as.other_party = parse_enum(config_.sip_other_party, ids, identity_source::p_asserted_identity);
  o.as.ring_timeout = std::chrono::seconds(config_.sip_ring_timeout_s);
  o.as.max_call_duration = std::chrono::seconds(config_.sip_max_call_s);

  auto reader = store::store::open_reader(config_.database_path);
  if (!reader) return unexpected{"sip store reader: " + reader.error().message};
  sip_store_ = std::move(*reader);
  std::string base = config_.sip_content_url_base;
  if (base.empty()) {
    // With "mgmt / bind ... 0" set content-url-base: the chosen port is not known here.
    base = "http://" + config_.mgmt_address + ":" + std::to_string(config_.mgmt_port) +
           "/cmr/1/content/";
  }
  const auto lifetime = std::chrono::seconds(config_.sip_url_lifetime_s);
  sip_resources_ = std::make_unique<sip::as::callback_resource_source>(
      [this](std::string_view owner, store::service svc, std::string_view other,
             store::media_set caps) -> std::optional<std::string> {
        const auto d = decisions_->decide(owner, svc, other, caps);
        if (!d.resource) return std::nullopt;
        return d.resource->id;
      },
      [this](const std::string& id, media::g711_law law)
          -> std::shared_ptr<const media::playout_rendition> {
        auto r = media::playout_rendition::load(sip_store_->contents(), id, law);
        if (!r) return nullptr;
        return std::make_shared<const media::playout_rendition>(std::move(*r));
      },
      [this, base, lifetime](const std::string& id) {
        const auto exp = std::chrono::time_point_cast<std::chrono::seconds>(
            std::chrono::system_clock::now() + lifetime);
        return url_signer_->make_url(base, id, exp);
      });
  sip_ = std::make_unique<sip::as::application_server>(std::move(o), *sip_resources_);
  if (auto st = sip_->start(); !st) return st;
  CMR_LOG(main, notice, "SIP application server listening on UDP and TCP port %u",
          sip_->udp_endpoint().port);
  sigtran::set_sip_status_query([sip = sip_.get()] { return sip->status_text(); });
  return ok;
}
// --- end SIP -----------------------------------------------------------------

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
  sigtran::set_decision_query({});
  ip_.reset();   // CS delivery: its calls and dialogues end first
  scp_.reset();
  sigtran::set_sip_status_query({});
  sip_.reset();  // SIP: calls end, its thread joins, before the engine and store go
  sip_resources_.reset();
  sip_store_.reset();
  mgmt_http_.reset();
  mgmt_.reset();
  downloads_.reset();
  content_.reset();
  // Loads still running call back into the engine: they end first.
  if (store_) store_->snapshot_loader().stop();
  decisions_.reset();
  store_.reset();
}

}  // namespace cmr::app
