package io.ferry.state

import io.ferry.support.TestState
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

class StepJournalSpec extends Specification {

    @TempDir
    Path dir

    StateStore store

    def setup() {
        store = StateStore.open(TestState.location(dir), JournalKey.loadOrCreate(dir.resolve('keys/journal.key')))
    }

    def cleanup() {
        store?.close()
    }

    private StepJournal steps(String runId) {
        store.createRun(new RunRecord(runId, 'rb', null, null, 'procedure', 'steps', RunStatus.PLANNING, RunStage.STEPS,
                'me', null, null, null, '{}', null, null, 0)).steps()
    }

    def "the items of a forEach read back as journaled, and a forEach that found none reads back as found and empty"() {
        given:
        def journal = steps('run-1')

        when:
        journal.saveItems(0, saved)

        then:
        store.openRun('run-1').steps().items(0) == saved
        store.openRun('run-1').steps().items(1) == null

        where:
        saved << [[], [new StepJournal.Item('a', '{"n":1}'), new StepJournal.Item('b', '"two"')]]
    }

    def "a completed step keeps its scope's variables sealed, and they read back in order"() {
        given:
        def journal = steps('run-2')

        when:
        journal.started('', 'create', 1, null)
        journal.completed('', 'create', [token: 's3cr3t-value', id: '42'])

        then:
        def reopened = store.openRun('run-2').steps()
        reopened.variables('') == [token: 's3cr3t-value', id: '42']
        reopened.variables('').keySet() as List == ['token', 'id']
        reopened.steps()*.status() == [StepStatus.COMPLETED]
        reopened.steps()*.attempts() == [1]
        !TestState.contents(dir).contains('s3cr3t-value')
    }
}
