package io.ferry.engine

import io.ferry.api.ExitCode
import io.ferry.api.FerryException
import io.ferry.runbook.Execution
import io.ferry.runbook.OnError
import io.ferry.runbook.Runbook
import io.ferry.runbook.Stage
import io.ferry.state.RunStatus
import io.ferry.support.EngineFixture
import io.ferry.support.FlakyProviderFactory
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/**
 * A run checks both stores' health before it plans, asks again under its retry policy while a check
 * fails transiently, and stops when one fails it; a before hook that stops on a failed store stops
 * the run as that check does, with exit 6.
 */
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

    def "a #role whose health check fails transiently #failures times is asked again under the runbook's #retries retries: #outcome"() {
        given:
        def from = role == 'source' ? "flaky:$src?healthFailures=$failures" : "memory:$src"
        def to = role == 'target' ? "flaky:$dst?healthFailures=$failures" : "memory:$dst"
        def runbook = Runbook.builder().name('preflight').source(from).target(to)
                .execution(new Execution(1, retries, OnError.STOP, 256, 0)).build()
        def location = role == 'source' ? src : dst

        when:
        def result = null
        def failure = null
        try {
            result = engine.ferry.run(runbook)
        } catch (FerryException e) {
            failure = e
        }

        then: 'the check was asked once, then once per retry until it passed or the retries ran out'
        FlakyProviderFactory.HEALTH_CHECKS[location].get() == asked
        (result?.status()) == status
        (failure?.exitCode()) == exitCode
        failure == null || failure.message.contains('answered HTTP 500')
        engine.open("memory:$dst").read('a').isPresent() == (status == RunStatus.SUCCEEDED)

        where:
        role     | failures | retries || asked | status             | exitCode
        'source' | 2        | 3       || 3     | RunStatus.SUCCEEDED | null
        'target' | 3        | 3       || 4     | RunStatus.SUCCEEDED | null
        'source' | 4        | 3       || 4     | null               | ExitCode.ENVIRONMENT
        'target' | 1        | 0       || 1     | null               | ExitCode.ENVIRONMENT
        outcome = status ? 'the run goes on' : 'the run stops with exit 6'
    }

    def "a failure that asking again cannot change is not asked again"() {
        given:
        def runbook = Runbook.builder().name('preflight').source("flaky:$src?unreachable=true").target("memory:$dst")
                .execution(new Execution(1, 5, OnError.STOP, 256, 0)).build()

        when:
        engine.ferry.run(runbook)

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.ENVIRONMENT
        FlakyProviderFactory.HEALTH_CHECKS[src].get() == 1
    }

    def "a before hook that stops on a #why stops the run with exit 6, naming the store, not the hook"() {
        given:
        def runbook = Runbook.builder().name('precheck').source(source.replace('SRC', src)).target("memory:$dst")
                .before(Stage.DISCOVERY) { ctx ->
                    def health = ctx.checkSource()
                    if (!health.healthy()) {
                        ctx.fail('the source store is not usable: ' + health.problems().join('; '))
                    }
                }.build()

        when:
        engine.ferry.run(runbook)

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.ENVIRONMENT
        e.message.contains(says)
        !e.message.contains('fix the hook')
        def run = engine.ferry.runs().first()
        run.status() == RunStatus.STOPPED
        !run.error().contains('fix the hook')
        run.error().contains("fix the cause, then: ferry resume ${run.id()}")
        engine.open("memory:$dst").read('a').isEmpty()

        where:
        why                                | source                             || says
        'store file that is not there'     | 'local:missing.db'                 || 'there is no local store at'
        'health check that failed'         | 'flaky:SRC?unreachable=true'       || 'after the source flaky:'
    }

    def "a before hook that fails for a reason of its own stops the run as before: exit 5, fix the hook"() {
        given:
        def runbook = Runbook.builder().name('precheck').source("memory:$src").target("memory:$dst")
                .before(Stage.DISCOVERY) { ctx ->
                    ctx.checkSource()
                    ctx.fail('the change window is closed')
                }.build()

        when:
        def result = engine.ferry.run(runbook)

        then:
        result.status() == RunStatus.STOPPED
        result.exitCode() == ExitCode.STOPPED
        engine.ferry.runs().first().error().contains('the change window is closed; fix the hook')
    }
}
