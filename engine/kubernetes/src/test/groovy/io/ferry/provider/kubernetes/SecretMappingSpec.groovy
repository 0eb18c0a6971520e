package io.ferry.provider.kubernetes

import io.fabric8.kubernetes.api.model.SecretBuilder
import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderException
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import java.time.Instant
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** Every field of a Secret, as the API server holds it, to and from a record. */
class SecretMappingSpec extends Specification {

    @Shared
    @AutoCleanup
    MockCluster cluster = new MockCluster()
    static int namespaces

    String namespace
    SecretProvider provider

    def setup() {
        namespace = "mapping-${namespaces++}"
        provider = cluster.open(namespace)
    }

    def cleanup() {
        provider?.close()
    }

    def secrets() {
        cluster.direct.secrets().inNamespace(namespace)
    }

    static String b64(String text) {
        text.getBytes('UTF-8').encodeBase64().toString()
    }

    def "a record's fields land on the Secret as the API server holds them"() {
        given:
        def record = SecretRecord.builder('db-creds')
                .text('{"password":"p4ss","username":"app"}').contentType(SecretRecord.JSON)
                .tags([team: 'payments', 'ferry-managed-by': 'ferry', 'example.com/tier': 'gold'])
                .attributes([type: 'kubernetes.io/basic-auth', immutable: 'false',
                             'annotation.owner.example.com/contact': 'ops@example.com'])
                .build()

        when:
        def result = provider.write(record, WriteCondition.createOnly(), WriteOptions.none())
        def stored = secrets().withName('db-creds').get()

        then:
        stored.data == [password: b64('p4ss'), username: b64('app')]
        stored.type == 'kubernetes.io/basic-auth'
        stored.immutable == false
        stored.metadata.labels == [team: 'payments', 'ferry-managed-by': 'ferry', 'example.com/tier': 'gold']
        stored.metadata.annotations == ['owner.example.com/contact': 'ops@example.com']
        stored.metadata.resourceVersion == result.version()
    }

    def "a Secret made natively reads with every field, and writes back as the same Secret"() {
        given: 'a TLS Secret with a binary key, labels, annotations, immutable'
        byte[] key = (0..255).collect { it as byte } as byte[]
        secrets().resource(new SecretBuilder().withNewMetadata().withName('web-tls')
                .withLabels([app: 'web']).withAnnotations(['cert-manager.io/issuer': 'letsencrypt'])
                .endMetadata()
                .withType('kubernetes.io/tls')
                .withImmutable(true)
                .withData(['tls.crt': b64('-----BEGIN CERTIFICATE-----'), 'tls.key': key.encodeBase64().toString()])
                .build()).create()
        def original = secrets().withName('web-tls').get()

        when:
        def record = provider.read('web-tls').get()

        then:
        record.contentType() == SecretRecord.JSON
        record.json['tls.crt'] == '-----BEGIN CERTIFICATE-----'
        record.json['tls.key'] == [base64: key.encodeBase64().toString()]
        record.tags() == [app: 'web']
        record.attributes() == [type: 'kubernetes.io/tls', immutable: 'true', 'annotation.cert-manager.io/issuer': 'letsencrypt']
        record.version() == original.metadata.resourceVersion
        record.createdAt() == Instant.parse(original.metadata.creationTimestamp)

        when: 'the record is written to another name'
        provider.write(record.toBuilder().key('web-tls-copy').build(), WriteCondition.createOnly(), WriteOptions.none())
        def copy = secrets().withName('web-tls-copy').get()

        then: 'the copy is the same Secret'
        copy.data == original.data
        copy.type == original.type
        copy.immutable == original.immutable
        copy.metadata.labels == original.metadata.labels
        copy.metadata.annotations == original.metadata.annotations
    }

    def "a #what value is kept whole in the data key 'value', with its content type in an annotation"() {
        given:
        def record = SecretRecord.builder('whole').value(value).contentType(contentType).build()

        when:
        provider.write(record, WriteCondition.upsert(), WriteOptions.none())
        def stored = secrets().withName('whole').get()
        def read = provider.read('whole').get()

        then:
        stored.data.keySet() == ['value'] as Set
        stored.data.value.decodeBase64() == value.bytes()
        stored.metadata.annotations == ['ferry.io/content-type': contentType ?: '']
        read.value() == value
        read.contentType() == contentType
        read.attributes() == [type: 'Opaque']

        where:
        what                 | value                                            | contentType
        'plain text'         | SecretValue.ofText('hunter2')                    | SecretRecord.TEXT
        'binary'             | SecretValue.ofBytes([0xCA, 0xFE, 0x00] as byte[]) | SecretRecord.BINARY
        'untyped JSON'       | SecretValue.ofText('{"a":"b"}')                  | null
        'pretty-printed JSON' | SecretValue.ofText('{\n  "a": "b"\n}')          | SecretRecord.JSON
    }

