-- POSPal licensing service: initial schema (D1 / SQLite).
-- Times are epoch milliseconds (INTEGER) unless named *_s (Stripe's epoch seconds).
-- Emails are stored lower-cased; tokens and session ids only as SHA-256 hex hashes.

CREATE TABLE customers (
  id                      TEXT PRIMARY KEY,
  email                   TEXT NOT NULL UNIQUE,          -- lower-cased
  name                    TEXT NOT NULL DEFAULT '',
  business_name           TEXT NOT NULL DEFAULT '',
  token_hash              TEXT NOT NULL,                 -- sha256 hex of the unlock token
  token_issued_at         INTEGER NOT NULL,
  stripe_customer_id      TEXT UNIQUE,
  stripe_subscription_id  TEXT UNIQUE,
  subscription_status     TEXT NOT NULL DEFAULT 'active', -- active | suspended | cancelled
  stripe_status           TEXT,                           -- Stripe's raw status (active, past_due, unpaid, canceled, …)
  plan                    TEXT NOT NULL DEFAULT 'monthly',
  current_period_end      INTEGER,                        -- epoch ms
  cancel_at_period_end    INTEGER NOT NULL DEFAULT 0,
  max_machines            INTEGER NOT NULL DEFAULT 3,
  max_concurrent          INTEGER NOT NULL DEFAULT 1,
  last_event_created_s    INTEGER NOT NULL DEFAULT 0,     -- newest Stripe event applied (stale events never roll back)
  activated_at            INTEGER,
  last_validated_at       INTEGER,
  renewal_reminder_for    INTEGER,                        -- current_period_end the reminder was sent for
  deactivations_month     TEXT,                           -- 'YYYY-MM' of the counter below
  deactivations_count     INTEGER NOT NULL DEFAULT 0,
  created_at              INTEGER NOT NULL,
  updated_at              INTEGER NOT NULL
);

-- Checkout sessions (Stripe's or development billing's), for instant activation.
CREATE TABLE checkout_sessions (
  id                 TEXT PRIMARY KEY,                   -- Stripe checkout session id (cs_…)
  email              TEXT NOT NULL,
  name               TEXT NOT NULL DEFAULT '',
  business_name      TEXT NOT NULL DEFAULT '',
  status             TEXT NOT NULL DEFAULT 'open',       -- open | completed | expired
  customer_id        TEXT REFERENCES customers(id),
  pending_token      TEXT,                               -- plaintext token held ONLY until the first instant validation claims it (then NULL); cleared by cron after 24 h
  created_at         INTEGER NOT NULL,
  completed_at       INTEGER
);
CREATE INDEX checkout_sessions_email ON checkout_sessions(email);

CREATE TABLE machines (
  id                  TEXT PRIMARY KEY,
  customer_id         TEXT NOT NULL REFERENCES customers(id),
  fingerprint         TEXT NOT NULL,                      -- sha256 hex from the app
  components          TEXT NOT NULL DEFAULT '{}',         -- JSON { name: sha256hex }
  name                TEXT NOT NULL DEFAULT '',
  platform            TEXT NOT NULL DEFAULT '',
  app_version         TEXT NOT NULL DEFAULT '',
  created_at          INTEGER NOT NULL,
  last_seen_at        INTEGER NOT NULL,
  deactivated_at      INTEGER
);
CREATE UNIQUE INDEX machines_active_fingerprint ON machines(customer_id, fingerprint) WHERE deactivated_at IS NULL;
CREATE INDEX machines_customer ON machines(customer_id);

CREATE TABLE sessions (
  id_hash             TEXT PRIMARY KEY,                   -- sha256 hex of the bearer session id
  ref                 TEXT NOT NULL UNIQUE,               -- short public reference for logs/audit
  customer_id         TEXT NOT NULL REFERENCES customers(id),
  machine_id          TEXT NOT NULL REFERENCES machines(id),
  started_at          INTEGER NOT NULL,
  last_heartbeat_at   INTEGER NOT NULL,
  ended_at            INTEGER,
  end_reason          TEXT                                 -- taken_over | timed_out | ended
);
CREATE INDEX sessions_live ON sessions(customer_id, ended_at, last_heartbeat_at);

CREATE TABLE webhook_events (
  id                  TEXT PRIMARY KEY,                   -- Stripe event id (evt_…)
  type                TEXT NOT NULL,
  created_s           INTEGER NOT NULL,
  status              TEXT NOT NULL,                      -- processing | applied | ignored | failed
  attempts            INTEGER NOT NULL DEFAULT 1,
  last_error          TEXT,
  payload             TEXT NOT NULL,                      -- raw event JSON, for retries by cron
  received_at         INTEGER NOT NULL,
  processed_at        INTEGER
);
CREATE INDEX webhook_events_failed ON webhook_events(status, received_at);

CREATE TABLE audit_log (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  at                  INTEGER NOT NULL,
  request_id          TEXT,
  customer_id         TEXT,
  action              TEXT NOT NULL,                      -- activation, machine_changed, session_started, session_taken_over, …
  details             TEXT NOT NULL DEFAULT '{}'          -- JSON; never tokens or session ids
);
CREATE INDEX audit_log_customer ON audit_log(customer_id, at);

CREATE TABLE email_log (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  at                  INTEGER NOT NULL,
  customer_id         TEXT,
  to_address          TEXT NOT NULL,
  template            TEXT NOT NULL,                      -- welcome, token_recovery, payment_failed, …
  subject             TEXT NOT NULL,
  html                TEXT NOT NULL,
  text                TEXT NOT NULL,
  status              TEXT NOT NULL,                      -- sent | logged (no RESEND_API_KEY) | failed
  provider_id         TEXT,
  error               TEXT,
  request_id          TEXT
);

CREATE TABLE refund_requests (
  id                  TEXT PRIMARY KEY,
  customer_id         TEXT NOT NULL REFERENCES customers(id),
  reason              TEXT NOT NULL,
  status              TEXT NOT NULL DEFAULT 'open',
  created_at          INTEGER NOT NULL,
  request_id          TEXT
);
