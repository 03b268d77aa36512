-- POSPal 012: Greek fiscal documents for myDATA (issue 15). Off unless the owner enables it.
-- Credentials (myDATA user id, subscription key) are NOT here: they live in the SecretStore.

-- One row: the business's fiscal identity and the channel. series = this installation's
-- series (the main computer numbers every document, tablets included).
CREATE TABLE fiscal_settings (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  enabled     INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  afm         TEXT,
  branch      INTEGER NOT NULL DEFAULT 0 CHECK (branch >= 0),
  series      TEXT NOT NULL DEFAULT 'A',
  environment TEXT NOT NULL DEFAULT 'test' CHECK (environment IN ('test', 'production')),
  channel     TEXT NOT NULL DEFAULT 'mydata-rest' CHECK (channel IN ('mydata-rest')),
  updated_at  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO fiscal_settings (id) VALUES (1);

-- Gapless numbering: the last number issued per environment, series and document type, bumped
-- in the same transaction that writes the document (a rollback takes the number back with it).
-- Per environment: the first real (production) receipt is number 1, whatever was tried before.
CREATE TABLE fiscal_counters (
  environment TEXT NOT NULL CHECK (environment IN ('test', 'production')),
  series      TEXT NOT NULL,
  doc_type    TEXT NOT NULL,
  last_number INTEGER NOT NULL CHECK (last_number >= 0),
  PRIMARY KEY (environment, series, doc_type)
);

-- Every document and its transmission state (the durable outbox). body = the document's
-- content as JSON (lines per VAT rate, payments, totals); the XML is built from it when sent,
-- with the marks of the documents it correlates (known only once they are registered).
CREATE TABLE fiscal_documents (
  id                  TEXT PRIMARY KEY,
  doc_type            TEXT NOT NULL CHECK (doc_type IN ('8.6', '11.1', '11.4')),
  -- Where it is registered: a document issued while testing never goes to production.
  environment         TEXT NOT NULL CHECK (environment IN ('test', 'production')),
  series              TEXT NOT NULL,
  number              INTEGER NOT NULL CHECK (number > 0),
  afm                 TEXT NOT NULL,
  branch              INTEGER NOT NULL,
  issue_date          TEXT NOT NULL, -- YYYY-MM-DD in the shop's time zone
  order_id            TEXT,
  part_id             TEXT,
  refund_id           TEXT,
  replaces_id         TEXT REFERENCES fiscal_documents (id),
  correlated_ids      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(correlated_ids)),
  body                TEXT NOT NULL CHECK (json_valid(body)),
  total_cents         INTEGER NOT NULL,
  vat_cents           INTEGER NOT NULL,
  uid                 TEXT NOT NULL,
  state               TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'registered', 'rejected', 'cancel_queued', 'cancelled')),
  mark                TEXT,
  qr_url              TEXT,
  authentication_code TEXT,
  cancellation_mark   TEXT,
  error_code          TEXT,
  error_message       TEXT,
  attempts            INTEGER NOT NULL DEFAULT 0,
  next_attempt_at     INTEGER NOT NULL DEFAULT 0,
  created_at          INTEGER NOT NULL,
  registered_at       INTEGER,
  updated_at          INTEGER NOT NULL,
  UNIQUE (environment, series, doc_type, number)
);
CREATE INDEX fiscal_documents_order ON fiscal_documents (order_id);
CREATE INDEX fiscal_documents_refund ON fiscal_documents (refund_id);
CREATE INDEX fiscal_documents_state ON fiscal_documents (state, next_attempt_at);
CREATE INDEX fiscal_documents_created ON fiscal_documents (created_at);
