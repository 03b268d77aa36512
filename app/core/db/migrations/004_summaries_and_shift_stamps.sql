-- POSPal 004: report summaries kept by triggers, shift stamps on sales, kitchen change tickets.

-- ---------------------------------------------------------------------------------------------
-- Report summaries. A sale is an order with paid_at set and status paid/refunded (as in the
-- reports). Triggers keep these tables equal to a GROUP BY over the raw ledger inside the very
-- statement that changes it, so every payment, void, refund or line edit updates them in the
-- same transaction. Rows are never deleted: a row whose count fell to 0 is ignored by readers.
--   sales_order_buckets: orders per UTC 15-minute bucket (paid_at / 900000) and staff. Every
--     zone offset is a multiple of 15 minutes, so business days and local hours are exact.
--   sales_line_days: active sold lines per UTC day (paid_at / 86400000) and item. A range's
--     partial first/last UTC days are read from the raw tables (see reports/sales-summary.ts).
--   payment_buckets: payment rows per UTC 15-minute bucket (created_at / 900000) and method.
-- Keys use '' for NULL (NULLs are distinct in a primary key, which would defeat the upsert).
CREATE TABLE sales_order_buckets (
  bucket         INTEGER NOT NULL,
  staff_id       TEXT NOT NULL,
  order_count    INTEGER NOT NULL,
  subtotal_cents INTEGER NOT NULL,
  discount_cents INTEGER NOT NULL,
  tax_cents      INTEGER NOT NULL,
  total_cents    INTEGER NOT NULL,
  PRIMARY KEY (bucket, staff_id)
) WITHOUT ROWID;

CREATE TABLE sales_line_days (
  day          INTEGER NOT NULL,
  item_key     TEXT NOT NULL, -- item_id, or '' for an open-price line
  category_key TEXT NOT NULL, -- category_id or ''
  line_name    TEXT NOT NULL, -- the line's name when item_key = '', else ''
  line_count   INTEGER NOT NULL,
  qty          INTEGER NOT NULL,
  total_cents  INTEGER NOT NULL,
  PRIMARY KEY (day, item_key, category_key, line_name)
) WITHOUT ROWID;

CREATE TABLE payment_buckets (
  bucket       INTEGER NOT NULL,
  method       TEXT NOT NULL,
  count        INTEGER NOT NULL,
  amount_cents INTEGER NOT NULL,
  PRIMARY KEY (bucket, method)
) WITHOUT ROWID;

