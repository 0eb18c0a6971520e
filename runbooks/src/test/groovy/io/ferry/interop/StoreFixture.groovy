package io.ferry.interop

import io.ferry.provider.kubernetes.MockCluster
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.WireServer
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import io.ferry.testkit.server.azure.KeyVaultServer
import io.ferry.testkit.server.vault.VaultServer
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.atomic.AtomicInteger

/**
 * One of the five stores, running in this JVM for cross-provider tests: a local file, or a test
 * server speaking the store's wire protocol that the real adapter talks to through its real SDK.
 * Each {@link #uri} is a fresh, empty scope (a prefix, or a namespace), so that tests sharing a server
 * never see each other's secrets.
 */
abstract class StoreFixture implements Closeable {

    static final List<String> NAMES = ['local', 'aws', 'azure', 'vault', 'kubernetes']

    private static final AtomicInteger SCOPES = new AtomicInteger()

    /** @return the store's name, as in the matrix */
    abstract String name()

    /** @return a provider URI over a scope no one has used */
    abstract String uri()

    /** @return the environment variables its adapter reads credentials from */
    abstract Map<String, String> environment()

    /** @return the test server, or null for a store without one */
    WireServer server() {
        null
    }

    /** @return a scope name valid in every store: lower-case letters, digits and dashes */
    static String freshScope() {
        String.format('s%05d', SCOPES.incrementAndGet())
    }

    /**
     * @param name one of {@link #NAMES}
     * @param dir where files go
     * @param knobs the server's latency, faults and quotas
     * @return the store, started
     */
    static StoreFixture start(String name, Path dir, ServerKnobs knobs = new ServerKnobs()) {
        switch (name) {
            case 'local': return new Local(dir)
            case 'aws': return new Aws(knobs)
            case 'azure': return new Azure(knobs, dir)
            case 'vault': return new Vault(knobs)
            case 'kubernetes': return new Kubernetes(knobs)
            default: throw new IllegalArgumentException("no store fixture named $name")
        }
    }

    static class Local extends StoreFixture {
        final Path dir

        Local(Path dir) { this.dir = dir }

        String name() { 'local' }

        String uri() { "local:${dir.resolve(freshScope() + '.db')}" }

        Map<String, String> environment() { [FERRY_LOCAL_PASSPHRASE: 'interop passphrase'] }

        void close() { }
    }

    static class Aws extends StoreFixture {
        final AwsSecretsManagerServer server

        Aws(ServerKnobs knobs) { server = new AwsSecretsManagerServer(knobs).start(0) as AwsSecretsManagerServer }

        String name() { 'aws' }

        String uri() { "aws:us-east-1/${freshScope()}/?endpoint=${server.endpoint()}" }

        Map<String, String> environment() {
            [AWS_ACCESS_KEY_ID: AwsSecretsManagerServer.ACCESS_KEY, AWS_SECRET_ACCESS_KEY: AwsSecretsManagerServer.SECRET_KEY]
        }

        WireServer server() { server }

        void close() { server.close() }
    }

    static class Azure extends StoreFixture {
        final KeyVaultServer server
        final Path ca

        Azure(ServerKnobs knobs, Path dir) {
            server = new KeyVaultServer(knobs).start(0) as KeyVaultServer
            ca = server.writeCaCertificate(Files.createTempFile(dir, 'key-vault-ca', '.pem'))
        }

        String name() { 'azure' }

        String uri() { "azure:${server.endpoint()}?ca=$ca&prefix=${freshScope()}-" }

        Map<String, String> environment() { [AZURE_ACCESS_TOKEN: server.token()] }

        WireServer server() { server }

        void close() { server.close() }
    }

    static class Vault extends StoreFixture {
        final VaultServer server

        Vault(ServerKnobs knobs) { server = new VaultServer(knobs).start(0) as VaultServer }

        String name() { 'vault' }

        String uri() { "vault:${server.endpoint()}/secret?prefix=${freshScope()}/" }

        Map<String, String> environment() { [VAULT_TOKEN: VaultServer.ROOT_TOKEN] }

        WireServer server() { server }

        void close() { server.close() }
    }

    static class Kubernetes extends StoreFixture {
        final MockCluster cluster

        Kubernetes(ServerKnobs knobs) { cluster = new MockCluster(knobs) }

        String name() { 'kubernetes' }

        String uri() { cluster.uri(freshScope()) }

        Map<String, String> environment() { MockCluster.environment() }

        WireServer server() { cluster.proxy }

        void close() { cluster.close() }
    }
}
