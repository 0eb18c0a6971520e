package io.ferry.provider.vault

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.testkit.server.vault.VaultServer
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** Idempotent writes, check-and-set, soft delete, recover and purge, and listing across folders, seen from the server. */
class VaultVersionsSpec extends Specification {

    @Shared
    @AutoCleanup
    VaultServer server = new VaultServer().start(0) as VaultServer

    @Shared
    RawVault raw

    SecretProvider provider
    String prefix

    def setupSpec() {
        raw = new RawVault(endpoint: server.endpoint())
    }

    def setup() {
        prefix = VaultFixture.freshPrefix()
        provider = ProviderRegistry.load().open("vault:${server.endpoint()}/secret?prefix=$prefix", VaultFixture.context())
    }

    def cleanup() {
        provider?.close()
    }

    List<Integer> versions(String key) {
        server.versions('', 'secret', prefix + key)
    }

    def "a write repeated with its token after success makes no second version (#mode)"() {
        given:
        def base = provider.write(SecretRecord.ofText('k', 'before'), WriteCondition.upsert(), WriteOptions.none())
        def condition = mode == 'upsert' ? WriteCondition.upsert() : WriteCondition.ifVersion(base.version())
        def record = SecretRecord.builder('k').text('after').tag('ferry-managed-by', 'ferry').build()

        when:
        def first = provider.write(record, condition, new WriteOptions('run-7-item-3'))
        def again = provider.write(record, condition, new WriteOptions('run-7-item-3'))

        then:
        again == first
        versions('k') == [1, 2]
        provider.read('k').get().value().text() == 'after'

        where:
        mode << ['upsert', 'if-version']
    }

    def "a write whose answer and custom_metadata were lost is completed by its retry, not repeated"() {
        given: 'the value of a first attempt landed, but neither its answer nor its tags did'
        def record = SecretRecord.builder('k').text('{"password":"p"}').contentType(SecretRecord.JSON).tag('ferry-managed-by', 'ferry').build()
        raw.call('POST', "secret/data/${prefix}k", [options: [cas: 0], data: [password: 'p']])

        when:
        def retried = provider.write(record, WriteCondition.createOnly(), new WriteOptions('lost-1'))

        then:
        retried.version() == '1'
        versions('k') == [1]
        raw.call('GET', "secret/metadata/${prefix}k").data.custom_metadata == ['ferry-managed-by': 'ferry', 'ferry-write-token': 'lost-1']
        provider.read('k').get().tags() == ['ferry-managed-by': 'ferry']
    }

    def "a token on other data is not a replay: the write is refused or makes a version as its condition says"() {
        given:
        provider.write(SecretRecord.ofText('k', 'one'), WriteCondition.createOnly(), new WriteOptions('t'))

        when:
        provider.write(SecretRecord.ofText('k', 'two'), WriteCondition.createOnly(), new WriteOptions('t'))

        then:
        thrown(ProviderException)
        versions('k') == [1]

        when:
        def upserted = provider.write(SecretRecord.ofText('k', 'two'), WriteCondition.upsert(), new WriteOptions('t'))

        then:
        upserted.version() == '2'
        versions('k') == [1, 2]
    }

    def "an upsert racing another writer retries its check-and-set once"() {
        given: 'a writer that changes the secret between our read of its version and our write'
        provider.write(SecretRecord.ofText('k', 'one'), WriteCondition.upsert(), WriteOptions.none())
        raw.call('POST', "secret/data/${prefix}k", [data: [other: 'writer']])

        when:
        def result = provider.write(SecretRecord.ofText('k', 'mine'), WriteCondition.upsert(), WriteOptions.none())

        then:
        result.version() == '3'
        provider.read('k').get().value().text() == 'mine'
    }

