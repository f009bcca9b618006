#include "store/schema.h"

#include <string>

#include "store/log.h"
#include "store/transaction.h"

namespace cmr::store {
namespace {

// Tables of version 1 in their current form. The subscriber table gained
// credit_limit and charged in version 2 (ALTER TABLE ADD COLUMN appends to
// the stored CREATE text, so they are written last here to stay identical).
constexpr const char* k_base_tables = R"sql(
CREATE TABLE subscriber (
  id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
  cmrbt INTEGER NOT NULL DEFAULT 0 CHECK (cmrbt IN (0, 1)),
  cmrt INTEGER NOT NULL DEFAULT 0 CHECK (cmrt IN (0, 1)),
  status INTEGER NOT NULL DEFAULT 1 CHECK (status IN (1, 2)),
  password_hash TEXT NOT NULL DEFAULT '',
  time_zone TEXT NOT NULL DEFAULT 'UTC',
  privacy INTEGER NOT NULL DEFAULT 1 CHECK (privacy IN (1, 2)),
  presence TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  credit_limit INTEGER CHECK (credit_limit IS NULL OR credit_limit >= 0),
  charged INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
)sql";

// Everything else of version 1: identical in the fixture
// tests/unit/store/schema_v1.sql.
constexpr const char* k_v1_rest = R"sql(
CREATE TABLE resource (
  id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
  name TEXT NOT NULL,
  author TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  media_type INTEGER NOT NULL CHECK (media_type BETWEEN 1 AND 5),
  format TEXT NOT NULL DEFAULT '',
  price INTEGER CHECK (price IS NULL OR price >= 0),
  provider_id TEXT NOT NULL DEFAULT '',
  content_provider TEXT NOT NULL DEFAULT '',
  originator INTEGER CHECK (originator IS NULL OR originator IN (1, 2)),
  copyright_owner TEXT NOT NULL DEFAULT '',
  expires_at INTEGER,
  status INTEGER NOT NULL DEFAULT 1 CHECK (status IN (1, 2, 3)),
  announcement_id INTEGER UNIQUE NOT NULL CHECK (announcement_id > 0),
  alerting_pattern INTEGER CHECK (alerting_pattern IS NULL OR alerting_pattern BETWEEN 0 AND 255)
);
CREATE INDEX resource_by_provider ON resource (provider_id);

CREATE TABLE resource_list (
  id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
  name TEXT NOT NULL,
  category INTEGER CHECK (category IS NULL OR category >= 0)
);
CREATE INDEX resource_list_by_category ON resource_list (category);

CREATE TABLE resource_list_member (
  list_id TEXT NOT NULL REFERENCES resource_list (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  resource_id TEXT NOT NULL REFERENCES resource (id) ON DELETE CASCADE,
  PRIMARY KEY (list_id, position),
  UNIQUE (list_id, resource_id)
) WITHOUT ROWID;
CREATE INDEX resource_list_member_by_resource ON resource_list_member (resource_id);

CREATE TABLE box (
  id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
  owner_id TEXT NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
  name TEXT NOT NULL DEFAULT '',
  play_mode INTEGER NOT NULL DEFAULT 1 CHECK (play_mode IN (1, 2))
);
CREATE INDEX box_by_owner ON box (owner_id);

CREATE TABLE box_item (
  box_id TEXT NOT NULL REFERENCES box (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  resource_id TEXT NOT NULL REFERENCES resource (id) ON DELETE CASCADE,
  PRIMARY KEY (box_id, position)
) WITHOUT ROWID;
CREATE INDEX box_item_by_resource ON box_item (resource_id);

-- A library entry names a resource or a box, never both.
CREATE TABLE library (
  id INTEGER PRIMARY KEY,
  subscriber_id TEXT NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
  resource_id TEXT REFERENCES resource (id) ON DELETE CASCADE,
  box_id TEXT REFERENCES box (id) ON DELETE CASCADE,
  subscribed_at INTEGER NOT NULL,
  expires_at INTEGER,
  origin INTEGER NOT NULL CHECK (origin IN (1, 2, 3)),
  from_subscriber TEXT NOT NULL DEFAULT '',
  CHECK ((resource_id IS NULL) <> (box_id IS NULL))
);
CREATE UNIQUE INDEX library_by_subscriber
  ON library (subscriber_id, ifnull(resource_id, ''), ifnull(box_id, ''));
CREATE INDEX library_by_resource ON library (resource_id) WHERE resource_id IS NOT NULL;
CREATE INDEX library_by_box ON library (box_id) WHERE box_id IS NOT NULL;

-- "group" is an SQL keyword.
CREATE TABLE cmr_group (
  subscriber_id TEXT NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
  group_id TEXT NOT NULL CHECK (group_id <> ''),
  name TEXT NOT NULL,
  PRIMARY KEY (subscriber_id, group_id)
) WITHOUT ROWID;

CREATE TABLE member (
  subscriber_id TEXT NOT NULL,
  group_id TEXT NOT NULL,
  member_id TEXT NOT NULL CHECK (member_id <> ''),
  nickname TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (subscriber_id, group_id, member_id),
  FOREIGN KEY (subscriber_id, group_id) REFERENCES cmr_group (subscriber_id, group_id)
    ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE preference_setting (
  id INTEGER PRIMARY KEY,
  subscriber_id TEXT NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
  service INTEGER NOT NULL CHECK (service IN (1, 2)),
  position INTEGER NOT NULL,
  type INTEGER NOT NULL CHECK (type BETWEEN 0 AND 4),
  priority INTEGER NOT NULL CHECK (priority >= 0),
  UNIQUE (subscriber_id, service, position)
);

CREATE TABLE preference_rule (
  id INTEGER PRIMARY KEY,
  setting_id INTEGER NOT NULL REFERENCES preference_setting (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  condition TEXT NOT NULL,
  UNIQUE (setting_id, position)
);

CREATE TABLE preference_rule_item (
  rule_id INTEGER NOT NULL REFERENCES preference_rule (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  resource_id TEXT REFERENCES resource (id) ON DELETE CASCADE,
  box_id TEXT REFERENCES box (id) ON DELETE CASCADE,
  PRIMARY KEY (rule_id, position),
  CHECK ((resource_id IS NULL) <> (box_id IS NULL))
) WITHOUT ROWID;
CREATE INDEX preference_rule_item_by_resource
  ON preference_rule_item (resource_id) WHERE resource_id IS NOT NULL;
CREATE INDEX preference_rule_item_by_box ON preference_rule_item (box_id) WHERE box_id IS NOT NULL;

-- DefaultCMRResourceId1 (slot 1) and DefaultCMRResourceId2 (slot 2).
CREATE TABLE default_resource (
  subscriber_id TEXT NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
  service INTEGER NOT NULL CHECK (service IN (1, 2)),
  slot INTEGER NOT NULL CHECK (slot IN (1, 2)),
  position INTEGER NOT NULL,
  resource_id TEXT REFERENCES resource (id) ON DELETE CASCADE,
  box_id TEXT REFERENCES box (id) ON DELETE CASCADE,
  PRIMARY KEY (subscriber_id, service, slot, position),
  CHECK ((resource_id IS NULL) <> (box_id IS NULL))
) WITHOUT ROWID;
CREATE INDEX default_resource_by_resource
  ON default_resource (resource_id) WHERE resource_id IS NOT NULL;
CREATE INDEX default_resource_by_box ON default_resource (box_id) WHERE box_id IS NOT NULL;
)sql";

// New in version 2.
constexpr const char* k_v2_tables = R"sql(
-- Audit trail: kept when the subscriber is deleted, hence no foreign keys.
CREATE TABLE charging_record (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind <> ''),
  subscriber_id TEXT NOT NULL,
  payer_id TEXT NOT NULL,
  resource_id TEXT NOT NULL DEFAULT '',
  amount INTEGER NOT NULL,
  transaction_id TEXT NOT NULL DEFAULT '',
  details TEXT NOT NULL DEFAULT ''
);
CREATE INDEX charging_record_by_subscriber ON charging_record (subscriber_id, id);
CREATE INDEX charging_record_by_payer ON charging_record (payer_id, id);

CREATE TABLE tariff_rule (
  id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
  description TEXT NOT NULL DEFAULT '',
  list_category INTEGER CHECK (list_category IS NULL OR list_category >= 0),
  resource_id TEXT REFERENCES resource (id) ON DELETE CASCADE,
  price INTEGER CHECK (price IS NULL OR price >= 0),
  discount_percent INTEGER CHECK (discount_percent IS NULL OR discount_percent BETWEEN 0 AND 100),
  valid_from INTEGER,
  valid_until INTEGER,
  CHECK (price IS NULL OR discount_percent IS NULL)
);
CREATE INDEX tariff_rule_by_resource ON tariff_rule (resource_id) WHERE resource_id IS NOT NULL;

CREATE TABLE system_setting (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- The repeated-transaction guard (CMR StatusCode 10011).
CREATE TABLE applied_transaction (
  principal TEXT NOT NULL,
  transaction_id TEXT NOT NULL,
  applied_at INTEGER NOT NULL,
  PRIMARY KEY (principal, transaction_id)
) WITHOUT ROWID;
CREATE INDEX applied_transaction_by_time ON applied_transaction (applied_at);

CREATE TABLE login_session (
  session_key TEXT PRIMARY KEY NOT NULL,
  subscriber_id TEXT NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX login_session_by_expiry ON login_session (expires_at);
CREATE INDEX login_session_by_subscriber ON login_session (subscriber_id);

CREATE TABLE resource_content (
  resource_id TEXT NOT NULL REFERENCES resource (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('original', 'alaw', 'ulaw', 'l16', 'preview')),
  path TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0),
  sha256 TEXT NOT NULL,
  content_type TEXT NOT NULL,
  PRIMARY KEY (resource_id, kind)
) WITHOUT ROWID;
)sql";

// New in version 3: CMR-6 PresentationControl (spec 5.7). The enumerations
// are ringback::forward_policy (0 continue, 1 stop, 2 forwarded-party) and
// ringback::announcement_policy (0 continue, 1 stop) in declaration order.
constexpr const char* k_v3_tables = R"sql(
CREATE TABLE presentation_control (
  subscriber_id TEXT PRIMARY KEY NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
  copy_keys TEXT NOT NULL DEFAULT '' CHECK (length(copy_keys) <= 4),
  skip_keys TEXT NOT NULL DEFAULT '' CHECK (length(skip_keys) <= 4),
  stop_keys TEXT NOT NULL DEFAULT '' CHECK (length(stop_keys) <= 4),
  forwarded_call INTEGER NOT NULL CHECK (forwarded_call IN (0, 1, 2)),
  network_announcement INTEGER NOT NULL CHECK (network_announcement IN (0, 1))
) WITHOUT ROWID;
)sql";

const std::string& full_schema() {
  static const std::string s = std::string(k_base_tables) + k_v1_rest + k_v2_tables + k_v3_tables;
  return s;
}

// Version 1 -> 2: charging (credit state on the subscriber and its records),
// tariffs, system settings, the transaction guard, sessions, content files.
store_result<void> upgrade_1_to_2(db& conn) {
  if (auto r = conn.exec(
          "ALTER TABLE subscriber ADD COLUMN "
          "credit_limit INTEGER CHECK (credit_limit IS NULL OR credit_limit >= 0)");
      !r)
    return r;
  if (auto r = conn.exec("ALTER TABLE subscriber ADD COLUMN charged INTEGER NOT NULL DEFAULT 0");
      !r)
    return r;
  return conn.exec(k_v2_tables);
}

// Version 2 -> 3: presentation control.
store_result<void> upgrade_2_to_3(db& conn) { return conn.exec(k_v3_tables); }

using upgrade_step = store_result<void> (*)(db&);
// upgrade_steps[i] brings version i+1 to version i+2.
constexpr upgrade_step upgrade_steps[] = {upgrade_1_to_2, upgrade_2_to_3};
static_assert(std::size(upgrade_steps) == k_schema_version - 1);

store_result<void> set_version(db& conn, int v) {
  const std::string sql = "PRAGMA user_version=" + std::to_string(v);
  return conn.exec(sql.c_str());
}

}  // namespace

const char* current_schema_sql() { return full_schema().c_str(); }

store_result<void> ensure_schema(db& conn) {
  auto lk = conn.lock();
  auto version = conn.query_int("PRAGMA user_version");
  if (!version) return cmr::unexpected<error>{version.error()};
  const auto v = *version;
  if (v > k_schema_version)
    return fail(error::code::corrupt,
                "database '" + conn.path() + "' has schema version " + std::to_string(v) +
                    ", newer than this program knows (" + std::to_string(k_schema_version) +
                    "): refusing to touch it; use a newer cmr-server");
  if (v == k_schema_version) return ok;

  auto tx = transaction::begin(conn);
  if (!tx) return cmr::unexpected<error>{tx.error()};
  if (v == 0) {
    auto tables = conn.query_int("SELECT count(*) FROM sqlite_master");
    if (!tables) return cmr::unexpected<error>{tables.error()};
    if (*tables != 0)
      return fail(error::code::corrupt, "database '" + conn.path() +
                                            "' has tables but no schema version: not a CMR "
                                            "database, refusing to touch it");
    CMR_LOG(store, notice, "creating schema version %d in '%s'", k_schema_version,
            conn.path().c_str());
    if (auto r = conn.exec(full_schema().c_str()); !r) return r;
  } else {
    for (auto from = v; from < k_schema_version; ++from) {
      CMR_LOG(store, notice, "upgrading '%s' from schema version %lld to %lld",
              conn.path().c_str(), static_cast<long long>(from), static_cast<long long>(from + 1));
      if (auto r = upgrade_steps[from - 1](conn); !r) return r;
    }
  }
  if (auto r = set_version(conn, k_schema_version); !r) return r;
  return tx->commit();
}

}  // namespace cmr::store
