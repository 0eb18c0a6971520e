package io.ferry.provider.azure

import com.azure.security.keyvault.secrets.SecretClient
import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderSpec
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import java.time.Duration
import spock.lang.AutoCleanup
import spock.lang.Specification

/** Key Vault's soft delete: detected, recovered, purged; a held name refused with the fix. */
class KeyVaultSoftDeleteSpec extends Specification {

    @AutoCleanup
    KeyVaultFixture vault = new KeyVaultFixture()
    @AutoCleanup
    SecretProvider provider = vault.open(prefix: 'sd-')
    SecretClient sdk = AzureClients.secretClient(AzureSettings.of(ProviderSpec.parse(vault.uri()), vault.context()),
            [AZURE_ACCESS_TOKEN: vault.server.token()])

    def put(String key, String text, WriteCondition condition = WriteCondition.upsert()) {
        provider.write(SecretRecord.ofText(key, text), condition, WriteOptions.none())
    }

    def "a deleted secret is soft-deleted: gone from reads, its name held, and writing it says to recover or purge"() {
        given:
        put('k', 'one')
        put('k', 'two')

        when:
        def deleted = provider.delete('k', null)

        then:
        deleted
        provider.read('k').isEmpty()
        provider.isSoftDeleted('k')
        !provider.isSoftDeleted('never-was')

        when:
        put('k', 'three', WriteCondition.createOnly())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.CONFLICT
        e.key() == 'k'
        e.message.contains('deleted but recoverable')
        e.message.contains('recover it or purge it')
    }

    def "recover brings the secret back with all its versions"() {
        given:
        put('k', 'one')
        put('k', 'two')
        provider.delete('k', null)

        when:
        provider.recover('k')

        then:
        !provider.isSoftDeleted('k')
        provider.read('k').get().value().text() == 'two'
        provider.history('k')*.value()*.text() == ['one', 'two']
    }

    def "purge frees the name for good, so it can be created afresh"() {
        given:
        put('k', 'one')
        provider.delete('k', null)

        when:
        provider.purge('k')

        then:
        !provider.isSoftDeleted('k')
        put('k', 'fresh', WriteCondition.createOnly()).created()
        provider.history('k')*.value()*.text() == ['fresh']
    }

    def "purge waits out a deletion still in progress (409 'being deleted'), and delete waits until the secret is held as deleted"() {
        given:
        vault.server.deletionDelay(Duration.ofMillis(400))
        put('slow', 'v')
        put('waited', 'v')

        when: 'the secret is deleted behind the adapter, and purged at once'
        sdk.beginDeleteSecret('sd-slow')
        provider.purge('slow')

        then:
        !provider.isSoftDeleted('slow')
        put('slow', 'again', WriteCondition.createOnly()).created()

        when:
        provider.delete('waited', null)

        then:
        provider.isSoftDeleted('waited')
    }

    def "recover and purge of a name that is not soft-deleted fail with NOT_FOUND: #what"() {
        given:
        put('live', 'v')

        when:
        action.call(provider)

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.NOT_FOUND
        e.message.contains('not a deleted secret')

        where:
        what              | action
        'recover live'    | { p -> p.recover('live') }
        'purge live'      | { p -> p.purge('live') }
        'recover missing' | { p -> p.recover('missing') }
        'purge missing'   | { p -> p.purge('missing') }
    }

    def "purgeOnDelete=true makes a delete free the name at once"() {
        given:
        SecretProvider purging = vault.open(prefix: 'sd-', purgeOnDelete: true)
        put('k', 'v')

        when:
        purging.delete('k', null)

        then:
        !purging.isSoftDeleted('k')
        put('k', 'again', WriteCondition.createOnly()).created()
    }
}