    def "a JSON record whose keys are not in name order keeps its bytes through the order annotation"() {
        given:
        def json = '{"username":"app","password":"p"}'

        when:
        provider.write(SecretRecord.builder('ordered').text(json).contentType(SecretRecord.JSON).build(),
                WriteCondition.upsert(), WriteOptions.none())

        then:
        secrets().withName('ordered').get().data.keySet() == ['password', 'username'] as Set
        secrets().withName('ordered').get().metadata.annotations == ['ferry.io/key-order': 'username,password']
        provider.read('ordered').get().value().text() == json
    }

    def "an immutable Secret is not changed by an upsert, and the error says how to go on"() {
        given:
        provider.write(SecretRecord.builder('frozen').text('one').attribute('immutable', 'true').build(),
                WriteCondition.upsert(), WriteOptions.none())

        when:
        provider.write(SecretRecord.builder('frozen').text('two').attribute('immutable', 'true').build(),
                WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.message.contains('immutable') && e.message.contains('delete it first')
        provider.read('frozen').get().value().text() == 'one'
    }

    def "a Secret's type is not changed by an upsert"() {
        given:
        provider.write(SecretRecord.ofText('typed', 'one'), WriteCondition.upsert(), WriteOptions.none())

        when:
        provider.write(SecretRecord.builder('typed').text('two').attribute('type', 'example.com/custom').build(),
                WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.message.contains('type Opaque')
        secrets().withName('typed').get().type == 'Opaque'
    }

    def "a prefix scopes the view: keys are relative to it, and writes land under it"() {
        given:
        def scoped = cluster.open(namespace, [prefix: 'app-'])
        provider.write(SecretRecord.ofText('other', 'v'), WriteCondition.upsert(), WriteOptions.none())
        provider.write(SecretRecord.ofText('app-before', 'v'), WriteCondition.upsert(), WriteOptions.none())

        when:
        scoped.write(SecretRecord.ofText('db', 'v'), WriteCondition.upsert(), WriteOptions.none())

        then:
        secrets().withName('app-db').get() != null
        scoped.list('', null, 10).items()*.key() == ['before', 'db']
        scoped.read('db').get().key() == 'db'
        scoped.read('other').isEmpty()
        scoped.readBatch((0..<20).collect { "k$it" as String } + ['db', 'before']).keySet() == ['db', 'before'] as Set
        scoped.constraints().maxNameLength() == 253 - 'app-'.length()

        cleanup:
        scoped?.close()
    }

    def "a label selector narrows listings, while reads still reach every Secret by name"() {
        given:
        def selected = cluster.open(namespace, [labelSelector: 'team=payments'])
        provider.write(SecretRecord.builder('paid').text('v').tag('team', 'payments').build(), WriteCondition.upsert(), WriteOptions.none())
        provider.write(SecretRecord.builder('unpaid').text('v').tag('team', 'search').build(), WriteCondition.upsert(), WriteOptions.none())

        expect:
        selected.list('', null, 10).items()*.key() == ['paid']
        selected.read('unpaid').isPresent()

        cleanup:
        selected?.close()
    }

    def "listings come in name order although the mock server lists in order of last write"() {
        given:
        ['c', 'a', 'b'].each { provider.write(SecretRecord.ofText(it, 'v'), WriteCondition.upsert(), WriteOptions.none()) }
        provider.write(SecretRecord.ofText('a', 'changed'), WriteCondition.upsert(), WriteOptions.none())

        expect:
        secrets().list().items*.metadata*.name == ['c', 'b', 'a']
        provider.list('', null, 2).items()*.key() + provider.list('', provider.list('', null, 2).nextToken(), 2).items()*.key() == ['a', 'b', 'c']
    }

    def "a batch read of many keys is one listing, and finds what gets would"() {
        given:
        (0..<30).each { provider.write(SecretRecord.ofText("batch-$it", "v$it"), WriteCondition.upsert(), WriteOptions.none()) }
        def keys = (0..<30).collect { "batch-$it" as String }.reverse() + ['missing-1']
        def before = cluster.proxy.stats().requests()

        when:
        def found = provider.readBatch(keys)

        then:
        cluster.proxy.stats().requests() - before == 1
        found.keySet().toList() == keys - ['missing-1']
        found.every { k, r -> r.value().text() == 'v' + k.substring('batch-'.length()) }
    }
}
