-- What a run's report says of its pace: each pass of a stage (a resumed stage has several) with its
-- records and times, and each store's calls, throttled answers, waits and pace per class of call.

CREATE TABLE ferry_stage_passes (
    run_id TEXT COLLATE "C" NOT NULL, stage TEXT COLLATE "C" NOT NULL, started_ms BIGINT NOT NULL,
    finished_ms BIGINT NOT NULL, records BIGINT NOT NULL,
    inserted BIGINT GENERATED ALWAYS AS IDENTITY);

CREATE INDEX ferry_stage_passes_run ON ferry_stage_passes (run_id);

CREATE TABLE ferry_store_pace (
    run_id TEXT COLLATE "C" NOT NULL, role TEXT COLLATE "C" NOT NULL, store TEXT COLLATE "C" NOT NULL,
    limiter TEXT COLLATE "C" NOT NULL, operation TEXT COLLATE "C" NOT NULL, limited_by TEXT COLLATE "C" NOT NULL,
    calls BIGINT NOT NULL, throttled BIGINT NOT NULL, waited_ms BIGINT NOT NULL,
    pace DOUBLE PRECISION NOT NULL, peak_pace DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_id, role, limiter, operation));
