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

  db& w = *s->db_;
  s->subscribers_ = std::make_unique<subscriber_repository>(w);
  s->resources_ = std::make_unique<resource_repository>(w);
  s->resource_lists_ = std::make_unique<resource_list_repository>(w);
  s->library_ = std::make_unique<library_repository>(w);
  s->boxes_ = std::make_unique<box_repository>(w);
  s->groups_ = std::make_unique<group_repository>(w);
  s->rules_ = std::make_unique<presentation_rule_repository>(w);
  s->charging_ = std::make_unique<charging_repository>(w);
  s->tariffs_ = std::make_unique<tariff_repository>(w);
  s->settings_ = std::make_unique<system_settings>(w);
  s->applied_ = std::make_unique<applied_transactions>(w);
  s->sessions_ = std::make_unique<session_repository>(w);
  s->contents_ = std::make_unique<content_repository>(w);
  s->bulk_ = std::make_unique<bulk_loader>(w);
  if (!w.prepare_errors().empty()) return cmr::unexpected<error>{w.prepare_errors().front()};
  w.set_listener(s.get());
  CMR_LOG(store, notice, "opened '%s' (schema version %d)", opt.path.c_str(), k_schema_version);
  return s;
}

store::~store() {
  if (db_) db_->set_listener(nullptr);
}

void store::subscriber_changed(const std::string& subscriber_id) {
  snapshot_cache_->invalidate(subscriber_id);
}

void store::all_subscribers_changed() { snapshot_cache_->invalidate_all(); }

void store::resource_changed(const std::string& resource_id) {
  resource_cache_->invalidate(resource_id);
}

}  // namespace cmr::store
