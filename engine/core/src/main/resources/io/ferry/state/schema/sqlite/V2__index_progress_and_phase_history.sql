-- The progress samples and the phase transitions are read by run or migration; with a state store
-- shared by many runs, each read would otherwise scan the whole table.

CREATE INDEX ferry_throughput_run ON ferry_throughput (run_id);

CREATE INDEX ferry_phase_history_migration ON ferry_phase_history (migration_id);

-- Read by every Ferry on open, older ones included, to refuse a store newer than itself.
PRAGMA user_version = 2;
