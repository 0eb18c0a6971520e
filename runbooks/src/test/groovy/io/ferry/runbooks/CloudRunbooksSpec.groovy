package io.ferry.runbooks

import com.fasterxml.jackson.databind.ObjectMapper
import io.ferry.api.ExitCode
import io.ferry.api.Ferry
import io.ferry.api.FerryException
import io.ferry.interop.StoreFixture
import io.ferry.monitor.MonitorListener
import io.ferry.phase.Phase
import io.ferry.runbook.Hook
import io.ferry.runbook.Runbook
import io.ferry.runbook.Stage
import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderContext
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.Action
import io.ferry.state.RunStatus
import io.ferry.sync.ContinuousSync
import io.ferry.sync.SyncListener
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * Runs the cloud example runbooks of this directory against the stores' wire servers, through the
 * real adapters, with the runbooks' {@code env(...)} variables pointing at the servers: their success,
 * their checks, and their failure and rollback paths.
 */
class CloudRunbooksSpec extends Specification {

    static final Path RUNBOOKS = Path.of(System.getProperty('ferry.runbooks', '.'))

    /** A value planted in every source: it must never show in an audit trail, a report or the state store. */
    static final String CANARY = 'canary-7Qx9-never-in-logs'

    @TempDir
    Path dir

    List<StoreFixture> stores = []
    List<AutoCloseable> opened = []
    Ferry ferry

    def cleanup() {
        opened.reverse().each { it.close() }
        ferry?.close()
        stores.reverse()*.close()
    }

    StoreFixture start(String name) {
        def store = StoreFixture.start(name, dir)
        stores << store
        store
    }

    /** An engine with the stores' credentials and the runbook's variables, as a shell would export them. */
    Ferry engine(Map<String, String> variables) {
        Map<String, String> environment = [FERRY_LOCAL_PASSPHRASE: 'cloud runbooks']
        stores.each { environment.putAll(it.environment()) }
        environment.putAll(variables)
        ferry = Ferry.configure().workingDirectory(dir).journalKeyFile(dir.resolve('keys/journal.key'))
                .providerContext(new ProviderContext(dir, environment, ProviderContext.PassphraseSource.none()))
                .actor('cloud-runbooks')
                .load()
        ferry
    }

    SecretProvider open(String uri) {
        def provider = ferry.open(uri)
        opened << provider
        provider
    }

    static void put(SecretProvider store, String key, String value, Map<String, String> tags = [:]) {
        store.write(SecretRecord.builder(key).text(value).tags(tags).build(), WriteCondition.createOnly(), WriteOptions.none())
    }

    Runbook load(String file) {
        ferry.load(RUNBOOKS.resolve(file))
    }

    /** @return whether the canary shows in any file the engine wrote: audit, reports, state */
    boolean canaryLeaked() {
        Files.walk(dir).withCloseable { files ->
            files.filter { Files.isRegularFile(it) }.anyMatch { new String(Files.readAllBytes(it), 'ISO-8859-1').contains(CANARY) }
        }
    }

    // V5: local encrypted store to AWS Secrets Manager, stop-and-copy

    static final String V5 = 'V5__local_to_aws_stop_and_copy.groovy'

    /** A source with three payments secrets, an AWS server holding someone else's secret under payments/. */
    void v5Stores(int expectedMinimum) {
        def aws = start('aws') as StoreFixture.Aws
        engine([SOURCE_DB           : dir.resolve('payments.db').toString(),
                AWS_ENDPOINT        : aws.server.endpoint().toString(),
                EXPECTED_MIN_SECRETS: expectedMinimum as String])
        def source = open("local:${dir.resolve('payments.db')}")
        put(source, 'db/password', CANARY, [owner: 'dba'])
        put(source, 'api/key', 'ak-2', [owner: 'payments'])
        put(source, 'webhook/secret', '{"signing":"ws-3"}')
        put(open(v5TargetUri()), 'legacy-flag', 'kept by someone else')
    }

