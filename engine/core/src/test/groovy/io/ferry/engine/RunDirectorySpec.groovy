package io.ferry.engine

import io.ferry.api.Ferry
import io.ferry.runbook.Runbook
import io.ferry.spi.ProviderRegistry
import io.ferry.state.RunStatus
import io.ferry.support.EngineFixture
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Relative store locations of a run mean the same stores when it is resumed or rolled back from another directory. */
class RunDirectorySpec extends Specification {

    @TempDir
    Path dir

    def "a run rolled back from another directory restores the stores it wrote, not new ones beside the caller"() {
        given: 'a copy between two relative local stores, run in dir/project'
        def project = Files.createDirectories(dir.resolve('project'))
        def elsewhere = Files.createDirectories(dir.resolve('elsewhere'))
        def started = new EngineFixture(project)
        EngineFixture.seed(started.open('local:source.db'), [a: '1', b: '2'])
        def result = started.ferry.run(Runbook.builder().name('copy').source('local:source.db').target('local:target.db').build())
        started.close()

        when: 'it is rolled back by an engine working in dir/elsewhere on the same state store'
        def other = Ferry.configure()
                .workingDirectory(elsewhere)
                .stateFile(project.resolve('.ferry/state.db'))
                .journalKeyFile(project.resolve('keys/journal.key'))
                .providerContext(EngineFixture.context(elsewhere))
                .load()
        def undone = other.rollback(result.runId())
        other.close()

        then:
        result.status() == RunStatus.SUCCEEDED
        undone.status() == RunStatus.ROLLED_BACK
        undone.rollback().restored() == 2
        ProviderRegistry.load().open('local:target.db', EngineFixture.context(project)).withCloseable {
            it.stream('', 10).count() == 0
        }
        !Files.exists(elsewhere.resolve('target.db'))
    }
}
