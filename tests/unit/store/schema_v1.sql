-- Schema version 1 of the CMR store, as released: the fixture for the
-- upgrade test (tests/unit/store/schema_upgrade_test.cpp). Never edit.

CREATE TABLE subscriber (
  id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
  cmrbt INTEGER NOT NULL DEFAULT 0 CHECK (cmrbt IN (0, 1)),
  cmrt INTEGER NOT NULL DEFAULT 0 CHECK (cmrt IN (0, 1)),
  status INTEGER NOT NULL DEFAULT 1 CHECK (status IN (1, 2)),
  password_hash TEXT NOT NULL DEFAULT '',
  time_zone TEXT NOT NULL DEFAULT 'UTC',
  privacy INTEGER NOT NULL DEFAULT 1 CHECK (privacy IN (1, 2)),
  presence TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

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
PRAGMA user_version=1;
