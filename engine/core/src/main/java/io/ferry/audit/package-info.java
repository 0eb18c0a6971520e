/**
 * The append-only audit trail: one JSON line per event (time, run, actor, stage, key, action,
 * outcome, fingerprint), never a value. Public API.
 */
package io.ferry.audit;
