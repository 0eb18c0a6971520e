/**
 * Restore points: taking a snapshot of a store into the state store (sealed under the journal key)
 * or into a local store file, and reading one back as a read-only store, so that a restore is an
 * ordinary run from the point to the store. Internal to the engine.
 */
package io.ferry.restore;
