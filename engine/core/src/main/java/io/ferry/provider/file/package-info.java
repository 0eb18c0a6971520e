/**
 * The built-in secrets-file store, scheme {@code file}: the JSON, YAML, dotenv, Java properties and
 * Kubernetes Secret manifest files secrets live in before a migration, read as a store that lists,
 * reads and diffs like any other. {@link io.ferry.provider.file.FileProviderFactory} opens
 * {@link io.ferry.provider.file.FileProvider}s; {@code SecretsFile} owns the file on disk and one
 * {@code FileFormat} per format reads and writes its content.
 *
 * <p>Writing a file puts secrets on disk in clear, so it is refused unless the URI says
 * {@code plaintext=true}; the file is then replaced atomically and created owner-only.
 *
 * <p>Internal implementation: reach it through its URI and {@link io.ferry.spi.ProviderRegistry};
 * its classes carry no compatibility guarantees beyond the {@link io.ferry.spi.SecretProvider}
 * contract.
 */
package io.ferry.provider.file;
