package io.ferry.cli.repl

import io.ferry.cli.FerryCli
import io.ferry.cli.MainCommands
import io.ferry.secret.SecretRecord
import io.ferry.state.RunStatus
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Ctrl-C while a line runs stops that line and keeps the shell, its variables and a resumable journal. */
class ReplInterruptSpec extends Specification {

    @TempDir
    Path dir

    FerryCli cli
    Path state
    LiveRepl repl

    def setup() {
        cli = new FerryCli(dir)
        state = dir.resolve('.ferry/state.db')
        repl = new LiveRepl(cli, dir.resolve('history'), state)
    }

    def cleanup() {
        repl.close()
    }

    def "Ctrl-C stops an endless Groovy loop and the shell keeps its variables"() {
        when:
        repl.type('x = 41')
        repl.type("println 'looping'; while (true) { }")
        repl.waitFor('looping')
        repl.pressCtrlC()
        repl.waitFor('error: stopped by Ctrl-C')
        repl.type('x + 1')
        repl.waitFor('42')

        then:
        repl.quit() == 0
    }

    def "Ctrl-C stops a line that works through a listing"() {
        given:
        def store = "memory:long-${UUID.randomUUID()}"
        cli.write(store, (1..2000).collect { SecretRecord.ofText("k/$it", "v$it") } as SecretRecord[])

        when: 'a line sleeps over each key listed'
        repl.type("s = open('$store')")
        repl.type("println 'listing'; s.ls().each { Thread.sleep(5) }")
        repl.waitFor('listing')
        repl.pressCtrlC()
        repl.waitFor('error: stopped by Ctrl-C')
        repl.type("println 'still here'")
        repl.waitFor('still here')

        then:
        repl.quit() == 0
    }

    def "Ctrl-C stops a run at its next batch, leaves it resumable, and the shell resumes it"() {
        given: 'a runbook whose transform is slow, so that planning takes seconds'
        def source = "memory:slow-${UUID.randomUUID()}"
        def target = "memory:slow-target-${UUID.randomUUID()}"
        cli.write(source, (1..60).collect { SecretRecord.ofText("k/$it", "v$it") } as SecretRecord[])
        Files.writeString(dir.resolve('V1__slow.groovy'), """
            runbook {
                source '$source'
                target '$target'
                discovery { batchSize 5 }
                transform { rec -> Thread.sleep(100) }
            }""")
        def engine = new MainCommands(cli.host(), ['--state', state.toString()]).configure().load()

        when: 'the run is planning'
        repl.type('x = 7')
        repl.type(':run V1__slow.groovy --yes')
        repl.waitUntil { Files.exists(state) && engine.runs().any { it.status() == RunStatus.PLANNING } }
        repl.pressCtrlC()
        repl.waitFor('interrupted; resume with: :resume ')

        then: 'the journal says interrupted, and the shell is still there with its variables'
        def id = engine.runs().first().id()
        engine.run(id).status() == RunStatus.INTERRUPTED
        repl.type('x * 6')
        repl.waitFor('42')

        when: 'the shell resumes it'
        repl.type(":resume $id")
        repl.waitFor('status:     SUCCEEDED')

        then:
        engine.run(id).status() == RunStatus.SUCCEEDED
        cli.keys(target).size() == 60
        repl.quit() == 0

        cleanup:
        engine?.close()
    }
}
