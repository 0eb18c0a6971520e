package io.ferry.provider.memory

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Specification

class MemoryProviderSpec extends Specification {

    static final ProviderContext CONTEXT = new ProviderContext(Path.of('.'), [:], ProviderContext.PassphraseSource.none())

    @AutoCleanup
    SecretProvider azure = open('memory:?emulate=azure')

    /** Bytes that are not UTF-8, so a text-only store must encode them. */
    static byte[] binary(int size) {
        byte[] bytes = new byte[size]
        Arrays.fill(bytes, (byte) 0xFF)
        bytes
    }

    static SecretProvider open(String uri) {
        ProviderRegistry.load().open(uri, CONTEXT)
    }

    def "the registry finds the memory provider by its scheme"() {
        expect:
        ProviderRegistry.load().factory('memory') instanceof MemoryProviderFactory
    }

    def "emulating Azure rejects a name with an underscore, naming the key and the rule, and writes nothing"() {
        when:
        azure.write(SecretRecord.ofText('db_pass', 'canary-value-1'), WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.key() == 'db_pass'
        e.message.contains("'db_pass'")
        e.message.contains('Azure Key Vault')
        e.message.contains('ASCII letters, digits and -')
        !e.message.contains('canary-value-1')
        azure.list('', null, 10).items().isEmpty()
    }

    def "emulating Azure treats Db-Pass and db-pass as one secret that keeps the case it was created with"() {
        given:
        azure.write(SecretRecord.ofText('Db-Pass', 'one'), WriteCondition.createOnly(), WriteOptions.none())

        when:
        azure.write(SecretRecord.ofText('db-pass', 'two'), WriteCondition.createOnly(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.EXISTS

        when:
        def result = azure.write(SecretRecord.ofText('DB-PASS', 'three'), WriteCondition.ifVersion('1'), WriteOptions.none())

        then:
        result.version() == '2'
        !result.created()
        azure.read('db-pass').get().key() == 'Db-Pass'
        azure.read('db-pass').get().value().text() == 'three'
        azure.history('dB-pAsS')*.version() == ['1', '2']
        azure.list('', null, 10).items()*.key() == ['Db-Pass']
        azure.list('DB-', null, 10).items()*.key() == ['Db-Pass']

        when:
        boolean deleted = azure.delete('DB-pass', '2')

        then:
        deleted
        azure.read('Db-Pass').isEmpty()
    }

    def "emulating #emulate rejects #why"() {
        given:
        def provider = open("memory:?emulate=$emulate")

        when:
        provider.write(record, WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.message.contains(fragment)

        cleanup:
        provider.close()

        where:
        emulate | why                                  | record                                                             || fragment
        'azure' | 'a value over 25,600 bytes'          | SecretRecord.builder('big').value(SecretValue.ofText('x' * 25_601)).build() || 'value is 25601 bytes'
        'azure' | 'binary that is too big once encoded' | SecretRecord.builder('bin').value(SecretValue.ofBytes(binary(19_201))).build() || 'value is 25604 bytes'
        'azure' | 'sixteen tags'                       | SecretRecord.builder('tags').tags((1..16).collectEntries { ["t$it" as String, 'v'] }).build() || 'at most 15'
        'azure' | 'a name of 128 characters'           | SecretRecord.ofText('a' * 128, 'v')                                || 'at most 127'
    }

    def "emulating #emulate accepts what that store accepts: #why"() {
        given:
        def provider = open("memory:?emulate=$emulate")

        when:
        def result = provider.write(record, WriteCondition.createOnly(), WriteOptions.none())

        then:
        result.version() == '1'
        provider.read(record.key()).get().value() == record.value()

        cleanup:
        provider.close()

        where:
        emulate      | why                            | record
        'azure'      | 'exactly 25,600 bytes'         | SecretRecord.builder('big').value(SecretValue.ofText('x' * 25_600)).build()
        'azure'      | '19,200 binary bytes'          | SecretRecord.builder('bin').value(SecretValue.ofBytes(binary(19_200))).build()
        'local'      | 'unicode and spaces'           | SecretRecord.ofText('ключ with space', 'v')
    }

    def "emulate=#emulate declares the constraints of #store"() {
        given:
        def provider = open("memory:?emulate=$emulate")

        expect:
        provider.constraints().store() == store
        provider.constraints().maxValueBytes() == ProviderRegistry.load().emulation(emulate).maxValueBytes()
        provider.constraints().caseSensitive() == caseSensitive
        provider.constraints().textOnly() == textOnly

        cleanup:
        provider.close()

        where:
        emulate      || store                 | caseSensitive | textOnly
        'azure'      || 'Azure Key Vault'     | false         | true
        'AZURE'      || 'Azure Key Vault'     | false         | true
        'local'      || 'local store'         | true          | false
    }

    def "an unknown emulate value is refused with the valid values listed"() {
        when:
        open('memory:?emulate=gcp')

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "unknown value 'gcp' for option emulate in memory:?emulate=gcp; valid values: azure, local"
    }

    def "an unknown option is refused, naming the options there are"() {
        when:
        open('memory:x?emulat=azure')

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains("unknown option 'emulat'")
        e.message.contains('emulate')
    }

    def "providers opened on one name share its data; an unnamed store is private"() {
        given:
        def name = "shared-${UUID.randomUUID()}"
        def first = open("memory:$name")
        def second = open("memory:$name")
        def private1 = open('memory:')
        def private2 = open('memory:')

        when:
        first.write(SecretRecord.ofText('k', 'v'), WriteCondition.createOnly(), WriteOptions.none())
        private1.write(SecretRecord.ofText('k', 'v'), WriteCondition.createOnly(), WriteOptions.none())
        first.close()

        then:
        second.read('k').get().value().text() == 'v'
        open("memory:$name").read('k').present
        private2.read('k').isEmpty()

        cleanup:
        [second, private1, private2]*.close()
    }

    def "a named store cannot be reopened with another emulation"() {
        given:
        def name = "emulated-${UUID.randomUUID()}"
        def first = open("memory:$name?emulate=azure")

        when:
        open("memory:$name")

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains("memory store '$name' is already open as an emulation of Azure Key Vault")

        cleanup:
        first.close()
    }

    def "a deleted and re-created secret never reuses a version, so a stale if-version write fails"() {
        given:
        def provider = open('memory:')
        provider.write(SecretRecord.ofText('k', 'a'), WriteCondition.createOnly(), WriteOptions.none())
        provider.delete('k', null)
        provider.write(SecretRecord.ofText('k', 'b'), WriteCondition.createOnly(), WriteOptions.none())

        when:
        provider.write(SecretRecord.ofText('k', 'c'), WriteCondition.ifVersion('1'), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.CONFLICT
        provider.read('k').get().version() == '2'
        provider.read('k').get().value().text() == 'b'
        provider.history('k')*.version() == ['2']

        cleanup:
        provider.close()
    }

    def "reusing an idempotency token for different data is a conflict that changes nothing"() {
        given:
        def provider = open('memory:')
        provider.write(SecretRecord.ofText('k', 'first'), WriteCondition.createOnly(), new WriteOptions('token-1'))

        when:
        provider.write(SecretRecord.ofText('k', 'second-canary'), WriteCondition.upsert(), new WriteOptions('token-1'))

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.CONFLICT
        e.message.contains('idempotency token')
        !e.message.contains('second-canary')
        provider.history('k')*.value()*.text() == ['first']

        cleanup:
        provider.close()
    }

    def "a closed provider refuses work and reports itself unhealthy"() {
        given:
        def provider = open('memory:')
        provider.close()

        when:
        provider.read('k')

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.UNAVAILABLE
        !e.retryable()
        !provider.health(false).healthy()
        provider.health(false).problems() == ['memory: is closed; open it again']
    }

    def "a page token that this store did not issue is refused"() {
        when:
        azure.list('', '%%%', 10)

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.message.contains('list again from the first page')
    }
}
