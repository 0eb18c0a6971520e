package io.ferry.provider.vault

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.testkit.server.vault.VaultServer
import java.time.Instant
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** How records map to what Vault holds, checked by reading the server directly. */
class VaultMappingSpec extends Specification {

    @Shared
    @AutoCleanup
    VaultServer server = new VaultServer().start(0) as VaultServer

    @Shared
    RawVault raw

    def setupSpec() {
        raw = new RawVault(endpoint: server.endpoint())
    }

    SecretProvider open(String mount, String prefix) {
        ProviderRegistry.load().open("vault:${server.endpoint()}/$mount?prefix=$prefix", VaultFixture.context())
    }

    def "on KV v2 a compact JSON object with sorted keys becomes the secret's fields, and tags its custom_metadata"() {
        given:
        def p = open('secret', 'map-v2/')
        def record = SecretRecord.builder('db').text('{"password":"s3cret","port":5432,"user":"app"}')
                .contentType(SecretRecord.JSON).tag('env', 'prod').tag('ferry-managed-by', 'ferry').build()

        when:
        def result = p.write(record, WriteCondition.createOnly(), new WriteOptions('run-1-item-1'))
        def data = raw.call('GET', 'secret/data/map-v2/db').data
        def meta = raw.call('GET', 'secret/metadata/map-v2/db').data
        def read = p.read('db').get()

        then: 'Vault holds the fields themselves, at version 1, with the tags and the write token as custom_metadata'
        data.data == [password: 's3cret', port: 5432, user: 'app']
        data.metadata.version == 1
        meta.custom_metadata == [env: 'prod', 'ferry-managed-by': 'ferry', 'ferry-write-token': 'run-1-item-1']
        result.version() == '1'

        and: 'the record reads back byte for byte, with the version, the time Vault gave and the tags without the token'
        read.value() == record.value()
        read.contentType() == SecretRecord.JSON
        read.version() == '1'
        read.updatedAt() == Instant.parse(data.metadata.created_time as String)
        read.tags() == [env: 'prod', 'ferry-managed-by': 'ferry']

        cleanup:
        p?.close()
    }

    def "a value Vault would not give back byte for byte is kept in an envelope: #what"() {
        given:
        def p = open('secret', "envelope-v2-${what.hashCode()}/")
        def record = SecretRecord.builder('k').value(value).contentType(contentType).build()

        when:
        p.write(record, WriteCondition.upsert(), WriteOptions.none())
        def held = raw.call('GET', "secret/data/envelope-v2-${what.hashCode()}/k").data.data

        then:
        held == stored
        p.read('k').get().value() == value
        p.read('k').get().contentType() == contentType

        cleanup:
        p?.close()

        where:
        what                        | value                                            | contentType              || stored
        'plain text'                | SecretValue.ofText('hunter2')                    | null                     || ['ferry-encoding': 'text', value: 'hunter2']
        'text with a content type'  | SecretValue.ofText('a=b')                        | 'text/x-properties'      || ['ferry-content-type': 'text/x-properties', 'ferry-encoding': 'text', value: 'a=b']
        'bytes'                     | SecretValue.ofBytes([0, 1, 0xFF] as byte[])      | SecretRecord.BINARY      || ['ferry-content-type': SecretRecord.BINARY, 'ferry-encoding': 'base64', value: 'AAH/']
        'JSON with unsorted keys'   | SecretValue.ofText('{"user":"a","password":"b"}') | SecretRecord.JSON       || ['ferry-content-type': SecretRecord.JSON, 'ferry-encoding': 'text', value: '{"user":"a","password":"b"}']
        'JSON with spaces'          | SecretValue.ofText('{"a": 1}')                   | null                     || ['ferry-encoding': 'text', value: '{"a": 1}']
        'JSON using a reserved key' | SecretValue.ofText('{"ferry-encoding":"x"}')     | null                     || ['ferry-encoding': 'text', value: '{"ferry-encoding":"x"}']
        'an empty value'            | SecretValue.empty()                              | null                     || ['ferry-encoding': 'text', value: '']
    }

    def "a secret written by another Vault client reads as its fields, in Vault's order"() {
        given:
        def p = open('secret', 'foreign/')
        raw.call('POST', 'secret/data/foreign/app', [data: [zeta: 'z', alpha: [nested: true, list: [1, 2.50]]]])

        when:
        def read = p.read('app').get()

        then:
        read.value().text() == '{"alpha":{"list":[1,2.50],"nested":true},"zeta":"z"}'
        read.contentType() == SecretRecord.JSON
        read.tags() == [:]
        read.version() == '1'

        cleanup:
        p?.close()
    }

    def "history lists Vault's versions oldest first, skipping deleted and destroyed ones, with the secret's creation time"() {
        given:
        def p = open('secret', 'hist/')
        (1..4).each { p.write(SecretRecord.ofText('k', "v$it"), WriteCondition.upsert(), WriteOptions.none()) }
        raw.call('POST', 'secret/delete/hist/k', [versions: [2]])
        raw.call('POST', 'secret/destroy/hist/k', [versions: [3]])
        def created = Instant.parse(raw.call('GET', 'secret/metadata/hist/k').data.created_time as String)

        when:
        def history = p.history('k')

        then:
        history*.version() == ['1', '4']
        history*.value()*.text() == ['v1', 'v4']
        history.every { it.createdAt() == created }

        cleanup:
        p?.close()
    }

    def "Vault keeps at most max_versions versions, and history shows what it keeps"() {
        given:
        def p = open('secret', 'pruned/')
        (1..12).each { p.write(SecretRecord.ofText('k', "v$it"), WriteCondition.upsert(), WriteOptions.none()) }

        expect: 'max_versions 0 means 10'
        server.versions('', 'secret', 'pruned/k') == (3..12).toList()
        p.history('k')*.version() == (3..12).collect { it as String }

        cleanup:
        p?.close()
    }

    def "on KV v1 the value's fields sit beside one reserved field holding the version counter, the tags and the write token"() {
        given:
        def p = open('kv1', 'map-v1/')
        def record = SecretRecord.builder('db').text('{"password":"s3cret","user":"app"}').contentType(SecretRecord.JSON).tag('env', 'prod').build()

        when:
        p.write(record, WriteCondition.createOnly(), new WriteOptions('t-1'))
        def second = p.write(record.toBuilder().text('{"password":"n3w","user":"app"}').build(), WriteCondition.upsert(), WriteOptions.none())
        def held = raw.call('GET', 'kv1/map-v1/db').data
        def read = p.read('db').get()

        then:
        held == [password: 'n3w', user: 'app', 'ferry-metadata': [version: '2', tags: [env: 'prod']]]
        second.version() == '2'
        read.value().text() == '{"password":"n3w","user":"app"}'
        read.tags() == [env: 'prod']
        read.version() == '2'

        cleanup:
        p?.close()
    }

    def "on KV v1 a secret written by another client reads with no version and no tags, and an upsert takes it over"() {
        given:
        def p = open('kv1', 'foreign-v1/')
        raw.call('PUT', 'kv1/foreign-v1/app', [b: '2', a: '1'])

        expect:
        p.read('app').get().value().text() == '{"a":"1","b":"2"}'
        p.read('app').get().version() == null
        p.read('app').get().tags() == [:]
        p.write(SecretRecord.ofText('app', 'mine'), WriteCondition.upsert(), WriteOptions.none()).version() == '1'
        p.read('app').get().value().text() == 'mine'

        cleanup:
        p?.close()
    }
}
