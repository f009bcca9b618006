// The store facade: opens (creating or upgrading) the database, owns the
// repositories on the write connection, the reader pool and the caches, and
// routes every committed change to the caches. One per process and file.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/applied_transactions.h"
#include "store/box_repository.h"
#include "store/bulk_loader.h"
#include "store/charging_repository.h"
#include "store/content_repository.h"
#include "store/db.h"
#include "store/group_repository.h"
#include "store/library_repository.h"
#include "store/presentation_control_repository.h"
#include "store/presentation_rule_repository.h"
#include "store/async_loader.h"
#include "store/read_pool.h"
#include "store/resource_cache.h"
#include "store/resource_list_repository.h"
#include "store/resource_repository.h"
#include "store/session_repository.h"
#include "store/snapshot_cache.h"
#include "store/subscriber_repository.h"
#include "store/system_settings.h"
#include "store/tariff_repository.h"
#include "store/transaction.h"

namespace cmr::store {

struct open_options {
  std::string path;
  bool synchronous_full = false;
  std::size_t snapshot_cache_capacity = 200000;
  std::size_t resource_cache_capacity = 100000;
  std::size_t read_connections = 2;
};

class store final : private change_listener {
public:
  static store_result<std::unique_ptr<store>> open(const open_options& opt);
  // A read-only view of an open store's file on its own reader connection
  // (query_only): the same repositories, so read paths (management reads,
  // authentication) never wait for the writer's transaction or its fsync.
  // It has no caches: snapshots() and resource_catalogue() are not
  // available on it. WAL: it sees what was committed when a read starts.
  static store_result<std::unique_ptr<store>> open_reader(const std::string& path);
  ~store() override;
  store(const store&) = delete;
  store& operator=(const store&) = delete;

  subscriber_repository& subscribers() { return *subscribers_; }
  resource_repository& resources() { return *resources_; }
  resource_list_repository& resource_lists() { return *resource_lists_; }
  library_repository& library() { return *library_; }
  box_repository& boxes() { return *boxes_; }
  group_repository& groups() { return *groups_; }
  presentation_rule_repository& presentation_rules() { return *rules_; }
  presentation_control_repository& presentation_controls() { return *controls_; }
  charging_repository& charging() { return *charging_; }
  tariff_repository& tariffs() { return *tariffs_; }
  system_settings& settings() { return *settings_; }
  applied_transactions& applied() { return *applied_; }
  session_repository& sessions() { return *sessions_; }
  content_repository& contents() { return *contents_; }
  bulk_loader& bulk() { return *bulk_; }

  snapshot_source& snapshots() { return *snapshot_cache_; }
  resource_lookup& resource_catalogue() { return *resource_cache_; }
  snapshot_cache& snapshot_cache_impl() { return *snapshot_cache_; }
  // Loads snapshots that are not in memory off the callers' threads
  // (decision_engine::decide_or_defer); one thread per reader connection.
  async_loader& snapshot_loader() { return *snapshot_loader_; }
  resource_cache& resource_cache_impl() { return *resource_cache_; }

  // A write transaction spanning several repository calls (e.g. the
  // applied-transaction guard and the change it protects). Repository calls
  // inside it nest as savepoints; caches are invalidated at its commit.
  store_result<transaction> begin() { return transaction::begin(*db_); }

  // PRAGMA integrity_check: {"ok"} when sound. Reads the whole file.
  store_result<std::vector<std::string>> integrity_check() { return db_->integrity_check(); }
  db& connection() { return *db_; }

  // Also told of every committed change (after the store's own caches).
  // Register before other threads use the store; not owned.
  void add_observer(change_listener* l) { observers_.push_back(l); }
  void remove_observer(change_listener* l) { std::erase(observers_, l); }

private:
  store() = default;
  void make_repositories();
  void subscriber_changed(const std::string& subscriber_id) override;
  void all_subscribers_changed() override;
  void resource_changed(const std::string& resource_id) override;

  // Declaration order is destruction order reversed: repositories and
  // readers go before the connections they use.
  std::unique_ptr<db> db_;
  std::unique_ptr<read_pool> readers_;
  std::unique_ptr<snapshot_cache> snapshot_cache_;
  std::unique_ptr<resource_cache> resource_cache_;
  std::unique_ptr<async_loader> snapshot_loader_;  // before the cache it loads into
  std::unique_ptr<subscriber_repository> subscribers_;
  std::unique_ptr<resource_repository> resources_;
  std::unique_ptr<resource_list_repository> resource_lists_;
  std::unique_ptr<library_repository> library_;
  std::unique_ptr<box_repository> boxes_;
  std::unique_ptr<group_repository> groups_;
  std::unique_ptr<presentation_rule_repository> rules_;
  std::unique_ptr<presentation_control_repository> controls_;
  std::unique_ptr<charging_repository> charging_;
  std::unique_ptr<tariff_repository> tariffs_;
  std::unique_ptr<system_settings> settings_;
  std::unique_ptr<applied_transactions> applied_;
  std::unique_ptr<session_repository> sessions_;
  std::unique_ptr<content_repository> contents_;
  std::unique_ptr<bulk_loader> bulk_;
  std::vector<change_listener*> observers_;
};

}  // namespace cmr::store
