package io.ferry.engine

import io.ferry.api.ExitCode
import io.ferry.api.FerryException
import io.ferry.runbook.Runbook
import io.ferry.state.RunStatus
import io.ferry.support.EngineFixture
import io.ferry.support.FlakyProviderFactory
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/** A run checks both stores' health before it plans, and stops at once when one fails it. */
class PreflightSpec extends Specification {

    @TempDir
    Path dir

    EngineFixture engine
    String src = "src-${UUID.randomUUID()}"
    String dst = "dst-${UUID.randomUUID()}"

    def setup() {
        FlakyProviderFactory.reset()
        engine = new EngineFixture(dir)
        EngineFixture.seed(engine.open("memory:$src"), [a: 'alpha'])
    }

    def cleanup() {
        engine.close()
    }

    def "an unreachable #role stops the run before planning with exit 6, the store and what to check"() {
        given:
        def from = role == 'source' ? "flaky:$src?unreachable=true" : "memory:$src"
        def to = role == 'target' ? "flaky:$dst?unreachable=true" : "memory:$dst"
        def runbook = Runbook.builder().name('preflight').source(from).target(to).build()

        when:
        engine.ferry.run(runbook)

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.ENVIRONMENT
        e.message.contains("the $role flaky:")
        e.message.contains('did not answer; check that it is running')
        def run = engine.ferry.runs().first()
        run.status() == RunStatus.STOPPED
        engine.ferry.items(run.id(), null, 0, 10).isEmpty()
        engine.open("memory:$dst").read('a').isEmpty()

        where:
        role << ['source', 'target']
    }
}
