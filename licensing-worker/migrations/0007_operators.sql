-- The operator's command center (/admin): operators and roles, feature flags, backup reports,
-- cheap request counters, alert de-duplication, Resend delivery status, refund decisions.

CREATE TABLE operators (
  email        TEXT PRIMARY KEY,                 -- lower-cased, as Cloudflare Access reports it
  role         TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'support', 'viewer')),
  created_at   INTEGER NOT NULL,
  created_by   TEXT,                             -- operator email, or 'config' for OPERATOR_OWNER_EMAIL
  disabled_at  INTEGER
);

-- Who did it: the operator's email for actions taken in /admin (NULL for the public API, cron).
ALTER TABLE audit_log ADD COLUMN operator TEXT;
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TABLE feature_flags (
  key              TEXT PRIMARY KEY,
  enabled          INTEGER NOT NULL DEFAULT 0,
  rollout_percent  INTEGER NOT NULL DEFAULT 100 CHECK (rollout_percent BETWEEN 0 AND 100),
  description      TEXT NOT NULL DEFAULT '',
  updated_at       INTEGER NOT NULL,
  updated_by       TEXT
);

-- Reported by `npm run backup:worker` after it re-imported the export and compared row counts.
CREATE TABLE backup_reports (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  at           INTEGER NOT NULL,
  verified     INTEGER NOT NULL,
  file         TEXT NOT NULL,
  bytes        INTEGER NOT NULL,
  tables       TEXT NOT NULL DEFAULT '{}',       -- JSON { table: rows }
  error        TEXT,
  reported_by  TEXT
);
CREATE INDEX backup_reports_at ON backup_reports(verified, at);

-- Requests per hour, counted in memory per isolate and added here every few minutes.
CREATE TABLE metric_counters (
  hour   INTEGER NOT NULL,                       -- epoch ms of the UTC hour
  name   TEXT NOT NULL,                          -- validate, heartbeat, session, validate_error, …
  count  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, name)
);

-- Last time each cron alert was emailed, so a standing problem is not mailed every 5 minutes.
CREATE TABLE operator_alerts (
  key           TEXT PRIMARY KEY,
  last_sent_at  INTEGER NOT NULL,
  last_detail   TEXT NOT NULL DEFAULT ''
);

-- Resend's delivery events (email.delivered, email.bounced, …) for a sent email.
ALTER TABLE email_log ADD COLUMN delivery_status TEXT;
ALTER TABLE email_log ADD COLUMN delivery_at INTEGER;
CREATE INDEX email_log_provider ON email_log(provider_id);
CREATE INDEX email_log_at ON email_log(status, at);

ALTER TABLE refund_requests ADD COLUMN decided_at INTEGER;
ALTER TABLE refund_requests ADD COLUMN decided_by TEXT;
ALTER TABLE refund_requests ADD COLUMN decision_note TEXT;
ALTER TABLE refund_requests ADD COLUMN refund_id TEXT;
ALTER TABLE refund_requests ADD COLUMN refund_amount_cents INTEGER;
