package io.ferry.cli.repl

import io.ferry.cli.FerryCli
import io.ferry.cli.MainCommands
import io.ferry.secret.SecretRecord
import org.jline.terminal.impl.DumbTerminal
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.charset.StandardCharsets
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** :java switches to JShell with the engine on the class path; :groovy switches back. */
class JavaModeSpec extends Specification {

    static final String CANARY = 'canary-java-mode-7a1c-do-not-print'

    @TempDir
    Path dir

    def "Java lines reach the engine and the stores, print values masked, and :groovy goes back"() {
        given:
        def cli = new FerryCli(dir)
        def store = "memory:java-${UUID.randomUUID()}"
        cli.write(store, SecretRecord.ofText('app/token', CANARY))
        def lines = ['g = 5', ':java',
                     "var s = open(\"$store\");",
                     'var rec = s.get("app/token");',
                     'rec.value()',
                     'rec.value().text()',
                     'Runbook.builder().name("j").source("memory:a").target("memory:b").build().name()',
                     'ferry.runs().size()',
                     'int n = 6 * 7;',
                     'n',
                     'undefinedThing + 1',
                     ':groovy',
                     'g + 1']
        def input = new ByteArrayInputStream((lines.join('\n') + '\n').getBytes(StandardCharsets.UTF_8))
        def output = new ByteArrayOutputStream()

        when:
        new DumbTerminal('test', 'dumb', input, output, StandardCharsets.UTF_8).withCloseable { terminal ->
            def host = cli.host()
            new Repl(terminal, dir.resolve('history'), host, new MainCommands(host, ['--state', dir.resolve('.ferry/state.db').toString()])).run()
        }
        def out = output.toString(StandardCharsets.UTF_8)

        then:
        out.contains('Java (JShell), with the engine on the class path')
        out.contains('ferry java> ')
        out.contains('‹masked: ')
        out.count('‹masked: ') == 2
        out.contains('"j"')
        out.contains('n ==> 42')
        out.contains('error: cannot find symbol')
        out.contains('Groovy again')
        out.contains('6')
        !out.contains(CANARY)
    }

    def "ferry repl --java starts in Java"() {
        given:
        def cli = new FerryCli(dir)
        def input = new ByteArrayInputStream('int x = 40;\nx + 2\n'.getBytes(StandardCharsets.UTF_8))
        def output = new ByteArrayOutputStream()

        when:
        new DumbTerminal('test', 'dumb', input, output, StandardCharsets.UTF_8).withCloseable { terminal ->
            new Repl(terminal, dir.resolve('history'), cli.host(), new MainCommands(cli.host(), []), true).run()
        }
        def out = output.toString(StandardCharsets.UTF_8)

        then:
        out.contains('ferry java> ')
        out.contains('x ==> 40')
        out.contains('==> 42')
        !out.contains('error')
    }

    @Timeout(value = 5, unit = TimeUnit.MINUTES)  // without the fix the line never returns; a generous guard
    def "a Java line that starts background work, as startDraining does, returns to the prompt while the work goes on"() {
        given: 'a line that starts a thread which never ends by itself'
        def cli = new FerryCli(dir)
        def input = new ByteArrayInputStream(('var ticks = new java.util.concurrent.atomic.AtomicInteger();\n'
                + 'var drainer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();\n'
                + 'drainer.scheduleWithFixedDelay(ticks::incrementAndGet, 0, 10, java.util.concurrent.TimeUnit.MILLISECONDS);\n'
                + 'int next = 20 + 22;\n'
                + 'drainer.shutdownNow().size()\n').getBytes(StandardCharsets.UTF_8))
        def output = new ByteArrayOutputStream()

        when:
        new DumbTerminal('test', 'dumb', input, output, StandardCharsets.UTF_8).withCloseable { terminal ->
            new Repl(terminal, dir.resolve('history'), cli.host(), new MainCommands(cli.host(), []), true).run()
        }
        def out = output.toString(StandardCharsets.UTF_8)

        then: 'the line after it ran, and the shell ended'
        out.contains('next ==> 42')
        !out.contains('error')
    }

    def "Tab in Java offers JShell's completions of the engine's types"() {
        given:
        def cli = new FerryCli(dir)
        def host = cli.host()
        def session = new ReplSession(host, new MainCommands(host, ['--state', dir.resolve('.ferry/state.db').toString()]),
                new PrintWriter(new StringWriter()), false)
        def java = JavaShell.start(session)

        expect:
        java.completions('var b = Runbook.buil', 8)*.value() == ['Runbook.builder()']
        java.completions('ferry.ru', 0)*.value().containsAll(['ferry.run(', 'ferry.runs()'])

        cleanup:
        java?.close()
        session?.close()
    }
}
