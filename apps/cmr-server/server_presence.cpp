// --- presence watcher ----------------------------------------------------------
// sip/presence: SUBSCRIBEs at the configured presence server for every
// subscriber whose rules use presence or location. The watch list is read
// through its own store reader connection (on the watcher's thread, never
// the writer); the mapped state goes through the management layer's
// group-commit writer, the write path of CMR-7 PresenceUpdate and
// LocationUpdate, whose COMMIT invalidates the cached snapshot.
#include <memory>

#include "apps/cmr-server/server.h"
#include "common/log.h"
#include "mgmt/log.h"
#include "sip/presence/presence_service.h"
#include "store/presence_watch_query.h"

namespace cmr::app {

namespace {

class store_watch_list final : public sip::presence::watch_list {
public:
  explicit store_watch_list(std::unique_ptr<store::store> reader)
      : reader_(std::move(reader)), query_(reader_->connection()) {}
  std::optional<std::vector<std::string>> watched() override {
    auto ids = query_.subscribers();
    if (!ids) {
      CMR_LOG(mgmt, error, "presence watch list: %s", ids.error().message.c_str());
      return std::nullopt;
    }
    return std::move(*ids);
  }

private:
  std::unique_ptr<store::store> reader_;
  store::presence_watch_query query_;
};

class writer_sink final : public sip::presence::presence_sink {
public:
  explicit writer_sink(const mgmt::dispatcher& d) : d_(d) {}
  bool apply(const std::string& subscriber, const sip::presence::mapped_state& s) override {
    return d_.update_presence_location(subscriber, s.presence, s.location);
  }

private:
  const mgmt::dispatcher& d_;
};

}  // namespace

struct presence_runtime {
  std::unique_ptr<store_watch_list> list;
  std::unique_ptr<writer_sink> sink;
  std::unique_ptr<sip::presence::presence_service> service;
  ~presence_runtime() {
    if (service) service->stop();  // before the list and sink it calls
  }
};

void presence_runtime_deleter::operator()(presence_runtime* p) const { delete p; }

result<void, std::string> server::start_presence() {
  const auto& cfg = config_.presence;
  if (!cfg.has_server) return ok;  // no "server": not started
  if (cfg.service.watcher.domain.empty())
    return unexpected{std::string("presence-watcher: a domain is needed (presentity sip:<id>@<domain>)")};
  auto reader = store::store::open_reader(config_.store.open.path);
  if (!reader) return unexpected{"presence store reader: " + reader.error().message};
  std::unique_ptr<presence_runtime, presence_runtime_deleter> rt(new presence_runtime);
  rt->list = std::make_unique<store_watch_list>(std::move(*reader));
  rt->sink = std::make_unique<writer_sink>(*mgmt_);
  rt->service = std::make_unique<sip::presence::presence_service>(cfg.service, *rt->list, *rt->sink);
  if (auto st = rt->service->start(); !st) return st;
  CMR_LOG(main, notice, "presence watcher listening on %s",
          rt->service->local_endpoint().to_string().c_str());
  status_.presence.set([svc = rt->service.get()] { return svc->status_text(); });
  presence_ = std::move(rt);
  return ok;
}
// --- end presence watcher --------------------------------------------------------

}  // namespace cmr::app
