package io.ferry.engine

import io.ferry.api.FerryException
import io.ferry.runbook.*
import io.ferry.secret.SecretRecord
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.RunStatus
import io.ferry.support.EngineFixture
import io.ferry.support.FlakyProviderFactory
import io.ferry.transform.Transform
import io.ferry.transform.TransformContext
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * Plants a unique secret and takes it through every stage and failure path; it must never appear in
 * clear in any file the engine writes, any result, journal column, exception message or log line.
 */
class CanarySpec extends Specification {

    static final String CANARY = 'CANARY-' + UUID.randomUUID()

    @TempDir
    Path dir

    def "the canary appears in clear nowhere, whatever path the run takes"() {
        given: 'a local source holding the canary as a plain value, a JSON field and a value a transform chokes on'
        FlakyProviderFactory.reset()
        def engine = new EngineFixture(dir)
        def source = engine.open('local:source.db')
        source.write(SecretRecord.ofText('plain', CANARY), WriteCondition.createOnly(), WriteOptions.none())
        source.write(SecretRecord.builder('multi').text("{\"user\":\"app\",\"password\":\"${CANARY}\"}")
                .contentType(SecretRecord.JSON).build(), WriteCondition.createOnly(), WriteOptions.none())
        source.write(SecretRecord.ofText('choke', "prefix ${CANARY} suffix"), WriteCondition.createOnly(), WriteOptions.none())
        source.write(SecretRecord.ofText('refused', CANARY + '-refused'), WriteCondition.createOnly(), WriteOptions.none())
        def choking = new Transform() {
            String name() { 'choking' }

            List<SecretRecord> apply(SecretRecord r, TransformContext c) {
                if (r.key() == 'choke') throw new IllegalArgumentException("bad value: ${r.value().text()}")
                [r]
            }
        }
        def messages = []
        def seen = { result -> messages << result.toString() << result.error() }

        when: 'a plan, then a run that stops on a store error which quotes the value'
        def flakyTarget = "flaky:dst-${UUID.randomUUID()}?failKeys=refused&kind=INVALID&times=1&echo=true"
        def rb = Runbook.builder().name('canary').source('local:source.db').target(flakyTarget)
                .transform(choking)
                .execution(new Execution(2, 1, OnError.FLAG, 10, 0))
                .validation(new Validation(Validation.Compare.FULL, 1.0, 1.0, OnFailure.STOP))
                .build()
        def planned = engine.ferry.plan(rb)
        seen(planned)
        def applied = engine.ferry.apply(planned.runId(), rb)
        seen(applied)

        and: 'the failed record is retried on resume, then the run is rolled back twice'
        def stopped = engine.ferry.run(Runbook.builder().name('canary-stop').source('local:source.db')
                .target("flaky:dst2-${UUID.randomUUID()}?failKeys=refused&kind=UNAVAILABLE&times=1&echo=true")
                .execution(new Execution(1, 0, OnError.STOP, 1, 0)).build())
        seen(stopped)
        def resumed = engine.ferry.resume(stopped.runId())
        seen(resumed)
        seen(engine.ferry.rollback(resumed.runId()))
        seen(engine.ferry.rollback(resumed.runId()))

        and: 'a copy into a local target, validated and rolled back'
        def local = engine.ferry.run(Runbook.builder().name('canary-local').source('local:source.db').target('local:target.db').build())
        seen(local)
        seen(engine.ferry.rollback(local.runId()))

        and: 'a few failures on the way'
        [{ engine.ferry.resume(local.runId()) }, { engine.ferry.apply(local.runId()) }].each { attempt ->
            try {
                attempt()
            } catch (FerryException e) {
                messages << e.message
            }
        }
        def items = [planned, stopped, local].collectMany { engine.ferry.items(it.runId(), null, 0, 100) }
        engine.close()

        then: 'the stages ran as intended'
        applied.status() == RunStatus.SUCCEEDED_WITH_ISSUES
        stopped.status() == RunStatus.STOPPED
        resumed.status() == RunStatus.SUCCEEDED
        local.status() == RunStatus.SUCCEEDED
        items.find { it.sourceKey() == 'choke' }.reason().contains('transform choking failed: IllegalArgumentException (message withheld: it may hold a value)')
        items.find { it.sourceKey() == 'refused' && it.error() != null }.error().contains('flaky store refused refused: ***')

        and: 'the canary is in no result, message, reason, error or flag'
        messages.every { it == null || !it.contains(CANARY) }
        items.every { i -> [i.reason(), i.error(), i.toString(), *i.flags(), *i.changes()].every { it == null || !it.contains(CANARY) } }

        and: 'the canary is in no file: state store, its WAL, audit trails, the encrypted local stores'
        def files = Files.walk(dir).withCloseable { s -> s.filter { Files.isRegularFile(it) }.toList() }
        files.any { it.fileName.toString() == 'state.db' }
        files.any { it.toString().endsWith('.jsonl') }
        files.every { f -> !new String(Files.readAllBytes(f), 'ISO-8859-1').contains(CANARY) }

        and: 'the canary is in no log line'
        def log = Path.of(System.getProperty('org.slf4j.simpleLogger.logFile', 'target/ferry-test.log'))
        !Files.exists(log) || !Files.readString(log).contains(CANARY)
    }
}
