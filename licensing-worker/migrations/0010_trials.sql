-- Free trials, one per computer, ever (issue 13, section 1). A row per machine that started a
-- trial; it is never deleted, so a second trial on the same computer (another email, the app's
-- data deleted, one changed network card) is refused. The customer it created has
-- subscription_status 'trial' and current_period_end = the trial's end.
CREATE TABLE trials (
  id              TEXT PRIMARY KEY,
  fingerprint     TEXT NOT NULL UNIQUE,             -- sha256 hex from the app, at the trial's start
  components      TEXT NOT NULL DEFAULT '{}',        -- JSON { name: sha256hex }
  customer_id     TEXT NOT NULL REFERENCES customers(id),
  email           TEXT NOT NULL,                     -- lower-cased, as the trial started
  claim_hash      TEXT NOT NULL,                     -- SHA-256 hex of the app's claim secret: a checkout carrying it converts this trial
  started_at      INTEGER NOT NULL,
  ends_at         INTEGER NOT NULL,
  request_id      TEXT
);
CREATE INDEX trials_customer ON trials(customer_id);

-- Each component hash of a trial machine, so the component-majority rule finds candidates by
-- index instead of reading every trial.
CREATE TABLE trial_components (
  trial_id        TEXT NOT NULL REFERENCES trials(id),
  name            TEXT NOT NULL,
  hash            TEXT NOT NULL,
  PRIMARY KEY (trial_id, name)
);
CREATE INDEX trial_components_hash ON trial_components(hash, name);
