/**
 * Pacing calls to a store, part of the adapter toolkit: {@link io.ferry.spi.pacing.TokenBucket}
 * permits, {@link io.ferry.spi.pacing.Backoff} waits between retries, and
 * {@link io.ferry.spi.pacing.RateLimiter}, which adapters put in front of every call so that a run
 * stays under the store's quota, honours Retry-After and slows down when throttled. The engine's
 * executor paces and backs off with the same pieces, and {@link io.ferry.spi.pacing.HealthCheckRetry}
 * asks a health check again under them after a transient failure. Public SPI.
 */
package io.ferry.spi.pacing;
