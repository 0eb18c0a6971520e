/**
 * The run journal: runs, planned items with their encrypted before- and desired images, outcomes,
 * procedure steps, syncs, cutover phases, retry queues and the runbook history, in a SQLite state
 * store ({@code .ferry/state.db} by default). {@link io.ferry.state.StateStore} is the one way in;
 * each table has one class that owns its SQL, and what is particular to SQLite is kept in one
 * dialect. Everything a crashed run needs to resume or be rolled back is here; no value is stored
 * in clear. Internal to the engine: no compatibility guarantees.
 */
package io.ferry.state;
