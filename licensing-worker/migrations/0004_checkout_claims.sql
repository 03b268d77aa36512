-- Checkout claims (issue 8, rules 1, 2, 6).
-- claim_hash: SHA-256 hex of the claim secret the app that opened the checkout keeps; `instant`
--   must present the secret. claimed_at: when the token was handed out (then never again).
-- kind: 'new' (a real checkout) or 'existing' (the email already had a live subscription when
--   /checkout was asked: its checkoutUrl opens a "check your email" page, never a payment form).
-- checkout_url: where /checkout/open/<id> sends the browser for a 'new' checkout.
-- status gains 'duplicate': paid while the email already had a live subscription (rule 1).
ALTER TABLE checkout_sessions ADD COLUMN claim_hash TEXT;
ALTER TABLE checkout_sessions ADD COLUMN claimed_at INTEGER;
ALTER TABLE checkout_sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'new';
ALTER TABLE checkout_sessions ADD COLUMN checkout_url TEXT;

-- A checkout paid for an email whose customer already had a live subscription. The customer is
-- never touched; the duplicate is undone (Stripe: subscription cancelled, payment refunded;
-- development billing: marked undone here).
CREATE TABLE duplicate_purchases (
  checkout_session_id     TEXT PRIMARY KEY,
  customer_id             TEXT NOT NULL REFERENCES customers(id),   -- the existing customer (untouched)
  email                   TEXT NOT NULL,
  event_id                TEXT NOT NULL,
  stripe_customer_id      TEXT,                                    -- the duplicate's, not the customer's
  stripe_subscription_id  TEXT,
  status                  TEXT NOT NULL DEFAULT 'recorded',        -- recorded | undone
  subscription_cancelled_at INTEGER,
  refund_id               TEXT,
  created_at              INTEGER NOT NULL,
  undone_at               INTEGER
);
CREATE INDEX duplicate_purchases_customer ON duplicate_purchases(customer_id);
