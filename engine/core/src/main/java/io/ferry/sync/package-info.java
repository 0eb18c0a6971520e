/**
 * Continuous sync: passes that copy only what changed in the source since the last pass, found by
 * the source's {@link io.ferry.spi.ChangeFeed} when it has one, and otherwise by comparing each
 * secret's version or update time with the one last copied. Each pass's copy is an ordinary run
 * (planned, journaled, validated, reversible), and the sync journals every pass under its own id,
 * with pause and resume. Deletions in the source are carried to the target on request, and only to
 * target keys the sync itself wrote.
 */
package io.ferry.sync;
