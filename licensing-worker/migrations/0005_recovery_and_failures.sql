-- Recovery by confirmation link (issue 8 rule 4) and per-(email, address) credential failures
-- (rule 5).

-- The token a confirmed recovery issued. The current token_hash keeps working until this one is
-- first presented; then it replaces token_hash and both columns are cleared.
ALTER TABLE customers ADD COLUMN next_token_hash TEXT;
ALTER TABLE customers ADD COLUMN next_token_issued_at INTEGER;

-- One row per emailed confirmation link: single use (confirmed_at), expiring, the secret only
-- as its SHA-256 hex.
CREATE TABLE recovery_requests (
  id_hash       TEXT PRIMARY KEY,
  customer_id   TEXT NOT NULL REFERENCES customers(id),
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  confirmed_at  INTEGER,
  request_id    TEXT
);
CREATE INDEX recovery_requests_customer ON recovery_requests(customer_id, created_at);

-- Wrong credentials, counted per (email, address) in fixed windows. Written only on failures;
-- a right credential never reads it.
CREATE TABLE credential_failures (
  email         TEXT NOT NULL,                      -- lower-cased, as presented (known or not)
  address       TEXT NOT NULL,                      -- CF-Connecting-IP
  window_start  INTEGER NOT NULL,
  failures      INTEGER NOT NULL,
  PRIMARY KEY (email, address)
);
CREATE INDEX credential_failures_window ON credential_failures(window_start);
