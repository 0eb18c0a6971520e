package io.ferry.engine

import io.ferry.api.ExitCode
import io.ferry.api.FerryException
import io.ferry.runbook.Execution
import io.ferry.runbook.OnError
import io.ferry.runbook.OnExisting
import io.ferry.runbook.Planning
import io.ferry.runbook.Runbook
import io.ferry.secret.SecretRecord
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.Action
import io.ferry.state.ItemStatus
import io.ferry.state.RunStatus
import io.ferry.support.EngineFixture
import io.ferry.transform.Transform
import io.ferry.transform.TransformContext
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

class RetrySpec extends Specification {

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

    /** Refuses values that are not numbers, as a parse of a port would. */
    static final Transform NUMBERS_ONLY = new Transform() {
        String name() { 'numbers-only' }

        List<SecretRecord> apply(SecretRecord r, TransformContext c) {
            if (!(r.value().text() ==~ /\d+/)) {
                throw new IllegalArgumentException("not a number: ${r.value().text()}")
            }
            [r]
        }
    }

    private Runbook flagging(Transform transform = NUMBERS_ONLY, Planning planning = Planning.defaults()) {
        Runbook.builder().name('spec').source("memory:$src").target("memory:$dst").transform(transform).planning(planning)
                .execution(new Execution(1, 0, OnError.FLAG, 10, 0)).build()
    }

    private void put(String key, String value) {
        engine.open("memory:$src").write(SecretRecord.ofText(key, value), WriteCondition.upsert(), WriteOptions.none())
    }

    def "retrying a flagged record after its value is fixed writes it and the run succeeds"() {
        given: 'a run that flagged one record'
        EngineFixture.seed(engine.open("memory:$src"), [a: '1', b: 'not-a-number', c: '3'])
        def runbook = flagging()
        def first = engine.ferry.run(runbook)
        assert first.status() == RunStatus.SUCCEEDED_WITH_ISSUES
        assert first.flagged() == 1

        when: 'the value is fixed and the record retried'
        put('b', '2')
        def retried = engine.ferry.retry(first.runId(), runbook, ['b'])

        then: 'the record is written in the same run, which now succeeds'
        retried.runId() == first.runId()
        retried.status() == RunStatus.SUCCEEDED
        retried.exitCode() == ExitCode.SUCCESS
        retried.flagged() == 0
        retried.count(ItemStatus.DONE) == 3
        engine.open("memory:$dst").read('b').get().value().text() == '2'

        and: 'the item of b was replaced, the others kept'
        def items = engine.ferry.items(first.runId(), null, 0, 10)
        items.size() == 3
        items.find { it.sourceKey() == 'b' }.action() == Action.CREATE
        items.find { it.sourceKey() == 'b' }.status() == ItemStatus.DONE

        and: 'the audit trail says what was retried, without values'
        def audit = Files.readAllLines(retried.auditFile())
        audit.any { it.contains('"stage":"retry"') && it.contains('source keys b') }
        audit.every { !it.contains('not-a-number') }

        and: 'a rollback undoes the retried write too'
        engine.ferry.rollback(first.runId(), runbook).status() == RunStatus.ROLLED_BACK
        engine.open("memory:$dst").read('b').isEmpty()
        engine.open("memory:$dst").read('a').isEmpty()
    }

    def "retrying before the cause is fixed keeps the record flagged and the run with issues"() {
        given:
        EngineFixture.seed(engine.open("memory:$src"), [a: '1', b: 'still-wrong'])
        def runbook = flagging()
        def first = engine.ferry.run(runbook)

        when:
        def retried = engine.ferry.retry(first.runId(), runbook, ['b'])

        then:
        retried.status() == RunStatus.SUCCEEDED_WITH_ISSUES
        retried.exitCode() == ExitCode.ISSUES
        retried.flagged() == 1
        engine.ferry.items(first.runId(), null, 0, 10).size() == 2
        engine.open("memory:$dst").read('b').isEmpty()
    }

    def "a retry with a fixed transform writes the records the old one flagged"() {
        given:
        EngineFixture.seed(engine.open("memory:$src"), [a: '1', b: 'two'])
        def first = engine.ferry.run(flagging())
        def lenient = new Transform() {
            String name() { 'lenient' }
            List<SecretRecord> apply(SecretRecord r, TransformContext c) { [r] }
        }

        when:
        def retried = engine.ferry.retry(first.runId(), flagging(lenient), ['b'])

        then:
        retried.status() == RunStatus.SUCCEEDED
        engine.open("memory:$dst").read('b').get().value().text() == 'two'
    }

    def "a retry refuses #what and changes nothing"() {
        given:
        EngineFixture.seed(engine.open("memory:$src"), [a: '1', b: 'x'])
        def runbook = flagging()
        def first = engine.ferry.run(runbook)

        when:
        engine.ferry.retry(first.runId(), runbook, keys)

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.USAGE
        e.message.contains(message)
        engine.ferry.run(first.runId()).status() == RunStatus.SUCCEEDED_WITH_ISSUES
        engine.ferry.items(first.runId(), null, 0, 10)*.status() as Set == [ItemStatus.DONE, ItemStatus.NOOP] as Set

        where:
        what                  | keys  || message
        'a written record'    | ['a'] || "'a' was written by run"
        'an unknown key'      | ['z'] || "has no item for source key 'z'"
        'no key'              | []    || 'name from 1 to 1000 source keys'
    }

    def "a retry refuses a run that is not finished"() {
        given:
        EngineFixture.seed(engine.open("memory:$src"), [a: '1'])
        def planned = engine.ferry.plan(flagging())

        when:
        engine.ferry.retry(planned.runId(), flagging(), ['a'])

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.USAGE
        e.message.contains('is PLANNED; only a finished run')
    }

    def "a retried record that would land on another record's target name is blocked and changes nothing"() {
        given: 'a transform that renames b onto a once b is fixed'
        EngineFixture.seed(engine.open("memory:$src"), [a: '1', b: 'x'])
        def ontoA = new Transform() {
            String name() { 'onto-a' }
            List<SecretRecord> apply(SecretRecord r, TransformContext c) {
                NUMBERS_ONLY.apply(r, c).collect { r.key() == 'b' ? it.toBuilder().key('a').build() : it }
            }
        }
        def runbook = flagging(ontoA, new Planning(OnExisting.UPDATE, false))
        def first = engine.ferry.run(runbook)
        put('b', '2')

        when:
        engine.ferry.retry(first.runId(), runbook, ['b'])

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.PLAN_BLOCKED
        e.message.contains("another record of the run lands on target name 'a'")
        engine.ferry.run(first.runId()).status() == RunStatus.SUCCEEDED_WITH_ISSUES
        engine.open("memory:$dst").read('a').get().value().text() == '1'
    }
}
