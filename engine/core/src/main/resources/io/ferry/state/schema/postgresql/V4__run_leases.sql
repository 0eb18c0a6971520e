-- Leases: which process drives a run (run:ID) or holds the migration lock (migrate), on which host,
-- and until when. A holder renews its lease while it works; a process on another host may take a
-- lease over once it has expired, so a machine that vanished holds nothing for longer than that.
-- The token tells apart two processes that share a pid and a host name (pid 1 in every container).

CREATE TABLE ferry_leases (
    name TEXT COLLATE "C" PRIMARY KEY, pid BIGINT NOT NULL, host TEXT COLLATE "C" NOT NULL, token TEXT COLLATE "C" NOT NULL,
    taken_at TEXT COLLATE "C" NOT NULL, expires_ms BIGINT NOT NULL);

-- A migration lock an earlier Ferry took had no expiry: it is kept as a lease that has expired,
-- which its holder (on this host, if it still runs) no longer renews.
INSERT INTO ferry_leases (name, pid, host, token, taken_at, expires_ms)
    SELECT name, pid, host, '', started_at, 0 FROM ferry_migration_lock;

DROP TABLE ferry_migration_lock;
