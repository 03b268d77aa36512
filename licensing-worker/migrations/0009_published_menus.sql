-- Issue 13: the QR menu (one published menu per customer under a slug that stays theirs) and
-- the cursor of the daily Stripe reconciliation (chunked across cron runs).
CREATE TABLE published_menus (
  slug          TEXT PRIMARY KEY,
  customer_id   TEXT NOT NULL UNIQUE REFERENCES customers(id),
  menu_json     TEXT,                 -- NULL once unpublished (the slug stays the shop's)
  published_at  INTEGER,
  updated_at    INTEGER NOT NULL
);

CREATE TABLE billing_reconcile_state (
  id                 TEXT PRIMARY KEY,   -- 'stripe_subscriptions'
  cursor             TEXT,               -- last subscription id of the pass in progress; NULL between passes
  pass_started_at    INTEGER,
  last_completed_at  INTEGER,
  updated_at         INTEGER NOT NULL
);
