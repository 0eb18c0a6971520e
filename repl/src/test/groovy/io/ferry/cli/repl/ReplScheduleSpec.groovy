package io.ferry.cli.repl

import io.ferry.cli.FerryCli
import io.ferry.cli.MainCommands
import io.ferry.secret.SecretRecord
import org.jline.terminal.impl.DumbTerminal
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path

/**
 * A runbook with maintenance windows from the shell: :run holds it to its windows (which open on 29
 * February only, so that the real clock is outside them) or opens one with --now, and :schedule
 * prints its crontab line.
 */
class ReplScheduleSpec extends Specification {

    @TempDir
    Path dir

    FerryCli cli
    String source
    String target

    def setup() {
        cli = new FerryCli(dir)
        source = "memory:repl-window-src-${UUID.randomUUID()}"
        target = "memory:repl-window-dst-${UUID.randomUUID()}"
        cli.write(source, SecretRecord.ofText('app/a', 'value-a'), SecretRecord.ofText('app/b', 'value-b'))
        Files.writeString(dir.resolve('V1__leap.groovy'), """\
            runbook {
                source '$source'
                target '$target'
                schedule cron: '0 0 29 2 *', window: '2h'
            }
            """.stripIndent())
    }

    String repl(String... lines) {
        def input = new ByteArrayInputStream((lines.join('\n') + '\n').getBytes(StandardCharsets.UTF_8))
        def output = new ByteArrayOutputStream()
        new DumbTerminal('test', 'dumb', input, output, StandardCharsets.UTF_8).withCloseable { terminal ->
            def host = cli.host()
            new Repl(terminal, dir.resolve('history'), host,
                    new MainCommands(host, ['--state', dir.resolve('.ferry/state.db').toString()])).run()
        }
        output.toString(StandardCharsets.UTF_8)
    }

    def "outside its windows :run starts nothing, --now opens a window and runs, and :schedule prints the crontab line"() {
        when:
        def out = repl(':run V1__leap.groovy --yes', ':run V1__leap.groovy --yes --now', ':schedule --print-crontab V1__leap.groovy')

        then: 'the first :run says when the next window opens, and wrote nothing then'
        out.contains("writes in maintenance windows (cron '0 0 29 2 *', window 2h) and none is open now; the next opens at ")
        out.count('status:     SUCCEEDED') == 1

        and: 'the second ran in a window opened now'
        cli.keys(target).toSorted() == ['app/a', 'app/b']

        and: ':schedule prints the line that cron would run'
        out.readLines().any { it.startsWith("0 0 29 2 * cd '$dir' && ferry --state '${dir.resolve('.ferry/state.db')}' run '${dir.resolve('V1__leap.groovy')}' --yes") }
        !out.contains('value-a')
    }
}
