package io.ferry.provider.aws

import io.ferry.api.Ferry
import io.ferry.spi.pacing.Backoff
import io.ferry.state.Action
import io.ferry.runbook.Runbook
import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.Action
import io.ferry.spi.pacing.Backoff
import io.ferry.state.RunStatus
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

/** Real Ferry runs through the engine into, between and out of the in-process Secrets Manager. */
class AwsFerryCopySpec extends Specification {

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

    def "memory to aws, aws to another prefix, and back to memory: every value, tag and binary byte arrives, once"() {
        given: 'a source with text, JSON and binary secrets'
        def source = "memory:copy-source-${UUID.randomUUID()}"
        def back = "memory:copy-back-${UUID.randomUUID()}"
        def seed = ferry.open(source)
        seed.write(SecretRecord.builder('db/password').text('p@ss').tag('team', 'payments').build(), WriteCondition.upsert(), WriteOptions.none())
        seed.write(SecretRecord.builder('api').text('{"key":"k1"}').contentType(SecretRecord.JSON).build(), WriteCondition.upsert(), WriteOptions.none())
        seed.write(SecretRecord.builder('blob').value(SecretValue.ofBytes([0, 0xFF, 0x80] as byte[])).contentType(SecretRecord.BINARY).build(),
                WriteCondition.upsert(), WriteOptions.none())

        when:
        def toAws = ferry.run(Runbook.builder().name('to-aws').source(source).target(aws('acc/')).build())
        def between = ferry.run(Runbook.builder().name('between').source(aws('acc/')).target(aws('back/')).build())
        def outOf = ferry.run(Runbook.builder().name('out').source(aws('back/')).target(back).build())

        then: 'each run succeeded and validated every record'
        [toAws, between, outOf]*.status() == [RunStatus.SUCCEEDED] * 3
        [toAws, between, outOf]*.validation()*.matched() == [3L, 3L, 3L]

        and: 'the secrets sit under both prefixes with the engine mark, one version each; a record without a content type says so in a tag'
        server.store().names() == ['acc/api', 'acc/blob', 'acc/db/password', 'back/api', 'back/blob', 'back/db/password']
        server.store().names().every { server.store().versionCount(it) == 1 }
        def sdk = AwsTestSupport.sdk(server)
        sdk.describeSecret { it.secretId('back/db/password') }.tags().collectEntries { [it.key(), it.value()] } ==
                [team: 'payments', 'ferry-managed-by': 'ferry', 'ferry-content-type': 'none']
        sdk.getSecretValue { it.secretId('acc/blob') }.secretBinary().asByteArray() == [0, 0xFF, 0x80] as byte[]

        and: 'the round trip returns every value'
        def returned = ferry.open(back)
        returned.read('db/password').get().value().text() == 'p@ss'
        returned.read('api').get().contentType() == SecretRecord.JSON
        returned.read('blob').get().value().bytes() == [0, 0xFF, 0x80] as byte[]

        when: 'the first run is repeated'
        def again = ferry.run(Runbook.builder().name('to-aws').source(source).target(aws('acc/')).build())

        then: 'nothing changed, so nothing is written'
        again.status() == RunStatus.SUCCEEDED
        again.plan().count(Action.UNCHANGED) == 3
        server.store().names().every { server.store().versionCount(it) == 1 }

        cleanup:
        sdk?.close()
    }

    def "a disabled record is skipped on the way to AWS, which has no disabled state, rather than copied live"() {
        given:
        def source = "memory:copy-disabled-${UUID.randomUUID()}"
        def seed = ferry.open(source)
        seed.write(SecretRecord.builder('off').text('dormant').attribute(SecretRecord.ENABLED, 'false').build(),
                WriteCondition.upsert(), WriteOptions.none())
        seed.write(SecretRecord.ofText('on', 'awake'), WriteCondition.upsert(), WriteOptions.none())

        when:
        def run = ferry.run(Runbook.builder().name('disabled').source(source).target(aws('off/')).build())
        def off = ferry.items(run.runId(), null, 0, 10).find { it.sourceKey() == 'off' }

        then:
        run.status() == RunStatus.SUCCEEDED
        off.action() == Action.SKIP
        off.reason() == ('is disabled, and AWS Secrets Manager has no disabled state, so a copy would be live; enable it '
                + 'in the source to copy it')
        server.store().names() == ['off/on']
    }
}
