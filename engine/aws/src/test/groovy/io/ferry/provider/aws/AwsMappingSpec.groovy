package io.ferry.provider.aws

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import software.amazon.awssdk.core.SdkBytes
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient
import software.amazon.awssdk.services.secretsmanager.model.Tag
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** Every field of a Secrets Manager secret against what the SDK itself sees on the server. */
class AwsMappingSpec extends Specification {

    @Shared
    @AutoCleanup
    AwsSecretsManagerServer server = new AwsSecretsManagerServer(new ServerKnobs()).start(0) as AwsSecretsManagerServer

    @Shared
    @AutoCleanup
    SecretsManagerClient sdk = AwsTestSupport.sdk(server)

    @AutoCleanup
    SecretProvider provider = AwsTestSupport.open(server, 'mapping/', [kmsKeyId: 'alias/ferry-test'])

    def "a text record becomes a SecretString secret with its tags, description and KMS key"() {
        given:
        def record = SecretRecord.builder('db/password').text('s3cret').contentType(SecretRecord.TEXT).tags([env: 'prod', 'ferry-managed-by': 'ferry'])
                .attribute('description', 'the payments database').build()

        when:
        def result = provider.write(record, WriteCondition.createOnly(), WriteOptions.none())
        def described = sdk.describeSecret { it.secretId('mapping/db/password') }
        def value = sdk.getSecretValue { it.secretId('mapping/db/password') }

        then: 'the server holds the record under the prefixed name'
        value.secretString() == 's3cret'
        value.secretBinary() == null
        value.versionId() == result.version()
        value.versionStages() == ['AWSCURRENT']
        described.description() == 'the payments database'
        described.kmsKeyId() == 'alias/ferry-test'
        described.tags().collectEntries { [it.key(), it.value()] } == [env: 'prod', 'ferry-managed-by': 'ferry']
        described.arn() ==~ /arn:aws:secretsmanager:us-east-1:\d{12}:secret:mapping\/db\/password-[A-Za-z0-9]{6}/

        and: 'reading it back gives every field'
        def read = provider.read('db/password').get()
        read.key() == 'db/password'
        read.value().text() == 's3cret'
        read.contentType() == SecretRecord.TEXT
        read.tags() == [env: 'prod', 'ferry-managed-by': 'ferry']
        read.attributes() == [description: 'the payments database', kmsKeyId: 'alias/ferry-test']
        read.version() == value.versionId()
        read.createdAt() == described.createdDate()
        read.updatedAt() == described.lastChangedDate()
    }

    def "a secret written by other tools maps in: #what"() {
        given:
        sdk.createSecret { r ->
            r.name("mapping/native-$n".toString()).tags(Tag.builder().key('owner').value('ops').build())
            binary != null ? r.secretBinary(SdkBytes.fromByteArray(binary as byte[])) : r.secretString(string)
        }

        when:
        def read = provider.read("native-$n").get()

        then:
        read.contentType() == contentType
        read.value().bytes() == (binary != null ? binary as byte[] : string.getBytes('UTF-8'))
        read.tags() == [owner: 'ops']
        read.attributes() == [:]

        where:
        what                             | n | string                        | binary         || contentType
        'a JSON object SecretString'     | 1 | '{"user":"app","pass":"x"}'   | null           || SecretRecord.JSON
        'a plain SecretString'           | 2 | 'just text'                   | null           || SecretRecord.TEXT
        'a JSON array is plain text'     | 3 | '["a","b"]'                   | null           || SecretRecord.TEXT
        'a SecretBinary'                 | 4 | null                          | [0, 1, 2, 255] || SecretRecord.BINARY
        'a SecretBinary of UTF-8 bytes'  | 5 | null                          | 'abc'.bytes    || SecretRecord.BINARY
    }

    def "binary goes to SecretBinary when the content type says so or the bytes are not UTF-8: #what"() {
        when:
        provider.write(SecretRecord.builder("bin-$n").value(SecretValue.ofBytes(bytes as byte[])).contentType(type).build(),
                WriteCondition.upsert(), WriteOptions.none())
        def value = sdk.getSecretValue { it.secretId("mapping/bin-$n".toString()) }

        then:
        (value.secretBinary() != null) == binary
        provider.read("bin-$n").get().contentType() == readBack

        where:
        what                                   | n | bytes          | type                || binary | readBack
        'UTF-8 bytes marked binary'            | 1 | 'abc'.bytes    | SecretRecord.BINARY || true   | SecretRecord.BINARY
        'invalid UTF-8 without a content type' | 2 | [0xFF, 0xFE]   | null                || true   | null
        'UTF-8 text'                           | 3 | 'abc'.bytes    | SecretRecord.TEXT   || false  | SecretRecord.TEXT
        'a JSON object'                        | 4 | '{"a":1}'.bytes| SecretRecord.JSON   || false  | SecretRecord.JSON
    }

