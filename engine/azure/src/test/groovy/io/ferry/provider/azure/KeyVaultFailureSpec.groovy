package io.ferry.provider.azure

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderException.Kind
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.spi.pacing.RateLimiter.Operation
import io.ferry.testkit.server.ServerKnobs.Fault
import spock.lang.AutoCleanup
import spock.lang.Specification

/**
 * Bad input and a hostile world: each failure a clear one-line error naming the thing and the fix,
 * and nothing lost.
 */
class KeyVaultFailureSpec extends Specification {

    @AutoCleanup
    KeyVaultFixture vault = new KeyVaultFixture()

    ProviderException failure(Closure<?> action) {
        try {
            action()
        } catch (ProviderException e) {
            return e
        }
        null
    }

    def "a record Key Vault would refuse is refused before it is sent: #what"() {
        given:
        SecretProvider provider = vault.open()

        when:
        def e = failure { provider.write(record, WriteCondition.upsert(), WriteOptions.none()) }

        then:
        e.kind() == Kind.INVALID
        e.key() == record.key()
        e.message.contains("'${record.key()}'")
        e.message.contains(vault.server.endpoint().toString())
        e.message.contains(expected)
        !e.message.contains('\n')
        vault.server.stats().answered(Operation.WRITE) == 0

        where:
        what                      | expected                       | record
        'an underscore'           | 'letters, digits and -'        | SecretRecord.ofText('bad_name', 'v')
        'a 128-character name'    | 'at most 127'                  | SecretRecord.ofText('n' * 128, 'v')
        'a 25,601-byte value'     | 'at most 25600'                | SecretRecord.ofText('big', 'x' * 25_601)
        'a binary value over 25K' | 'at most 25600'                | SecretRecord.builder('bin').value(SecretValue.ofBytes(new byte[19_201].tap { it[0] = -1 as byte })).build()
        '16 tags'                 | 'at most 15'                   | SecretRecord.builder('tags').text('v').tags((1..16).collectEntries { ["t$it".toString(), 'v'] }).build()
        'a long content type'     | 'at most 255'                  | SecretRecord.builder('ct').text('v').contentType('c' * 256).build()
        'a binary content type'   | 'ferry-encoding=base64'        | SecretRecord.builder('ct').value(SecretValue.ofBytes([-1] as byte[])).contentType('c' * 240).build()
    }

    def "an unreachable vault fails its health check at once, naming the URL and what to check"() {
        given:
        def port = new ServerSocket(0).withCloseable { it.localPort }
        SecretProvider provider = ProviderRegistry.load().open("azure:https://127.0.0.1:$port?ca=${vault.ca}",
                vault.context())

        when:
        def health = provider.health(false)

        then:
        !health.healthy()
        !health.reachable()
        health.problems().size() == 1
        health.problems()[0].contains("https://127.0.0.1:$port")
        health.problems()[0].contains('check the vault URL')
    }

    def "a read from an unreachable vault is UNAVAILABLE, retryable, naming the URL"() {
        given:
        def port = new ServerSocket(0).withCloseable { it.localPort }
        SecretProvider provider = ProviderRegistry.load().open(
                "azure:https://127.0.0.1:$port?ca=${vault.ca}&rate.attempts=1", vault.context())

        when:
        provider.read('k')

        then:
        def e = thrown(ProviderException)
        e.kind() == Kind.UNAVAILABLE
        e.retryable()
        e.message.contains("https://127.0.0.1:$port")
    }

    def "TLS is verified: without ca= the test server's certificate is refused, and the error names the option"() {
        given:
        SecretProvider provider = ProviderRegistry.load().open("azure:${vault.server.endpoint()}?rate.attempts=1",
                vault.context())

        when:
        def health = provider.health(false)
        def e = failure { provider.read('k') }

        then:
        !health.reachable()
        health.problems()[0].contains('ca=/path/to/ca.pem')
        e.kind() == Kind.UNAVAILABLE
        !e.retryable()
        e.message.contains('TLS certificate')
        e.message.contains('ca=/path/to/ca.pem')
    }

    def "a wrong token is DENIED, naming AZURE_ACCESS_TOKEN; health says reachable but not authenticated"() {
        given:
        SecretProvider provider = vault.open([:], [AZURE_ACCESS_TOKEN: 'not-a-token'])

        when:
        def health = provider.health(false)
        def e = failure { provider.read('k') }

        then:
        health.reachable()
        !health.authenticated()
        !health.transientFailure()
        e.kind() == Kind.DENIED
        e.message.contains('AZURE_ACCESS_TOKEN')
        e.message.contains(vault.server.endpoint().toString())
    }

