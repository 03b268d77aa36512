-- Issue 13 section 4: offline license files (the reseller model). Every file the operator
-- issues is recorded here (what was issued, for whom, by whom); a revoked one keeps its row.
CREATE TABLE offline_licenses (
  id             TEXT PRIMARY KEY,          -- the file id inside the signed payload
  fingerprint    TEXT NOT NULL,
  components     TEXT NOT NULL,             -- JSON { name: sha256hex }, as in the Hardware ID
  customer_name  TEXT NOT NULL,
  distributor    TEXT NOT NULL,
  issued_at      INTEGER NOT NULL,
  expires_at     INTEGER,                   -- NULL: perpetual
  issued_by      TEXT NOT NULL,             -- operator email or service:<client id>
  kid            TEXT NOT NULL,
  license_file   TEXT NOT NULL,             -- the signed file exactly as handed out
  revoked_at     INTEGER,
  revoked_by     TEXT,
  revoke_reason  TEXT
);
CREATE INDEX offline_licenses_issued ON offline_licenses(issued_at);
CREATE INDEX offline_licenses_revoked ON offline_licenses(revoked_at) WHERE revoked_at IS NOT NULL;

-- The signed list of revoked file ids, re-signed at every revocation (one row): answers carry
-- it as stored, so no request signs anything for it.
CREATE TABLE offline_revocation_list (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  signed      TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);