    def "a version soft-deleted in Vault is detected, hidden from reads and listings, and recovered"() {
        given:
        provider.write(SecretRecord.builder('k').text('kept').tag('env', 'prod').build(), WriteCondition.upsert(), WriteOptions.none())
        provider.write(SecretRecord.ofText('other', 'v'), WriteCondition.upsert(), WriteOptions.none())

        when: 'someone runs vault kv delete'
        raw.call('DELETE', "secret/data/${prefix}k")

        then:
        provider.isSoftDeleted('k')
        !provider.isSoftDeleted('other')
        !provider.isSoftDeleted('missing')
        provider.read('k').isEmpty()
        provider.list('', null, 10).items()*.key() == ['other']

        and: 'creating the name is refused while it is soft-deleted'
        def e = failure { provider.write(SecretRecord.ofText('k', 'new'), WriteCondition.createOnly(), WriteOptions.none()) }
        e.kind() == ProviderException.Kind.EXISTS
        e.message.contains('soft-deleted')

        when:
        provider.recover('k')

        then:
        !provider.isSoftDeleted('k')
        provider.read('k').get().value().text() == 'kept'
        provider.read('k').get().tags() == [env: 'prod']
    }

    def "purging a soft-deleted secret removes every version, so that the name can be created afresh"() {
        given:
        provider.write(SecretRecord.ofText('k', 'one'), WriteCondition.upsert(), WriteOptions.none())
        provider.write(SecretRecord.ofText('k', 'two'), WriteCondition.upsert(), WriteOptions.none())
        raw.call('DELETE', "secret/data/${prefix}k")

        when:
        provider.purge('k')

        then:
        raw.call('GET', "secret/metadata/${prefix}k").status == 404
        !provider.isSoftDeleted('k')
        provider.write(SecretRecord.ofText('k', 'fresh'), WriteCondition.createOnly(), WriteOptions.none()).version() == '1'
    }

    def "recover and purge of a name that is not soft-deleted fail with NOT_FOUND, naming the key"() {
        given:
        provider.write(SecretRecord.ofText('live', 'v'), WriteCondition.upsert(), WriteOptions.none())

        expect:
        [{ provider.recover('live') }, { provider.purge('live') }, { provider.recover('missing') }].every {
            def e = failure(it)
            e.kind() == ProviderException.Kind.NOT_FOUND && e.message.contains('not soft-deleted')
        }
        provider.read('live').isPresent()
    }

    def "delete removes the metadata and every version, not only the latest"() {
        given:
        provider.write(SecretRecord.ofText('k', 'one'), WriteCondition.upsert(), WriteOptions.none())
        provider.write(SecretRecord.ofText('k', 'two'), WriteCondition.upsert(), WriteOptions.none())

        when:
        provider.delete('k', '2')

        then:
        raw.call('GET', "secret/metadata/${prefix}k").status == 404
        !provider.isSoftDeleted('k')
    }

    def "listing walks folders in key order, keeps both a key and a folder of the same name, and pages stably"() {
        given:
        def keys = ['a', 'a/b', 'a/b/c', 'a/c', 'a-b', 'a0', 'b/x/y/z', 'b/x/y0', 'c d/é', 'foo', 'foo/bar']
        keys.reverse().each { provider.write(SecretRecord.ofText(it, 'v'), WriteCondition.upsert(), WriteOptions.none()) }

        when:
        def first = provider.list('', null, 4)
        provider.write(SecretRecord.ofText('0-before-the-token', 'v'), WriteCondition.upsert(), WriteOptions.none())
        def rest = provider.stream('', 3).map { it.key() }.toList()

        then:
        first.items()*.key() == keys.sort(false).take(4)
        provider.list('', first.nextToken(), 100).items()*.key() == keys.sort(false).drop(4)
        rest == (keys + '0-before-the-token').sort(false)
        provider.list('a/', null, 10).items()*.key() == ['a/b', 'a/b/c', 'a/c']
        provider.list('b/x/y', null, 10).items()*.key() == ['b/x/y/z', 'b/x/y0']
        provider.list('foo', null, 10).items()*.key() == ['foo', 'foo/bar']
    }

    def "a page token that this provider did not give is refused with INVALID"() {
        when:
        provider.list('', '!!not-base64!!', 10)

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.message.contains('page token')
    }

    ProviderException failure(Closure<?> action) {
        try {
            action()
        } catch (ProviderException e) {
            return e
        }
        null
    }
}
