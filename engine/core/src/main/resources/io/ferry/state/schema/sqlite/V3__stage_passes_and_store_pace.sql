-- What a run's report says of its pace: each pass of a stage (a resumed stage has several) with its
-- records and times, and each store's calls, throttled answers, waits and pace per class of call.

CREATE TABLE ferry_stage_passes (
    run_id TEXT NOT NULL, stage TEXT NOT NULL, started_ms INTEGER NOT NULL, finished_ms INTEGER NOT NULL,
    records INTEGER NOT NULL);

CREATE INDEX ferry_stage_passes_run ON ferry_stage_passes (run_id);

CREATE TABLE ferry_store_pace (
    run_id TEXT NOT NULL, role TEXT NOT NULL, store TEXT NOT NULL, limiter TEXT NOT NULL, operation TEXT NOT NULL,
    limited_by TEXT NOT NULL, calls INTEGER NOT NULL, throttled INTEGER NOT NULL, waited_ms INTEGER NOT NULL,
    pace REAL NOT NULL, peak_pace REAL NOT NULL,
    PRIMARY KEY (run_id, role, limiter, operation));

-- Read by every Ferry on open, older ones included, to refuse a store newer than itself.
PRAGMA user_version = 3;
