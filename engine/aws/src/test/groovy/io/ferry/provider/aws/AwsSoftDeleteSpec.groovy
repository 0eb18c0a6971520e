package io.ferry.provider.aws

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import java.time.Duration
import java.time.Instant
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** Deletes keep a recovery window by default: the secret is hidden, blocks its name, and can be recovered or purged. */
class AwsSoftDeleteSpec extends Specification {

    @Shared
    @AutoCleanup
    AwsSecretsManagerServer server = new AwsSecretsManagerServer(new ServerKnobs()).start(0) as AwsSecretsManagerServer

    @Shared
    @AutoCleanup
    def sdk = AwsTestSupport.sdk(server)

    @AutoCleanup
    SecretProvider provider = AwsTestSupport.open(server, 'soft/', [recoveryWindowDays: '7'])

    def "a delete schedules deletion with the recovery window, hides the secret and blocks its name"() {
        given:
        def k = "k-${mode.mode()}".toString()
        provider.write(SecretRecord.ofText(k, 'one'), WriteCondition.upsert(), WriteOptions.none())
        provider.write(SecretRecord.ofText(k, 'two'), WriteCondition.upsert(), WriteOptions.none())

        when:
        def deleted = provider.delete(k, null)
        def deletedDate = sdk.describeSecret { it.secretId("soft/$k".toString()) }.deletedDate()

        then:
        deleted
        provider.isSoftDeleted(k)
        Duration.between(Instant.now(), deletedDate).toDays() in [6L, 7L]
        provider.read(k).isEmpty()
        provider.history(k).isEmpty()
        provider.readBatch([k]).isEmpty()
        !provider.list('', null, 100).items()*.key().contains(k)
        !provider.delete(k, null)

        when: 'the name is written again'
        provider.write(SecretRecord.ofText(k, 'three'), mode, WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.CONFLICT
        e.message.contains('scheduled for deletion') && e.message.contains('recover') && e.message.contains('purge')

        where:
        mode << [WriteCondition.createOnly(), WriteCondition.upsert()]
    }

    def "recover brings the secret back with its versions"() {
        given:
        provider.write(SecretRecord.ofText('r', 'one'), WriteCondition.upsert(), WriteOptions.none())
        provider.write(SecretRecord.ofText('r', 'two'), WriteCondition.upsert(), WriteOptions.none())
        provider.delete('r', null)

        when:
        provider.recover('r')

        then:
        !provider.isSoftDeleted('r')
        provider.read('r').get().value().text() == 'two'
        provider.history('r')*.value()*.text() == ['one', 'two']
    }

    def "purge removes the secret for good, so that its name can be created afresh"() {
        given:
        provider.write(SecretRecord.ofText('p', 'one'), WriteCondition.upsert(), WriteOptions.none())
        provider.delete('p', null)

        when:
        provider.purge('p')

        then:
        !provider.isSoftDeleted('p')
        !server.store().names().contains('soft/p')

        when:
        def created = provider.write(SecretRecord.ofText('p', 'fresh'), WriteCondition.createOnly(), WriteOptions.none())

        then:
        created.created()
        provider.history('p')*.value()*.text() == ['fresh']
    }

    def "recover and purge of a name that is not scheduled for deletion fail with NOT_FOUND"() {
        given:
        provider.write(SecretRecord.ofText('live', 'v'), WriteCondition.upsert(), WriteOptions.none())

        when:
        action.call(provider)

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.NOT_FOUND
        e.message.contains('nothing to')
        provider.read('live').isPresent()

        where:
        action << [{ it.recover('live') }, { it.purge('live') }, { it.recover('never') }, { it.purge('never') }]
    }

    def "forceDelete=true deletes without a recovery window"() {
        given:
        def forced = AwsTestSupport.open(server, 'soft/', [forceDelete: 'true'])
        forced.write(SecretRecord.ofText('gone', 'v'), WriteCondition.upsert(), WriteOptions.none())

        when:
        forced.delete('gone', null)

        then:
        !forced.isSoftDeleted('gone')
        !server.store().names().contains('soft/gone')

        cleanup:
        forced.close()
    }
}
