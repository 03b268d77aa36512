-- POSPal shop operations: shifts and the cash drawer, Z-reports, kitchen tickets, the print queue.
-- Same conventions as 001: integer cents, epoch ms UTC, UUIDv7 text ids.

-- One till, so at most one open shift. A closed shift is history: it cannot change.
-- A shift counts the sales in [counts_from, closed_at): counts_from is the previous shift's
-- closed_at (0 for the first), so time is partitioned with no gaps and no overlaps: a sale taken
-- while no shift was open lands in the next shift, whose drawer holds its cash.
CREATE TABLE shifts (
  id                  TEXT PRIMARY KEY,
  number              INTEGER NOT NULL UNIQUE,
  status              TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  counts_from         INTEGER NOT NULL,
  opened_at           INTEGER NOT NULL,
  opened_by           TEXT NOT NULL REFERENCES staff (id),
  opening_float_cents INTEGER NOT NULL CHECK (opening_float_cents >= 0),
  closed_at           INTEGER,
  closed_by           TEXT REFERENCES staff (id),
  counted_cash_cents  INTEGER CHECK (counted_cash_cents >= 0),
  expected_cash_cents INTEGER,
  close_note          TEXT NOT NULL DEFAULT '',
  CHECK ((status = 'open') = (closed_at IS NULL))
);
CREATE UNIQUE INDEX shifts_one_open ON shifts (status) WHERE status = 'open';
CREATE INDEX shifts_opened_at ON shifts (opened_at);

CREATE TRIGGER shifts_closed_are_final BEFORE UPDATE ON shifts WHEN old.status = 'closed'
BEGIN
  SELECT RAISE(ABORT, 'SHIFT_CLOSED_IMMUTABLE');
END;
CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts
BEGIN
  SELECT RAISE(ABORT, 'SHIFT_IMMUTABLE');
END;

-- Cash put into or taken out of the drawer outside sales (change float top-up, paying a supplier).
CREATE TABLE cash_movements (
  id           TEXT PRIMARY KEY,
  shift_id     TEXT NOT NULL REFERENCES shifts (id),
  kind         TEXT NOT NULL CHECK (kind IN ('in', 'out')),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  reason       TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  staff_id     TEXT NOT NULL REFERENCES staff (id),
  created_at   INTEGER NOT NULL
);
CREATE INDEX cash_movements_shift ON cash_movements (shift_id, created_at);

CREATE TRIGGER cash_movements_only_open_shift BEFORE INSERT ON cash_movements
WHEN (SELECT status FROM shifts WHERE id = new.shift_id) IS NOT 'open'
BEGIN
  SELECT RAISE(ABORT, 'SHIFT_NOT_OPEN');
END;
CREATE TRIGGER cash_movements_no_update BEFORE UPDATE ON cash_movements
BEGIN
  SELECT RAISE(ABORT, 'CASH_MOVEMENT_IMMUTABLE');
END;
CREATE TRIGGER cash_movements_no_delete BEFORE DELETE ON cash_movements
BEGIN
  SELECT RAISE(ABORT, 'CASH_MOVEMENT_IMMUTABLE');
END;

-- The Z-report: numbered without gaps, one per closed shift, a frozen JSON snapshot of the
-- figures at closing. Reprints read the snapshot, never recompute. Immutable by trigger.
CREATE TABLE z_reports (
  id         TEXT PRIMARY KEY,
  number     INTEGER NOT NULL UNIQUE CHECK (number > 0),
  shift_id   TEXT NOT NULL UNIQUE REFERENCES shifts (id),
  snapshot   TEXT NOT NULL CHECK (json_valid(snapshot)),
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL REFERENCES staff (id)
);
CREATE TRIGGER z_reports_no_update BEFORE UPDATE ON z_reports
BEGIN
  SELECT RAISE(ABORT, 'Z_REPORT_IMMUTABLE');
END;
CREATE TRIGGER z_reports_no_delete BEFORE DELETE ON z_reports
BEGIN
  SELECT RAISE(ABORT, 'Z_REPORT_IMMUTABLE');
END;

-- Kitchen tickets: what was sent to which station. The sum of qty_delta per order line and
-- station is what the kitchen has been asked to make, so a second "send" only sends changes.
-- idempotency_key (from the client's click) makes a repeated request return the same tickets.
CREATE TABLE kitchen_tickets (
  id               TEXT PRIMARY KEY,
  order_id         TEXT NOT NULL REFERENCES orders (id),
  station          TEXT NOT NULL,
  idempotency_key  TEXT NOT NULL,
  reprint_of       TEXT REFERENCES kitchen_tickets (id),
  staff_id         TEXT NOT NULL REFERENCES staff (id),
  created_at       INTEGER NOT NULL,
  UNIQUE (idempotency_key, station)
);
CREATE INDEX kitchen_tickets_order ON kitchen_tickets (order_id, created_at);

CREATE TABLE kitchen_ticket_lines (
  ticket_id     TEXT NOT NULL REFERENCES kitchen_tickets (id),
  order_line_id TEXT NOT NULL REFERENCES order_lines (id),
  qty_delta     INTEGER NOT NULL CHECK (qty_delta <> 0),
  PRIMARY KEY (ticket_id, order_line_id)
);
CREATE INDEX kitchen_ticket_lines_line ON kitchen_ticket_lines (order_line_id);

-- The print queue: rendered ESC/POS bytes waiting for a printer (settings.printers[].id).
-- A job survives restarts; an offline printer leaves it pending with last_error_code set and a
-- later next_attempt_at. idempotency_key stops a double click printing twice.
CREATE TABLE print_jobs (
  id                 TEXT PRIMARY KEY,
  printer_id         TEXT NOT NULL,
  kind               TEXT NOT NULL CHECK (kind IN ('receipt', 'kitchen', 'report', 'test')),
  ref                TEXT,                     -- what was printed: order id, kitchen ticket id, 'z:<number>'
  description        TEXT NOT NULL DEFAULT '',
  payload            BLOB NOT NULL,
  idempotency_key    TEXT UNIQUE,
  status             TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'printed', 'cancelled')),
  attempts           INTEGER NOT NULL DEFAULT 0,
  last_error_code    TEXT,
  last_error_message TEXT,
  next_attempt_at    INTEGER NOT NULL,
  created_at         INTEGER NOT NULL,
  printed_at         INTEGER
);
CREATE INDEX print_jobs_due ON print_jobs (status, next_attempt_at);
CREATE INDEX print_jobs_printer ON print_jobs (printer_id, status, created_at);
CREATE INDEX print_jobs_ref ON print_jobs (ref, kind);

-- Reports and shift summaries: a covering index over paid orders, so a month of a busy shop
-- (~12,500 orders) is one index range; their lines come from 001's covering order_lines_order.
CREATE INDEX orders_voided_at ON orders (voided_at) WHERE voided_at IS NOT NULL;
CREATE INDEX orders_paid_report ON orders (paid_at, status, id, staff_id, total_cents, subtotal_cents, discount_cents, tax_cents)
  WHERE paid_at IS NOT NULL;
