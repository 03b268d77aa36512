-- POSPal 008: kitchen routing per item, and cash-drawer pulses in the print queue.
-- items.station overrides the category's station (settings.kitchen.categoryStations):
--   NULL   = as the category says;
--   'none' = never sent to a station (sold at the till);
--   other  = that station ('kitchen', 'bar', …).
ALTER TABLE items ADD COLUMN station TEXT CHECK (station IS NULL OR (length(station) BETWEEN 1 AND 40));

-- A drawer kick (ESC p) is a job of its own on the printer the drawer hangs from: a cash sale
-- opens the drawer whether or not a receipt is printed. SQLite cannot widen a CHECK in place,
-- so print_jobs is rebuilt with 'drawer' allowed (same columns, same indexes).
CREATE TABLE print_jobs_008 (
  id                 TEXT PRIMARY KEY,
  printer_id         TEXT NOT NULL,
  kind               TEXT NOT NULL CHECK (kind IN ('receipt', 'kitchen', 'report', 'test', 'drawer')),
  ref                TEXT,
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
INSERT INTO print_jobs_008 SELECT id, printer_id, kind, ref, description, payload, idempotency_key, status, attempts,
  last_error_code, last_error_message, next_attempt_at, created_at, printed_at FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_008 RENAME TO print_jobs;
CREATE INDEX print_jobs_due ON print_jobs (status, next_attempt_at);
CREATE INDEX print_jobs_printer ON print_jobs (printer_id, status, created_at);
CREATE INDEX print_jobs_ref ON print_jobs (ref, kind);
