/**
 * The service provider interface that store adapters implement: {@link io.ferry.spi.SecretProvider},
 * the {@link io.ferry.spi.ProviderFactory} registered for {@link java.util.ServiceLoader} under a URI
 * scheme, the target's {@link io.ferry.spi.Constraints}, and the typed
 * {@link io.ferry.spi.ProviderException}. Adapters compile against this package and
 * {@code io.ferry.secret} alone. Public SPI.
 */
package io.ferry.spi;
