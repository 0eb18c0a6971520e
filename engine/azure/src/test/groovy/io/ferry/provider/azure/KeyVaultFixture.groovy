package io.ferry.provider.azure

import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.azure.KeyVaultServer
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.atomic.AtomicInteger

/** A Key Vault test server with its CA written to a file, and providers opened on it with its token. */
class KeyVaultFixture implements AutoCloseable {

    private static final AtomicInteger SCOPES = new AtomicInteger()

    final KeyVaultServer server
    final Path ca

    KeyVaultFixture(ServerKnobs knobs = new ServerKnobs()) {
        server = new KeyVaultServer(knobs)
        server.start(0)
        ca = server.writeCaCertificate(Files.createTempFile('ferry-kv-ca', '.pem'))
    }

    /** @return a prefix no other provider of this JVM uses */
    static String freshPrefix() {
        String.format('t%04d-', SCOPES.incrementAndGet())
    }

    /** @return the URI of the server with its CA and the given options */
    String uri(Map<String, ?> options = [:]) {
        def all = [ca: ca.toString()] + options
        "azure:${server.endpoint()}?" + all.collect { k, v -> "$k=$v" }.join('&')
    }

    ProviderContext context(Map<String, String> environment = [AZURE_ACCESS_TOKEN: server.token()]) {
        new ProviderContext(Path.of('.'), environment, ProviderContext.PassphraseSource.none())
    }

    SecretProvider open(Map<String, ?> options = [:], Map<String, String> environment = [AZURE_ACCESS_TOKEN: server.token()]) {
        ProviderRegistry.load().open(uri(options), context(environment))
    }

    @Override
    void close() {
        server.close()
        Files.deleteIfExists(ca)
    }
}
