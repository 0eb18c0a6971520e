-- Leases: which process drives a run (run:ID) or holds the migration lock (migrate), on which host,
-- and until when. A holder renews its lease while it works; a process on another host may take a
-- lease over once it has expired, so a machine that vanished holds nothing for longer than that.
-- The token tells apart two processes that share a pid and a host name (pid 1 in every container).

CREATE TABLE ferry_leases (
    name TEXT PRIMARY KEY, pid INTEGER NOT NULL, host TEXT NOT NULL, token TEXT NOT NULL,
    taken_at TEXT NOT NULL, expires_ms INTEGER NOT NULL);

-- A migration lock an earlier Ferry took had no expiry: it is kept as a lease that has expired,
-- which its holder (on this host, if it still runs) no longer renews.
INSERT INTO ferry_leases (name, pid, host, token, taken_at, expires_ms)
    SELECT name, pid, host, '', started_at, 0 FROM ferry_migration_lock;

DROP TABLE ferry_migration_lock;

-- Read by every Ferry on open, older ones included, to refuse a store newer than itself.
PRAGMA user_version = 4;
