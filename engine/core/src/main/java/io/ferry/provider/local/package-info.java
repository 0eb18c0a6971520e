/**
 * The built-in local store, scheme {@code local}: an SQLite file in which every value is encrypted
 * with AES-256-GCM under a key derived from a passphrase with Argon2id, bound to its key name and
 * version. {@link io.ferry.provider.local.LocalProviderFactory} opens
 * {@link io.ferry.provider.local.LocalProvider}s; {@code LocalStore} owns the file.
 *
 * <p>Internal implementation: reach it through its URI and {@link io.ferry.spi.ProviderRegistry};
 * its classes carry no compatibility guarantees beyond the {@link io.ferry.spi.SecretProvider}
 * contract. The file format is versioned in its meta table.
 */
package io.ferry.provider.local;