    String v5TargetUri(String options = '') {
        def aws = stores.find { it.name() == 'aws' } as StoreFixture.Aws
        "aws:us-east-1/payments/?endpoint=${aws.server.endpoint()}$options"
    }

    /** @return the secrets AWS holds, leaving out those scheduled for deletion */
    List<String> awsNames() {
        def store = (stores.find { it.name() == 'aws' } as StoreFixture.Aws).server.store()
        store.names().findAll { !store.isScheduledForDeletion(it) }.toSorted()
    }

    def "V5 checks both stores, copies the local store to AWS and verifies every record"() {
        given:
        v5Stores(3)

        when:
        def result = ferry.run(load(V5))
        def target = open(v5TargetUri())

        then: 'every secret arrived with its tags and its origin, next to the secret that was there before'
        result.status() == RunStatus.SUCCEEDED
        result.plan().count(Action.CREATE) == 3
        result.validation().compared() == 3
        result.validation().matchRate() == 1.0d
        target.read('db/password').get().value().text() == CANARY
        target.read('db/password').get().tags().owner == 'dba'
        target.read('api/key').get().tags()['migrated-from'] == 'local-store'
        target.read('webhook/secret').get().value().text() == '{"signing":"ws-3"}'
        target.read('legacy-flag').get().value().text() == 'kept by someone else'

        and: 'the pre-checks ran and said so in the audit trail; the write probe left nothing behind'
        def audit = Files.readAllLines(result.auditFile())
        audit.any { it.contains('AWS Secrets Manager is reachable and writable') }
        audit.any { it.contains('3 secrets found, at least 3 expected') }
        awsNames() == ['payments/api/key', 'payments/db/password', 'payments/legacy-flag', 'payments/webhook/secret']

        and:
        !canaryLeaked()
    }

    def "V5 stops before the first write when the source holds fewer secrets than expected"() {
        given: 'a runbook that expects at least ten secrets, and a source with three'
        v5Stores(10)

        when:
        def result = ferry.run(load(V5))

        then:
        result.status() == RunStatus.STOPPED
        ferry.run(result.runId()).error().contains('the source holds 3 secrets, fewer than the 10 expected')
        awsNames() == ['payments/legacy-flag']
    }

    def "V5 stops before reading anything when AWS cannot be reached, with exit 6: the cause is the store, not the hook"() {
        given:
        v5Stores(3)
        stores.find { it.name() == 'aws' }.close()

        when:
        ferry.run(load(V5))

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.ENVIRONMENT
        e.message.contains('AWS Secrets Manager cannot be reached or written: cannot reach AWS Secrets Manager')
        def run = ferry.runs().first()
        run.status() == RunStatus.STOPPED
        !run.error().contains('fix the hook')
        ferry.items(run.id(), null, 0, 10).isEmpty()
        awsNames() == ['payments/legacy-flag']
    }

    def "V5 rolls back on its own when verification finds a record missing, and AWS holds what it held before"() {
        given: 'a second writer that deletes one of the copied secrets between the copy and the verification'
        v5Stores(3)
        def other = open(v5TargetUri('&forceDelete=true'))
        def runbook = load(V5).toBuilder().after(Stage.EXECUTION, { ctx -> other.delete('api/key', null) } as Hook).build()

        when:
        def result = ferry.run(runbook)

        then:
        result.validation().missing() == 1
        result.validation().matchRate() < 1.0d
        result.status() == RunStatus.ROLLED_BACK
        result.rollback().restored() == 3
        result.rollback().refused() == 0
        awsNames() == ['payments/legacy-flag']
        Files.readAllLines(result.auditFile()).any { it.contains('keep the payments service on the local store') }
        !canaryLeaked()

        when: 'the runbook runs again once the other writer is stopped'
        def again = ferry.run(load(V5))

        then: 'the secrets the rollback scheduled for deletion are recovered and written over'
        again.status() == RunStatus.SUCCEEDED
        awsNames() == ['payments/api/key', 'payments/db/password', 'payments/legacy-flag', 'payments/webhook/secret']
        open(v5TargetUri()).read('db/password').get().value().text() == CANARY
    }

