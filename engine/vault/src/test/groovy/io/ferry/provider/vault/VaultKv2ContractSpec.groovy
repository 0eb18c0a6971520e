package io.ferry.provider.vault

import io.ferry.spi.SecretProvider
import io.ferry.testkit.SecretProviderContract
import io.ferry.testkit.server.vault.VaultServer
import spock.lang.AutoCleanup
import spock.lang.Shared

/** The provider contract against a KV version 2 mount, found by detection. */
class VaultKv2ContractSpec extends SecretProviderContract {

    @Shared
    @AutoCleanup
    VaultServer server = new VaultServer().start(0) as VaultServer

    SecretProvider openProvider() {
        VaultFixture.open(server, 'secret')
    }

    boolean supportsIdempotencyTokens() {
        true
    }

    def "the mount is detected as version 2"() {
        expect:
        (provider as VaultProvider).kvVersion() == 2
    }

    List<String> keptAttribute() {
        []
    }
}
