/**
 * The executor: bounded concurrency, write-rate cap, retries with back-off and jitter, the error
 * policy, progress and cancellation. Internal to the engine except {@link io.ferry.run.ProgressListener}
 * and {@link io.ferry.run.Cancellation}, which callers pass in.
 */
package io.ferry.run;