    def "a content type the value does not show is kept in the tag ferry-content-type, hidden from the record's tags: #type"() {
        when:
        provider.write(SecretRecord.builder("typed-$n").text(text).contentType(type).tag('env', 'dev').build(),
                WriteCondition.upsert(), WriteOptions.none())
        def onServer = sdk.describeSecret { it.secretId("mapping/typed-$n".toString()) }.tags().collectEntries { [it.key(), it.value()] }
        def read = provider.read("typed-$n").get()

        then:
        onServer == tags
        read.contentType() == type
        read.tags() == [env: 'dev']
        provider.list("typed-$n", null, 10).items()[0].tags() == [env: 'dev']

        where:
        n | text                          | type                     || tags
        1 | '-----BEGIN CERTIFICATE-----' | 'application/x-pem-file' || [env: 'dev', 'ferry-content-type': 'application/x-pem-file']
        2 | 'plain'                       | null                     || [env: 'dev', 'ferry-content-type': 'none']
        3 | '{"a":1}'                     | null                     || [env: 'dev', 'ferry-content-type': 'none']
        4 | '{"a":1}'                     | SecretRecord.TEXT        || [env: 'dev', 'ferry-content-type': 'text/plain']
        5 | 'plain'                       | SecretRecord.TEXT        || [env: 'dev']
        6 | '{"a":1}'                     | SecretRecord.JSON        || [env: 'dev']
    }

    def "a content type that changes to what the value shows drops the tag"() {
        given:
        provider.write(SecretRecord.builder('retyped').text('x').contentType('application/x-pem-file').build(), WriteCondition.upsert(), WriteOptions.none())

        when:
        provider.write(SecretRecord.builder('retyped').text('x').contentType(SecretRecord.TEXT).build(), WriteCondition.upsert(), WriteOptions.none())

        then:
        sdk.describeSecret { it.secretId('mapping/retyped') }.tags().isEmpty()
        provider.read('retyped').get().contentType() == SecretRecord.TEXT
    }

    def "an update makes the server's tags and description exactly the record's"() {
        given:
        provider.write(SecretRecord.builder('retag').text('v1').contentType(SecretRecord.TEXT).tags([a: '1', b: '2', c: '3'])
                .attribute('description', 'first').build(), WriteCondition.upsert(), WriteOptions.none())

        when:
        provider.write(SecretRecord.builder('retag').text('v2').contentType(SecretRecord.TEXT).tags([b: '2', c: 'changed', d: '4'])
                .attribute('description', 'second').build(), WriteCondition.upsert(), WriteOptions.none())
        def described = sdk.describeSecret { it.secretId('mapping/retag') }

        then:
        described.tags().collectEntries { [it.key(), it.value()] } == [b: '2', c: 'changed', d: '4']
        described.description() == 'second'
        sdk.getSecretValue { it.secretId('mapping/retag') }.secretString() == 'v2'
    }

    def "history lists every version oldest first with its staging labels, and the labels move as AWS moves them"() {
        given:
        def versions = ['one', 'two', 'three'].collect {
            provider.write(SecretRecord.ofText('staged', it), WriteCondition.upsert(), WriteOptions.none()).version()
        }

        when:
        def history = provider.history('staged')
        def onServer = sdk.listSecretVersionIds { it.secretId('mapping/staged').includeDeprecated(true) }.versions()

        then:
        history*.version() == versions
        history*.value()*.text() == ['one', 'two', 'three']
        history*.attributes()*.stages == ['', 'AWSPREVIOUS', 'AWSCURRENT']
        onServer.find { it.versionId() == versions[2] }.versionStages() == ['AWSCURRENT']
        onServer.find { it.versionId() == versions[1] }.versionStages() == ['AWSPREVIOUS']
        onServer.find { it.versionId() == versions[0] }.versionStages() == []
        history*.updatedAt() == onServer.toSorted { it.createdDate() }*.createdDate()
    }

    def "a listing's summaries carry the AWSCURRENT version, the last change and the tags"() {
        given:
        def written = provider.write(SecretRecord.builder('listed').text('v').tag('k', 'v').build(), WriteCondition.upsert(), WriteOptions.none())

        when:
        def summary = provider.list('listed', null, 10).items().find { it.key() == 'listed' }

        then:
        summary.version() == written.version()
        summary.tags() == [k: 'v']
        summary.updatedAt() == sdk.describeSecret { it.secretId('mapping/listed') }.lastChangedDate()
    }

    def "the prefix scopes the view: keys are relative to it and other prefixes stay out of sight"() {
        given:
        sdk.createSecret { it.name('elsewhere/x').secretString('v') }
        sdk.createSecret { it.name('mappingX/y').secretString('v') }
        provider.write(SecretRecord.ofText('scoped', 'v'), WriteCondition.upsert(), WriteOptions.none())

        expect:
        provider.stream('', 100).map { it.key() }.toList().contains('scoped')
        !provider.stream('', 100).map { it.key() }.toList().any { it.contains('elsewhere') || it.startsWith('X') || it == 'y' }
        provider.read('../elsewhere/x').isEmpty()
    }

    def "readBatch reads in calls of 20 and keeps the metadata of each record"() {
        given:
        def keys = (0..<45).collect { "batch-$it" as String }
        keys.each { provider.write(SecretRecord.builder(it).text("v-$it").tag('n', it).build(), WriteCondition.upsert(), WriteOptions.none()) }
        def before = server.stats().answered(io.ferry.spi.pacing.RateLimiter.Operation.READ)

        when:
        def found = provider.readBatch(keys + ['batch-missing'])

        then:
        found.keySet().toList() == keys
        found.every { k, r -> r.value().text() == "v-$k" && r.tags() == [n: k] }
        server.stats().answered(io.ferry.spi.pacing.RateLimiter.Operation.READ) - before == 3 + 45
    }
}
