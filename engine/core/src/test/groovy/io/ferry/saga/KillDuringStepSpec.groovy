package io.ferry.saga

import io.ferry.state.RunStatus
import io.ferry.state.StepStatus
import io.ferry.support.EngineFixture
import io.ferry.support.ProcedureChild
import io.ferry.support.TestState
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * Kills a child JVM with SIGKILL in the middle of a procedure step and resumes the run in this JVM:
 * completed steps never run again; the interrupted step runs again, told that it was resumed.
 */
class KillDuringStepSpec extends Specification {

    @TempDir
    Path dir

    def "a procedure killed during a step of an item resumes after the last completed step"() {
        given: 'items a, b, c; the store step of b waits until released, so the kill finds it under way'
        def effects = path('effects.log')
        def release = path('release')
        Files.writeString(dir.resolve('V1__saga.groovy'), """
            def effects = new File('$effects')
            runbook {
                description 'create and store, per item'
                step('prepare') { ctx -> effects << 'prepare\\n' }
                forEach(['a', 'b', 'c'], name: 'projects') { item ->
                    step('create') { ctx ->
                        put 'password', 'generated-' + item + '-value'
                        effects << "create \$item\\n"
                    } undo { ctx -> effects << "undo create \$item\\n" }
                    step('store') { ctx ->
                        effects << "started store \$item resumed=\${resumed} password=\${get('password') != null}\\n"
                        if (item == 'b') {
                            while (!new File('$release').exists()) { Thread.sleep(20) }
                        }
                        effects << "stored \$item\\n"
                    } undo { ctx -> effects << "undo store \$item\\n" }
                }
            }
        """.stripIndent())

        when: 'the child is killed while store b runs'
        def child = startChild()
        waitFor(child) { Files.exists(dir.resolve('effects.log')) && Files.readString(dir.resolve('effects.log')).contains('started store b') }
        child.destroyForcibly()
        child.waitFor(5, TimeUnit.MINUTES)

        then: 'the journal holds store b as started, not completed'
        !child.isAlive()
        stepStatus('store') == StepStatus.STARTED.name()

        when: 'the step is released and the run resumed in another process'
        Files.writeString(dir.resolve('release'), '')
        def engine = new EngineFixture(dir)
        def runId = engine.ferry.runs().first().id()
        def result = engine.ferry.resume(runId)

        then: 'it finished, and no completed step ran twice'
        result.status() == RunStatus.SUCCEEDED
        Files.readAllLines(dir.resolve('effects.log')) == [
                'prepare',
                'create a', 'started store a resumed=false password=true', 'stored a',
                'create b', 'started store b resumed=false password=true',
                'started store b resumed=true password=true', 'stored b',
                'create c', 'started store c resumed=false password=true', 'stored c']
        def steps = engine.ferry.steps(runId)
        steps.every { it.status() == StepStatus.COMPLETED }
        steps.find { it.itemKey() == 'b' && it.step() == 'store' }.attempts() == 2
        steps.findAll { !(it.itemKey() == 'b' && it.step() == 'store') }.every { it.attempts() == 1 }

        and: 'the generated passwords are nowhere in clear'
        !engine.allBytes().replace(Files.readString(dir.resolve('V1__saga.groovy')), '').contains('generated-b-value')

        cleanup:
        engine?.close()
    }

    private String path(String name) {
        dir.resolve(name).toString().replace('\\', '/')
    }

    private Process startChild() {
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        new ProcessBuilder([java] + TestState.childProperties() + ['-cp', System.getProperty('java.class.path'), ProcedureChild.name, dir.toString(), 'V1__saga.groovy'])
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve('child.log').toFile())
                .start()
    }

    private void waitFor(Process child, Closure<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5)
        while (System.nanoTime() < deadline) {
            assert child.isAlive(): "the child ended before the kill point: ${Files.readString(dir.resolve('child.log'))}"
            if (condition()) {
                return
            }
            Thread.sleep(20)
        }
        child.destroyForcibly()
        throw new AssertionError('the kill point was not reached within 5 minutes')
    }

    private String stepStatus(String step) {
        if (!TestState.exists(dir)) {
            return null
        }
        TestState.connect(dir).withCloseable { c ->
            def ps = c.prepareStatement("SELECT status FROM ferry_steps WHERE step = ? AND item_key = 'b'")
            ps.setString(1, step)
            def rs = ps.executeQuery()
            rs.next() ? rs.getString(1) : null
        }
    }
}
