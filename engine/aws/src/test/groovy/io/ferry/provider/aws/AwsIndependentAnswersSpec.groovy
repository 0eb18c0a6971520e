package io.ferry.provider.aws

import io.ferry.api.Ferry
import io.ferry.spi.pacing.Backoff
import io.ferry.state.Action
import io.ferry.runbook.Discovery
import io.ferry.runbook.OnExisting
import io.ferry.runbook.Planning
import io.ferry.runbook.Runbook
import io.ferry.secret.SecretRecord
import io.ferry.spi.Ownership
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.Action
import io.ferry.spi.pacing.Backoff
import io.ferry.state.RunStatus
import io.ferry.sync.SyncListener
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import io.ferry.testkit.server.aws.SecretsManagerStore.LastPage
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import software.amazon.awssdk.services.secretsmanager.model.Tag
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

/**
 * What independent implementations of the Secrets Manager API answer where AWS itself answers
 * otherwise, or where the adapter's own test server never did: empty and repeated page tokens,
 * batch calls refused as a whole, secrets without a value, full tag allowances, changes of
 * description or tags alone.
 */
class AwsIndependentAnswersSpec extends Specification {

    @TempDir
    Path dir

    @AutoCleanup
    AwsSecretsManagerServer server = new AwsSecretsManagerServer(new ServerKnobs()).start(0) as AwsSecretsManagerServer

    @AutoCleanup
    Ferry ferry

    def setup() {
        ferry = AwsTestSupport.ferry(dir)
    }

    private String aws(String prefix) {
        "aws:us-east-1/$prefix?endpoint=${server.endpoint()}"
    }

    private static void put(provider, String key, String text) {
        provider.write(SecretRecord.ofText(key, text), WriteCondition.upsert(), WriteOptions.none())
    }

    def "listings and histories end when the last page answers #how"() {
        given:
        def provider = AwsTestSupport.open(server, 'paged/')
        (1..5).each { put(provider, "k$it", "v$it") }
        (1..3).each { put(provider, 'k1', "again-$it") }
        server.store().endListingsWith(how)

        when:
        def keys = provider.stream('', 2).toList()*.key()
        def single = provider.stream('', 100).toList()*.key()
        def history = provider.history('k1')

        then:
        keys == ['k1', 'k2', 'k3', 'k4', 'k5']
        single == keys
        history*.value()*.text() == ['v1', 'again-1', 'again-2', 'again-3']

        cleanup:
        provider?.close()

        where:
        how << [LastPage.EMPTY_TOKEN, LastPage.SAME_TOKEN]
    }

    def "a copy of every version ends when the store answers an empty page token"() {
        given:
        def source = AwsTestSupport.open(server, 'versions/')
        (1..3).each { put(source, 'db', "v$it") }
        server.store().endListingsWith(LastPage.EMPTY_TOKEN)
        def target = "memory:versions-${UUID.randomUUID()}"

        when:
        def run = ferry.run(Runbook.builder().name('all-versions').source(aws('versions/')).target(target)
                .discovery(Discovery.all().withAllVersions(true)).build())

        then:
        run.status() == RunStatus.SUCCEEDED
        ferry.open(target).history('db')*.value()*.text() == ['v1', 'v2', 'v3']

        cleanup:
        source?.close()
    }

    def "a batch read refused as a whole falls back to single reads, and each error names its own key"() {
        given:
        def provider = AwsTestSupport.open(server, 'batch/')
        put(provider, 'a', 'va')
        put(provider, 'c', 'vc')
        def sdk = AwsTestSupport.sdk(server)
        sdk.createSecret { it.name('batch/b').description('made without a value') }
        server.store().failBatchesWhole(true)

        when:
        def found = provider.readBatch(['a', 'b', 'c', 'missing'])

        then: 'the readable secrets are read, the one without a value and the missing one are absent'
        found.keySet() as List == ['a', 'c']
        found['c'].value().text() == 'vc'

        and: 'the secret without a value says why it yields nothing, and the missing one does not'
        provider.whyUnreadable('b').startsWith('has no current value in AWS Secrets Manager')
        provider.whyUnreadable('missing') == null
        provider.whyUnreadable('a') == null

        cleanup:
        sdk?.close()
        provider?.close()
    }

    def "a source secret without a value is skipped with that reason, and the rest of the copy goes on (whole-batch refusals: #whole)"() {
        given:
        def source = AwsTestSupport.open(server, 'novalue/')
        put(source, 'a', 'va')
        put(source, 'c', 'vc')
        def sdk = AwsTestSupport.sdk(server)
        sdk.createSecret { it.name('novalue/b') }
        server.store().failBatchesWhole(whole)
        def target = "memory:novalue-${UUID.randomUUID()}"

        when:
        def run = ferry.run(Runbook.builder().name('no-value').source(aws('novalue/')).target(target).build())
        def items = ferry.items(run.runId(), null, 0, 10)

        then:
        run.status() == RunStatus.SUCCEEDED
        run.plan().count(Action.CREATE) == 2
        run.plan().count(Action.SKIP) == 1
        items.find { it.sourceKey() == 'b' }.action() == Action.SKIP
        items.find { it.sourceKey() == 'b' }.reason().startsWith('has no current value')
        ferry.open(target).read('c').get().value().text() == 'vc'

        cleanup:
        sdk?.close()
        source?.close()

        where:
        whole << [false, true]
    }

