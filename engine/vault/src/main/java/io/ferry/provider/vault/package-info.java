/**
 * The {@code vault:} provider: HashiCorp Vault's KV secrets engine, versions 1 and 2, over the
 * Vault Java driver. {@link io.ferry.provider.vault.VaultProviderFactory} opens it;
 * {@link io.ferry.provider.vault.VaultProvider} describes how records map to KV secrets.
 */
package io.ferry.provider.vault;
