package io.ferry.provider.aws

import io.ferry.api.BackupRequest
import io.ferry.api.Ferry
import io.ferry.secret.SecretRecord
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.Action
import io.ferry.state.RunStatus
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

/** A restore point of a Secrets Manager prefix, restored with --delete-extra and rolled back, through the SDK. */
class AwsRestoreSpec extends Specification {

    static final String CANARY = 'aws-restore-canary-61b0e4'

    @TempDir
    Path dir

    @AutoCleanup
    AwsSecretsManagerServer server = new AwsSecretsManagerServer(new ServerKnobs()).start(0) as AwsSecretsManagerServer

    @AutoCleanup
    Ferry ferry

    def setup() {
        ferry = AwsTestSupport.ferry(dir)
    }

    def "a secret created since the point is scheduled for deletion by the restore, and the rollback recovers it with its versions"() {
        given: 'a point of the prefix, then a secret created after it with two versions'
        def uri = "aws:us-east-1/app/?endpoint=${server.endpoint()}"
        def store = ferry.open(uri)
        store.write(SecretRecord.ofText('kept', 'k-1'), WriteCondition.upsert(), WriteOptions.none())
        def point = ferry.backup(BackupRequest.of(uri, [], true, null, null)).point()
        store.write(SecretRecord.builder('extra').text('e-1').tag('team', 'ops').build(), WriteCondition.upsert(), WriteOptions.none())
        store.write(SecretRecord.builder('extra').text(CANARY).tag('team', 'ops').build(), WriteCondition.upsert(), WriteOptions.none())

        when:
        def restored = ferry.run(ferry.restoreRunbook(point.name(), [], true))

        then: 'the extra secret is gone from the prefix, deleted with the recovery window, and validation saw it gone'
        restored.status() == RunStatus.SUCCEEDED
        restored.plan().count(Action.DELETE) == 1
        restored.validation().passed()
        store.read('extra').isEmpty()
        store.isSoftDeleted('extra')
        store.read('kept').get().value().text() == 'k-1'

        when:
        def undone = ferry.rollback(restored.runId())

        then: 'it is recovered, with both versions and its tag'
        undone.status() == RunStatus.ROLLED_BACK
        store.read('extra').get().value().text() == CANARY
        store.read('extra').get().tags()['team'] == 'ops'
        store.history('extra')*.value()*.text() == ['e-1', CANARY]

        and: 'the value was never written in clear into any file Ferry keeps'
        Files.walk(dir).filter { Files.isRegularFile(it) }.noneMatch { new String(Files.readAllBytes(it), 'ISO-8859-1').contains(CANARY) }
    }
}
