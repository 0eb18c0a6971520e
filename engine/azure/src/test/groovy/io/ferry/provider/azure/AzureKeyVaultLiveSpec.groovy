package io.ferry.provider.azure

import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.testkit.SecretProviderContract
import spock.lang.Requires

/**
 * The provider contract against a real vault, run only with {@code -Plive} and
 * {@code FERRY_LIVE_AZURE_VAULT=https://NAME.vault.azure.net}, with the caller's own Azure credentials
 * (AZURE_ACCESS_TOKEN or DefaultAzureCredential). The identity needs get, list, set, delete, recover and
 * purge on secrets. Each feature works under its own random prefix and purges what it wrote.
 */
@Requires({ System.getenv('FERRY_LIVE_AZURE_VAULT') })
class AzureKeyVaultLiveSpec extends SecretProviderContract {

    SecretProvider openProvider() {
        def prefix = 'ferry-live-' + UUID.randomUUID().toString().substring(0, 8) + '-'
        ProviderRegistry.load().open("azure:${System.getenv('FERRY_LIVE_AZURE_VAULT')}?prefix=$prefix&purgeOnDelete=true",
                ProviderContext.system())
    }

    def cleanup() {
        provider?.stream('', 25)?.toList()?.each { provider.delete(it.key(), null) }
    }

    boolean supportsDisabled() {
        true
    }

    boolean supportsIdempotencyTokens() {
        true
    }

    List<String> unusualKeys() {
        ['UPPER-lower-123', '0-leading-digit', '---', 'x' * 100, 'a']
    }
}
