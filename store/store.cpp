#include "store/store.h"

#include "store/log.h"
#include "store/schema.h"

namespace cmr::store {

store_result<std::unique_ptr<store>> store::open(const open_options& opt) {
  db_options dbo;
  dbo.synchronous_full = opt.synchronous_full;
  dbo.known_schema_version = k_schema_version;
  auto conn = db::open(opt.path, dbo);
  if (!conn) return cmr::unexpected<error>{conn.error()};
  std::unique_ptr<store> s(new store());
  s->db_ = std::move(*conn);
  if (auto r = ensure_schema(*s->db_); !r) {
    CMR_LOG(store, error, "%s", r.error().message.c_str());
    return cmr::unexpected<error>{r.error()};
  }
  auto pool = read_pool::open(opt.path, opt.read_connections);
  if (!pool) return cmr::unexpected<error>{pool.error()};
  s->readers_ = std::move(*pool);
  s->snapshot_cache_ = std::make_unique<snapshot_cache>(*s->readers_, opt.snapshot_cache_capacity);
  s->resource_cache_ = std::make_unique<resource_cache>(*s->readers_, opt.resource_cache_capacity);
  // One loader thread per reader connection: a miss never waits for a
  // reader held by another miss's thread.
  s->snapshot_loader_ = std::make_unique<async_loader>(*s->snapshot_cache_, opt.read_connections);

  s->make_repositories();
  db& w = *s->db_;
  if (!w.prepare_errors().empty()) return cmr::unexpected<error>{w.prepare_errors().front()};
  w.set_listener(s.get());
  CMR_LOG(store, notice, "opened '%s' (schema version %d)", opt.path.c_str(), k_schema_version);
  return s;
}

store_result<std::unique_ptr<store>> store::open_reader(const std::string& path) {
  db_options dbo;
  dbo.reader = true;
  auto conn = db::open(path, dbo);
  if (!conn) return cmr::unexpected<error>{conn.error()};
  std::unique_ptr<store> s(new store());
  s->db_ = std::move(*conn);
  s->make_repositories();
  if (!s->db_->prepare_errors().empty()) return cmr::unexpected<error>{s->db_->prepare_errors().front()};
  return s;
}

void store::make_repositories() {
  db& w = *db_;
  subscribers_ = std::make_unique<subscriber_repository>(w);
  resources_ = std::make_unique<resource_repository>(w);
  resource_lists_ = std::make_unique<resource_list_repository>(w);
  library_ = std::make_unique<library_repository>(w);
  boxes_ = std::make_unique<box_repository>(w);
  groups_ = std::make_unique<group_repository>(w);
  rules_ = std::make_unique<presentation_rule_repository>(w);
  controls_ = std::make_unique<presentation_control_repository>(w);
  charging_ = std::make_unique<charging_repository>(w);
  tariffs_ = std::make_unique<tariff_repository>(w);
  settings_ = std::make_unique<system_settings>(w);
  applied_ = std::make_unique<applied_transactions>(w);
  sessions_ = std::make_unique<session_repository>(w);
  contents_ = std::make_unique<content_repository>(w);
  bulk_ = std::make_unique<bulk_loader>(w, *rules_);
}

store::~store() {
  if (db_) db_->set_listener(nullptr);
}

void store::subscriber_changed(const std::string& subscriber_id) {
  snapshot_cache_->invalidate(subscriber_id);
  for (auto* o : observers_) o->subscriber_changed(subscriber_id);
}

void store::all_subscribers_changed() {
  snapshot_cache_->invalidate_all();
  for (auto* o : observers_) o->all_subscribers_changed();
}

void store::resource_changed(const std::string& resource_id) {
  resource_cache_->invalidate(resource_id);
  for (auto* o : observers_) o->resource_changed(resource_id);
}

}  // namespace cmr::store
