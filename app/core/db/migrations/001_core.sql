-- POSPal core ledger. Money: integer cents. Time: epoch ms UTC. Ids: UUIDv7 text.
-- Rates and percentages: integer basis points (2400 = 24%).

CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL CHECK (json_valid(value)),
  updated_at INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE staff (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'cashier')),
  pin_hash        TEXT NOT NULL,
  pin_salt        TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until    INTEGER,
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at      INTEGER NOT NULL
);

CREATE TABLE audit_log (
  id        TEXT PRIMARY KEY,
  at        INTEGER NOT NULL,
  staff_id  TEXT REFERENCES staff (id),
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT,
  details   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE tax_rates (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  rate_bp    INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
  archived   INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_at INTEGER NOT NULL
);

CREATE TABLE categories (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  position   INTEGER NOT NULL,
  archived   INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE items (
  id           TEXT PRIMARY KEY,
  category_id  TEXT NOT NULL REFERENCES categories (id),
  name         TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  price_cents  INTEGER NOT NULL CHECK (price_cents >= 0),
  tax_rate_id  TEXT NOT NULL REFERENCES tax_rates (id),
  barcode      TEXT UNIQUE,
  allergens    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(allergens)),
  dietary_tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(dietary_tags)),
  note_presets TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(note_presets)),
  image_path   TEXT,
  available    INTEGER NOT NULL DEFAULT 1 CHECK (available IN (0, 1)),
  archived     INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  position     INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX items_category ON items (category_id, position);

-- Name search: FTS5 prefix index kept in step by triggers.
CREATE VIRTUAL TABLE items_fts USING fts5 (name, content = 'items', content_rowid = 'rowid', prefix = '2 3');
CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
  INSERT INTO items_fts (rowid, name) VALUES (new.rowid, new.name);
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
  INSERT INTO items_fts (items_fts, rowid, name) VALUES ('delete', old.rowid, old.name);
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF name ON items BEGIN
  INSERT INTO items_fts (items_fts, rowid, name) VALUES ('delete', old.rowid, old.name);
  INSERT INTO items_fts (rowid, name) VALUES (new.rowid, new.name);
END;

CREATE TABLE option_groups (
  id          TEXT PRIMARY KEY,
  item_id     TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  min_choices INTEGER NOT NULL DEFAULT 0 CHECK (min_choices >= 0),
  max_choices INTEGER NOT NULL DEFAULT 1 CHECK (max_choices >= min_choices AND max_choices >= 1),
  position    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX option_groups_item ON option_groups (item_id, position);

CREATE TABLE options (
  id                TEXT PRIMARY KEY,
  group_id          TEXT NOT NULL REFERENCES option_groups (id) ON DELETE CASCADE,
  name              TEXT NOT NULL,
  price_delta_cents INTEGER NOT NULL DEFAULT 0,
  position          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX options_group ON options (group_id, position);

CREATE TABLE dining_tables (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  area       TEXT NOT NULL DEFAULT '',
  seats      INTEGER NOT NULL DEFAULT 2 CHECK (seats >= 0),
  position   INTEGER NOT NULL DEFAULT 0,
  archived   INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_at INTEGER NOT NULL
);

-- draft: being built (any device may continue it); open: sent / running bill;
-- paid: fully covered by payments; voided: cancelled (a paid one gets reversal payments);
-- merged: its lines moved into merged_into_order_id. Refunds never change an order: see refunds.
CREATE TABLE orders (
  id                   TEXT PRIMARY KEY,
  business_day         TEXT NOT NULL,
  number               INTEGER NOT NULL,
  status               TEXT NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'voided', 'refunded', 'merged')),
  table_id             TEXT REFERENCES dining_tables (id),
  staff_id             TEXT NOT NULL REFERENCES staff (id),
  shift_id             TEXT, -- no FK: shifts arrive in 002 (POS-B)
  comment              TEXT NOT NULL DEFAULT '',
  guests               INTEGER,
  tax_mode             TEXT NOT NULL CHECK (tax_mode IN ('inclusive', 'exclusive')),
  discount_kind        TEXT CHECK (discount_kind IN ('percent', 'amount')),
  discount_value       INTEGER,
  discount_reason      TEXT,
  discount_staff_id    TEXT REFERENCES staff (id),
  subtotal_cents       INTEGER NOT NULL DEFAULT 0,
  discount_cents       INTEGER NOT NULL DEFAULT 0,
  tax_cents            INTEGER NOT NULL DEFAULT 0,
  total_cents          INTEGER NOT NULL DEFAULT 0,
  paid_cents           INTEGER NOT NULL DEFAULT 0,
  merged_into_order_id TEXT REFERENCES orders (id),
  void_reason          TEXT,
  void_staff_id        TEXT REFERENCES staff (id),
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  paid_at              INTEGER,
  voided_at            INTEGER,
  UNIQUE (business_day, number)
);
CREATE INDEX orders_status ON orders (status, updated_at);
CREATE INDEX orders_paid_at ON orders (paid_at) WHERE paid_at IS NOT NULL;
CREATE INDEX orders_shift ON orders (shift_id);
-- One running bill per table.
CREATE UNIQUE INDEX orders_open_table ON orders (table_id) WHERE table_id IS NOT NULL AND status IN ('draft', 'open');

