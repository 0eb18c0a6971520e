package io.ferry.provider.azure

import com.azure.security.keyvault.secrets.SecretClient
import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderSpec
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.spi.pacing.RateLimiter.Operation
import java.util.concurrent.ConcurrentLinkedQueue
import spock.lang.AutoCleanup
import spock.lang.Specification

/** Idempotent writes and throttling, counted on the server: how many versions each secret has. */
class KeyVaultWritesSpec extends Specification {

    @AutoCleanup
    KeyVaultFixture vault = new KeyVaultFixture()
    SecretClient sdk = AzureClients.secretClient(AzureSettings.of(ProviderSpec.parse(vault.uri()), vault.context()),
            [AZURE_ACCESS_TOKEN: vault.server.token()])

    long versionsOnServer(String name) {
        sdk.listPropertiesOfSecretVersions(name).stream().count()
    }

    def "the same write with the same token twice makes one version, reported both times (#mode)"() {
        given:
        SecretProvider provider = vault.open()
        def record = SecretRecord.builder('k').text('v').tag('env', 'prod').build()
        def options = new WriteOptions('run-1-item-1')

        when:
        def first = provider.write(record, condition, options)
        def second = provider.write(record, condition, options)

        then:
        second == first
        first.created()
        versionsOnServer('k') == 1

        where:
        mode          | condition
        'upsert'      | WriteCondition.upsert()
        'create-only' | WriteCondition.createOnly()
    }

    def "the same token with different data is refused as a conflict, and the value is kept"() {
        given:
        SecretProvider provider = vault.open()
        provider.write(SecretRecord.ofText('k', 'first'), WriteCondition.upsert(), new WriteOptions('t-1'))

        when:
        provider.write(SecretRecord.ofText('k', 'second'), WriteCondition.upsert(), new WriteOptions('t-1'))

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.CONFLICT
        e.message.contains('idempotency token')
        sdk.getSecret('k').value == 'first'
        versionsOnServer('k') == 1
    }

    def "a write after another writer's version is written, even with an earlier token"() {
        given:
        SecretProvider provider = vault.open()
        def record = SecretRecord.ofText('k', 'mine')
        provider.write(record, WriteCondition.upsert(), new WriteOptions('t-1'))
        sdk.setSecret('k', 'theirs')

        when:
        provider.write(record, WriteCondition.upsert(), new WriteOptions('t-1'))

        then:
        sdk.getSecret('k').value == 'mine'
        versionsOnServer('k') == 3
    }

    def "in a throttling storm (server write quota 10/s) 40 writes all land exactly once, the throttles honoured"() {
        given:
        vault.server.knobs().quota(Operation.WRITE, 10)
        AzureProvider provider = vault.open() as AzureProvider
        def failures = new ConcurrentLinkedQueue<Throwable>()

        when:
        (0..<4).collect { t ->
            Thread.start {
                (0..<10).each { i ->
                    try {
                        provider.write(SecretRecord.ofText("storm-$t-$i", "v-$t-$i"), WriteCondition.createOnly(),
                                new WriteOptions("storm-run-$t-$i"))
                    } catch (Throwable e) {
                        failures << e
                    }
                }
            }
        }*.join()

        then: 'nothing failed, and every secret has exactly one version'
        failures.isEmpty()
        (0..<4).every { t -> (0..<10).every { i -> versionsOnServer("storm-$t-$i") == 1 } }
        vault.server.stats().answered(Operation.WRITE) == 40

        and: 'the server throttled, and the limiter retried each throttled write after backing off'
        vault.server.stats().throttled() > 0
        provider.limiter().throttles() == vault.server.stats().throttled()
        provider.limiter().rate(Operation.WRITE) < 30
    }
}
