package io.ferry.report

import com.fasterxml.jackson.databind.ObjectMapper
import io.ferry.api.Ferry
import io.ferry.dsl.RunbookCompiler
import io.ferry.engine.RetrySpec
import io.ferry.runbook.Execution
import io.ferry.runbook.OnError
import io.ferry.runbook.Runbook
import io.ferry.secret.SecretRecord
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.RunStatus
import io.ferry.support.EngineFixture
import io.ferry.transform.TransformRegistry
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Every command that changes a run rewrites its report, for copies and procedures alike. */
class ReportRewrittenSpec extends Specification {

    @TempDir
    Path dir

    EngineFixture engine
    String src
    String dst

    def setup() {
        engine = new EngineFixture(dir)
        src = "src-${UUID.randomUUID()}"
        dst = "dst-${UUID.randomUUID()}"
    }

    def cleanup() {
        engine.close()
    }

    Map report(String runId) {
        new ObjectMapper().readValue(engine.ferry.reportDirectory(runId).resolve(ReportWriter.JSON).toFile(), Map)
    }

    Runbook flagging() {
        Runbook.builder().name('spec').source("memory:$src").target("memory:$dst").transform(RetrySpec.NUMBERS_ONLY)
                .execution(new Execution(1, 0, OnError.FLAG, 10, 0)).build()
    }

    def "a retry that fixes the flagged record rewrites the report, which then says the run succeeded"() {
        given: 'a run that flagged one record'
        EngineFixture.seed(engine.open("memory:$src"), [a: '1', b: 'x'])
        def first = engine.ferry.run(flagging())
        assert report(first.runId()).run.status == 'SUCCEEDED_WITH_ISSUES'
        assert report(first.runId()).summary.flagged == 1

        when: 'the value is fixed and the record retried'
        engine.open("memory:$src").write(SecretRecord.ofText('b', '2'), WriteCondition.upsert(), WriteOptions.none())
        engine.ferry.retry(first.runId(), flagging(), ['b'])

        then:
        report(first.runId()).run.status == 'SUCCEEDED'
        report(first.runId()).summary.flagged == 0
        report(first.runId()).summary.written == 2
    }

    def "a rollback rewrites the report of a copy"() {
        given:
        EngineFixture.seed(engine.open("memory:$src"), [a: '1'])
        def first = engine.ferry.run(flagging())

        when:
        engine.ferry.rollback(first.runId(), flagging())

        then:
        report(first.runId()).run.status == 'ROLLED_BACK'
    }

    def "a procedure run writes a report listing its steps, and its rollback rewrites it"() {
        given:
        def file = dir.resolve('V1__procedure.groovy')
        Files.writeString(file, '''
            runbook {
                step('create user') { ctx -> } undo { ctx -> }
                step('store password') { ctx -> } undo { ctx -> }
            }
        '''.stripIndent())
        def runbook = new RunbookCompiler(TransformRegistry.load()).compile(file)

        when:
        def result = engine.ferry.run(runbook)

        then:
        result.status() == RunStatus.SUCCEEDED
        report(result.runId()).run.status == 'SUCCEEDED'
        report(result.runId()).steps*.step == ['create user', 'store password']
        report(result.runId()).steps*.status == ['COMPLETED', 'COMPLETED']
        Files.readString(engine.ferry.reportDirectory(result.runId()).resolve(ReportWriter.HTML)).contains('steps-table')

        when:
        engine.ferry.rollback(result.runId())

        then:
        report(result.runId()).run.status == 'ROLLED_BACK'
        report(result.runId()).steps*.status == ['UNDONE', 'UNDONE']
    }

    def "changing the configuration after load does not change the engine"() {
        given: 'an engine loaded with actor alice'
        def configuration = Ferry.configure()
                .workingDirectory(dir)
                .journalKeyFile(dir.resolve('keys/journal.key'))
                .providerContext(EngineFixture.context(dir))
                .actor('alice')
        def ferry = configuration.load()

        when: 'the configuration is changed afterwards and the engine runs'
        configuration.actor('mallory').stateFile(dir.resolve('elsewhere.db'))
        EngineFixture.seed(engine.open("memory:$src"), [a: '1'])
        def result = ferry.run(Runbook.builder().name('spec').source("memory:$src").target("memory:$dst").build())

        then: 'the journal and audit trail name the actor it was loaded with, in the state store it was loaded with'
        ferry.runs().find { it.id() == result.runId() }.actor() == 'alice'
        Files.readAllLines(result.auditFile()).every { !it.contains('mallory') }
        !Files.exists(dir.resolve('elsewhere.db'))

        cleanup:
        ferry?.close()
    }
}
