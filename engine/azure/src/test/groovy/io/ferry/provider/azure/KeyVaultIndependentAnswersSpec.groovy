package io.ferry.provider.azure

import com.azure.security.keyvault.secrets.SecretClient
import com.azure.security.keyvault.secrets.models.SecretProperties
import io.ferry.api.Ferry
import io.ferry.spi.pacing.Backoff
import io.ferry.state.Action
import io.ferry.runbook.OnExisting
import io.ferry.runbook.Planning
import io.ferry.runbook.Runbook
import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.Ownership
import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderSpec
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.Action
import io.ferry.spi.pacing.Backoff
import io.ferry.state.RunStatus
import java.nio.file.Path
import java.time.Duration
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

/**
 * What independent implementations of the Key Vault REST API answer where Key Vault itself answers
 * otherwise, and what the adapter's own test server never asked of it: empty and repeated
 * nextLinks, binary values without a content type, full tag allowances, disabled secrets refused
 * with 403 or 404, and a bare 409 for a name held by a deleted secret.
 */
class KeyVaultIndependentAnswersSpec extends Specification {

    @TempDir
    Path dir

    @AutoCleanup
    KeyVaultFixture vault = new KeyVaultFixture()

    @AutoCleanup
    Ferry ferry

    SecretClient sdk = AzureClients.secretClient(AzureSettings.of(ProviderSpec.parse(vault.uri()), vault.context()),
            [AZURE_ACCESS_TOKEN: vault.server.token()])

