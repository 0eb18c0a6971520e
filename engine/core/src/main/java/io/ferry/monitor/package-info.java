/**
 * The monitoring stage's shadow read: on a schedule, compare a sample of the migrated records
 * between source and target by keyed fingerprint, record each comparison in the state store as
 * evidence for cutover, and stop when the window has passed or a comparison falls below the
 * runbook's {@code minMatchRate}.
 */
package io.ferry.monitor;
