-- Development billing's own record of its subscriptions (what Stripe would answer for
-- GET /v1/subscriptions/:id): same-second webhook ties are decided from it when there is no
-- Stripe. Written only by development billing (ENVIRONMENT development/test, no Stripe key).
CREATE TABLE dev_subscriptions (
  id                    TEXT PRIMARY KEY,           -- sub_dev_…
  customer              TEXT,
  status                TEXT NOT NULL,              -- Stripe's status: active, past_due, canceled, …
  current_period_end_s  INTEGER,
  cancel_at_period_end  INTEGER NOT NULL DEFAULT 0,
  updated_at            INTEGER NOT NULL
);

-- The unredacted copy of an email, for /dev/outbox only. email_log keeps the redacted copy;
-- this table is written only when ENVIRONMENT is development or test.
CREATE TABLE dev_outbox (
  email_log_id  INTEGER PRIMARY KEY,
  html          TEXT NOT NULL,
  text          TEXT NOT NULL
);
