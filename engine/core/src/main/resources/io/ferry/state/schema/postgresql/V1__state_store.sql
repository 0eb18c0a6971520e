-- Ferry's state store on PostgreSQL: the tables of the SQLite store's version 1, with PostgreSQL's
-- types (BIGINT for SQLite's 64-bit INTEGER, BYTEA for sealed bytes, binary collation so that text
-- sorts as it does in SQLite), and an identity column where SQLite orders rows by rowid.

CREATE TABLE ferry_runs (
    id TEXT COLLATE "C" PRIMARY KEY, runbook_name TEXT COLLATE "C" NOT NULL, runbook_path TEXT COLLATE "C", runbook_checksum TEXT COLLATE "C",
    source_uri TEXT COLLATE "C" NOT NULL, target_uri TEXT COLLATE "C" NOT NULL, status TEXT COLLATE "C" NOT NULL, stage TEXT COLLATE "C",
    actor TEXT COLLATE "C" NOT NULL, started_at TEXT COLLATE "C" NOT NULL, updated_at TEXT COLLATE "C" NOT NULL, finished_at TEXT COLLATE "C",
    options_json TEXT COLLATE "C", summary_json TEXT COLLATE "C", error TEXT COLLATE "C", process_id BIGINT NOT NULL,
    key_id TEXT COLLATE "C" NOT NULL, wrapped_key BYTEA NOT NULL);

CREATE TABLE ferry_items (
    run_id TEXT COLLATE "C" NOT NULL, seq BIGINT NOT NULL, source_key TEXT COLLATE "C" NOT NULL, target_key TEXT COLLATE "C" NOT NULL,
    target_fold TEXT COLLATE "C" NOT NULL, action TEXT COLLATE "C" NOT NULL, reason TEXT COLLATE "C", flags TEXT COLLATE "C", changes TEXT COLLATE "C",
    value_changed BIGINT, source_fp TEXT COLLATE "C", desired_fp TEXT COLLATE "C", desired_image BYTEA, before_image BYTEA,
    status TEXT COLLATE "C" NOT NULL, attempts BIGINT NOT NULL DEFAULT 0, error TEXT COLLATE "C", written_version TEXT COLLATE "C",
    PRIMARY KEY (run_id, seq));

CREATE INDEX ferry_items_status ON ferry_items (run_id, status, seq);

CREATE INDEX ferry_items_fold ON ferry_items (run_id, target_fold);

CREATE INDEX ferry_items_target ON ferry_items (run_id, target_key);

CREATE TABLE ferry_steps (
    run_id TEXT COLLATE "C" NOT NULL, scope TEXT COLLATE "C" NOT NULL, step TEXT COLLATE "C" NOT NULL, seq BIGINT NOT NULL,
    batch BIGINT NOT NULL, item_key TEXT COLLATE "C", status TEXT COLLATE "C" NOT NULL, attempts BIGINT NOT NULL,
    started_at TEXT COLLATE "C" NOT NULL, finished_at TEXT COLLATE "C", error TEXT COLLATE "C", PRIMARY KEY (run_id, scope, step));

CREATE TABLE ferry_step_variables (
    run_id TEXT COLLATE "C" NOT NULL, scope TEXT COLLATE "C" NOT NULL, sealed BYTEA NOT NULL, PRIMARY KEY (run_id, scope));

CREATE TABLE ferry_step_items (
    run_id TEXT COLLATE "C" NOT NULL, element BIGINT NOT NULL, idx BIGINT NOT NULL, item_key TEXT COLLATE "C" NOT NULL,
    sealed BYTEA NOT NULL, PRIMARY KEY (run_id, element, idx));

CREATE TABLE ferry_migration_history (
    installed_rank BIGINT PRIMARY KEY, version TEXT COLLATE "C", description TEXT COLLATE "C" NOT NULL, type TEXT COLLATE "C" NOT NULL,
    script TEXT COLLATE "C" NOT NULL, checksum TEXT COLLATE "C", installed_by TEXT COLLATE "C" NOT NULL, installed_on TEXT COLLATE "C" NOT NULL,
    execution_time BIGINT NOT NULL, success BIGINT NOT NULL, run_id TEXT COLLATE "C");

CREATE TABLE ferry_migration_lock (
    name TEXT COLLATE "C" PRIMARY KEY, pid BIGINT NOT NULL, host TEXT COLLATE "C" NOT NULL, started_at TEXT COLLATE "C" NOT NULL);

CREATE TABLE ferry_item_versions (
    run_id TEXT COLLATE "C" NOT NULL, seq BIGINT NOT NULL, idx BIGINT NOT NULL, image BYTEA NOT NULL,
    fingerprint TEXT COLLATE "C" NOT NULL, PRIMARY KEY (run_id, seq, idx));

CREATE TABLE ferry_retry_queues (
    name TEXT COLLATE "C" PRIMARY KEY, key_id TEXT COLLATE "C" NOT NULL, wrapped_key BYTEA NOT NULL, created_at TEXT COLLATE "C" NOT NULL);

