// What every CMR operation is made of: its request and response
// descriptions, the roles that may call it, and one handler that works on
// the format-neutral element tree. Each operation lives in its own file under
// mgmt/operations/ and is listed in operation_registry.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mgmt/element.h"
#include "mgmt/schema.h"
#include "mgmt/status.h"
#include "common/clock.h"
#include "common/ringback_control.h"
#include "store/store.h"

namespace cmr::mgmt {

enum role : std::uint8_t {
  role_subscriber = 1,   // SubscriberId + SessionKey from Login
  role_portal = 2,       // bearer token: any subscriber, every operation
  role_provider = 4,     // bearer token: resources whose ProviderId is its own
  role_application = 8,  // bearer token: CMR-7 updates only
};

struct principal {
  role who = role_subscriber;
  std::string subscriber_id;  // role_subscriber: the authenticated subscriber
  std::string provider_id;    // role_provider
  // The repeated-operation guard's key ("subscriber:4917...", "portal", ...).
  [[nodiscard]] std::string key() const;
};

struct handler_options {
  std::uint32_t password_iterations = 100000;
  std::int64_t session_lifetime_s = 1800;
  // Removes a deleted resource's content files (media/); may be empty.
  std::function<void(std::string_view resource_id)> remove_content;
  // A signed download URL for a resource's uploaded content ("" when it has
  // none), looked up through `db` (the request's connection); may be empty.
  // ResourceManagement responses carry it as ResourceInfo/ContentURL.
  std::function<std::string(store::store& db, std::string_view resource_id)> content_url;
  // Called after the COMMIT of a change to resource lists (the response
  // cache's pages list them); set by the dispatcher.
  std::function<void()> catalogue_changed;
  // The system's presentation control (cmr-server: the "presentation-control"
  // node), answered by CMR-6 PresentationControl for a subscriber without
  // settings of its own.
  ringback::controls presentation_defaults;
};

struct op_context {
  store::store& db;
  const cmr::clock& clk;
  const principal& caller;
  const element& req;
  element& resp;
  const handler_options& options;
  // Side effects outside the database (files) that must wait for the
  // transaction to be durable: the group-commit writer runs them after its
  // COMMIT (and drops them when the commit failed). Null: run at once.
  std::vector<std::function<void()>>* after_commit = nullptr;
  // What the prepare step derived for the handler (ServiceSubscription: the
  // PBKDF2 hash of Password), so that the writer never derives it. Null when
  // the operation has no prepare step.
  std::string* prepared = nullptr;
  // A cacheable read (operation_desc::cache_key) lowers this to the time its
  // answer stops being true without any store change (a listed resource
  // expires). Null for other operations.
  store::timestamp* fresh_until = nullptr;
};

// Runs `f` after the request's commit (see op_context::after_commit).
void after_commit(op_context& ctx, std::function<void()> f);

using op_handler = outcome (*)(op_context&);

struct operation_desc {
  std::string_view name;
  const structure_desc* request = nullptr;
  const structure_desc* response = nullptr;
  unsigned roles = 0;
  // The request names a subscriber whose data it touches (SubscriberId):
  // authentication checks it exists and, for a subscriber, that it is the
  // caller. Off for Login (which authenticates itself) and catalogue
  // operations.
  bool subscriber_scoped = true;
  // The subscriber whose SessionKey must authenticate the request; defaults
  // to SubscriberId (AddResource gifts are authenticated by the payer).
  std::string_view (*acting_subscriber)(const element& req) = nullptr;
  // The subscriber need not exist yet (ServiceSubscription Create).
  bool (*may_create_subscriber)(const element& req) = nullptr;
  // Where the handler runs (docs/management.md, "Write path"): a read-only
  // operation runs on the io thread against a reader connection; any other
  // goes to the group-commit writer, inside its own savepoint of the batch's
  // transaction, and is answered after the batch's COMMIT.
  bool read_only = false;
  // A read-only operation whose successful answer depends only on this key
  // (and the catalogue: resources and lists), not on the caller: it is
  // answered from the response cache (mgmt/response_cache.h) after
  // authentication. Null: not cached.
  std::string (*cache_key)(const element& req) = nullptr;
  // Optional, before the handler, against a reader connection: CPU-heavy
  // work that must not hold up the writer (Login's password check,
  // ServiceSubscription's password hash). It runs on the dispatcher's
  // password workers (never an io thread, never the writer) and may leave
  // its product in op_context::prepared. A failure is the answer; the
  // handler does not run.
  op_handler prepare = nullptr;
  // Whether this request needs its prepare step; null: always.
  bool (*prepare_needed)(const element& req) = nullptr;
  op_handler handler = nullptr;
};

// Fields shared by the tables.
field_desc transaction_id_field();
field_desc subscriber_id_field();  // auth: missing is 10001
field_desc session_key_field();
field_desc operation_type_field();  // Table 25
// TransactionId, StatusCode, StatusDescription, then `rest`.
std::vector<field_desc> response_fields(std::vector<field_desc> rest);
// TransactionId, SubscriberId, SessionKey, then `rest`.
std::vector<field_desc> subscriber_request_fields(std::vector<field_desc> rest);

// Runs `body` inside one store transaction together with the repeated-
// operation guard: a TransactionId already applied for this principal gives
// 10011 and nothing else is written; a failed body rolls everything back
// (so a retry of a refused request is not "repeated").
outcome mutate(op_context& ctx, const std::function<outcome()>& body);

// 99999 for a storage failure, logged with its details (never sent).
outcome internal_error(const store::error& e, std::string_view what);

store::timestamp now(const op_context& ctx);

}  // namespace cmr::mgmt
