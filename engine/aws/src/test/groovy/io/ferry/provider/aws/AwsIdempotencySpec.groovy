package io.ferry.provider.aws

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** The idempotency token becomes the ClientRequestToken and so the VersionId: a retried write never makes a second version. */
class AwsIdempotencySpec extends Specification {

    @Shared
    @AutoCleanup
    AwsSecretsManagerServer server = new AwsSecretsManagerServer(new ServerKnobs()).start(0) as AwsSecretsManagerServer

    @AutoCleanup
    SecretProvider provider = AwsTestSupport.open(server, 'idem/')

    def "the same token twice makes one version on the server (#mode)"() {
        given:
        def base = provider.write(SecretRecord.ofText("k-$mode", 'before'), WriteCondition.upsert(), WriteOptions.none())
        if (mode == 'create-only') {
            provider.delete("k-$mode", null)
        }
        def condition = ['create-only': WriteCondition.createOnly(), upsert: WriteCondition.upsert(),
                         'if-version' : WriteCondition.ifVersion(base.version())][mode]
        def record = SecretRecord.builder("k-$mode").text('after').tag('run', 'r1').build()
        def options = new WriteOptions("run-7f3a-item-42-$mode")

        when:
        def first = provider.write(record, condition, options)
        def versions = server.store().versionCount("idem/k-$mode")
        def second = provider.write(record, condition, options)

        then:
        second == first
        server.store().versionCount("idem/k-$mode") == versions
        first.version() == ClientRequestTokens.of("run-7f3a-item-42-$mode")

        where:
        mode << ['upsert', 'if-version']
    }

    def "a create-only write retried after its secret was created reports the same creation"() {
        given:
        def record = SecretRecord.builder('created').text('v').tag('ferry-managed-by', 'ferry').build()
        def options = new WriteOptions('a-token-that-is-exactly-32-chars')

        when:
        def first = provider.write(record, WriteCondition.createOnly(), options)
        def second = provider.write(record, WriteCondition.createOnly(), options)

        then:
        first.created()
        second == first
        first.version() == 'a-token-that-is-exactly-32-chars'
        server.store().versionCount('idem/created') == 1
    }

    def "the same token with other data is refused with CONFLICT and the first value stays"() {
        given:
        def options = new WriteOptions('reused-token')
        provider.write(SecretRecord.ofText('reused', 'old'), WriteCondition.upsert(), WriteOptions.none())
        provider.write(SecretRecord.ofText('reused', 'first'), WriteCondition.upsert(), options)

        when:
        provider.write(SecretRecord.ofText('reused', 'different'), WriteCondition.upsert(), options)

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.CONFLICT
        e.key() == 'reused'
        e.message.contains('idempotency token was used for different data')
        provider.read('reused').get().value().text() == 'first'
        server.store().versionCount('idem/reused') == 2
    }

    def "without a token every write makes a new version"() {
        when:
        3.times { provider.write(SecretRecord.ofText('plain', 'same'), WriteCondition.upsert(), WriteOptions.none()) }

        then:
        server.store().versionCount('idem/plain') == 3
    }

    def "tokens of 32 to 64 characters are used as they are; others are hashed to 64 hex characters, always the same way"() {
        expect:
        ClientRequestTokens.of(null) == null
        ClientRequestTokens.of('x' * 32) == 'x' * 32
        ClientRequestTokens.of('x' * 64) == 'x' * 64
        ClientRequestTokens.of('short') ==~ /[0-9a-f]{64}/
        ClientRequestTokens.of('short') == ClientRequestTokens.of('short')
        ClientRequestTokens.of('short') != ClientRequestTokens.of('shorT')
        ClientRequestTokens.of('y' * 65) ==~ /[0-9a-f]{64}/
    }
}
