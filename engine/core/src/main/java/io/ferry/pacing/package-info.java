/**
 * Pacing calls to a store: {@link io.ferry.pacing.TokenBucket} permits, {@link io.ferry.pacing.Backoff}
 * waits between retries, and {@link io.ferry.pacing.RateLimiter}, which adapters put in front of every
 * call so that a run stays under the store's quota, honours Retry-After and slows down when throttled.
 */
package io.ferry.pacing;
