-- The statements schema version 1 ran on every open, before the state schema had versioned migrations.

CREATE TABLE IF NOT EXISTS ferry_runs (
    id TEXT PRIMARY KEY, runbook_name TEXT NOT NULL, runbook_path TEXT, runbook_checksum TEXT,
    source_uri TEXT NOT NULL, target_uri TEXT NOT NULL, status TEXT NOT NULL, stage TEXT,
    actor TEXT NOT NULL, started_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT,
    options_json TEXT, summary_json TEXT, error TEXT, process_id INTEGER NOT NULL,
    key_id TEXT NOT NULL, wrapped_key BLOB NOT NULL);

CREATE TABLE IF NOT EXISTS ferry_items (
    run_id TEXT NOT NULL, seq INTEGER NOT NULL, source_key TEXT NOT NULL, target_key TEXT NOT NULL,
    target_fold TEXT NOT NULL, action TEXT NOT NULL, reason TEXT, flags TEXT, changes TEXT,
    value_changed INTEGER, source_fp TEXT, desired_fp TEXT, desired_image BLOB, before_image BLOB,
    status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, error TEXT, written_version TEXT,
    PRIMARY KEY (run_id, seq));

CREATE INDEX IF NOT EXISTS ferry_items_status ON ferry_items (run_id, status, seq);

CREATE INDEX IF NOT EXISTS ferry_items_fold ON ferry_items (run_id, target_fold);

CREATE INDEX IF NOT EXISTS ferry_items_target ON ferry_items (run_id, target_key);

CREATE TABLE IF NOT EXISTS ferry_steps (
    run_id TEXT NOT NULL, scope TEXT NOT NULL, step TEXT NOT NULL, seq INTEGER NOT NULL,
    batch INTEGER NOT NULL, item_key TEXT, status TEXT NOT NULL, attempts INTEGER NOT NULL,
    started_at TEXT NOT NULL, finished_at TEXT, error TEXT, PRIMARY KEY (run_id, scope, step));

CREATE TABLE IF NOT EXISTS ferry_step_variables (
    run_id TEXT NOT NULL, scope TEXT NOT NULL, sealed BLOB NOT NULL, PRIMARY KEY (run_id, scope));

CREATE TABLE IF NOT EXISTS ferry_step_items (
    run_id TEXT NOT NULL, element INTEGER NOT NULL, idx INTEGER NOT NULL, item_key TEXT NOT NULL,
    sealed BLOB NOT NULL, PRIMARY KEY (run_id, element, idx));

CREATE TABLE IF NOT EXISTS ferry_migration_history (
    installed_rank INTEGER PRIMARY KEY, version TEXT, description TEXT NOT NULL, type TEXT NOT NULL,
    script TEXT NOT NULL, checksum TEXT, installed_by TEXT NOT NULL, installed_on TEXT NOT NULL,
    execution_time INTEGER NOT NULL, success INTEGER NOT NULL, run_id TEXT);

CREATE TABLE IF NOT EXISTS ferry_migration_lock (
    name TEXT PRIMARY KEY, pid INTEGER NOT NULL, host TEXT NOT NULL, started_at TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS ferry_item_versions (
    run_id TEXT NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL, image BLOB NOT NULL,
    fingerprint TEXT NOT NULL, PRIMARY KEY (run_id, seq, idx));

CREATE TABLE IF NOT EXISTS ferry_retry_queues (
    name TEXT PRIMARY KEY, key_id TEXT NOT NULL, wrapped_key BLOB NOT NULL, created_at TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS ferry_retry_items (
    queue TEXT NOT NULL, item_key TEXT NOT NULL, op TEXT NOT NULL, image BLOB, fingerprint TEXT,
    attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, enqueued_at TEXT NOT NULL, attempted_at TEXT,
    generation INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (queue, item_key));

CREATE TABLE IF NOT EXISTS ferry_syncs (
    id TEXT PRIMARY KEY, runbook_path TEXT NOT NULL, runbook_name TEXT NOT NULL, every_seconds INTEGER NOT NULL,
    propagate_deletes INTEGER NOT NULL, paused INTEGER NOT NULL DEFAULT 0, cursor TEXT,
    passes INTEGER NOT NULL DEFAULT 0, process_id INTEGER NOT NULL, actor TEXT NOT NULL,
    started_at TEXT NOT NULL, updated_at TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS ferry_sync_passes (
    sync_id TEXT NOT NULL, pass INTEGER NOT NULL, run_id TEXT, mode TEXT NOT NULL, started_at TEXT NOT NULL,
    finished_at TEXT, changed INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL,
    error TEXT, PRIMARY KEY (sync_id, pass));

CREATE TABLE IF NOT EXISTS ferry_sync_marks (
    sync_id TEXT NOT NULL, source_key TEXT NOT NULL, marker TEXT, target_key TEXT, seen_pass INTEGER NOT NULL,
    PRIMARY KEY (sync_id, source_key));

CREATE TABLE IF NOT EXISTS ferry_phases (
    migration_id TEXT PRIMARY KEY, phase TEXT NOT NULL, since TEXT NOT NULL, min_match_rate REAL NOT NULL,
    window_ms INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS ferry_phase_history (
    migration_id TEXT NOT NULL, at TEXT NOT NULL, from_phase TEXT, to_phase TEXT NOT NULL, actor TEXT NOT NULL,
    reason TEXT);

CREATE TABLE IF NOT EXISTS ferry_shadow_checks (
    migration_id TEXT NOT NULL, at_ms INTEGER NOT NULL, compared INTEGER NOT NULL, matched INTEGER NOT NULL,
    mismatched INTEGER NOT NULL, missing INTEGER NOT NULL);

CREATE INDEX IF NOT EXISTS ferry_shadow_checks_at ON ferry_shadow_checks (migration_id, at_ms);

CREATE TABLE IF NOT EXISTS ferry_throughput (
    run_id TEXT NOT NULL, at_ms INTEGER NOT NULL, stage TEXT NOT NULL, done INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS ferry_run_counters (
    run_id TEXT PRIMARY KEY, retries INTEGER NOT NULL DEFAULT 0, throttles INTEGER NOT NULL DEFAULT 0);

CREATE TABLE IF NOT EXISTS ferry_restore_points (
    name TEXT PRIMARY KEY, store_uri TEXT NOT NULL, location TEXT, keys TEXT, all_versions INTEGER NOT NULL,
    key_count INTEGER NOT NULL, record_count INTEGER NOT NULL, created_at TEXT NOT NULL, run_id TEXT, role TEXT,
    complete INTEGER NOT NULL, key_id TEXT NOT NULL, wrapped_key BLOB NOT NULL);

CREATE TABLE IF NOT EXISTS ferry_restore_point_records (
    point TEXT NOT NULL, record_key TEXT NOT NULL, idx INTEGER NOT NULL, image BLOB NOT NULL,
    PRIMARY KEY (point, record_key, idx));

CREATE INDEX IF NOT EXISTS ferry_restore_points_run ON ferry_restore_points (run_id);