    def "a record with 50 tags moves: the ownership mark gives way, and the secret reads back as Ferry's"() {
        given:
        def source = "memory:fifty-${UUID.randomUUID()}"
        def tags = (1..50).collectEntries { ["t$it".toString(), "v$it".toString()] }
        ferry.open(source).write(SecretRecord.builder('full').text('value').contentType(SecretRecord.TEXT).tags(tags).build(),
                WriteCondition.upsert(), WriteOptions.none())
        ferry.open(source).write(SecretRecord.builder('pem').text('-----BEGIN-----').contentType('application/x-pem-file')
                .tags((1..49).collectEntries { ["t$it".toString(), 'v'] }).build(), WriteCondition.upsert(), WriteOptions.none())

        when:
        def run = ferry.run(Runbook.builder().name('fifty').source(source).target(aws('fifty/')).build())
        def target = AwsTestSupport.open(server, 'fifty/')
        def stored = AwsTestSupport.sdk(server).withCloseable { it.describeSecret { r -> r.secretId('fifty/full') }.tags() }

        then:
        run.status() == RunStatus.SUCCEEDED
        stored.size() == 50
        !stored*.key().contains(Ownership.TAG)
        target.read('full').get().tags() == tags + [(Ownership.TAG): Ownership.VALUE]
        Ownership.isOwned(target.read('pem').get())
        target.read('pem').get().contentType() == 'application/x-pem-file'

        when: 'the copy runs again with updates'
        def again = ferry.run(Runbook.builder().name('fifty').source(source).target(aws('fifty/'))
                .planning(new Planning(OnExisting.UPDATE, false)).build())

        then: 'the store holds it already, as its own'
        again.plan().count(Action.UNCHANGED) == 2

        cleanup:
        target?.close()
    }

    def "a change of #what alone is carried by an update"() {
        given:
        def source = "memory:attrs-${UUID.randomUUID()}"
        def seed = ferry.open(source)
        seed.write(SecretRecord.builder('db').text('same').attribute('description', 'old').attribute('kmsKeyId', 'key-1').build(),
                WriteCondition.upsert(), WriteOptions.none())
        def update = Runbook.builder().name('attrs').source(source).target(aws('attrs/'))
                .planning(new Planning(OnExisting.UPDATE, false)).build()
        ferry.run(update)
        seed.write(SecretRecord.builder('db').text('same').attribute('description', description).attribute('kmsKeyId', kms).build(),
                WriteCondition.upsert(), WriteOptions.none())

        when:
        def run = ferry.run(update)
        def target = AwsTestSupport.open(server, 'attrs/')

        then:
        run.plan().count(Action.UPDATE) == 1
        target.read('db').get().attributes()['description'] == description
        target.read('db').get().attributes()['kmsKeyId'] == kms

        when:
        def again = ferry.run(update)

        then:
        again.plan().count(Action.UNCHANGED) == 1

        cleanup:
        target?.close()

        where:
        what          | description | kms
        'description' | 'new'       | 'key-1'
        'KMS key'     | 'old'       | 'key-2'
    }

    def "a continuous sync carries a tag set on the source without a new version"() {
        given:
        def source = AwsTestSupport.open(server, 'synced/')
        source.write(SecretRecord.builder('db').text('v').tag('env', 'dev').build(), WriteCondition.upsert(), WriteOptions.none())
        def target = "memory:synced-${UUID.randomUUID()}"
        def file = dir.resolve('V1__sync.groovy')
        Files.writeString(file, """
            runbook {
                source '${aws('synced/')}'
                target '${target}'
                planning { onExisting 'update' }
            }
        """)
        def sync = ferry.startSync(ferry.load(file), Duration.ofMinutes(5), false, SyncListener.NONE)
        sync.pass()
        def sdk = AwsTestSupport.sdk(server)

        when: 'a tag is set with TagResource, which makes no version'
        sdk.tagResource { it.secretId('synced/db').tags(Tag.builder().key('env').value('prod').build()) }
        def pass = sync.pass()

        then:
        pass.changed() == 1
        ferry.open(target).read('db').get().tags()['env'] == 'prod'
        server.store().versionCount('synced/db') == 1

        cleanup:
        sdk?.close()
        sync?.close()
        source?.close()
    }
}
