/**
 * The run journal: runs, planned items with their encrypted before- and desired images, stage
 * status and outcomes, in a SQLite state store ({@code .ferry/state.db} by default). Everything a
 * crashed run needs to resume or be rolled back is here; no value is stored in clear. Internal to
 * the engine: no compatibility guarantees.
 */
package io.ferry.state;
