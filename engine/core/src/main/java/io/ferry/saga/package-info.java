/**
 * Procedures (sagas): runbooks of named steps, each with its undo. {@link io.ferry.saga.ProcedureRunner}
 * runs them step by step, journaling each step before and after it runs, so a killed run resumes
 * after the last completed step, and on a failure undoes the completed steps of the failing batch in
 * reverse order. Reached through {@link io.ferry.api.Ferry}; no compatibility guarantees for direct use.
 */
package io.ferry.saga;
