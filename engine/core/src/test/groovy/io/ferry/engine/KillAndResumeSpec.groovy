package io.ferry.engine

import io.ferry.secret.SecretRecord
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.ItemStatus
import io.ferry.state.RunStatus
import io.ferry.support.EngineFixture
import io.ferry.support.RunChild
import io.ferry.support.TestState
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * Kills a child JVM with SIGKILL in the middle of a run and resumes it: the target must end up
 * exactly as planned, with every record written once (one version each).
 */
class KillAndResumeSpec extends Specification {

    @TempDir
    Path dir

    def "a run killed with SIGKILL #point resumes to the exact expected target, writing each record once"() {
        given: 'a local source of 3000 records and an empty local target'
        def seeding = new EngineFixture(dir)
        def source = seeding.open('local:source.db')
        (1..RunChild.RECORDS).each { i ->
            source.write(SecretRecord.builder("app/key-${i}").text(RunChild.value(i)).build(), WriteCondition.createOnly(), WriteOptions.none())
        }
        seeding.close()

        when: 'the run is killed once the journal shows the chosen point'
        def child = startChild()
        def runId = waitFor(child, condition)
        def killedWhile = journalState(runId)
        child.destroyForcibly()
        child.waitFor(5, TimeUnit.MINUTES)

        then: 'it really died in the middle of the run'
        !child.isAlive()
        killedWhile.status in expectedStatuses

        when: 'it is resumed in another process'
        def engine = new EngineFixture(dir)
        def result = engine.ferry.resume(runId, RunChild.runbook())
        def target = engine.open('local:target.db')

        then: 'the run succeeded and validated every record'
        result.status() == RunStatus.SUCCEEDED
        result.count(ItemStatus.DONE) == RunChild.RECORDS
        result.validation().matched() == RunChild.RECORDS

        and: 'every record is in the target with its value and exactly one version'
        def keys = target.stream('', 500).map { it.key() }.toList()
        keys.size() == RunChild.RECORDS
        (1..RunChild.RECORDS).every { i ->
            def rec = target.read("app/key-${i}").get()
            rec.value().text() == RunChild.value(i) && rec.tags()['moved'] == 'yes'
        }
        (1..RunChild.RECORDS).every { i -> target.history("app/key-${i}").size() == 1 }

        cleanup:
        engine?.close()

        where:
        point                         | condition                                         || expectedStatuses
        'during planning'             | { s -> s.status == 'PLANNING' && s.items >= 300 } || ['PLANNING']
        'early in execution'          | { s -> s.done >= 100 }                            || ['EXECUTING']
        'late in execution'           | { s -> s.done >= 2200 }                           || ['EXECUTING']
    }

    private Process startChild() {
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        new ProcessBuilder([java] + TestState.childProperties() + ['-cp', System.getProperty('java.class.path'), RunChild.name, dir.toString()])
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve('child.log').toFile())
                .start()
    }

    private String waitFor(Process child, Closure<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5)
        while (System.nanoTime() < deadline) {
            assert child.isAlive(): "the child ended before the kill point: ${Files.readString(dir.resolve('child.log'))}"
            def runId = currentRunId()
            if (runId != null && condition(journalState(runId))) {
                return runId
            }
            Thread.sleep(20)
        }
        child.destroyForcibly()
        throw new AssertionError('the kill point was not reached within 5 minutes')
    }

    private String currentRunId() {
        if (!TestState.exists(dir)) {
            return null
        }
        TestState.connect(dir).withCloseable { c ->
            def rs = c.createStatement().executeQuery('SELECT id FROM ferry_runs')
            rs.next() ? rs.getString(1) : null
        }
    }

    private Map journalState(String runId) {
        TestState.connect(dir).withCloseable { c ->
            def st = c.prepareStatement('SELECT status FROM ferry_runs WHERE id = ?')
            st.setString(1, runId)
            def rs = st.executeQuery()
            rs.next()
            def status = rs.getString(1)
            def counts = c.prepareStatement('SELECT count(*), sum(CASE WHEN status = \'DONE\' THEN 1 ELSE 0 END) FROM ferry_items WHERE run_id = ?')
            counts.setString(1, runId)
            def crs = counts.executeQuery()
            crs.next()
            [status: status, items: crs.getLong(1), done: crs.getLong(2)]
        }
    }
}
