/**
 * The {@code azure} provider: Azure Key Vault secrets through the Azure SDK for Java, over the JDK
 * HTTP client. {@link io.ferry.provider.azure.AzureProviderFactory} opens it;
 * {@link io.ferry.provider.azure.AzureProvider} says how Key Vault's model maps to Ferry's.
 */
package io.ferry.provider.azure;
