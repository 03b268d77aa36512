-- POSPal 007: PIN sign-in attempts (issue 9 rule 1). Every PIN check is recorded BEFORE its slow
-- hash is computed, in the same transaction that counts it against the staff member's lockout,
-- so concurrent guesses cannot all pass the "attempts left?" test before any of them is counted.
--   outcome NULL      : the check is in flight (at most one per staff member and device)
--   'ok' / 'wrong'    : the check ran and the PIN matched / did not
--   'unknown_staff'   : no such staff member (no check ran; still counts against the device)
-- device_key is the transport's device id ('local' for this computer). Rows older than a day are
-- pruned on the next attempt.
CREATE TABLE pin_attempts (
  id          INTEGER PRIMARY KEY,
  staff_id    TEXT,
  device_key  TEXT NOT NULL,
  started_at  INTEGER NOT NULL,
  finished_at INTEGER,
  outcome     TEXT CHECK (outcome IS NULL OR outcome IN ('ok', 'wrong', 'unknown_staff'))
);
CREATE INDEX pin_attempts_by_device ON pin_attempts (device_key, started_at);
CREATE INDEX pin_attempts_in_flight ON pin_attempts (staff_id, device_key) WHERE outcome IS NULL;
CREATE INDEX pin_attempts_by_start ON pin_attempts (started_at);
