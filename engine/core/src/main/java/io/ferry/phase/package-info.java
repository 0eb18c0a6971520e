/**
 * The cutover of one migration as a persisted state machine: copying, dual-write, shadow-read,
 * cutover, complete, or rolled-back. Each forward transition has a gate that must hold, judged on
 * evidence from the state store (the copy's outcome, writes still owed by dual-write, the
 * shadow-read checks over the runbook's window); a refused transition says which gate and why.
 * Rollback is possible from every phase before complete.
 */
package io.ferry.phase;
