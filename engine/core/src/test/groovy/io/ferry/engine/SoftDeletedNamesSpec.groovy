package io.ferry.engine

import io.ferry.api.ExitCode
import io.ferry.runbook.OnExisting
import io.ferry.runbook.OnSoftDeleted
import io.ferry.runbook.Planning
import io.ferry.runbook.Runbook
import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.Action
import io.ferry.state.RunStatus
import io.ferry.support.EngineFixture
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/**
 * A name the target holds as a deleted but recoverable secret (Azure soft delete, an AWS secret
 * scheduled for deletion) is found at plan time, and the runbook decides: fail, recover or purge.
 */
class SoftDeletedNamesSpec extends Specification {

    @TempDir
    Path dir

    EngineFixture engine

    String src = "src-${UUID.randomUUID()}"
    String dst = "dst-${UUID.randomUUID()}"

    def setup() {
        engine = new EngineFixture(dir)
        EngineFixture.seed(engine.open("memory:$src"), [gone: 'new value', fresh: 'fresh value'])
        def target = engine.open("memory:$dst?softDelete=true")
        target.write(SecretRecord.builder('gone').text('old value').tag('owner', 'team-a').build(),
                WriteCondition.upsert(), WriteOptions.none())
        target.delete('gone', null)
    }

    def cleanup() {
        engine.close()
    }

    Runbook runbook(OnSoftDeleted choice) {
        Runbook.builder().name('soft').source("memory:$src").target("memory:$dst?softDelete=true")
                .planning(new Planning(OnExisting.SKIP, false, choice)).build()
    }

    def "by default a soft-deleted name blocks the plan, says how to go on, and nothing is written"() {
        when:
        def result = engine.ferry.run(runbook(OnSoftDeleted.FAIL))

        then:
        result.status() == RunStatus.STOPPED
        result.exitCode() == ExitCode.PLAN_BLOCKED
        result.plan().count(Action.CONFLICT) == 1
        def item = engine.ferry.items(result.runId(), null, 0, 100).find { it.targetKey() == 'gone' }
        item.reason().contains("onSoftDeleted 'recover' or 'purge'")
        def target = engine.open("memory:$dst?softDelete=true")
        target.isSoftDeleted('gone')
        target.read('fresh').isEmpty()
    }

    def "'recover' brings the deleted secret back with its history and writes the source's value over it"() {
        when:
        def result = engine.ferry.run(runbook(OnSoftDeleted.RECOVER))

        then:
        result.status() == RunStatus.SUCCEEDED
        def target = engine.open("memory:$dst?softDelete=true")
        !target.isSoftDeleted('gone')
        target.read('gone').get().value().text() == 'new value'
        target.history('gone')*.value()*.text() == ['old value', 'new value']
        auditLines(result.runId()).any { it.contains('"key":"gone"') && it.contains('recovered the deleted secret first') }
    }

    def "'purge' removes the deleted secret for good and creates the record afresh"() {
        when:
        def result = engine.ferry.run(runbook(OnSoftDeleted.PURGE))

        then:
        result.status() == RunStatus.SUCCEEDED
        def target = engine.open("memory:$dst?softDelete=true")
        target.history('gone')*.value()*.text() == ['new value']
        target.read('gone').get().tags().get('owner') == null
        auditLines(result.runId()).any { it.contains('"key":"gone"') && it.contains('purged the deleted secret first') }
    }

    def "rolling back a create over a recovered name deletes it again, recoverably"() {
        given:
        def result = engine.ferry.run(runbook(OnSoftDeleted.RECOVER))

        when:
        engine.ferry.rollback(result.runId())

        then:
        def target = engine.open("memory:$dst?softDelete=true")
        target.read('gone').isEmpty()
        target.isSoftDeleted('gone')
        target.read('fresh').isEmpty()
    }

    def "a soft-deleted name cannot be written directly, and recover or purge of a live name is refused"() {
        given:
        def target = engine.open("memory:$dst?softDelete=true")

        when:
        target.write(SecretRecord.ofText('gone', 'x'), WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.CONFLICT
        e.message.contains('recover or purge it first')

        when:
        target.write(SecretRecord.ofText('live', 'x'), WriteCondition.upsert(), WriteOptions.none())
        target.recover('live')

        then:
        def notDeleted = thrown(ProviderException)
        notDeleted.kind() == ProviderException.Kind.NOT_FOUND
    }

    def "the DSL takes onSoftDeleted in planning and refuses an unknown choice"() {
        expect:
        new Planning(OnExisting.SKIP, false).onSoftDeleted() == OnSoftDeleted.FAIL
        OnSoftDeleted.of('purge') == OnSoftDeleted.PURGE

        when:
        OnSoftDeleted.of('restore')

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains('onSoftDeleted')
        e.message.contains('recover')
    }

    List<String> auditLines(String runId) {
        def lines = []
        Files.walk(dir).withCloseable { files ->
            files.filter { it.toString().endsWith('.jsonl') }.forEach { lines.addAll(Files.readAllLines(it)) }
        }
        lines.findAll { it.contains(runId) }
    }
}
