package io.ferry.provider.vault

import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.testkit.SecretProviderContract
import spock.lang.Requires

/**
 * The provider contract against a real Vault, run only with {@code -Plive} and
 * {@code FERRY_LIVE_VAULT=https://vault.example.com:8200/secret} (address and KV mount), with the
 * caller's own credentials ({@code VAULT_TOKEN} or the other methods the adapter reads). Each feature
 * works under its own random prefix and deletes what it wrote.
 */
@Requires({ System.getenv('FERRY_LIVE_VAULT') })
class VaultLiveSpec extends SecretProviderContract {

    SecretProvider openProvider() {
        def prefix = 'ferry-live-' + UUID.randomUUID().toString().substring(0, 8) + '/'
        ProviderRegistry.load().open("vault:${System.getenv('FERRY_LIVE_VAULT')}?prefix=$prefix", ProviderContext.system())
    }

    def cleanup() {
        provider?.stream('', 100)?.toList()?.each { provider.delete(it.key(), null) }
    }

    boolean supportsIdempotencyTokens() {
        true
    }
}
