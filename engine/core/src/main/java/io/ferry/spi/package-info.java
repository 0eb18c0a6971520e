/**
 * The service provider interface that store adapters implement: {@link io.ferry.spi.SecretProvider},
 * the {@link io.ferry.spi.ProviderFactory} registered for {@link java.util.ServiceLoader} under a URI
 * scheme, which also declares its store's {@link io.ferry.spi.Constraints}, and the typed
 * {@link io.ferry.spi.ProviderException}. With it, the adapter toolkit: the write-condition check
 * ({@link io.ferry.spi.WriteCondition#requireMet}), page tokens ({@link io.ferry.spi.PageTokens}),
 * bounded paging ({@link io.ferry.spi.PageTrail}), health checks and write probes
 * ({@link io.ferry.spi.HealthCheck}), soft-delete settling ({@link io.ferry.spi.Settling}) and, in
 * {@code io.ferry.spi.pacing}, the rate limiter. Adapters compile against these packages and
 * {@code io.ferry.secret} alone; docs/writing-an-adapter.md shows how. Public SPI.
 */
package io.ferry.spi;