    // V6: AWS Secrets Manager to Azure Key Vault

    static final String V6 = 'V6__aws_to_azure.groovy'

    /** AWS holding three tagged payments secrets and one outside payments/; a vault holding someone else's secret. */
    String v6Stores() {
        def aws = start('aws') as StoreFixture.Aws
        def azure = start('azure')
        String targetUri = azure.uri()
        engine([AWS_ENDPOINT: aws.server.endpoint().toString(), TARGET_URI: targetUri])
        def source = open("aws:us-east-1/?endpoint=${aws.server.endpoint()}")
        put(source, 'payments/db/password', CANARY, [owner: 'dba', team: 'payments'])
        put(source, 'payments/stripe_api.key', 'sk-2', [owner: 'payments'])
        put(source, 'payments/webhook/signing-secret', 'whs-3')
        put(source, 'billing/ledger', 'not moved')
        put(open(targetUri), 'legacy', 'kept by someone else')
        targetUri
    }

    def "V6 copies AWS secrets to Azure under Key Vault-safe names, with their tags, and verifies them"() {
        given:
        String targetUri = v6Stores()

        when:
        def result = ferry.run(load(V6))
        def vault = open(targetUri)

        then:
        result.status() == RunStatus.SUCCEEDED
        result.plan().count(Action.CREATE) == 3
        result.validation().compared() == 3
        result.validation().matchRate() == 1.0d

        and: "'/' became '--' and '_' and '.' their hex escapes; the tags came along"
        def password = vault.read('db--password').get()
        password.value().text() == CANARY
        password.tags().subMap(['owner', 'team', 'migrated-from']) == [owner: 'dba', team: 'payments', 'migrated-from': 'aws-secrets-manager']
        vault.read('stripe-5f-api-2e-key').get().tags().owner == 'payments'
        vault.read('webhook--signing-2d-secret').get().value().text() == 'whs-3'
        !vault.read('billing--ledger').isPresent()
        vault.read('legacy').get().value().text() == 'kept by someone else'
        !canaryLeaked()
    }

    def "V6 rolls back on its own when a value in the vault changes before verification, keeping that writer's change"() {
        given: 'a second writer that sets one of the copied secrets between the copy and the verification'
        String targetUri = v6Stores()
        def other = open(targetUri)
        def runbook = load(V6).toBuilder().after(Stage.EXECUTION, { ctx ->
            other.write(SecretRecord.builder('stripe-5f-api-2e-key').text('set by the other writer').build(),
                    WriteCondition.upsert(), WriteOptions.none())
        } as Hook).build()

        when:
        def result = ferry.run(runbook)
        def vault = open(targetUri)

        then: 'the match rate fell below 100 %, and the run rolled back'
        result.validation().mismatched() == 1
        result.validation().matchRate() < 1.0d
        result.status() == RunStatus.ROLLED_BACK
        result.error().contains('the run was rolled back')

        and: "what the run wrote is gone; the other writer's value and the vault's own secret are as they were left"
        result.rollback().restored() == 2
        result.rollback().refused() == 1
        !vault.read('db--password').isPresent()
        !vault.read('webhook--signing-2d-secret').isPresent()
        vault.read('stripe-5f-api-2e-key').get().value().text() == 'set by the other writer'
        vault.read('legacy').get().value().text() == 'kept by someone else'
        Files.readAllLines(result.auditFile()).any { it.contains('the payments service stays on AWS Secrets Manager') }
        !canaryLeaked()
    }

    // V7: HashiCorp Vault KV to Kubernetes Secrets

    static final String V7 = 'V7__vault_to_kubernetes.groovy'

