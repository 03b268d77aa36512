-- License agent cache (app/core/license/cache.ts): one row, the last signed license the worker
-- gave this machine, so the shop can sell offline. The row itself is not trusted: the license
-- file is re-verified (Ed25519, by kid) at every start and ignored if it fails.
CREATE TABLE license_cache (
  id                    INTEGER PRIMARY KEY CHECK (id = 1),
  customer_email        TEXT NOT NULL,
  token                 TEXT NOT NULL,                 -- unlock token: needed for every online check
  license_file          TEXT,                          -- signed license file exactly as received
  highest_trusted_time  INTEGER NOT NULL DEFAULT 0,    -- highest local time seen since the last good check (epoch ms); the signed issuedAt is checked too
  last_check_at         INTEGER,                       -- signed server time of the last good online check
  session_id            TEXT,                          -- device session (bearer secret, never logged)
  subscription          TEXT NOT NULL DEFAULT '{}',    -- JSON: plan, currentPeriodEnd, cancelAtPeriodEnd (display only)
  machine_id            TEXT,
  updated_at            INTEGER NOT NULL
);
