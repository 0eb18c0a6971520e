package io.ferry.provider.azure

import com.azure.security.keyvault.secrets.SecretClient
import com.azure.security.keyvault.secrets.models.KeyVaultSecret
import com.azure.security.keyvault.secrets.models.SecretProperties
import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderSpec
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import java.time.Instant
import java.time.OffsetDateTime
import java.time.ZoneOffset
import spock.lang.AutoCleanup
import spock.lang.Specification

/**
 * Every field of Key Vault's secret shape against {@link SecretRecord}, checked on both sides: what
 * the adapter writes is read back with the plain Azure SDK client, and what the SDK writes is read
 * with the adapter.
 */
class KeyVaultMappingSpec extends Specification {

    static final String PREFIX = 'app-'

    @AutoCleanup
    KeyVaultFixture vault = new KeyVaultFixture()
    @AutoCleanup
    SecretProvider provider = vault.open(prefix: PREFIX)
    SecretClient sdk = AzureClients.secretClient(AzureSettings.of(ProviderSpec.parse(vault.uri()), vault.context()),
            [AZURE_ACCESS_TOKEN: vault.server.token()])

    def "a text record's every field lands in Key Vault's shape"() {
        given:
        def expires = Instant.parse('2031-02-03T04:05:06Z')
        def record = SecretRecord.builder('db-pass').text('{"user":"app"}').contentType(SecretRecord.JSON)
                .tags([env: 'prod', 'ferry-managed-by': 'ferry']).expiresAt(expires)
                .attribute('enabled', 'true').attribute('notBefore', '2030-01-01T00:00:00Z').build()

        when:
        def result = provider.write(record, WriteCondition.createOnly(), new WriteOptions('run-7-item-3'))
        def stored = sdk.getSecret('app-db-pass')

        then:
        stored.name == 'app-db-pass'
        stored.value == '{"user":"app"}'
        stored.properties.contentType == 'application/json'
        stored.properties.tags == [env: 'prod', 'ferry-managed-by': 'ferry', 'ferry-write-token': 'run-7-item-3']
        stored.properties.expiresOn.toInstant() == expires
        stored.properties.notBefore.toInstant() == Instant.parse('2030-01-01T00:00:00Z')
        stored.properties.enabled
        stored.properties.version == result.version()
        result.version() ==~ /[0-9a-f]{32}/
    }

    def "a binary value is stored base64-encoded, its content type saying so, and read back as bytes"() {
        given:
        byte[] bytes = [0xFF, 0x00, 0xC0, 0xAF, 0x80]

        when:
        provider.write(SecretRecord.builder('blob').value(SecretValue.ofBytes(bytes)).build(), WriteCondition.upsert(), WriteOptions.none())
        def stored = sdk.getSecret('app-blob')
        def read = provider.read('blob').get()

        then:
        stored.value == bytes.encodeBase64().toString()
        stored.properties.contentType == 'ferry-encoding=base64'
        read.value().bytes() == bytes
        read.contentType() == null
    }

    def "a binary value keeps the content type it was given"() {
        when:
        provider.write(SecretRecord.builder('cert').value(SecretValue.ofBytes([0x30, 0x82, 0xFF] as byte[]))
                .contentType('application/x-pkcs12').build(), WriteCondition.upsert(), WriteOptions.none())

        then:
        sdk.getSecret('app-cert').properties.contentType == 'application/x-pkcs12; ferry-encoding=base64'
        provider.read('cert').get().contentType() == 'application/x-pkcs12'
        provider.read('cert').get().value().bytes() == [0x30, 0x82, 0xFF] as byte[]
    }

    def "a secret set with the SDK reads as a record with every field"() {
        given:
        def secret = new KeyVaultSecret('App-Token', 's3cret').setProperties(new SecretProperties()
                .setContentType('text/plain').setTags([owner: 'team-a'])
                .setExpiresOn(OffsetDateTime.of(2032, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))
                .setNotBefore(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
        def set = sdk.setSecret(secret)

        when:
        def record = provider.read('token').get()

        then: 'the name keeps the case it was created with, and is found without it'
        record.key() == 'Token'
        record.value().text() == 's3cret'
        record.contentType() == 'text/plain'
        record.tags() == [owner: 'team-a']
        record.expiresAt() == Instant.parse('2032-01-01T00:00:00Z')
        record.version() == set.properties.version
        record.createdAt() == set.properties.createdOn.toInstant()
        record.updatedAt() == set.properties.updatedOn.toInstant()
        record.attributes() == [enabled: 'true', notBefore: '2024-01-01T00:00:00Z',
                                recoveryLevel: 'Recoverable+Purgeable', recoverableDays: '90']
    }

    def "secrets outside the prefix are neither listed nor read"() {
        given:
        sdk.setSecret('other-thing', 'v')
        sdk.setSecret('APP-inside', 'v')

        expect:
        provider.list('', null, 10).items()*.key == ['inside']
        provider.read('thing').isEmpty()
    }

    def "a listing is in key order without regard to case, and its summaries carry the current version and tags"() {
        given:
        ['b', 'A', 'c'].each { provider.write(SecretRecord.builder(it).text('v').tag('k', it).build(), WriteCondition.upsert(), WriteOptions.none()) }
        def current = provider.write(SecretRecord.builder('b').text('v2').tag('k', 'b2').build(), WriteCondition.upsert(), new WriteOptions('t'))

        when:
        def items = provider.list('', null, 10).items()

        then:
        items*.key == ['A', 'b', 'c']
        items[1].version() == current.version()
        items[1].tags() == [k: 'b2']
    }

    def "history lists every version oldest first, with its own value and tags"() {
        given:
        def versions = (1..3).collect {
            provider.write(SecretRecord.builder('rotated').text("v$it").tag('n', "$it").build(), WriteCondition.upsert(), WriteOptions.none()).version()
        }

        when:
        def history = provider.history('rotated')

        then:
        history*.version() == versions
        history*.value()*.text() == ['v1', 'v2', 'v3']
        history*.tags() == [[n: '1'], [n: '2'], [n: '3']]
    }

    def "a disabled secret is listed without a version, and reading it says it is disabled and how to enable it"() {
        given:
        provider.write(SecretRecord.builder('off').text('v').attribute('enabled', 'false').build(), WriteCondition.upsert(), WriteOptions.none())

        when:
        def summary = provider.list('', null, 10).items().find { it.key() == 'off' }
        provider.read('off')

        then:
        summary.version() == null
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.DENIED
        e.key() == 'off'
        e.message.contains('disabled')
        e.message.contains('--enabled true')
    }

    def "the constraints follow Key Vault's through the prefix, with its whole tag allowance"() {
        expect:
        with(provider.constraints()) {
            maxNameLength() == 127 - PREFIX.length()
            maxTags() == 15
            maxValueBytes() == 25_600
            !caseSensitive()
            textOnly()
            violations(SecretRecord.ofText('x' * (127 - PREFIX.length()), 'v'), 1).isEmpty()
            !violations(SecretRecord.ofText('x' * (128 - PREFIX.length()), 'v'), 1).isEmpty()
        }
    }
}