    /** Vault holding one value per path under apps/ with ttls in custom metadata; a namespace holding someone else's Secret. */
    String v7Stores() {
        def vault = start('vault') as StoreFixture.Vault
        def cluster = start('kubernetes')
        String targetUri = cluster.uri()
        engine([VAULT_ADDR: vault.server.endpoint().toString(), KUBERNETES_URI: targetUri])
        def source = open("vault:${vault.server.endpoint()}/secret")
        put(source, 'apps/payments/db/password', CANARY, [owner: 'dba', ttl: '72h'])
        put(source, 'apps/payments/db/username', 'app', [owner: 'dba', ttl: '1h'])
        put(source, 'apps/payments/stripe/api-key', 'sk-1', [ttl: '24h'])
        put(source, 'apps/orders/queue/token', 'qt-2', [ttl: '1d1s'])
        put(source, 'infra/ci/token', 'not moved')
        put(open(targetUri), 'legacy', 'kept by someone else')
        targetUri
    }

    def "V7 groups Vault paths into Kubernetes Secrets, flags TTLs over 24 hours, and rolls back"() {
        given:
        String targetUri = v7Stores()

        when:
        def result = ferry.run(load(V7))
        def namespace = open(targetUri)

        then: 'one Secret per parent path, its data keys the last segments of the paths'
        result.status() == RunStatus.SUCCEEDED_WITH_ISSUES
        result.plan().count(Action.CREATE) == 3
        result.validation().matchRate() == 1.0d
        json(namespace, 'payments.db') == [password: CANARY, username: 'app']
        json(namespace, 'payments.stripe') == ['api-key': 'sk-1']
        json(namespace, 'orders.queue') == [token: 'qt-2']
        !namespace.read('infra.ci').isPresent()
        namespace.read('legacy').get().value().text() == 'kept by someone else'

        and: 'the paths whose ttl is over 24 hours are flagged, by their Vault path; 24h itself is not'
        result.flagged() == 2
        def flagged = ferry.items(result.runId(), null, 0, 100).findAll { it.flagged() }
        flagged*.sourceKey().toSorted() == ['orders/queue/token', 'payments/db/password']
        flagged.every { item -> item.flags() == ["ttl ${item.sourceKey().startsWith('orders') ? '1d1s' : '72h'} is longer than 24 hours: a Kubernetes Secret does not expire, so plan its rotation".toString()] }
        !canaryLeaked()

        when:
        def undone = ferry.rollback(result.runId())

        then: 'the Secrets the run made are gone; the namespace holds what it held before'
        undone.status() == RunStatus.ROLLED_BACK
        undone.rollback().restored() == 3
        !namespace.read('payments.db').isPresent()
        !namespace.read('payments.stripe').isPresent()
        !namespace.read('orders.queue').isPresent()
        namespace.read('legacy').get().value().text() == 'kept by someone else'
        Files.readAllLines(undone.auditFile()).any { it.contains('the services keep reading Vault') }
    }

    static Map json(SecretProvider store, String key) {
        new ObjectMapper().readValue(store.read(key).get().value().text(), Map)
    }

    // V8: Kubernetes Secrets to Azure Key Vault, zero downtime

    static final String V8 = 'V8__kubernetes_to_azure_zero_downtime.groovy'

    String v8Source
    String v8Target

    /** A namespace with three Secrets, a vault with someone else's secret, and a sync of V8 between them, with short windows. */
    ContinuousSync v8Sync() {
        v8Source = start('kubernetes').uri()
        v8Target = start('azure').uri()
        engine([SOURCE_URI  : v8Source, TARGET_URI: v8Target,
                SYNC_EVERY  : '1s', SHADOW_EVERY: '40ms', SHADOW_WINDOW: '200ms', SHADOW_SAMPLE: '1.0'])
        def namespace = open(v8Source)
        putJson(namespace, 'payments-db', [username: 'app', password: CANARY])
        putJson(namespace, 'stripe.webhook', [secret: 'whsec-1'])
        putJson(namespace, 'api-keys', [partner: 'pk-1'])
        put(open(v8Target), 'legacy', 'kept by someone else')
        def runbook = load(V8)
        def sync = ferry.startSync(runbook, runbook.monitoring().syncEvery(), false, SyncListener.NONE)
        opened << sync
        sync
    }

