package io.ferry.provider.azure

import com.azure.security.keyvault.secrets.SecretClient
import com.azure.security.keyvault.secrets.models.SecretProperties
import io.ferry.api.DiffReport
import io.ferry.api.Ferry
import io.ferry.runbook.Discovery
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
import io.ferry.spi.pacing.Backoff
import io.ferry.state.Action
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

    def "a record copied disabled is validated by its attributes, re-plans unchanged and is rolled back (reads refused with #status)"() {
        given:
        def source = "memory:disabled-${UUID.randomUUID()}"
        ferry.open(source).write(SecretRecord.builder('off').text('hidden').tag('env', 'prod')
                .attribute(SecretRecord.ENABLED, 'false').build(), WriteCondition.upsert(), WriteOptions.none())
        vault.server.refuseDisabledReadsWith(status)
        def runbook = Runbook.builder().name('disabled').source(source).target(azure('disabled-')).build()

        when:
        def run = ferry.run(runbook)

        then:
        run.status() == RunStatus.SUCCEEDED
        run.validation().matched() == 1
        run.validation().missing() == 0
        sdk.listPropertiesOfSecrets().find { it.name == 'disabled-off' }.isEnabled() == false

        when: 'the finished copy runs again'
        def again = ferry.run(runbook)
        def item = ferry.items(again.runId(), null, 0, 10).find { it.sourceKey() == 'off' }

        then: 'the target holds it disabled with the same metadata, so nothing is written and it validates'
        again.status() == RunStatus.SUCCEEDED
        item.action() == Action.UNCHANGED
        item.reason().contains('disabled')
        again.validation().matched() == 1
        sdk.listPropertiesOfSecretVersions('disabled-off').toList().size() == 1

        when: 'the first run is rolled back'
        def rollback = ferry.rollback(run.runId())

        then: 'the record it created disabled is deleted'
        rollback.status() == RunStatus.ROLLED_BACK
        rollback.rollback().restored() == 1
        rollback.rollback().refused() == 0
        !sdk.listPropertiesOfSecrets().any { it.name == 'disabled-off' }

        where:
        status << [403, 404]
    }

    def "a record the target holds disabled is planned by its metadata: #what (reads refused with #status)"() {
        given: 'a disabled record copied once, then changed in the source'
        def source = "memory:changed-${UUID.randomUUID()}"
        def store = ferry.open(source)
        store.write(SecretRecord.builder('off').text('hidden').attribute(SecretRecord.ENABLED, 'false').build(),
                WriteCondition.upsert(), WriteOptions.none())
        vault.server.refuseDisabledReadsWith(status)
        def target = azure("changed${status}-")
        ferry.run(Runbook.builder().name('first').source(source).target(target).build())
        store.write(changed, WriteCondition.upsert(), WriteOptions.none())

        when:
        def run = ferry.run(Runbook.builder().name('again').source(source).target(target)
                .planning(new Planning(onExisting, false)).build())
        def item = ferry.items(run.runId(), null, 0, 10).find { it.sourceKey() == 'off' }

        then:
        run.status() == RunStatus.SUCCEEDED
        item.action() == action
        item.reason().contains('is disabled there, so its value cannot be compared')
        def now = sdk.listPropertiesOfSecrets().find { it.name == "changed${status}-off" as String }
        now.isEnabled() == enabledAfter
        (now.tags ?: [:]).containsKey('env') == (action == Action.UPDATE && changed.tags().containsKey('env'))

        when: 'the run is rolled back'
        def rollback = ferry.rollback(run.runId())
        def undone = ferry.items(run.runId(), null, 0, 10).find { it.sourceKey() == 'off' }

        then: 'an update over a disabled secret is left as is, with the reason: the value before it could not be read'
        rollback.rollback().refused() == (action == Action.UPDATE ? 1 : 0)
        action != Action.UPDATE || undone.error().startsWith('the target held it disabled before the run')

        where:
        what                                        | status | changed                                                                                     | onExisting         | action        | enabledAfter
        'a tag added, carried by an update'         | 403    | SecretRecord.builder('off').text('hidden').tag('env', 'prod').attribute('enabled', 'false').build() | OnExisting.UPDATE | Action.UPDATE | false
        'a tag added, carried by an update'         | 404    | SecretRecord.builder('off').text('hidden').tag('env', 'prod').attribute('enabled', 'false').build() | OnExisting.UPDATE | Action.UPDATE | false
        'enabled in the source, carried by an update' | 404  | SecretRecord.ofText('off', 'awake')                                                         | OnExisting.UPDATE  | Action.UPDATE | true
        'enabled in the source, left by skip'       | 403    | SecretRecord.ofText('off', 'awake')                                                         | OnExisting.SKIP    | Action.SKIP   | false
    }

    def "disabled 'skip' leaves disabled records out with that reason, and a diff compares them by that state"() {
        given:
        def source = "memory:knob-${UUID.randomUUID()}"
        def store = ferry.open(source)
        store.write(SecretRecord.builder('off').text('hidden').attribute(SecretRecord.ENABLED, 'false').build(),
                WriteCondition.upsert(), WriteOptions.none())
        store.write(SecretRecord.ofText('on', 'seen'), WriteCondition.upsert(), WriteOptions.none())
        vault.server.refuseDisabledReadsWith(404)
        def target = azure('knob-')

        when: 'a run that skips disabled records'
        def skipped = ferry.run(Runbook.builder().name('skip').source(source).target(target)
                .discovery(Discovery.all().withSkipDisabled(true)).build())
        def item = ferry.items(skipped.runId(), null, 0, 10).find { it.sourceKey() == 'off' }
        def before = diff(source, target)

        then:
        item.action() == Action.SKIP
        item.reason() == "is disabled in the source, and discovery says disabled 'skip'"
        before.missing() == 1
        !before.inSync()

        when: 'a run that copies them'
        ferry.run(Runbook.builder().name('copy').source(source).target(target).build())
        def after = diff(source, target)
        def back = diff(target, source)

        then: 'disabled on both sides counts as the same, from either side'
        after.inSync()
        after.same() == 2
        back.inSync()
        back.extra() == 0
    }

    private DiffReport diff(String a, String b) {
        def left = ferry.open(a)
        def right = ferry.open(b)
        try {
            ferry.diff(left, right, { })
        } finally {
            left.close()
            right.close()
        }
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