    def setup() {
        ferry = Ferry.configure()
                .workingDirectory(dir)
                .journalKeyFile(dir.resolve('keys/journal.key'))
                .providerContext(new ProviderContext(dir, [AZURE_ACCESS_TOKEN: vault.server.token()], ProviderContext.PassphraseSource.none()))
                .backoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)))
                .actor('spec')
                .load()
    }

    private String azure(String prefix) {
        vault.uri(prefix: prefix, 'rate.write': 2000, 'rate.read': 2000, 'rate.list': 2000)
    }

    private static void put(SecretProvider provider, String key, String text) {
        provider.write(SecretRecord.ofText(key, text), WriteCondition.upsert(), WriteOptions.none())
    }

    def "listings and histories end when the last page's nextLink is #how"() {
        given:
        def provider = vault.open(prefix: 'paged-')
        (1..30).each { put(provider, "k${String.format('%02d', it)}", "v$it") }
        (1..30).each { put(provider, 'k01', "again-$it") }
        vault.server.endListingsWith(how)

        when:
        def keys = provider.stream('', 7).toList()*.key()
        def history = provider.history('k01')

        then:
        keys == (1..30).collect { "k${String.format('%02d', it)}".toString() }
        history.size() == 31

        cleanup:
        provider?.close()

        where:
        how << ['empty', 'same']
    }

    def "a copy of binary values without a content type, run again, plans every record unchanged"() {
        given:
        def source = "memory:kinds-${UUID.randomUUID()}"
        def seed = ferry.open(source)
        seed.write(SecretRecord.builder('bin').value(SecretValue.ofBytes([0, 0xFF, 0x80] as byte[])).build(), WriteCondition.upsert(), WriteOptions.none())
        seed.write(SecretRecord.builder('typed').value(SecretValue.ofBytes([1, 0xFE] as byte[])).contentType(SecretRecord.BINARY).build(),
                WriteCondition.upsert(), WriteOptions.none())
        seed.write(SecretRecord.builder('text').text('plain').build(), WriteCondition.upsert(), WriteOptions.none())
        def runbook = Runbook.builder().name('kinds').source(source).target(azure('kinds-'))
                .planning(new Planning(OnExisting.UPDATE, false)).build()

        when:
        def first = ferry.run(runbook)
        def again = ferry.run(runbook)
        def target = vault.open(prefix: 'kinds-')

        then:
        first.status() == RunStatus.SUCCEEDED
        again.plan().count(Action.UNCHANGED) == 3
        target.read('bin').get().contentType() == null
        target.read('bin').get().value().bytes() == [0, 0xFF, 0x80] as byte[]
        target.read('typed').get().contentType() == SecretRecord.BINARY
        sdk.getSecret('kinds-bin').properties.contentType == 'ferry-encoding=base64'

        cleanup:
        target?.close()
    }

    def "a record with all 15 tags moves: the write token and the ownership mark ride in the content type"() {
        given:
        def source = "memory:full-${UUID.randomUUID()}"
        def tags = (1..15).collectEntries { ["t$it".toString(), "v$it".toString()] }
        ferry.open(source).write(SecretRecord.builder('full').text('v').contentType('text/plain').tags(tags).build(),
                WriteCondition.upsert(), WriteOptions.none())
        def runbook = Runbook.builder().name('full').source(source).target(azure('full-'))
                .planning(new Planning(OnExisting.UPDATE, false)).build()

        when:
        def run = ferry.run(runbook)
        def target = vault.open(prefix: 'full-')
        def stored = sdk.getSecret('full-full').properties

        then:
        run.status() == RunStatus.SUCCEEDED
        stored.tags == tags
        stored.contentType.startsWith('text/plain; ferry-write-token=')
        stored.contentType.endsWith('; ferry-managed-by=ferry')
        target.read('full').get().tags() == tags + [(Ownership.TAG): Ownership.VALUE]
        target.read('full').get().contentType() == 'text/plain'

        when: 'the copy runs again'
        def again = ferry.run(runbook)

        then:
        again.plan().count(Action.UNCHANGED) == 1

        cleanup:
        target?.close()
    }

    def "a disabled source secret refused with #status is skipped with that reason, and the rest is copied"() {
        given:
        def source = vault.open(prefix: 'off-')
        put(source, 'on', 'readable')
        put(source, 'off', 'hidden')
        sdk.updateSecretProperties(sdk.getSecret('off-off').properties.setEnabled(false))
        vault.server.refuseDisabledReadsWith(status)
        def target = "memory:off-${UUID.randomUUID()}"

        when:
        def run = ferry.run(Runbook.builder().name('off').source(azure('off-')).target(target).build())
        def items = ferry.items(run.runId(), null, 0, 10)

        then:
        run.status() == RunStatus.SUCCEEDED
        items.find { it.sourceKey() == 'off' }.action() == Action.SKIP
        items.find { it.sourceKey() == 'off' }.reason().startsWith('is disabled in')
        ferry.open(target).read('on').get().value().text() == 'readable'
        !ferry.open(target).read('off').present

        cleanup:
        source?.close()

        where:
        status << [403, 404]
    }

    def "a record copied disabled is validated by the target holding it disabled (reads refused with #status)"() {
        given:
        def source = "memory:disabled-${UUID.randomUUID()}"
        ferry.open(source).write(SecretRecord.builder('off').text('hidden').attribute('enabled', 'false').build(),
                WriteCondition.upsert(), WriteOptions.none())
        vault.server.refuseDisabledReadsWith(status)

        when:
        def run = ferry.run(Runbook.builder().name('disabled').source(source).target(azure('disabled-')).build())

        then:
        run.status() == RunStatus.SUCCEEDED
        run.validation().matched() == 1
        run.validation().missing() == 0
        sdk.listPropertiesOfSecrets().find { it.name == 'disabled-off' }.isEnabled() == false

        where:
        status << [403, 404]
    }

    def "putting a name held by a deleted secret says so and how to free it, whatever 409 the vault answers (plain: #plain)"() {
        given:
        def provider = vault.open(prefix: 'held-')
        put(provider, 'k', 'one')
        provider.delete('k', null)
        vault.server.plainDeletedNameConflicts(plain)

        when:
        provider.write(SecretRecord.ofText('k', 'two'), WriteCondition.createOnly(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.CONFLICT
        e.key() == 'k'
        e.message.contains('held by a deleted but recoverable secret')
        e.message.contains('recover it or purge it')

        cleanup:
        provider?.close()

        where:
        plain << [false, true]
    }
}