-- Orders entering / leaving the set of sales (paid, voided, edited while sold).
CREATE TRIGGER sales_orders_insert AFTER INSERT ON orders
WHEN new.paid_at IS NOT NULL AND new.status IN ('paid', 'refunded')
BEGIN
  INSERT INTO sales_order_buckets VALUES (new.paid_at / 900000, new.staff_id, 1, new.subtotal_cents, new.discount_cents, new.tax_cents, new.total_cents)
  ON CONFLICT (bucket, staff_id) DO UPDATE SET order_count = order_count + 1, subtotal_cents = subtotal_cents + excluded.subtotal_cents,
    discount_cents = discount_cents + excluded.discount_cents, tax_cents = tax_cents + excluded.tax_cents, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_line_days
    SELECT new.paid_at / 86400000, COALESCE(item_id, ''), COALESCE(category_id, ''), CASE WHEN item_id IS NULL THEN name ELSE '' END,
           COUNT(*), SUM(qty), SUM(total_cents)
    FROM order_lines WHERE order_id = new.id AND status = 'active' GROUP BY 2, 3, 4
  ON CONFLICT (day, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
END;

CREATE TRIGGER sales_orders_update_out AFTER UPDATE OF status, paid_at, staff_id, subtotal_cents, discount_cents, tax_cents, total_cents ON orders
WHEN old.paid_at IS NOT NULL AND old.status IN ('paid', 'refunded')
BEGIN
  INSERT INTO sales_order_buckets VALUES (old.paid_at / 900000, old.staff_id, -1, -old.subtotal_cents, -old.discount_cents, -old.tax_cents, -old.total_cents)
  ON CONFLICT (bucket, staff_id) DO UPDATE SET order_count = order_count - 1, subtotal_cents = subtotal_cents + excluded.subtotal_cents,
    discount_cents = discount_cents + excluded.discount_cents, tax_cents = tax_cents + excluded.tax_cents, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_line_days
    SELECT old.paid_at / 86400000, COALESCE(item_id, ''), COALESCE(category_id, ''), CASE WHEN item_id IS NULL THEN name ELSE '' END,
           -COUNT(*), -SUM(qty), -SUM(total_cents)
    FROM order_lines WHERE order_id = old.id AND status = 'active' GROUP BY 2, 3, 4
  ON CONFLICT (day, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
END;

CREATE TRIGGER sales_orders_update_in AFTER UPDATE OF status, paid_at, staff_id, subtotal_cents, discount_cents, tax_cents, total_cents ON orders
WHEN new.paid_at IS NOT NULL AND new.status IN ('paid', 'refunded')
BEGIN
  INSERT INTO sales_order_buckets VALUES (new.paid_at / 900000, new.staff_id, 1, new.subtotal_cents, new.discount_cents, new.tax_cents, new.total_cents)
  ON CONFLICT (bucket, staff_id) DO UPDATE SET order_count = order_count + 1, subtotal_cents = subtotal_cents + excluded.subtotal_cents,
    discount_cents = discount_cents + excluded.discount_cents, tax_cents = tax_cents + excluded.tax_cents, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_line_days
    SELECT new.paid_at / 86400000, COALESCE(item_id, ''), COALESCE(category_id, ''), CASE WHEN item_id IS NULL THEN name ELSE '' END,
           COUNT(*), SUM(qty), SUM(total_cents)
    FROM order_lines WHERE order_id = new.id AND status = 'active' GROUP BY 2, 3, 4
  ON CONFLICT (day, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
END;

CREATE TRIGGER sales_orders_delete AFTER DELETE ON orders
WHEN old.paid_at IS NOT NULL AND old.status IN ('paid', 'refunded')
BEGIN
  INSERT INTO sales_order_buckets VALUES (old.paid_at / 900000, old.staff_id, -1, -old.subtotal_cents, -old.discount_cents, -old.tax_cents, -old.total_cents)
  ON CONFLICT (bucket, staff_id) DO UPDATE SET order_count = order_count - 1, subtotal_cents = subtotal_cents + excluded.subtotal_cents,
    discount_cents = discount_cents + excluded.discount_cents, tax_cents = tax_cents + excluded.tax_cents, total_cents = total_cents + excluded.total_cents;
END;

-- Lines of a sold order added, edited, voided or removed.
CREATE TRIGGER sales_lines_insert AFTER INSERT ON order_lines
WHEN new.status = 'active' AND EXISTS (SELECT 1 FROM orders WHERE id = new.order_id AND paid_at IS NOT NULL AND status IN ('paid', 'refunded'))
BEGIN
  INSERT INTO sales_line_days
    SELECT o.paid_at / 86400000, COALESCE(new.item_id, ''), COALESCE(new.category_id, ''), CASE WHEN new.item_id IS NULL THEN new.name ELSE '' END,
           1, new.qty, new.total_cents
    FROM orders o WHERE o.id = new.order_id
  ON CONFLICT (day, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + 1,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
END;

CREATE TRIGGER sales_lines_update_out AFTER UPDATE OF order_id, status, item_id, category_id, name, qty, total_cents ON order_lines
WHEN old.status = 'active' AND EXISTS (SELECT 1 FROM orders WHERE id = old.order_id AND paid_at IS NOT NULL AND status IN ('paid', 'refunded'))
BEGIN
  INSERT INTO sales_line_days
    SELECT o.paid_at / 86400000, COALESCE(old.item_id, ''), COALESCE(old.category_id, ''), CASE WHEN old.item_id IS NULL THEN old.name ELSE '' END,
           -1, -old.qty, -old.total_cents
    FROM orders o WHERE o.id = old.order_id
  ON CONFLICT (day, item_key, category_key, line_name) DO UPDATE SET line_count = line_count - 1,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
END;

CREATE TRIGGER sales_lines_update_in AFTER UPDATE OF order_id, status, item_id, category_id, name, qty, total_cents ON order_lines
WHEN new.status = 'active' AND EXISTS (SELECT 1 FROM orders WHERE id = new.order_id AND paid_at IS NOT NULL AND status IN ('paid', 'refunded'))
BEGIN
  INSERT INTO sales_line_days
    SELECT o.paid_at / 86400000, COALESCE(new.item_id, ''), COALESCE(new.category_id, ''), CASE WHEN new.item_id IS NULL THEN new.name ELSE '' END,
           1, new.qty, new.total_cents
    FROM orders o WHERE o.id = new.order_id
  ON CONFLICT (day, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + 1,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
END;

CREATE TRIGGER sales_lines_delete AFTER DELETE ON order_lines
WHEN old.status = 'active' AND EXISTS (SELECT 1 FROM orders WHERE id = old.order_id AND paid_at IS NOT NULL AND status IN ('paid', 'refunded'))
BEGIN
  INSERT INTO sales_line_days
    SELECT o.paid_at / 86400000, COALESCE(old.item_id, ''), COALESCE(old.category_id, ''), CASE WHEN old.item_id IS NULL THEN old.name ELSE '' END,
           -1, -old.qty, -old.total_cents
    FROM orders o WHERE o.id = old.order_id
  ON CONFLICT (day, item_key, category_key, line_name) DO UPDATE SET line_count = line_count - 1,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
END;

-- Payment rows (sales, reversals of voided orders).
CREATE TRIGGER payment_buckets_insert AFTER INSERT ON payments
BEGIN
  INSERT INTO payment_buckets VALUES (new.created_at / 900000, new.method, 1, new.amount_cents)
  ON CONFLICT (bucket, method) DO UPDATE SET count = count + 1, amount_cents = amount_cents + excluded.amount_cents;
END;
CREATE TRIGGER payment_buckets_update AFTER UPDATE OF method, amount_cents, created_at ON payments
BEGIN
  INSERT INTO payment_buckets VALUES (old.created_at / 900000, old.method, -1, -old.amount_cents)
  ON CONFLICT (bucket, method) DO UPDATE SET count = count - 1, amount_cents = amount_cents + excluded.amount_cents;
  INSERT INTO payment_buckets VALUES (new.created_at / 900000, new.method, 1, new.amount_cents)
  ON CONFLICT (bucket, method) DO UPDATE SET count = count + 1, amount_cents = amount_cents + excluded.amount_cents;
END;
CREATE TRIGGER payment_buckets_delete AFTER DELETE ON payments
BEGIN
  INSERT INTO payment_buckets VALUES (old.created_at / 900000, old.method, -1, -old.amount_cents)
  ON CONFLICT (bucket, method) DO UPDATE SET count = count - 1, amount_cents = amount_cents + excluded.amount_cents;
END;

-- Backfill from the existing ledger.
INSERT INTO sales_order_buckets
  SELECT paid_at / 900000, staff_id, COUNT(*), SUM(subtotal_cents), SUM(discount_cents), SUM(tax_cents), SUM(total_cents)
  FROM orders WHERE paid_at IS NOT NULL AND status IN ('paid', 'refunded') GROUP BY 1, 2;
INSERT INTO sales_line_days
  SELECT o.paid_at / 86400000, COALESCE(l.item_id, ''), COALESCE(l.category_id, ''), CASE WHEN l.item_id IS NULL THEN l.name ELSE '' END,
         COUNT(*), SUM(l.qty), SUM(l.total_cents)
  FROM orders o JOIN order_lines l ON l.order_id = o.id
  WHERE o.paid_at IS NOT NULL AND o.status IN ('paid', 'refunded') AND l.status = 'active' GROUP BY 1, 2, 3, 4;
INSERT INTO payment_buckets SELECT created_at / 900000, method, COUNT(*), SUM(amount_cents) FROM payments GROUP BY 1, 2;

-- ---------------------------------------------------------------------------------------------
-- Shift stamps. A sale belongs to the shift that was open when it was PAID (orders.shift_id,
-- payments.shift_id, refunds.shift_id, orders.void_shift_id: all set in the same transaction as
-- the payment/void/refund). Rows made while no shift was open keep NULL until the next shift
-- opens, which adopts them (its Z-report counts them). Existing rows get the shift whose old
-- time window [counts_from, closed_at) held them, which is what the reports used to show.
ALTER TABLE orders ADD COLUMN void_shift_id TEXT;
CREATE INDEX orders_void_shift ON orders (void_shift_id) WHERE void_shift_id IS NOT NULL;
CREATE INDEX refunds_shift ON refunds (shift_id);

UPDATE orders SET shift_id = (
  SELECT s.id FROM shifts s WHERE s.counts_from <= orders.paid_at AND (s.closed_at IS NULL OR orders.paid_at < s.closed_at) ORDER BY s.number LIMIT 1)
WHERE paid_at IS NOT NULL;
UPDATE orders SET void_shift_id = (
  SELECT s.id FROM shifts s WHERE s.counts_from <= orders.voided_at AND (s.closed_at IS NULL OR orders.voided_at < s.closed_at) ORDER BY s.number LIMIT 1)
WHERE voided_at IS NOT NULL;
UPDATE payments SET shift_id = (
  SELECT s.id FROM shifts s WHERE s.counts_from <= payments.created_at AND (s.closed_at IS NULL OR payments.created_at < s.closed_at) ORDER BY s.number LIMIT 1)
WHERE shift_id IS NULL;
UPDATE refunds SET shift_id = (
  SELECT s.id FROM shifts s WHERE s.counts_from <= refunds.created_at AND (s.closed_at IS NULL OR refunds.created_at < s.closed_at) ORDER BY s.number LIMIT 1)
WHERE shift_id IS NULL;

-- ---------------------------------------------------------------------------------------------
-- Kitchen: what a line looked like when sent (its note and options), so editing them after a
-- send prints a CHANGED ticket. A change row (is_change = 1) says "make qty_delta of this line
-- now, as it reads now": it resets the sent count to qty_delta instead of adding to it.
ALTER TABLE kitchen_ticket_lines ADD COLUMN signature TEXT;
ALTER TABLE kitchen_ticket_lines ADD COLUMN is_change INTEGER NOT NULL DEFAULT 0 CHECK (is_change IN (0, 1));