    static void putJson(SecretProvider store, String key, Map<String, String> data) {
        store.write(SecretRecord.builder(key).text(new ObjectMapper().writeValueAsString(data)).contentType(SecretRecord.JSON).build(),
                WriteCondition.upsert(), WriteOptions.none())
    }

    def "V8 keeps the vault in step, shadow-reads until the match rate held for the window, then cuts over"() {
        given:
        def sync = v8Sync()
        def vault = open(v8Target)

        when: 'the first pass copies every Secret'
        def first = sync.pass()

        then: "each arrives as one vault secret holding the JSON of its data keys, '.' turned to '-'"
        first.complete()
        first.changed() == 3
        json(vault, 'payments-db') == [username: 'app', password: CANARY]
        json(vault, 'stripe-webhook') == [secret: 'whsec-1']
        vault.read('legacy').get().value().text() == 'kept by someone else'

        when: 'a Secret changes while the services still read Kubernetes'
        putJson(open(v8Source), 'api-keys', [partner: 'pk-2'])
        def second = sync.pass()

        then: 'the next pass carries the change alone'
        second.changed() == 1
        json(vault, 'api-keys') == [partner: 'pk-2']

        when: 'the migration moves to shadow read and the stores are compared for the window'
        ferry.phase(sync.id(), Phase.DUAL_WRITE)
        ferry.phase(sync.id(), Phase.SHADOW_READ)
        def watch = ferry.monitor(sync.id(), MonitorListener.NONE)

        then: 'every comparison matched'
        watch.passed()
        watch.checks().size() >= 2
        watch.checks().every { it.compared() == 3 && it.matchRate() == 1.0d }

        when: 'the cutover gate is asked'
        def gate = ferry.phase(sync.id(), Phase.CUTOVER)
        ferry.phase(sync.id(), Phase.COMPLETE)

        then:
        gate.reason().contains('held at or above 0.9990')
        ferry.phase(sync.id()).phase() == Phase.COMPLETE
        !canaryLeaked()
    }

    def "V8's rehearsed rollback: drift stops the shadow read, cutover is refused, and rolling back empties what the sync wrote"() {
        given: 'a sync that copied the namespace and then fell behind it'
        def sync = v8Sync()
        def vault = open(v8Target)
        sync.pass()
        ferry.phase(sync.id(), Phase.DUAL_WRITE)
        ferry.phase(sync.id(), Phase.SHADOW_READ)
        def namespace = open(v8Source)
        putJson(namespace, 'payments-db', [username: 'app', password: 'rotated'])

        when:
        def watch = ferry.monitor(sync.id(), MonitorListener.NONE)

        then: 'the shadow read stops at the first comparison below 99.9 %'
        !watch.passed()
        watch.checks().last().mismatched() == 1

        when:
        ferry.phase(sync.id(), Phase.CUTOVER)

        then:
        def refused = thrown(FerryException)
        refused.message.contains('cannot move ' + sync.id() + ' from shadow-read to cutover')

        when: 'the way back is taken'
        ferry.phase(sync.id(), Phase.ROLLED_BACK)

        then: 'the sync is paused, and the vault holds only what it held before'
        ferry.sync(sync.id()).paused()
        ferry.phase(sync.id()).phase() == Phase.ROLLED_BACK
        !vault.read('payments-db').isPresent()
        !vault.read('stripe-webhook').isPresent()
        !vault.read('api-keys').isPresent()
        vault.read('legacy').get().value().text() == 'kept by someone else'
        !canaryLeaked()
    }
}
