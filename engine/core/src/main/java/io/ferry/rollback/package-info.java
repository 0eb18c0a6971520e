/**
 * Rollback: restores before-images in reverse order (deleting what a run created, restoring what it
 * overwrote), journaled and idempotent, then runs the runbook's rollback hooks. Internal to the engine.
 */
package io.ferry.rollback;
