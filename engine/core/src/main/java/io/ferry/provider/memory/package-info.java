/**
 * The built-in in-process store, scheme {@code memory}: {@link io.ferry.provider.memory.MemoryProviderFactory}
 * and {@link io.ferry.provider.memory.MemoryProvider}, for tests, rehearsals and the REPL, able to
 * emulate the constraints of each cloud store.
 *
 * <p>Internal implementation: reach it through its URI and {@link io.ferry.spi.ProviderRegistry};
 * its classes carry no compatibility guarantees beyond the {@link io.ferry.spi.SecretProvider}
 * contract.
 */
package io.ferry.provider.memory;
