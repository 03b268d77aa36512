-- POSPal 005: report summaries reshaped for month reports (replaces 004's report triggers).
-- 004 kept sales per 15-minute bucket AND staff, and lines per UTC day: a month report still read
-- ~45,000 summary rows. Now (all kept by triggers in the same statement as the ledger change):
--   sales_order_buckets: orders per UTC 15-minute bucket only (local hours and business days);
--   sales_staff_days:    orders per UTC day and staff;
--   sales_line_days / sales_line_months: active sold lines per UTC day / UTC month (YYYYMM);
--   payment_days:        payment rows per UTC day and method (replaces payment_buckets).
-- A report rounds its range to the nearest UTC midnights, reads whole UTC months and days from
-- these tables, and adds or subtracts the (< 12 h) differences at the edges from the raw ledger
-- (reports/sales-facts.ts). Rows whose count fell to 0 are ignored by readers.
DROP TRIGGER sales_orders_insert;
DROP TRIGGER sales_orders_update_out;
DROP TRIGGER sales_orders_update_in;
DROP TRIGGER sales_orders_delete;
DROP TRIGGER sales_lines_insert;
DROP TRIGGER sales_lines_update_out;
DROP TRIGGER sales_lines_update_in;
DROP TRIGGER sales_lines_delete;
DROP TRIGGER payment_buckets_insert;
DROP TRIGGER payment_buckets_update;
DROP TRIGGER payment_buckets_delete;
DROP TABLE sales_order_buckets;
DROP TABLE payment_buckets;

CREATE TABLE sales_order_buckets (
  bucket         INTEGER PRIMARY KEY,
  order_count    INTEGER NOT NULL,
  subtotal_cents INTEGER NOT NULL,
  discount_cents INTEGER NOT NULL,
  tax_cents      INTEGER NOT NULL,
  total_cents    INTEGER NOT NULL
);

CREATE TABLE sales_staff_days (
  day         INTEGER NOT NULL,
  staff_id    TEXT NOT NULL,
  order_count INTEGER NOT NULL,
  total_cents INTEGER NOT NULL,
  PRIMARY KEY (day, staff_id)
) WITHOUT ROWID;

CREATE TABLE sales_line_months (
  month        INTEGER NOT NULL, -- YYYYMM of the UTC date
  item_key     TEXT NOT NULL,
  category_key TEXT NOT NULL,
  line_name    TEXT NOT NULL,
  line_count   INTEGER NOT NULL,
  qty          INTEGER NOT NULL,
  total_cents  INTEGER NOT NULL,
  PRIMARY KEY (month, item_key, category_key, line_name)
) WITHOUT ROWID;

CREATE TABLE payment_days (
  day          INTEGER NOT NULL,
  method       TEXT NOT NULL,
  count        INTEGER NOT NULL,
  amount_cents INTEGER NOT NULL,
  PRIMARY KEY (day, method)
) WITHOUT ROWID;

-- Orders entering or leaving the sales (paid, voided, refunded in full, edited while sold).
CREATE TRIGGER sales_orders_insert AFTER INSERT ON orders
WHEN new.paid_at IS NOT NULL AND new.status IN ('paid', 'refunded')
BEGIN
  INSERT INTO sales_order_buckets VALUES (new.paid_at / 900000, 1, new.subtotal_cents, new.discount_cents, new.tax_cents, new.total_cents)
  ON CONFLICT (bucket) DO UPDATE SET order_count = order_count + excluded.order_count, subtotal_cents = subtotal_cents + excluded.subtotal_cents,
    discount_cents = discount_cents + excluded.discount_cents, tax_cents = tax_cents + excluded.tax_cents, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_staff_days VALUES (new.paid_at / 86400000, new.staff_id, 1, new.total_cents)
  ON CONFLICT (day, staff_id) DO UPDATE SET order_count = order_count + excluded.order_count, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_line_days
    SELECT new.paid_at / 86400000, COALESCE(item_id, ''), COALESCE(category_id, ''), CASE WHEN item_id IS NULL THEN name ELSE '' END, COUNT(*), SUM(qty), SUM(total_cents)
    FROM order_lines WHERE order_id = new.id AND status = 'active' GROUP BY 2, 3, 4
  ON CONFLICT (day, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_line_months
    SELECT CAST(strftime('%Y%m', new.paid_at / 1000, 'unixepoch') AS INTEGER), COALESCE(item_id, ''), COALESCE(category_id, ''), CASE WHEN item_id IS NULL THEN name ELSE '' END, COUNT(*), SUM(qty), SUM(total_cents)
    FROM order_lines WHERE order_id = new.id AND status = 'active' GROUP BY 2, 3, 4
  ON CONFLICT (month, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
END;

CREATE TRIGGER sales_orders_update_out AFTER UPDATE OF status, paid_at, staff_id, subtotal_cents, discount_cents, tax_cents, total_cents ON orders
WHEN old.paid_at IS NOT NULL AND old.status IN ('paid', 'refunded')
BEGIN
  INSERT INTO sales_order_buckets VALUES (old.paid_at / 900000, -1, -old.subtotal_cents, -old.discount_cents, -old.tax_cents, -old.total_cents)
  ON CONFLICT (bucket) DO UPDATE SET order_count = order_count + excluded.order_count, subtotal_cents = subtotal_cents + excluded.subtotal_cents,
    discount_cents = discount_cents + excluded.discount_cents, tax_cents = tax_cents + excluded.tax_cents, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_staff_days VALUES (old.paid_at / 86400000, old.staff_id, -1, -old.total_cents)
  ON CONFLICT (day, staff_id) DO UPDATE SET order_count = order_count + excluded.order_count, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_line_days
    SELECT old.paid_at / 86400000, COALESCE(item_id, ''), COALESCE(category_id, ''), CASE WHEN item_id IS NULL THEN name ELSE '' END, -COUNT(*), -SUM(qty), -SUM(total_cents)
    FROM order_lines WHERE order_id = old.id AND status = 'active' GROUP BY 2, 3, 4
  ON CONFLICT (day, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_line_months
    SELECT CAST(strftime('%Y%m', old.paid_at / 1000, 'unixepoch') AS INTEGER), COALESCE(item_id, ''), COALESCE(category_id, ''), CASE WHEN item_id IS NULL THEN name ELSE '' END, -COUNT(*), -SUM(qty), -SUM(total_cents)
    FROM order_lines WHERE order_id = old.id AND status = 'active' GROUP BY 2, 3, 4
  ON CONFLICT (month, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
END;

CREATE TRIGGER sales_orders_update_in AFTER UPDATE OF status, paid_at, staff_id, subtotal_cents, discount_cents, tax_cents, total_cents ON orders
WHEN new.paid_at IS NOT NULL AND new.status IN ('paid', 'refunded')
BEGIN
  INSERT INTO sales_order_buckets VALUES (new.paid_at / 900000, 1, new.subtotal_cents, new.discount_cents, new.tax_cents, new.total_cents)
  ON CONFLICT (bucket) DO UPDATE SET order_count = order_count + excluded.order_count, subtotal_cents = subtotal_cents + excluded.subtotal_cents,
    discount_cents = discount_cents + excluded.discount_cents, tax_cents = tax_cents + excluded.tax_cents, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_staff_days VALUES (new.paid_at / 86400000, new.staff_id, 1, new.total_cents)
  ON CONFLICT (day, staff_id) DO UPDATE SET order_count = order_count + excluded.order_count, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_line_days
    SELECT new.paid_at / 86400000, COALESCE(item_id, ''), COALESCE(category_id, ''), CASE WHEN item_id IS NULL THEN name ELSE '' END, COUNT(*), SUM(qty), SUM(total_cents)
    FROM order_lines WHERE order_id = new.id AND status = 'active' GROUP BY 2, 3, 4
  ON CONFLICT (day, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_line_months
    SELECT CAST(strftime('%Y%m', new.paid_at / 1000, 'unixepoch') AS INTEGER), COALESCE(item_id, ''), COALESCE(category_id, ''), CASE WHEN item_id IS NULL THEN name ELSE '' END, COUNT(*), SUM(qty), SUM(total_cents)
    FROM order_lines WHERE order_id = new.id AND status = 'active' GROUP BY 2, 3, 4
  ON CONFLICT (month, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
END;

CREATE TRIGGER sales_orders_delete AFTER DELETE ON orders
WHEN old.paid_at IS NOT NULL AND old.status IN ('paid', 'refunded')
BEGIN
  INSERT INTO sales_order_buckets VALUES (old.paid_at / 900000, -1, -old.subtotal_cents, -old.discount_cents, -old.tax_cents, -old.total_cents)
  ON CONFLICT (bucket) DO UPDATE SET order_count = order_count + excluded.order_count, subtotal_cents = subtotal_cents + excluded.subtotal_cents,
    discount_cents = discount_cents + excluded.discount_cents, tax_cents = tax_cents + excluded.tax_cents, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_staff_days VALUES (old.paid_at / 86400000, old.staff_id, -1, -old.total_cents)
  ON CONFLICT (day, staff_id) DO UPDATE SET order_count = order_count + excluded.order_count, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_line_days
    SELECT old.paid_at / 86400000, COALESCE(item_id, ''), COALESCE(category_id, ''), CASE WHEN item_id IS NULL THEN name ELSE '' END, -COUNT(*), -SUM(qty), -SUM(total_cents)
    FROM order_lines WHERE order_id = old.id AND status = 'active' GROUP BY 2, 3, 4
  ON CONFLICT (day, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_line_months
    SELECT CAST(strftime('%Y%m', old.paid_at / 1000, 'unixepoch') AS INTEGER), COALESCE(item_id, ''), COALESCE(category_id, ''), CASE WHEN item_id IS NULL THEN name ELSE '' END, -COUNT(*), -SUM(qty), -SUM(total_cents)
    FROM order_lines WHERE order_id = old.id AND status = 'active' GROUP BY 2, 3, 4
  ON CONFLICT (month, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
END;

-- Lines of a sold order added, edited, voided, moved or removed.
CREATE TRIGGER sales_lines_insert AFTER INSERT ON order_lines
WHEN new.status = 'active' AND EXISTS (SELECT 1 FROM orders WHERE id = new.order_id AND paid_at IS NOT NULL AND status IN ('paid', 'refunded'))
BEGIN
  INSERT INTO sales_line_days
    SELECT o.paid_at / 86400000, COALESCE(new.item_id, ''), COALESCE(new.category_id, ''), CASE WHEN new.item_id IS NULL THEN new.name ELSE '' END, 1, new.qty, new.total_cents
    FROM orders o WHERE o.id = new.order_id
  ON CONFLICT (day, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_line_months
    SELECT CAST(strftime('%Y%m', o.paid_at / 1000, 'unixepoch') AS INTEGER), COALESCE(new.item_id, ''), COALESCE(new.category_id, ''), CASE WHEN new.item_id IS NULL THEN new.name ELSE '' END, 1, new.qty, new.total_cents
    FROM orders o WHERE o.id = new.order_id
  ON CONFLICT (month, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
END;

CREATE TRIGGER sales_lines_update_out AFTER UPDATE OF order_id, status, item_id, category_id, name, qty, total_cents ON order_lines
WHEN old.status = 'active' AND EXISTS (SELECT 1 FROM orders WHERE id = old.order_id AND paid_at IS NOT NULL AND status IN ('paid', 'refunded'))
BEGIN
  INSERT INTO sales_line_days
    SELECT o.paid_at / 86400000, COALESCE(old.item_id, ''), COALESCE(old.category_id, ''), CASE WHEN old.item_id IS NULL THEN old.name ELSE '' END, -1, -old.qty, -old.total_cents
    FROM orders o WHERE o.id = old.order_id
  ON CONFLICT (day, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_line_months
    SELECT CAST(strftime('%Y%m', o.paid_at / 1000, 'unixepoch') AS INTEGER), COALESCE(old.item_id, ''), COALESCE(old.category_id, ''), CASE WHEN old.item_id IS NULL THEN old.name ELSE '' END, -1, -old.qty, -old.total_cents
    FROM orders o WHERE o.id = old.order_id
  ON CONFLICT (month, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
END;

CREATE TRIGGER sales_lines_update_in AFTER UPDATE OF order_id, status, item_id, category_id, name, qty, total_cents ON order_lines
WHEN new.status = 'active' AND EXISTS (SELECT 1 FROM orders WHERE id = new.order_id AND paid_at IS NOT NULL AND status IN ('paid', 'refunded'))
BEGIN
  INSERT INTO sales_line_days
    SELECT o.paid_at / 86400000, COALESCE(new.item_id, ''), COALESCE(new.category_id, ''), CASE WHEN new.item_id IS NULL THEN new.name ELSE '' END, 1, new.qty, new.total_cents
    FROM orders o WHERE o.id = new.order_id
  ON CONFLICT (day, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_line_months
    SELECT CAST(strftime('%Y%m', o.paid_at / 1000, 'unixepoch') AS INTEGER), COALESCE(new.item_id, ''), COALESCE(new.category_id, ''), CASE WHEN new.item_id IS NULL THEN new.name ELSE '' END, 1, new.qty, new.total_cents
    FROM orders o WHERE o.id = new.order_id
  ON CONFLICT (month, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
END;

CREATE TRIGGER sales_lines_delete AFTER DELETE ON order_lines
WHEN old.status = 'active' AND EXISTS (SELECT 1 FROM orders WHERE id = old.order_id AND paid_at IS NOT NULL AND status IN ('paid', 'refunded'))
BEGIN
  INSERT INTO sales_line_days
    SELECT o.paid_at / 86400000, COALESCE(old.item_id, ''), COALESCE(old.category_id, ''), CASE WHEN old.item_id IS NULL THEN old.name ELSE '' END, -1, -old.qty, -old.total_cents
    FROM orders o WHERE o.id = old.order_id
  ON CONFLICT (day, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
  INSERT INTO sales_line_months
    SELECT CAST(strftime('%Y%m', o.paid_at / 1000, 'unixepoch') AS INTEGER), COALESCE(old.item_id, ''), COALESCE(old.category_id, ''), CASE WHEN old.item_id IS NULL THEN old.name ELSE '' END, -1, -old.qty, -old.total_cents
    FROM orders o WHERE o.id = old.order_id
  ON CONFLICT (month, item_key, category_key, line_name) DO UPDATE SET line_count = line_count + excluded.line_count,
    qty = qty + excluded.qty, total_cents = total_cents + excluded.total_cents;
END;

-- Payment rows (sales, reversals of voided orders).
CREATE TRIGGER payment_days_insert AFTER INSERT ON payments
BEGIN
  INSERT INTO payment_days VALUES (new.created_at / 86400000, new.method, 1, new.amount_cents)
  ON CONFLICT (day, method) DO UPDATE SET count = count + excluded.count, amount_cents = amount_cents + excluded.amount_cents;
END;
CREATE TRIGGER payment_days_update AFTER UPDATE OF method, amount_cents, created_at ON payments
BEGIN
  INSERT INTO payment_days VALUES (old.created_at / 86400000, old.method, -1, -old.amount_cents)
  ON CONFLICT (day, method) DO UPDATE SET count = count + excluded.count, amount_cents = amount_cents + excluded.amount_cents;
  INSERT INTO payment_days VALUES (new.created_at / 86400000, new.method, 1, new.amount_cents)
  ON CONFLICT (day, method) DO UPDATE SET count = count + excluded.count, amount_cents = amount_cents + excluded.amount_cents;
END;
CREATE TRIGGER payment_days_delete AFTER DELETE ON payments
BEGIN
  INSERT INTO payment_days VALUES (old.created_at / 86400000, old.method, -1, -old.amount_cents)
  ON CONFLICT (day, method) DO UPDATE SET count = count + excluded.count, amount_cents = amount_cents + excluded.amount_cents;
END;

-- Backfill from the ledger.
INSERT INTO sales_order_buckets
  SELECT paid_at / 900000, COUNT(*), SUM(subtotal_cents), SUM(discount_cents), SUM(tax_cents), SUM(total_cents)
  FROM orders WHERE paid_at IS NOT NULL AND status IN ('paid', 'refunded') GROUP BY 1;
INSERT INTO sales_staff_days
  SELECT paid_at / 86400000, staff_id, COUNT(*), SUM(total_cents) FROM orders WHERE paid_at IS NOT NULL AND status IN ('paid', 'refunded') GROUP BY 1, 2;
INSERT INTO sales_line_months
  SELECT CAST(strftime('%Y%m', o.paid_at / 1000, 'unixepoch') AS INTEGER), COALESCE(l.item_id, ''), COALESCE(l.category_id, ''), CASE WHEN l.item_id IS NULL THEN l.name ELSE '' END, COUNT(*), SUM(l.qty), SUM(l.total_cents)
  FROM orders o JOIN order_lines l ON l.order_id = o.id
  WHERE o.paid_at IS NOT NULL AND o.status IN ('paid', 'refunded') AND l.status = 'active' GROUP BY 1, 2, 3, 4;
INSERT INTO payment_days SELECT created_at / 86400000, method, COUNT(*), SUM(amount_cents) FROM payments GROUP BY 1, 2;