    def "without any credential the DefaultAzureCredential chain fails, and the error says how to sign in"() {
        given:
        SecretProvider provider = vault.open([:], [:])

        when:
        def health = provider.health(false)

        then:
        !health.authenticated()
        health.problems()[0].contains('az login')
        health.problems()[0].contains('AZURE_ACCESS_TOKEN')
    }

    def "an expired token is DENIED, saying it expired and how to get a new one"() {
        given:
        SecretProvider provider = vault.open()
        vault.server.expireToken(vault.server.token())

        when:
        provider.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == Kind.DENIED
        e.message.contains('expired')
        e.message.contains('az account get-access-token')
    }

    def "reads recover from a server that drops connections for a while"() {
        given:
        SecretProvider provider = vault.open()
        provider.write(SecretRecord.ofText('k', 'kept'), WriteCondition.upsert(), WriteOptions.none())
        vault.server.knobs().faults(Fault.DROP_CONNECTION, 1.0)
        def restore = Thread.start {
            while (vault.server.stats().faults() < 1) {
                Thread.sleep(10)
            }
            vault.server.knobs().faults(Fault.DROP_CONNECTION, 0)
        }

        when:
        def read = provider.read('k')
        restore.join()

        then:
        read.get().value().text() == 'kept'
        vault.server.stats().faults() > 0
    }

    def "a write to a server that drops connections is UNAVAILABLE, loses nothing, and lands once when retried"() {
        given:
        SecretProvider provider = vault.open('rate.attempts': 2)
        def before = provider.write(SecretRecord.ofText('k', 'before'), WriteCondition.upsert(), WriteOptions.none())
        def record = SecretRecord.ofText('k', 'after')
        vault.server.knobs().faults(Fault.DROP_CONNECTION, 1.0)

        when:
        def e = failure { provider.write(record, WriteCondition.ifVersion(before.version()), new WriteOptions('t-1')) }
        vault.server.knobs().faults(Fault.DROP_CONNECTION, 0)

        then:
        e.kind() == Kind.UNAVAILABLE
        e.retryable()
        e.message.contains(vault.server.endpoint().toString())
        provider.read('k').get().value().text() == 'before'

        when: 'the write is retried once the server is back, twice for good measure'
        def first = provider.write(record, WriteCondition.ifVersion(before.version()), new WriteOptions('t-1'))
        def again = provider.write(record, WriteCondition.ifVersion(before.version()), new WriteOptions('t-1'))

        then:
        again == first
        provider.history('k')*.value()*.text() == ['before', 'after']
    }

    def "a failing server (503) fails the health check transiently, claiming nothing of the credential, and asking again after the outage finds it healthy"() {
        given:
        SecretProvider provider = vault.open('rate.attempts': 1)
        vault.server.knobs().faults(Fault.SERVER_ERROR, 1.0)

        when:
        def during = provider.health(false)
        vault.server.knobs().faults(Fault.SERVER_ERROR, 0)
        def after = provider.health(false)

        then:
        !during.healthy()
        during.transientFailure()
        during.problems()[0].contains('503')
        during.reachable()
        during.authenticated() == null
        during.canList() == null
        after.healthy()
        !after.transientFailure()

        cleanup:
        vault.server.knobs().faults(Fault.SERVER_ERROR, 0)
    }

    def "a failing server (503) makes a write UNAVAILABLE with the status, and nothing is written"() {
        given:
        SecretProvider provider = vault.open('rate.attempts': 1)
        vault.server.knobs().faults(Fault.SERVER_ERROR, 1.0)

        when:
        def e = failure { provider.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none()) }
        vault.server.knobs().faults(Fault.SERVER_ERROR, 0)

        then:
        e.kind() == Kind.UNAVAILABLE
        e.message.contains('503')
        provider.read('k').isEmpty()
    }

    def "a page token from elsewhere is INVALID, saying to list again"() {
        given:
        SecretProvider provider = vault.open()

        when:
        provider.list('', 'not-a-token', 10)

        then:
        def e = thrown(ProviderException)
        e.kind() == Kind.INVALID
        e.message.contains('list again')
    }

    def "a page token whose listing was forgotten still continues after its last key"() {
        given:
        SecretProvider provider = vault.open()
        ['a', 'b', 'c'].each { provider.write(SecretRecord.ofText(it, 'v'), WriteCondition.upsert(), WriteOptions.none()) }
        def first = provider.list('', null, 1)
        (1..SortedListing.SNAPSHOTS).each { provider.list('', null, 1) }

        expect:
        first.items()*.key == ['a']
        provider.list('', first.nextToken(), 5).items()*.key == ['b', 'c']
    }
}