CREATE TABLE ferry_retry_items (
    queue TEXT COLLATE "C" NOT NULL, item_key TEXT COLLATE "C" NOT NULL, op TEXT COLLATE "C" NOT NULL, image BYTEA, fingerprint TEXT COLLATE "C",
    attempts BIGINT NOT NULL DEFAULT 0, last_error TEXT COLLATE "C", enqueued_at TEXT COLLATE "C" NOT NULL, attempted_at TEXT COLLATE "C",
    generation BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (queue, item_key));

CREATE TABLE ferry_syncs (
    id TEXT COLLATE "C" PRIMARY KEY, runbook_path TEXT COLLATE "C" NOT NULL, runbook_name TEXT COLLATE "C" NOT NULL, every_seconds BIGINT NOT NULL,
    propagate_deletes BIGINT NOT NULL, paused BIGINT NOT NULL DEFAULT 0, cursor TEXT COLLATE "C",
    passes BIGINT NOT NULL DEFAULT 0, process_id BIGINT NOT NULL, actor TEXT COLLATE "C" NOT NULL,
    started_at TEXT COLLATE "C" NOT NULL, updated_at TEXT COLLATE "C" NOT NULL);

CREATE TABLE ferry_sync_passes (
    sync_id TEXT COLLATE "C" NOT NULL, pass BIGINT NOT NULL, run_id TEXT COLLATE "C", mode TEXT COLLATE "C" NOT NULL, started_at TEXT COLLATE "C" NOT NULL,
    finished_at TEXT COLLATE "C", changed BIGINT NOT NULL DEFAULT 0, deleted BIGINT NOT NULL DEFAULT 0, status TEXT COLLATE "C" NOT NULL,
    error TEXT COLLATE "C", PRIMARY KEY (sync_id, pass));

CREATE TABLE ferry_sync_marks (
    sync_id TEXT COLLATE "C" NOT NULL, source_key TEXT COLLATE "C" NOT NULL, marker TEXT COLLATE "C", target_key TEXT COLLATE "C", seen_pass BIGINT NOT NULL,
    PRIMARY KEY (sync_id, source_key));

CREATE TABLE ferry_phases (
    migration_id TEXT COLLATE "C" PRIMARY KEY, phase TEXT COLLATE "C" NOT NULL, since TEXT COLLATE "C" NOT NULL, min_match_rate DOUBLE PRECISION NOT NULL,
    window_ms BIGINT NOT NULL);

CREATE TABLE ferry_phase_history (
    migration_id TEXT COLLATE "C" NOT NULL, at TEXT COLLATE "C" NOT NULL, from_phase TEXT COLLATE "C", to_phase TEXT COLLATE "C" NOT NULL, actor TEXT COLLATE "C" NOT NULL,
    reason TEXT COLLATE "C",
    inserted BIGINT GENERATED ALWAYS AS IDENTITY);

CREATE TABLE ferry_shadow_checks (
    migration_id TEXT COLLATE "C" NOT NULL, at_ms BIGINT NOT NULL, compared BIGINT NOT NULL, matched BIGINT NOT NULL,
    mismatched BIGINT NOT NULL, missing BIGINT NOT NULL);

CREATE INDEX ferry_shadow_checks_at ON ferry_shadow_checks (migration_id, at_ms);

CREATE TABLE ferry_throughput (
    run_id TEXT COLLATE "C" NOT NULL, at_ms BIGINT NOT NULL, stage TEXT COLLATE "C" NOT NULL, done BIGINT NOT NULL,
    inserted BIGINT GENERATED ALWAYS AS IDENTITY);

CREATE TABLE ferry_run_counters (
    run_id TEXT COLLATE "C" PRIMARY KEY, retries BIGINT NOT NULL DEFAULT 0, throttles BIGINT NOT NULL DEFAULT 0);

CREATE TABLE ferry_restore_points (
    name TEXT COLLATE "C" PRIMARY KEY, store_uri TEXT COLLATE "C" NOT NULL, location TEXT COLLATE "C", keys TEXT COLLATE "C", all_versions BIGINT NOT NULL,
    key_count BIGINT NOT NULL, record_count BIGINT NOT NULL, created_at TEXT COLLATE "C" NOT NULL, run_id TEXT COLLATE "C", role TEXT COLLATE "C",
    complete BIGINT NOT NULL, key_id TEXT COLLATE "C" NOT NULL, wrapped_key BYTEA NOT NULL);

CREATE TABLE ferry_restore_point_records (
    point TEXT COLLATE "C" NOT NULL, record_key TEXT COLLATE "C" NOT NULL, idx BIGINT NOT NULL, image BYTEA NOT NULL,
    PRIMARY KEY (point, record_key, idx));

CREATE INDEX ferry_restore_points_run ON ferry_restore_points (run_id);
