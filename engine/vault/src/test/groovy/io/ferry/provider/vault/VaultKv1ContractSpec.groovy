package io.ferry.provider.vault

import io.ferry.spi.SecretProvider
import io.ferry.testkit.SecretProviderContract
import io.ferry.testkit.server.vault.VaultServer
import spock.lang.AutoCleanup
import spock.lang.Shared

/**
 * The provider contract against a KV version 1 mount: no history beyond the current value; the
 * version counter, tags and write token live in the secret's reserved field.
 */
class VaultKv1ContractSpec extends SecretProviderContract {

    @Shared
    @AutoCleanup
    VaultServer server = new VaultServer().start(0) as VaultServer

    SecretProvider openProvider() {
        VaultFixture.open(server, 'kv1')
    }

    boolean supportsHistory() {
        false
    }

    boolean supportsIdempotencyTokens() {
        true
    }

    def "the mount is detected as version 1"() {
        expect:
        (provider as VaultProvider).kvVersion() == 1
    }

    List<String> keptAttribute() {
        []
    }
}
