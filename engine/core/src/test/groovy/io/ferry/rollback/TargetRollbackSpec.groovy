package io.ferry.rollback

import io.ferry.api.ExitCode
import io.ferry.api.FerryException
import io.ferry.state.ItemStatus
import io.ferry.state.RunStatus
import io.ferry.runbook.Runbook
import io.ferry.support.EngineFixture
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/** {@code ferry rollback RUN --target NAME}: the run's one target by its URI or location, or nothing done. */
class TargetRollbackSpec extends Specification {

    @TempDir
    Path dir

    EngineFixture engine
    String source
    String location

    def setup() {
        engine = new EngineFixture(dir)
        source = "memory:src-${UUID.randomUUID()}"
        location = "dst-${UUID.randomUUID()}"
        EngineFixture.seed(engine.open(source), ['app/a': '1', 'db/c': '3'])
    }

    def cleanup() {
        engine.close()
    }

    String runCopy(String target) {
        def rb = Runbook.builder().name('copy').source(source).target(target).build()
        def result = engine.ferry.run(rb)
        assert result.status() == RunStatus.SUCCEEDED
        result.runId()
    }

    def "naming the run's target by #form undoes what the run wrote there"() {
        given:
        def runId = runCopy("memory:$location?emulate=local")

        when:
        def result = engine.ferry.rollback(runId, RollbackScope.all().onTarget(name.replace('LOC', location)))

        then:
        result.status() == RunStatus.ROLLED_BACK
        result.rollback().restored() == 2
        engine.open("memory:$location?emulate=local").stream('', 10).toList().isEmpty()

        where:
        form                     | name
        'its URI'                | 'memory:LOC?emulate=local'
        'its URI without options' | 'memory:LOC'
        'its location'           | 'LOC'
    }

    def "with --keys, --target undoes only the matching records of that target"() {
        given:
        def runId = runCopy("memory:$location")

        when:
        def result = engine.ferry.rollback(runId, RollbackScope.keys(['app/**']).onTarget("memory:$location"))

        then:
        result.status() == RunStatus.PARTLY_ROLLED_BACK
        engine.ferry.items(runId, null, 0, 10).collectEntries { [it.sourceKey(), it.status()] } ==
                ['app/a': ItemStatus.ROLLED_BACK, 'db/c': ItemStatus.DONE]
    }

    def "a target the run did not write to is one line with exit 1, and nothing is rolled back"() {
        given:
        def runId = runCopy("memory:$location")

        when:
        engine.ferry.rollback(runId, RollbackScope.all().onTarget('aws:us-east-1/app/'))

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.ISSUES
        e.message == "run $runId wrote to memory:$location, not to 'aws:us-east-1/app/'; nothing was rolled back; " +
                "give --target memory:$location or leave --target out"
        !e.message.contains('\n')
        engine.ferry.run(runId).status() == RunStatus.SUCCEEDED
        engine.ferry.items(runId, null, 0, 10)*.status() == [ItemStatus.DONE, ItemStatus.DONE]
    }

    def "a stop during a rollback by target names the command that continues it"() {
        expect:
        RollbackScope.keys(['app/*']).onTarget("memory:it's").asOptions() == " --keys 'app/*' --target 'memory:it'\\''s'"
    }
}
