package io.ferry.provider.vault

import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.testkit.server.vault.VaultServer
import java.nio.file.Path
import java.util.concurrent.atomic.AtomicInteger

/** Opens vault: providers against a test server, each over a fresh prefix unless told otherwise. */
class VaultFixture {

    static final AtomicInteger SCOPES = new AtomicInteger()

    static ProviderContext context(Map<String, String> environment = [VAULT_TOKEN: VaultServer.ROOT_TOKEN]) {
        new ProviderContext(Path.of('.').toAbsolutePath(), environment, ProviderContext.PassphraseSource.none())
    }

    /** @return a fresh prefix, so that a provider sees an empty scope */
    static String freshPrefix() {
        "scope-${SCOPES.incrementAndGet()}/"
    }

    static SecretProvider open(VaultServer server, String mount, String options = '',
                               Map<String, String> environment = [VAULT_TOKEN: VaultServer.ROOT_TOKEN]) {
        String query = "prefix=${freshPrefix()}" + (options ? "&$options" : '')
        ProviderRegistry.load().open("vault:${server.endpoint()}/$mount?$query", context(environment))
    }
}
