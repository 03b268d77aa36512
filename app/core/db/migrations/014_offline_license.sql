-- Offline license file (issue 13 §4, app/core/license/offline-file): the file a distributor
-- issued for this computer, exactly as imported (re-verified at every start, never trusted as
-- stored), the trusted-time floor of file mode, and the newest signed list of revoked files
-- any online answer brought.
CREATE TABLE offline_license (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  license_file     TEXT NOT NULL,
  imported_at      INTEGER NOT NULL,
  highest_seen_at  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE offline_revocations (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  signed      TEXT NOT NULL,            -- the worker's signed list, verified before it is stored and when read
  issued_at   INTEGER NOT NULL,         -- its signed issuedAt: an older list never replaces a newer one
  updated_at  INTEGER NOT NULL
);
