package io.ferry.runbooks

import io.ferry.api.ExitCode
import io.ferry.api.Ferry
import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderContext
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.Action
import io.ferry.state.ItemStatus
import io.ferry.state.RunStatus
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Runs the example runbooks of this directory, including their failure and rollback paths. */
class RunbookExamplesSpec extends Specification {

    static final Path RUNBOOKS = Path.of(System.getProperty('ferry.runbooks', '.'))

    @TempDir
    Path dir

    Ferry ferry

    def setup() {
        ferry = Ferry.configure().workingDirectory(dir).journalKeyFile(dir.resolve('journal.key'))
                .providerContext(new ProviderContext(dir, [FERRY_LOCAL_PASSPHRASE: 'examples'], ProviderContext.PassphraseSource.none()))
                .load()
    }

    def cleanup() {
        ferry.close()
    }

    def "every runbook in the directory compiles"() {
        given:
        def files = Files.list(RUNBOOKS).withCloseable { s -> s.filter { it.fileName.toString() ==~ /.*\.(groovy|jsh)/ }.toList() }

        expect:
        files.size() == 9
        files.every { ferry.load(it).name() == it.fileName.toString().replaceFirst(/\.(groovy|jsh)$/, '') }
    }

    def "the directory is one versioned estate: migrate finds the runbooks in version order"() {
        expect:
        ferry.migrations(RUNBOOKS).info()*.script() == ['V1__local_store_rotation.groovy', 'V2__project_database_credentials.groovy',
                                                        'V3__secrets_file_to_local_store.groovy', 'V4__service_tokens_file_to_local_store.jsh',
                                                        'V5__local_to_aws_stop_and_copy.groovy', 'V6__aws_to_azure.groovy',
                                                        'V7__vault_to_kubernetes.groovy', 'V8__kubernetes_to_azure_zero_downtime.groovy']
    }

    def "the local store rotation copies app secrets, skips scratch ones, flags those without an owner, and rolls back"() {
        given: 'an old store with owned, unowned and scratch secrets'
        def old = ferry.open('local:old.db')
        [['app/db', 'pw1', 'dba'], ['app/api', 'key2', null], ['app/tmp/x', 'scratch', 'me'], ['other/y', 'nope', 'me']].each { k, v, owner ->
            def b = SecretRecord.builder(k).text(v)
            if (owner) b.tag('owner', owner)
            old.write(b.build(), WriteCondition.createOnly(), WriteOptions.none())
        }
        old.close()
        def runbook = ferry.load(RUNBOOKS.resolve('V1__local_store_rotation.groovy'))

        when:
        def result = ferry.run(runbook)
        def target = ferry.open('local:new.db')

        then: 'only app secrets outside app/tmp moved, tagged with their origin'
        result.status() == RunStatus.SUCCEEDED_WITH_ISSUES
        result.exitCode() == ExitCode.ISSUES
        result.plan().count(Action.CREATE) == 2
        target.read('app/db').get().tags().migratedFrom == 'old.db'
        !target.read('app/tmp/x').isPresent()
        !target.read('other/y').isPresent()

        and: 'the secret without an owner is flagged'
        result.flagged() == 1
        ferry.items(result.runId(), null, 0, 10).find { it.flagged() }.sourceKey() == 'app/api'

        when: 'it is rolled back'
        def undone = ferry.rollback(result.runId())

        then:
        undone.status() == RunStatus.ROLLED_BACK
        undone.rollback().restored() == 2
        !target.read('app/db').isPresent()
        Files.readAllLines(undone.auditFile()).any { it.contains('new.db holds what it held before') }

        cleanup:
        target?.close()
    }

    def "the local store rotation keeps what the new store already holds"() {
        given: 'a target that already holds one of the keys with another value (kept, because onExisting is skip)'
        def old = ferry.open('local:old.db')
        old.write(SecretRecord.builder('app/db').text('pw1').tag('owner', 'dba').build(), WriteCondition.createOnly(), WriteOptions.none())
        old.write(SecretRecord.builder('app/cache').text('c1').tag('owner', 'dba').build(), WriteCondition.createOnly(), WriteOptions.none())
        old.close()
        def fresh = ferry.open('local:new.db')
        fresh.write(SecretRecord.builder('app/db').text('already rotated').build(), WriteCondition.createOnly(), WriteOptions.none())
        fresh.close()

        when:
        def result = ferry.run(ferry.load(RUNBOOKS.resolve('V1__local_store_rotation.groovy')))
        def target = ferry.open('local:new.db')

        then: 'the kept record is not counted against the run, which succeeds'
        result.plan().count(Action.SKIP) == 1
        result.status() == RunStatus.SUCCEEDED
        target.read('app/db').get().value().text() == 'already rotated'
        target.read('app/cache').isPresent()

        cleanup:
        target?.close()
    }
}
