package io.ferry.rollback

import io.ferry.api.ExitCode
import io.ferry.api.FerryException
import io.ferry.state.ItemStatus
import io.ferry.state.RunStatus
import io.ferry.support.EngineFixture
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Rolling back part of a run by key, then the rest; twice is harmless; a glob that selects nothing does nothing. */
class SelectiveRollbackSpec extends Specification {

    @TempDir
    Path dir

    EngineFixture engine
    String source
    String target

    def setup() {
        engine = new EngineFixture(dir)
        source = "memory:src-${UUID.randomUUID()}"
        target = "memory:dst-${UUID.randomUUID()}"
        EngineFixture.seed(engine.open(source), ['app/a': '1', 'app/b': '2', 'db/c': '3', 'db/d': '4'])
        EngineFixture.seed(engine.open(target), ['db/d': 'before'])
    }

    def cleanup() {
        engine.close()
    }

    String runCopy() {
        def file = dir.resolve('V1__copy.groovy')
        Files.writeString(file, """
            runbook {
                source '$source'
                target '$target'
                planning { onExisting 'update'; takeOwnership true }
                rollback { ctx -> new File('${dir.resolve('hooks.log')}') << 'rollback hook\\n' }
            }
        """)
        def result = engine.ferry.run(engine.ferry.load(file))
        assert result.status() == RunStatus.SUCCEEDED
        result.runId()
    }

    Map<String, String> targetValues() {
        def p = engine.open(target)
        p.stream('', 100).toList().collectEntries { [it.key(), p.read(it.key()).get().value().text()] }
    }

    List<String> hooks() {
        def log = dir.resolve('hooks.log')
        Files.exists(log) ? Files.readAllLines(log) : []
    }

    def "rolling back some keys undoes only their records, newest first, and leaves the run partly rolled back"() {
        given:
        def runId = runCopy()

        when:
        def part = engine.ferry.rollback(runId, RollbackScope.keys(['app/**', 'db/d']))

        then: 'the selected records are as they were before the run, the others as the run wrote them'
        part.status() == RunStatus.PARTLY_ROLLED_BACK
        part.exitCode() == ExitCode.SUCCESS
        part.rollback().restored() == 3
        targetValues() == ['db/c': '3', 'db/d': 'before']

        and: 'the journal says which records are rolled back, and the runbook hooks wait for the rest'
        engine.ferry.items(runId, null, 0, 10).collectEntries { [it.sourceKey(), it.status()] } ==
                ['app/a': ItemStatus.ROLLED_BACK, 'app/b': ItemStatus.ROLLED_BACK, 'db/c': ItemStatus.DONE, 'db/d': ItemStatus.ROLLED_BACK]
        hooks().isEmpty()

        when: 'the same keys again'
        def again = engine.ferry.rollback(runId, RollbackScope.keys(['app/**', 'db/d']))

        then: 'nothing changes'
        again.status() == RunStatus.PARTLY_ROLLED_BACK
        again.rollback().restored() == 0
        targetValues() == ['db/c': '3', 'db/d': 'before']

        when: 'the rest'
        def rest = engine.ferry.rollback(runId)

        then: 'the run is rolled back whole, and its hooks run once'
        rest.status() == RunStatus.ROLLED_BACK
        rest.rollback().restored() == 1
        targetValues() == ['db/d': 'before']
        hooks() == ['rollback hook']
    }

    def "rolling back the last remaining keys by glob finishes the rollback"() {
        given:
        def runId = runCopy()
        engine.ferry.rollback(runId, RollbackScope.keys(['app/*']))

        when:
        def rest = engine.ferry.rollback(runId, RollbackScope.keys(['db/**']))

        then:
        rest.status() == RunStatus.ROLLED_BACK
        hooks() == ['rollback hook']
    }

    def "a glob that selects none of the run's records is refused with exit 1 and changes nothing"() {
        given:
        def runId = runCopy()

        when:
        engine.ferry.rollback(runId, RollbackScope.keys(['ap/**']))

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.ISSUES
        e.message == "no record that run $runId wrote has a source or target key matching --keys 'ap/**'; nothing was " +
                "rolled back; see the run's keys with: ferry show $runId"
        targetValues() == ['app/a': '1', 'app/b': '2', 'db/c': '3', 'db/d': '4']
        engine.ferry.runs().find { it.id() == runId }.status() == RunStatus.SUCCEEDED
    }

    def "a scope matches source or target keys, with * inside a segment and ** across segments"() {
        given:
        def item = new io.ferry.state.JournalItem(1, 'app/db/password', 'app-db-password', io.ferry.state.Action.CREATE,
                null, [], [], null, null, null, null, null, ItemStatus.DONE, 1, null, null)

        expect:
        RollbackScope.keys(globs).includes(item) == included

        where:
        globs                  || included
        ['app/**']             || true
        ['app/*']              || false
        ['app/*/password']     || true
        ['app-db-*']           || true
        ['db/**']              || false
        ['db/**', 'app/**']    || true
    }
}