-- Name, price and rate are copied onto the line: later catalog edits never rewrite history.
CREATE TABLE order_lines (
  id                TEXT PRIMARY KEY,
  order_id          TEXT NOT NULL REFERENCES orders (id),
  position          INTEGER NOT NULL,
  item_id           TEXT REFERENCES items (id),
  category_id       TEXT,
  name              TEXT NOT NULL,
  unit_price_cents  INTEGER NOT NULL CHECK (unit_price_cents >= 0), -- base price + option deltas
  qty               INTEGER NOT NULL CHECK (qty > 0),
  tax_rate_bp       INTEGER NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
  note              TEXT NOT NULL DEFAULT '',
  status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'voided')),
  void_reason       TEXT,
  void_staff_id     TEXT REFERENCES staff (id),
  discount_kind     TEXT CHECK (discount_kind IN ('percent', 'amount')),
  discount_value    INTEGER,
  discount_reason   TEXT,
  discount_staff_id TEXT REFERENCES staff (id),
  -- computed by the taxes module whenever the order changes
  gross_cents       INTEGER NOT NULL DEFAULT 0, -- unit_price_cents * qty
  discount_cents    INTEGER NOT NULL DEFAULT 0, -- line discount + share of the order discount
  net_cents         INTEGER NOT NULL DEFAULT 0, -- amount excluding tax
  tax_cents         INTEGER NOT NULL DEFAULT 0,
  total_cents       INTEGER NOT NULL DEFAULT 0, -- what the customer pays for this line
  created_at        INTEGER NOT NULL
);
-- Covers the reports' line scans (join by order, then sum by category/item/rate) without
-- touching the table rows: about 2× faster month reports for one more index on insert.
CREATE INDEX order_lines_order ON order_lines (order_id, status, category_id, item_id, qty, total_cents, net_cents, tax_cents, tax_rate_bp, name);
CREATE INDEX order_lines_item ON order_lines (item_id);

CREATE TABLE order_line_options (
  id                TEXT PRIMARY KEY,
  line_id           TEXT NOT NULL REFERENCES order_lines (id) ON DELETE CASCADE,
  option_id         TEXT,
  group_name        TEXT NOT NULL,
  name              TEXT NOT NULL,
  price_delta_cents INTEGER NOT NULL
);
CREATE INDEX order_line_options_line ON order_line_options (line_id);

-- The cash ledger: every money movement for an order. Voiding a paid order adds negative
-- reversal rows, so SUM(amount_cents) per method is always the real takings.
CREATE TABLE payments (
  id                  TEXT PRIMARY KEY,
  order_id            TEXT NOT NULL REFERENCES orders (id),
  method              TEXT NOT NULL CHECK (method IN ('cash', 'card')),
  amount_cents        INTEGER NOT NULL CHECK (amount_cents <> 0),
  tendered_cents      INTEGER,
  change_cents        INTEGER NOT NULL DEFAULT 0 CHECK (change_cents >= 0),
  reverses_payment_id TEXT REFERENCES payments (id),
  staff_id            TEXT NOT NULL REFERENCES staff (id),
  shift_id            TEXT,
  created_at          INTEGER NOT NULL
);
CREATE INDEX payments_order ON payments (order_id);
CREATE INDEX payments_created ON payments (created_at);
CREATE INDEX payments_shift ON payments (shift_id);

CREATE TABLE refunds (
  id           TEXT PRIMARY KEY,
  order_id     TEXT NOT NULL REFERENCES orders (id),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  method       TEXT NOT NULL CHECK (method IN ('cash', 'card')),
  reason       TEXT NOT NULL,
  staff_id     TEXT NOT NULL REFERENCES staff (id),
  shift_id     TEXT,
  created_at   INTEGER NOT NULL
);
CREATE INDEX refunds_order ON refunds (order_id);
CREATE INDEX refunds_created ON refunds (created_at);

CREATE TABLE refund_lines (
  refund_id     TEXT NOT NULL REFERENCES refunds (id),
  order_line_id TEXT NOT NULL REFERENCES order_lines (id),
  qty           INTEGER NOT NULL CHECK (qty > 0),
  amount_cents  INTEGER NOT NULL CHECK (amount_cents >= 0),
  PRIMARY KEY (refund_id, order_line_id)
);
